// The mail the new hire and their manager get on the start date: the software that is theirs, where
// each seat comes from, how to reach it (the portal's "My licences" page and each app's own sign-in
// with the company account), and what is still being bought.
import type { OutgoingMail } from '../platform/clients/mailer';
import { html } from '../platform/http/html';

export interface WelcomeMailInput {
  hire: { displayName: string; email: string; jobTitle: string; companyName: string; startDate: string };
  manager: { displayName: string; email: string } | null;
  seats: { appName: string; vendor: string; website: string | null; companyCode: string }[];
  /** apps still being bought (no free seat on the start date) */
  awaiting: string[];
  portalUrl: string;
}

export function welcomeMail(input: WelcomeMailInput): OutgoingMail {
  const { hire } = input;
  const where = (s: WelcomeMailInput['seats'][number]) => (s.website ? ` at ${s.website}` : '');
  const seatLines = input.seats.map(
    (s) =>
      `${s.appName} (${s.vendor}): sign in${where(s)} with ${hire.email}; seat from ${s.companyCode}'s contract`,
  );
  const intro = `Welcome to ${hire.companyName}, ${hire.displayName}! From today (${hire.startDate}) this software is yours as ${hire.jobTitle}:`;
  const reach = `See all your software and how to reach it at ${input.portalUrl}/#/software (sign in with your company account).`;
  const awaiting = input.awaiting.length
    ? `Still being bought, you will hear when it is ready: ${input.awaiting.join(', ')}.`
    : '';
  const managerLine = input.manager ? `Your manager, ${input.manager.displayName}, gets this mail too.` : '';
  return {
    to: [hire.email, ...(input.manager ? [input.manager.email] : [])],
    subject: `Welcome, ${hire.displayName}: your software is ready`,
    text: [
      intro,
      ...(seatLines.length ? seatLines.map((l) => `- ${l}`) : ['- (no software was requested)']),
      '',
      reach,
      ...(awaiting ? [awaiting] : []),
      ...(managerLine ? ['', managerLine] : []),
    ].join('\n'),
    html: html`<p>${intro}</p>
      <ul>
        ${
          input.seats.length
            ? input.seats.map(
                (s) =>
                  html`<li>
                    <b>${s.appName}</b> (${s.vendor}): sign
                    in${s.website ? html` at <a href="${s.website}">${s.website}</a>` : ''} with
                    ${hire.email}; seat from ${s.companyCode}'s contract
                  </li>`,
              )
            : html`<li>(no software was requested)</li>`
        }
      </ul>
      <p>
        See all your software and how to reach it in
        <a href="${input.portalUrl}/#/software">My software</a> (sign in with your company account).
      </p>
      ${awaiting ? html`<p>${awaiting}</p>` : ''} ${managerLine ? html`<p>${managerLine}</p>` : ''}`.value,
  };
}
