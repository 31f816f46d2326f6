// The Cosmos DB emulator devhost runs: @vercel/cosmosdb-server's account and routes (it speaks the
// Cosmos REST API) behind an HTTPS server with devhost's own certificate, plus a write journal.
//
// cosmosdb-server keeps everything in memory. So that an acknowledged write survives the process
// (a clean stop, a SIGKILL, a reboot), every successful write request — database and container
// creation, create, upsert, replace, patch, delete, batch — is appended to `journal.jsonl` and
// flushed to disk BEFORE its response is sent; at start the journal is replayed into a fresh
// account before the port opens. A write the process died in the middle of was never acknowledged,
// and its half-written last line is skipped. Replayed documents get new `_etag`s and `_ts`s (no
// client holds an etag across an emulator restart that it could not re-read).
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import Account from '@vercel/cosmosdb-server/lib/account';
import routes from '@vercel/cosmosdb-server/lib/routes';

type RouteHandler = (
  account: Account,
  req: IncomingMessage,
  res: ServerResponse | FakeResponse,
  params: Record<string, string>,
) => Promise<Record<string, unknown> | undefined>;

interface FakeResponse {
  statusCode: number;
  setHeader(name: string, value: unknown): void;
}

/** the request headers a write's meaning depends on (the router and the handlers read only these) */
const JOURNALED_HEADERS = [
  'content-type',
  'x-ms-documentdb-isquery',
  'x-ms-documentdb-is-upsert',
  'x-ms-cosmos-is-batch-request',
  'x-ms-documentdb-partitionkey',
  'x-ms-cosmos-batch-atomic',
  'x-ms-cosmos-batch-continue-on-error',
];

interface JournalEntry {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface CosmosEmulatorOptions {
  cert: string | Buffer;
  key: string | Buffer;
  /** where writes are journaled; without it the emulator is memory-only */
  journalPath?: string | undefined;
}

export interface CosmosEmulator {
  server: Server;
  /** writes replayed from the journal at start */
  replayed: number;
  listen(port: number, host: string): Promise<number>;
  close(): Promise<void>;
}

function isWrite(req: { method?: string | undefined; headers: IncomingMessage['headers'] }): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') return false;
  const query =
    String(req.headers['x-ms-documentdb-isquery']).toLowerCase() === 'true' ||
    req.headers['content-type'] === 'application/query+json';
  return !(req.method === 'POST' && query);
}

function fakeRequest(entry: JournalEntry): IncomingMessage {
  const stream = Readable.from([Buffer.from(entry.body)]) as unknown as IncomingMessage;
  Object.assign(stream, { method: entry.method, url: entry.url, headers: entry.headers });
  return stream;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolveBody(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function replayJournal(account: Account, path: string): Promise<number> {
  if (!existsSync(path) || statSync(path).size === 0) return Promise.resolve(0);
  const lines = readFileSync(path, 'utf8').split('\n');
  return (async () => {
    let count = 0;
    for (const line of lines) {
      if (line.trim() === '') continue;
      let entry: JournalEntry;
      try {
        entry = JSON.parse(line) as JournalEntry;
      } catch {
        continue; // the half-written line of a write that was never acknowledged
      }
      const req = fakeRequest(entry);
      const route = (routes as (r: IncomingMessage) => [Record<string, string>, RouteHandler] | undefined)(
        req,
      );
      if (!route) continue;
      const res: FakeResponse = { statusCode: 200, setHeader: () => undefined };
      await route[1](account, req, res, route[0]);
      count++;
    }
    return count;
  })();
}

export async function createCosmosEmulator(options: CosmosEmulatorOptions): Promise<CosmosEmulator> {
  // the account's host and port only appear in its metadata (the endpoint the SDK is told to use
  // next); set once the port is known
  let account = new Account('127.0.0.1', 0);
  const replayed = options.journalPath ? await replayJournal(account, options.journalPath) : 0;
  const journal = options.journalPath ? openSync(options.journalPath, 'a', 0o600) : undefined;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const raw = await readBody(req);
    const entry: JournalEntry = {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      headers: Object.fromEntries(
        JOURNALED_HEADERS.flatMap((h) => {
          const v = req.headers[h];
          return typeof v === 'string' ? [[h, v]] : [];
        }),
      ),
      body: raw.toString('utf8'),
    };
    // the handlers read the body from the request stream, so give them a fresh one with every header
    const replay = fakeRequest({ ...entry, headers: req.headers as Record<string, string> });
    const route = (routes as (r: IncomingMessage) => [Record<string, string>, RouteHandler] | undefined)(
      replay,
    );
    let body: Record<string, unknown> | undefined;
    if (route) {
      try {
        body = await route[1](account, replay, res, route[0]);
      } catch (error) {
        body = { message: error instanceof Error ? error.message : String(error) };
        res.statusCode = 500;
      }
      if (res.statusCode > 399 && body && !body.message) body.message = '';
    } else {
      res.statusCode = 400;
      body = { message: 'no route' };
    }
    if (journal !== undefined && res.statusCode < 300 && isWrite(req)) {
      // durable before acknowledged
      writeSync(journal, `${JSON.stringify(entry)}\n`);
      fsyncSync(journal);
    }
    if (body && typeof body._etag === 'string') res.setHeader('etag', body._etag);
    res.setHeader('content-type', 'application/json');
    res.setHeader('content-location', `https://${req.headers.host ?? ''}${req.url ?? ''}`);
    res.setHeader('x-ms-activity-id', randomUUID());
    res.setHeader('x-ms-request-charge', '1');
    if (req.headers['a-im'] && res.statusCode === 200) {
      if (req.headers['if-none-match']) res.statusCode = 304;
      res.setHeader('etag', '1');
    }
    res.end(JSON.stringify(body));
  };

  const server = createServer({ cert: options.cert, key: options.key, minVersion: 'TLSv1.2' }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error(error);
      if (!res.headersSent) res.statusCode = 500;
      res.end('');
    });
  });

  return {
    server,
    replayed,
    listen(port, host) {
      return new Promise((resolveListen, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const address = server.address();
          const bound = typeof address === 'object' && address ? address.port : port;
          const databases = account.databases;
          account = Object.assign(new Account(host === '0.0.0.0' ? '127.0.0.1' : host, bound), {
            databases,
          });
          resolveListen(bound);
        });
      });
    },
    close() {
      return new Promise((resolveClose) => {
        server.close(() => {
          if (journal !== undefined) closeSync(journal);
          resolveClose();
        });
        server.closeAllConnections();
      });
    },
  };
}
