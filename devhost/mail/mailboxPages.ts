// /dev/mailbox: the sink's mail for a person (a list, then one message with its HTML in a sandboxed
// frame so approval links and forms work) and for programs (JSON, filters `to` and `since`).
import { createReadStream } from 'node:fs';
import type { DevRouteHandler } from '../http/httpHost';
import { sendProblem } from '../http/httpHost';
import { decodePath } from '../http/staticFiles';
import { escapeHtml as e, sendHtml, sendJson, wantsJson } from '../http/devPageResponses';
import type { MailFilter, MailMessage, Mailbox } from './mailbox';

/** The frame may open links (in a new tab, or the top window on a click) and submit forms; no scripts, no same-origin. */
export const MAIL_FRAME_SANDBOX =
  'allow-popups allow-popups-to-escape-sandbox allow-forms allow-top-navigation-by-user-activation';

const page = (title: string, body: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>${e(title)}</title><style>
body{font-family:system-ui,sans-serif;margin:2rem;color:#1d2733}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #dde3ea;padding:.35rem .5rem;text-align:left;vertical-align:top;font-size:.9rem}
pre{white-space:pre-wrap;word-break:break-word;background:#f6f8fa;padding:1rem}dt{font-weight:600}
dd{margin:0 0 .4rem 0}iframe{width:100%;height:60vh;border:1px solid #dde3ea}.muted{color:#5b6b7b}
</style></head><body><h1>${e(title)}</h1>${body}</body></html>`;

export function mailboxListPage(messages: MailMessage[]): string {
  const rows = messages
    .map(
      (m) => `<tr><td>${e(m.receivedAt.replace('T', ' ').slice(0, 19))}</td><td>${e(m.from)}</td>
<td>${e(m.to.join(', '))}</td><td><a href="/dev/mailbox/${encodeURIComponent(m.id)}">${e(m.subject || '(no subject)')}</a></td></tr>`,
    )
    .join('');
  return page(
    'Mailbox',
    `<p class="muted">Mail the app sent through devhost's SMTP sink, newest first. JSON: <a href="?format=json">?format=json</a>;
empty it with <code>curl -X DELETE …/dev/mailbox</code>.</p>
${messages.length === 0 ? '<p>No mail yet.</p>' : `<table><tr><th>received (UTC)</th><th>from</th><th>to</th><th>subject</th></tr>${rows}</table>`}`,
  );
}

export function mailboxMessagePage(m: MailMessage): string {
  // Links in mail open in a new tab, as in a mail client.
  const frame = m.html
    ? `<iframe title="HTML body" sandbox="${MAIL_FRAME_SANDBOX}" srcdoc="${e(`<base target="_blank">${m.html}`)}"></iframe>`
    : '<p class="muted">(no HTML part)</p>';
  const links = m.links
    .map((l) => `<li><a href="${e(l)}" target="_blank" rel="noopener">${e(l)}</a></li>`)
    .join('');
  return page(
    m.subject || '(no subject)',
    `<p><a href="/dev/mailbox">all mail</a> · <a href="/dev/mailbox/${encodeURIComponent(m.id)}/raw">raw .eml</a> ·
<a href="/dev/mailbox/${encodeURIComponent(m.id)}?format=json">JSON</a></p>
<dl><dt>From</dt><dd>${e(m.from)}</dd><dt>To</dt><dd>${e(m.headerTo || m.to.join(', '))}</dd>
${m.headerCc ? `<dt>Cc</dt><dd>${e(m.headerCc)}</dd>` : ''}<dt>Delivered to</dt><dd>${e(m.to.join(', '))}</dd>
<dt>Received</dt><dd>${e(m.receivedAt)}</dd></dl>
<h2>HTML</h2>${frame}
<h2>Text</h2><pre>${e(m.text)}</pre>
${links ? `<h2>Links</h2><ul>${links}</ul>` : ''}`,
  );
}

function filterOf(url: URL): MailFilter | string {
  const to = url.searchParams.get('to') ?? undefined;
  const sinceText = url.searchParams.get('since');
  if (sinceText === null || sinceText === '') return { to };
  const since = new Date(sinceText);
  if (Number.isNaN(since.getTime())) return `since=${sinceText} is not an ISO time.`;
  return { to, since };
}

export function mailboxRoutes(mailbox: Mailbox): { list: DevRouteHandler; item: DevRouteHandler } {
  const list: DevRouteHandler = async (req, res, url) => {
    if (req.method === 'DELETE') {
      const removed = await mailbox.clear();
      return sendJson(res, 200, { removed });
    }
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return sendProblem(res, 405, 'Method Not Allowed', 'GET or DELETE /dev/mailbox.');
    const filter = filterOf(url);
    if (typeof filter === 'string') return sendProblem(res, 400, 'Bad Request', filter);
    const messages = mailbox.list(filter);
    if (wantsJson(req, url, false)) return sendJson(res, 200, { messages });
    sendHtml(res, mailboxListPage(messages));
  };

  const item: DevRouteHandler = (req, res, url) => {
    const [id = '', rest, ...more] = url.pathname.slice('/dev/mailbox/'.length).split('/');
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return sendProblem(res, 405, 'Method Not Allowed', 'Messages are read with GET.');
    const decodedId = decodePath(id);
    if (decodedId === undefined)
      return sendProblem(
        res,
        400,
        'Bad Request',
        `The message id in ${url.pathname.slice(0, 200)} has a malformed %-escape.`,
      );
    const message = mailbox.get(decodedId);
    if (!message || more.length > 0 || (rest !== undefined && rest !== 'raw'))
      return sendProblem(res, 404, 'Not Found', `No message at ${url.pathname}.`);
    if (rest === 'raw') {
      res.writeHead(200, {
        'content-type': 'message/rfc822',
        'content-disposition': `inline; filename="${message.id}.eml"`,
      });
      createReadStream(mailbox.rawPath(message.id) ?? '').pipe(res);
      return;
    }
    // One message: JSON for programs, the page for a browser (it asks for text/html).
    if (wantsJson(req, url, true)) return sendJson(res, 200, message);
    sendHtml(res, mailboxMessagePage(message));
  };

  return { list, item };
}
