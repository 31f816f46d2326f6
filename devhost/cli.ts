#!/usr/bin/env node
// `devhost [app folder] [--port 7071] [--host 127.0.0.1] [--data-dir DIR] [--static DIR]`
// Hosts the given Functions app folder (this project by default) until Ctrl-C.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startDevHost } from './devhost';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      port: { type: 'string', default: process.env.DEVHOST_PORT ?? '7071' },
      host: { type: 'string', default: process.env.DEVHOST_HOST ?? '127.0.0.1' },
      'data-dir': { type: 'string' },
      static: { type: 'string' },
    },
  });
  if (positionals.length > 1) throw new Error('Give at most one app folder.');
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port ${values.port} is not a port number.`);
  const appDir = resolve(positionals[0] ?? resolve(__dirname, '..', '..'));

  const host = await startDevHost({
    appDir,
    port,
    host: values.host,
    dataDir: values['data-dir'],
    staticDir: values.static,
  });
  const lines = [
    '',
    `  devhost is running the app in ${appDir}`,
    `    Portal        ${host.url}/`,
    `    API           ${host.apiBase}/`,
    `    Health        ${host.apiBase}/health/ready`,
    `    Functions     ${host.url}/dev/functions`,
    `    Mailbox       ${host.url}/dev/mailbox`,
    `    Events        ${host.url}/dev/events`,
    `    Host key      ${host.hostKey ?? '(none)'}   (x-functions-key header, for authLevel "function")`,
    host.signIn
      ? `    Sign in       ${host.signIn.loginUrl}   (local issuer ${host.signIn.issuer}${host.signIn.directory ? '' : '; no DEVHOST_SIGNIN_DIRECTORY, so no people listed'})`
      : `    Sign in       tokens of ${process.env.AUTH_ISSUER ?? '(AUTH_ISSUER not set)'}`,
    ...host.http.routes.map(
      (r) => `      ${r.methods.join(',').padEnd(10)} ${r.route}  [${r.authLevel}]  ${r.name}`,
    ),
    ...host.queues.map((q) => `      QUEUE      ${q}`),
    ...host.timers.map(
      (t) => `      TIMER      ${t.schedule}  ${t.name}  next ${t.next?.toISOString() ?? '-'}`,
    ),
    '',
    `  devhost ready on ${host.url}  (Ctrl-C stops everything)`,
    '',
  ];
  console.log(lines.join('\n'));

  let firstSignalAt: number | undefined;
  const shutdown = (signal: string) => {
    if (firstSignalAt !== undefined) {
      // Ctrl-C under `npm start` arrives twice at once (from the terminal, and forwarded by npm):
      // only a second press, a moment later, means "stop now".
      if (Date.now() - firstSignalAt < 2000) return;
      console.log('devhost: stopping now, without waiting.');
      process.exit(1);
    }
    firstSignalAt = Date.now();
    console.log(`devhost: ${signal}, stopping (waiting for running functions)...`);
    host.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('devhost: stop failed', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(`devhost could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
