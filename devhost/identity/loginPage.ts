// The HTML of /dev/login: people by role with a search box, and the page that shows a minted token.
import type { SignInPerson } from './signInDirectory';

const escape = (value: string): string =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const page = (title: string, body: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)}</title><style>
body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem;color:#1d2733}
h2{margin-top:1.6rem;font-size:1.1rem}table{border-collapse:collapse;width:100%}
td{border-bottom:1px solid #dde3ea;padding:.3rem .5rem;font-size:.9rem;vertical-align:middle}
button{cursor:pointer}.role{display:inline-block;background:#eef2f6;border-radius:3px;padding:0 .35rem;margin-right:.2rem;font-size:.8rem}
.group{background:#fde7c3;font-weight:600}.muted{color:#5b6b7b}textarea{width:100%;height:9rem;font-size:.8rem}
form.inline{display:inline;margin:0}</style></head><body><h1>${escape(title)}</h1>${body}</body></html>`;

export interface LoginSection {
  role: string;
  people: SignInPerson[];
}

function personRow(person: SignInPerson, redirectUri: string | undefined): string {
  const roles = person.roles.map((r) => `<span class="role">${escape(r)}</span>`).join('');
  const groupMark = person.group
    ? ` <span class="role group" title="holds a role for the whole group">group-wide ${escape(person.group)}</span>`
    : '';
  return `<tr><td><form class="inline" method="post" action="/dev/login">
<input type="hidden" name="email" value="${escape(person.email)}">
${redirectUri ? `<input type="hidden" name="redirect_uri" value="${escape(redirectUri)}">` : ''}
<button type="submit">${escape(person.displayName)}</button></form></td>
<td>${escape(person.email)}</td><td class="muted">${escape(person.jobTitle ?? '')}</td>
<td class="muted">${escape(person.organisation ?? '')}</td><td>${roles}${groupMark}</td></tr>`;
}

export function loginPage(options: {
  issuer: string;
  sections: LoginSection[];
  search: string | undefined;
  redirectUri: string | undefined;
  notice?: string;
}): string {
  const { sections, search, redirectUri } = options;
  const form = `<form method="get" action="/dev/login"><input type="search" name="q" value="${escape(search ?? '')}"
 placeholder="name or e-mail" autofocus> <button type="submit">Search</button>
${redirectUri ? `<input type="hidden" name="redirect_uri" value="${escape(redirectUri)}">` : ''}
${search ? ` <a href="/dev/login${redirectUri ? `?redirect_uri=${encodeURIComponent(redirectUri)}` : ''}">all roles</a>` : ''}</form>`;
  const body = sections
    .map(
      (s) =>
        `<section data-role="${escape(s.role)}"><h2>${escape(s.role)}</h2>${
          s.people.length === 0
            ? '<p class="muted">nobody</p>'
            : `<table>${s.people.map((p) => personRow(p, redirectUri)).join('')}</table>`
        }</section>`,
    )
    .join('');
  return page(
    'Sign in (local issuer)',
    `<p class="muted">devhost's stand-in for Entra ID: pick a person to get an access token signed by
${escape(options.issuer)}${redirectUri ? `, then go back to ${escape(redirectUri)}` : ''}.</p>
${options.notice ? `<p><b>${escape(options.notice)}</b></p>` : ''}${form}${body}`,
  );
}

export function tokenPage(person: SignInPerson, token: string, apiBase: string): string {
  return page(
    `Signed in as ${person.displayName}`,
    `<p>${escape(person.email)} · ${person.roles.map((r) => `<span class="role">${escape(r)}</span>`).join('')}
${person.group ? `<span class="role group">group-wide ${escape(person.group)}</span>` : ''}</p>
<p>Access token (valid for an hour):</p><textarea id="token" readonly>${escape(token)}</textarea>
<p><button type="button" onclick="navigator.clipboard.writeText(document.getElementById('token').value)">Copy</button>
 <a href="/dev/login">sign in as someone else</a></p>
<p class="muted">Try it: <code>curl -H "Authorization: Bearer $TOKEN" ${escape(apiBase)}/me</code></p>`,
  );
}

export function messagePage(title: string, message: string): string {
  return page(title, `<p>${escape(message)}</p><p><a href="/dev/login">back</a></p>`);
}
