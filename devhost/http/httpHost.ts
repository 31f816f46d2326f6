// HTTP triggers: route templates under the host.json route prefix, methods, authLevel with function
// keys, request and response through the app's own HttpRequest/HttpResponse conversion. Paths
// outside the prefix go to devhost's own pages (/dev/...) and then to the static web folder.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RegisteredFunction } from '../coreApi';
import type { Invoker, RpcHttpData } from '../invoker';
import type { InvocationLog } from '../invocationLog';
import { isAuthorized, type AuthLevel, type KeyRing } from './functionKeys';
import { isLoopback } from './isLoopback';
import { byPrecedence, compileRoute, type CompiledRoute } from './routeTemplate';
import { serveStatic } from './staticFiles';

interface HttpRoute {
  fn: RegisteredFunction;
  route: CompiledRoute;
  methods: Set<string> | undefined;
  authLevel: AuthLevel;
}

export type DevRouteHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> | void;

export interface HttpHostOptions {
  routePrefix: string;
  functions: RegisteredFunction[];
  invoker: Invoker;
  keys: KeyRing;
  log: InvocationLog;
  staticRoot?: string | undefined;
  /** the Functions host's default request size limit is 100 MB */
  maxRequestBytes?: number;
}

export function sendProblem(res: ServerResponse, status: number, title: string, detail?: string): void {
  const body = JSON.stringify({ type: 'about:blank', title, status, ...(detail ? { detail } : {}) });
  res.writeHead(status, { 'content-type': 'application/problem+json' });
  res.end(body);
}

function toRoute(fn: RegisteredFunction): HttpRoute {
  const methods = Array.isArray(fn.trigger.methods)
    ? new Set((fn.trigger.methods as string[]).map((m) => m.toUpperCase()))
    : undefined;
  const level = (typeof fn.trigger.authLevel === 'string' ? fn.trigger.authLevel : 'function').toLowerCase();
  if (level !== 'anonymous' && level !== 'function' && level !== 'admin') {
    throw new Error(
      `Function "${fn.metadata.name}": authLevel "${level}" is not anonymous, function or admin.`,
    );
  }
  const template =
    typeof fn.trigger.route === 'string' && fn.trigger.route ? fn.trigger.route : fn.metadata.name;
  return { fn, route: compileRoute(template), methods, authLevel: level };
}

export class HttpHost {
  readonly devRoutes = new Map<string, DevRouteHandler>();
  /** handlers for every path under a prefix (e.g. the durable management API) */
  readonly prefixRoutes: { prefix: string; handler: DevRouteHandler }[] = [];
  readonly #routes: HttpRoute[];
  readonly #server: Server;
  readonly #inFlight = new Set<Promise<void>>();

