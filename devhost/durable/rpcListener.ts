// The durable client's RPC endpoint (`rpcBaseUrl`), on a loopback listener of its own, like the
// extension's LocalHttpListener. The extension's endpoint is keyless because in Azure nobody else
// shares the worker's loopback; on a developer's machine every local process and every web page
// (through the browser) does. So each devhost process makes a 256-bit random secret and serves the
// API only under /durabletask/<secret>/: the secret reaches the app only inside the durable client's
// binding data, and appears in no URL devhost hands to anyone else. Anything else is a bare 404.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isLoopback } from '../http/isLoopback';

export type RpcHandler = (req: IncomingMessage, res: ServerResponse, url: URL, path: string) => Promise<void>;

const PREFIX = '/durabletask/';

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export class RpcListener {
  readonly #secret = randomBytes(32).toString('base64url');
  readonly #server: Server;
  readonly #inFlight = new Set<Promise<void>>();
  #port = 0;

  constructor(handler: RpcHandler, onError: (error: unknown) => void) {
    this.#server = createServer((req, res) => {
      const work = this.serve(handler, req, res).catch((error: unknown) => {
        onError(error);
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
      this.#inFlight.add(work);
      void work.finally(() => this.#inFlight.delete(work));
    });
    this.#server.keepAliveTimeout = 5_000;
  }

  /** Where the app's durable client sends its calls; only valid once listening. */
  get baseUrl(): string {
    return `http://127.0.0.1:${this.#port}${PREFIX}${this.#secret}/`;
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(0, '127.0.0.1', () => resolve());
    });
    this.#port = (this.#server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#server.closeIdleConnections();
    await Promise.allSettled([...this.#inFlight]);
    this.#server.closeAllConnections();
    await closed;
  }

  private async serve(handler: RpcHandler, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${this.#port}`);
    const rest = url.pathname.startsWith(PREFIX) ? url.pathname.slice(PREFIX.length) : '';
    const slash = rest.indexOf('/');
    const secret = slash === -1 ? rest : rest.slice(0, slash);
    if (!isLoopback(req.socket.remoteAddress) || slash === -1 || !sameSecret(secret, this.#secret)) {
      // Says nothing about what exists here.
      res.writeHead(404);
      res.end();
      return;
    }
    await handler(req, res, url, rest.slice(slash + 1));
  }
}
