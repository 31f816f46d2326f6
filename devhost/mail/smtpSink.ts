// The local stand-in for the SMTP relay: an SMTP server on 127.0.0.1 that accepts every message
// (any or no credentials, no TLS), stores it in the mailbox and only then answers 250, so a message
// the app was told was sent survives a killed host. Production sends through a real relay (SMTP_URL).
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import type { HttpHost } from '../http/httpHost';
import type { InvocationLog } from '../invocationLog';
import { Mailbox } from './mailbox';
import { mailboxRoutes } from './mailboxPages';

export interface MailSinkOptions {
  dataDir: string;
  /** 0: any free port */
  port?: number;
  log?: InvocationLog | undefined;
  /** the largest message accepted, in bytes (default 25 MB) */
  maxMessageBytes?: number;
}

export interface MailSink {
  port: number;
  /** smtp://127.0.0.1:<port> */
  url: string;
  mailbox: Mailbox;
  stop(): Promise<void>;
}

export async function startSmtpSink(options: MailSinkOptions): Promise<MailSink> {
  const mailbox = new Mailbox(join(options.dataDir, 'mailbox'));
  const maxBytes = options.maxMessageBytes ?? 25 * 1024 * 1024;
  const server = new SMTPServer({
    name: 'devhost',
    banner: 'devhost SMTP sink (local only, keeps every message)',
    size: maxBytes,
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    closeTimeout: 2_000,
    onAuth(auth, _session, callback) {
      // Any credentials: the URL of a real relay (with a user and password) may point here.
      callback(null, { user: auth.username ?? 'local' });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (error: Error) => callback(error));
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          const error = Object.assign(new Error(`Message exceeds the ${maxBytes} bytes devhost accepts`), {
            responseCode: 552,
          });
          return callback(error);
        }
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
          to: session.envelope.rcptTo.map((r) => r.address),
        };
        mailbox.receive(Buffer.concat(chunks), envelope).then(
          (message) => {
            options.log?.host(
              `mail: "${message.subject}" to ${message.to.join(', ')} (/dev/mailbox/${message.id})`,
            );
            callback(null, `Stored as ${message.id}`);
          },
          (error: unknown) => {
            options.log?.host(`mail: could not store a message: ${(error as Error).message}`);
            callback(Object.assign(new Error('The sink could not store the message'), { responseCode: 451 }));
          },
        );
      });
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.server.address() as AddressInfo).port);
    });
  });
  server.on('error', (error) => options.log?.host(`mail: SMTP sink error: ${error.message}`));
  let stopping: Promise<void> | undefined;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    mailbox,
    stop() {
      stopping ??= new Promise<void>((resolve) => server.close(() => resolve()));
      return stopping;
    },
  };
}

/** Parses DEVHOST_SMTP_PORT / DEVHOST_EVENTGRID_PORT style settings: empty means 0 (any free port). */
export function portSetting(env: NodeJS.ProcessEnv, name: string): number {
  const value = env[name];
  if (value === undefined || value === '') return 0;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`${name}=${value} is not a port number.`);
  return port;
}

/**
 * devhost's part: starts the sink before the app loads and, when SMTP_URL is not set, points the
 * app at it. `servePages` adds /dev/mailbox once the HTTP host exists.
 */
export async function startMailForDevhost(options: {
  env: NodeJS.ProcessEnv;
  dataDir: string;
  log: InvocationLog;
}): Promise<MailSink & { servePages(http: HttpHost): void }> {
  const { env, log } = options;
  const sink = await startSmtpSink({
    dataDir: options.dataDir,
    port: portSetting(env, 'DEVHOST_SMTP_PORT'),
    log,
  });
  if (!env.SMTP_URL) {
    env.SMTP_URL = sink.url;
    log.host(`mail: SMTP sink on ${sink.url} (SMTP_URL), ${sink.mailbox.size} message(s) in /dev/mailbox`);
  } else {
    log.host(`mail: SMTP sink on ${sink.url}; the app sends to its own SMTP_URL`);
  }
  return {
    ...sink,
    servePages(http) {
      const { list, item } = mailboxRoutes(sink.mailbox);
      http.devRoutes.set('/dev/mailbox', list);
      http.prefixRoutes.push({ prefix: '/dev/mailbox/', handler: item });
    },
  };
}