  constructor(private readonly options: HttpHostOptions) {
    this.#routes = options.functions
      .filter((f) => f.trigger.type.toLowerCase() === 'httptrigger')
      .map(toRoute)
      .sort((a, b) => byPrecedence(a.route, b.route));
    this.#server = createServer((req, res) => {
      const work = this.handle(req, res).catch((error: unknown) => {
        console.error('devhost: request failed', error);
        if (!res.headersSent) sendProblem(res, 500, 'Internal Server Error');
        else res.destroy();
      });
      this.#inFlight.add(work);
      void work.finally(() => this.#inFlight.delete(work));
    });
    this.#server.keepAliveTimeout = 5_000;
  }

  get routes(): { name: string; route: string; methods: string[]; authLevel: AuthLevel }[] {
    return this.#routes.map((r) => ({
      name: r.fn.metadata.name,
      route: `${this.options.routePrefix ? `/${this.options.routePrefix}` : ''}/${r.route.template}`,
      methods: r.methods ? [...r.methods] : ['ANY'],
      authLevel: r.authLevel,
    }));
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, host, () => resolve((this.#server.address() as AddressInfo).port));
    });
  }

  /** Stops accepting requests and waits for the ones in flight. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#server.closeIdleConnections();
    await Promise.allSettled([...this.#inFlight]);
    this.#server.closeAllConnections();
    await closed;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
    const prefix = this.options.routePrefix ? `/${this.options.routePrefix}` : '';
    const path = url.pathname;
    if (prefix === '' || path === prefix || path.startsWith(`${prefix}/`)) {
      const matched = this.findFunction(req.method ?? 'GET', path.slice(prefix.length));
      if (matched) return this.invokeHttp(matched.route, matched.params, req, res, url);
      if (prefix !== '')
        return sendProblem(res, 404, 'Not Found', `No function handles ${req.method} ${path}.`);
    }
    const dev = this.devRoutes.get(path) ?? this.prefixRoutes.find((r) => path.startsWith(r.prefix))?.handler;
    // devhost's own pages show mail, events and histories, mint tokens and move the clock: this machine only.
    if (dev && path.startsWith('/dev/') && !isLoopback(req.socket.remoteAddress)) {
      return sendProblem(res, 403, 'Forbidden', `${path} answers this machine only.`);
    }
    if (dev) return dev(req, res, url);
    if ((req.method === 'GET' || req.method === 'HEAD') && this.options.staticRoot) {
      if (serveStatic(this.options.staticRoot, path, res)) return;
    }
    sendProblem(res, 404, 'Not Found', `Nothing at ${path}.`);
  }

  private findFunction(
    method: string,
    path: string,
  ): { route: HttpRoute; params: Record<string, string> } | undefined {
    for (const route of this.#routes) {
      if (route.methods && !route.methods.has(method.toUpperCase())) continue;
      const params = route.route.match(path);
      if (params) return { route, params };
    }
    return undefined;
  }

  private async readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) return 'too-large';
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > limit) return 'too-large';
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks);
  }

  private async invokeHttp(
    route: HttpRoute,
    params: Record<string, string>,
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
  ): Promise<void> {
    const started = performance.now();
    const name = route.fn.metadata.name;
    const key =
      (req.headers['x-functions-key'] as string | undefined) ?? url.searchParams.get('code') ?? undefined;
    if (!isAuthorized(route.authLevel, name, key, this.options.keys)) {
      this.options.log.invocation(name, 'http', performance.now() - started, 'Unauthorized', '401');
      return sendProblem(
        res,
        401,
        'Unauthorized',
        'A valid function key is required (x-functions-key header or code query).',
      );
    }
    const body = await this.readBody(req, this.options.maxRequestBytes ?? 100 * 1024 * 1024);
    if (body === 'too-large') {
      this.options.log.invocation(name, 'http', performance.now() - started, 'Rejected', '413');
      return sendProblem(res, 413, 'Payload Too Large', 'The request body is larger than the host accepts.');
    }
    const headers: Record<string, string> = {};
    for (const [header, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[header] = Array.isArray(value) ? value.join(', ') : value;
    }
    const http: RpcHttpData = {
      method: req.method ?? 'GET',
      url: url.toString(),
      headers,
      params,
      body: { bytes: body },
    };
    const triggerName = route.fn.trigger.name;
    try {
      const result = await this.options.invoker.invoke(route.fn, {
        inputData: [{ name: triggerName, data: { http } }],
        triggerMetadata: {},
      });
      const response =
        result.returnValue && 'http' in result.returnValue ? result.returnValue.http : undefined;
      const status = response?.statusCode ? Number(response.statusCode) : 204;
      const responseHeaders: Record<string, string | string[]> = { ...(response?.headers ?? {}) };
      const cookies = (response?.cookies ?? []).map((c) => `${c.name}=${c.value}`);
      if (cookies.length > 0) responseHeaders['set-cookie'] = cookies;
      const bytes =
        response?.body?.bytes ??
        (response?.body?.string !== undefined ? Buffer.from(response.body.string) : undefined);
      res.writeHead(status, responseHeaders);
      res.end(bytes ? Buffer.from(bytes) : undefined);
      this.options.log.invocation(name, 'http', performance.now() - started, 'Succeeded', String(status));
    } catch (error) {
      this.options.log.invocation(name, 'http', performance.now() - started, 'Failed', '500', error);
      if (!res.headersSent)
        sendProblem(res, 500, 'Internal Server Error', 'The function failed; see the host log.');
    }
  }
}
