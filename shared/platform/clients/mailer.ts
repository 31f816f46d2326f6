// Sends e-mail over SMTP with nodemailer: Azure Communication Services SMTP or a corporate relay in
// Azure, devhost's SMTP sink locally. Use cases depend on the `Mailer` port, not on nodemailer.
import { createTransport } from 'nodemailer';

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

/** The URL without its password, for log lines and error messages. */
export function redactSmtpUrl(smtpUrl: string): string {
  if (!URL.canParse(smtpUrl)) return '(not a URL)';
  const url = new URL(smtpUrl);
  if (url.password) url.password = '***';
  return url.toString();
}

/**
 * A mailer sending through the relay at `smtpUrl` (`smtp://` — STARTTLS when the server offers it —
 * or `smtps://`, credentials as `user:password@`, nodemailer options as query parameters), with
 * `from` as the sender of every message.
 */
export function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  if (!URL.canParse(smtpUrl) || !/^smtps?:$/i.test(new URL(smtpUrl).protocol)) {
    throw new Error(`SMTP_URL must be an smtp:// or smtps:// URL, not ${redactSmtpUrl(smtpUrl)}.`);
  }
  const transport = createTransport({
    url: smtpUrl,
    // One process sends many mails (every approval step, every notification): reuse connections
    // instead of a TCP and TLS handshake per mail.
    pool: true,
    maxConnections: 4,
    // Fail in seconds rather than nodemailer's two minutes when the relay does not answer.
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
  const target = redactSmtpUrl(smtpUrl);
  return {
    async send(mail) {
      try {
        const info = await transport.sendMail({
          from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          headers: mail.headers,
        });
        return { messageId: info.messageId };
      } catch (error) {
        // nodemailer's messages name the server and the SMTP reply, never the password; say which relay.
        throw new Error(`Sending mail through ${target} failed: ${(error as Error).message}`, {
          cause: error,
        });
      }
    },
  };
}
