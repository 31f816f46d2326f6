// PLACEHOLDER until feat/mail-events merges: the Mailer port (same names as that branch).
export interface OutgoingMail {
  to: string | string[];
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
}
export interface Mailer {
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
}
export function createSmtpMailer(_smtpUrl: string, _from: string): Mailer {
  throw new Error('placeholder');
}
