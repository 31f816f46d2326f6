// HTTP triggers: route templates under the host.json route prefix, methods, authLevel with function
// keys, request and response through the app's own HttpRequest/HttpResponse conversion. Paths
// outside the prefix go to devhost's own pages (/dev/...) and then to the static web folder.
//
// Request bodies reach a function in one of two ways, as in Azure:
// - buffered (the default): the body is read here, up to the limits, and travels in the RPC
//   invocation (`http.body.bytes`);
// - streamed, when the app called `app.setup({ enableHttpStream: true })`: `@azure/functions` then
//   runs a small HTTP server in the worker and reports its address as the `HttpUri` capability.
//   The host forwards the request there, body as a stream, with `x-ms-invocation-id` naming the
//   invocation, invokes the function (whose HttpRequest reads that stream), and relays the response
//   the worker writes back — what the Functions host does with its forwarder. Nothing is buffered:
//   a function that answers 401 before reading the body never receives more than the first chunks.
// Both paths count the body against FUNCTIONS_REQUEST_BODY_SIZE_LIMIT and the in-flight cap
// (requestBodyLimits.ts) while it streams in.
import { randomUUID } from 'node:crypto';
import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { RegisteredFunction } from '../coreApi';
import type { InvocationResult, Invoker, RpcHttpData, RpcTypedData } from '../invoker';
import type { InvocationLog } from '../invocationLog';
import { devRequestRefusal, type Refusal } from './devRequestGuard';
import { isAuthorized, type AuthLevel, type KeyRing } from './functionKeys';
import { isLoopback } from './isLoopback';
import {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_INFLIGHT_BYTES,
  DEV_PAGE_MAX_BODY_BYTES,
  declaredLength,
  InFlightRequestBytes,
  isRefusal,
  type BodyBudget,
  type RequestBodyLimits,
} from './requestBodyLimits';
import { RequestBodyTooLarge } from './requestText';
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
  /** request body limits (defaults: the Functions host's 100 MB a request, 256 MiB in flight) */
  limits?: RequestBodyLimits;
  /** the worker's HTTP server for streamed requests (its HttpUri capability), when the app enabled streaming */
  httpUri?: string | undefined;
}

export function sendProblem(
  res: ServerResponse,
  status: number,
  title: string,
  detail?: string,
  headers: OutgoingHttpHeaders = {},
): void {
  const body = JSON.stringify({ type: 'about:blank', title, status, ...(detail ? { detail } : {}) });
  res.writeHead(status, { ...headers, 'content-type': 'application/problem+json' });
  res.end(body);
}

/**
 * How much of an unwanted request body devhost still reads, and drops, after answering early (a
 * refusal, or a function that answered without reading it): a client busy sending sees the answer
 * instead of a connection reset. Past this, devhost closes the connection.
 */
const LINGER_BYTES = 4 * 1024 * 1024;

/** Drops the rest of a request body nobody will read, up to LINGER_BYTES; then closes the connection. */
function discardRest(req: IncomingMessage): void {
  if (req.complete || req.destroyed) return;
  let dropped = 0;
  req.unpipe();
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > LINGER_BYTES) req.socket.destroy();
  });
  req.resume();
}

/** A refusal before (or while) the body is read: the answer, then the rest of the body dropped. 503 says when to retry. */
function sendRefusal(req: IncomingMessage, res: ServerResponse, refusal: Refusal): void {
  discardRest(req);
  if (res.headersSent) return;
  sendProblem(
    res,
    refusal.status,
    refusal.title,
    refusal.detail,
    refusal.status === 503 ? { 'retry-after': '1' } : {},
  );
}

/** Request and response headers that describe one connection, not the message (RFC 9110 7.6.1). */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'expect',
  'host',
]);

function endToEnd<T extends IncomingHttpHeaders>(headers: T): OutgoingHttpHeaders {
  const named = new Set(
    String(headers.connection ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase()),
  );
  const kept: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name) && !named.has(name)) kept[name] = value;
  }
  return kept;
}

/**
 * The query as the Functions host sends it over RPC (`http.query`): one string per name, repeated
 * names joined with commas. Older `@azure/functions` versions (4.3.0 and before) read
 * `request.query` from this field only, not from the URL.
 */
export function rpcQuery(url: URL): Record<string, string> {
  const query: Record<string, string> = {};
  for (const name of new Set(url.searchParams.keys())) query[name] = url.searchParams.getAll(name).join(',');
  return query;
}

/** The trigger metadata the host sends with an HTTP invocation; the streaming request reads its headers and route values from it. */
function httpTriggerMetadata(http: RpcHttpData): Record<string, RpcTypedData> {
  const metadata: Record<string, RpcTypedData> = {};
  for (const [name, value] of Object.entries(http.params ?? {})) metadata[name] = { string: value };
  metadata.Headers = { json: JSON.stringify(http.headers ?? {}) };
  metadata.Query = { json: JSON.stringify(http.query ?? {}) };
  return metadata;
}

/** The function's result carries no HTTP response: it returned nothing to its `$return` HTTP output. */
function answersNothing(fn: RegisteredFunction, result: InvocationResult): boolean {
  const httpOutput = Object.entries(fn.metadata.bindings).find(
    ([, b]) => b.direction === 'out' && b.type.toLowerCase() === 'http',
  );
  return httpOutput?.[0] === '$return' && (result.result === undefined || result.result === null);
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
  /** devhost pages that take an HTML form post (application/x-www-form-urlencoded) rather than JSON */
  readonly formRoutes = new Set<string>();
  readonly #routes: HttpRoute[];
  readonly #server: Server;
  readonly #inFlight = new Set<Promise<void>>();
  readonly #bodies: InFlightRequestBytes;
  /** connections to the worker's HTTP server, for streamed requests */
  readonly #workerAgent = new Agent({ keepAlive: true });
  #port = 0;

  constructor(private readonly options: HttpHostOptions) {
    this.#routes = options.functions
      .filter((f) => f.trigger.type.toLowerCase() === 'httptrigger')
      .map(toRoute)
      .sort((a, b) => byPrecedence(a.route, b.route));
    this.#bodies = new InFlightRequestBytes(
      options.limits ?? {
        maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
        maxInFlightBytes: DEFAULT_MAX_INFLIGHT_BYTES,
      },
    );
    this.#server = createServer((req, res) => {
      const work = this.handle(req, res).catch((error: unknown) => {
        if (error instanceof RequestBodyTooLarge) {
          return sendRefusal(req, res, {
            status: 413,
            title: 'Payload Too Large',
            detail: `This page takes at most ${error.maxBytes} bytes.`,
          });
        }
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
      this.#server.listen(port, host, () => {
        this.#port = (this.#server.address() as AddressInfo).port;
        resolve(this.#port);
      });
    });
  }

  /** Stops accepting requests and waits for the ones in flight. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#server.closeIdleConnections();
    await Promise.allSettled([...this.#inFlight]);
    this.#server.closeAllConnections();
    this.#workerAgent.destroy();
    await closed;
  }

  /** bytes of request bodies the requests in flight hold a reservation for */
  get inFlightBodyBytes(): number {
    return this.#bodies.total;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
    } catch {
      return sendRefusal(req, res, {
        status: 400,
        title: 'Bad Request',
        detail: 'The request target or the Host header is not valid.',
      });
    }
    const prefix = this.options.routePrefix ? `/${this.options.routePrefix}` : '';
    const path = url.pathname;
    if (prefix === '' || path === prefix || path.startsWith(`${prefix}/`)) {
      const matched = this.findFunction(req.method ?? 'GET', path.slice(prefix.length));
      if (matched) return this.invokeHttp(matched.route, matched.params, req, res, url);
      if (prefix !== '')
        return sendProblem(res, 404, 'Not Found', `No function handles ${req.method} ${path}.`);
    }
    const dev = this.devRoutes.get(path) ?? this.prefixRoutes.find((r) => path.startsWith(r.prefix))?.handler;
    if (dev && path.startsWith('/dev/')) {
      // devhost's own pages show mail, events and histories, mint tokens and move the clock: this
      // machine only, and not for a web page the developer's browser happens to show (devRequestGuard.ts).
      if (!isLoopback(req.socket.remoteAddress))
        return sendRefusal(req, res, {
          status: 403,
          title: 'Forbidden',
          detail: `${path} answers this machine only.`,
        });
      const refusal = devRequestRefusal(req, this.#port, this.formRoutes.has(path));
      if (refusal) return sendRefusal(req, res, refusal);
      const declared = declaredLength(req.headers['content-length']);
      if (!(declared <= DEV_PAGE_MAX_BODY_BYTES)) {
        return sendRefusal(req, res, {
          status: 413,
          title: 'Payload Too Large',
          detail: `devhost's pages take at most ${DEV_PAGE_MAX_BODY_BYTES} bytes.`,
        });
      }
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

  /**
   * Reads a body for the buffered path, counting it against its budget as it arrives. On a refusal
   * it stops reading (without destroying the connection: the refusal still has to be sent).
   */
  private readBody(req: IncomingMessage, budget: BodyBudget): Promise<Buffer | Refusal> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      const stop = () => {
        req.off('data', onData);
        req.off('end', onEnd);
        req.off('close', onClose);
      };
      const onData = (chunk: Buffer) => {
        const refusal = budget.add(chunk.length);
        if (!refusal) return void chunks.push(chunk);
        stop();
        req.pause();
        resolve(refusal);
      };
      const onEnd = () => {
        stop();
        resolve(Buffer.concat(chunks));
      };
      const onClose = () => {
        stop();
        reject(new Error('The client went away before the request body was complete.'));
      };
      req.on('data', onData);
      req.once('end', onEnd);
      req.once('close', onClose);
    });
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
    const log = (outcome: string, status: number, error?: unknown) =>
      this.options.log.invocation(name, 'http', performance.now() - started, outcome, String(status), error);
    const key =
      (req.headers['x-functions-key'] as string | undefined) ?? url.searchParams.get('code') ?? undefined;
    if (!isAuthorized(route.authLevel, name, key, this.options.keys)) {
      log('Unauthorized', 401);
      return sendRefusal(req, res, {
        status: 401,
        title: 'Unauthorized',
        detail: 'A valid function key is required (x-functions-key header or code query).',
      });
    }
    const declared = declaredLength(req.headers['content-length']);
    if (Number.isNaN(declared)) {
      log('Rejected', 400);
      return sendRefusal(req, res, {
        status: 400,
        title: 'Bad Request',
        detail: 'Content-Length is not a number.',
      });
    }
    // Before a byte of the body is read: too large by its Content-Length, or no room in flight.
    const budget = this.#bodies.open(declared);
    if (isRefusal(budget)) {
      log('Rejected', budget.status);
      return sendRefusal(req, res, budget);
    }
    res.once('close', () => budget.close());

    const headers: Record<string, string> = {};
    for (const [header, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[header] = Array.isArray(value) ? value.join(', ') : value;
    }
    headers['x-forwarded-for'] = forwardedFor(req);
    const http: RpcHttpData = {
      method: req.method ?? 'GET',
      url: url.toString(),
      headers,
      query: rpcQuery(url),
      params,
    };
    if (this.options.httpUri) return this.invokeStreamed(route, http, req, res, budget, log);

    let body: Buffer | Refusal;
    try {
      body = await this.readBody(req, budget);
    } catch {
      return log('Abandoned', 499); // nobody is left to answer
    }
    if (isRefusal(body)) {
      log('Rejected', body.status);
      return sendRefusal(req, res, body);
    }
    // Like the host: no body at all when the request had none (older @azure/functions versions hand
    // even an empty one to the Request constructor, which refuses a body on GET).
    if (body.length > 0) http.body = { bytes: body };
    try {
      const result = await this.options.invoker.invoke(route.fn, {
        inputData: [{ name: route.fn.trigger.name, data: { http } }],
        triggerMetadata: httpTriggerMetadata(http),
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
      log('Succeeded', status);
    } catch (error) {
      log('Failed', 500, error);
      if (!res.headersSent)
        sendProblem(res, 500, 'Internal Server Error', 'The function failed; see the host log.');
    }
  }

  /**
   * The streamed path: forward the request to the worker's HTTP server (the body piped through
   * its budget), invoke the function with the same invocation id, relay the worker's response.
   */
  private async invokeStreamed(
    route: HttpRoute,
    http: RpcHttpData,
    req: IncomingMessage,
    res: ServerResponse,
    budget: BodyBudget,
    log: (outcome: string, status: number, error?: unknown) => void,
  ): Promise<void> {
    const invocationId = randomUUID();
    const upstream = httpRequest(new URL(req.url ?? '/', this.options.httpUri), {
      method: req.method ?? 'GET',
      agent: this.#workerAgent,
      headers: {
        ...endToEnd(req.headers),
        'x-ms-invocation-id': invocationId,
        'x-forwarded-for': forwardedFor(req),
        'x-forwarded-host': req.headers.host ?? new URL(http.url ?? 'http://localhost').host,
        'x-forwarded-proto': 'http',
      },
    });
    upstream.flushHeaders();
    // Stopping the upstream request before its headers are out would leave the worker waiting for
    // a request that never comes (and the invocation with it): stop it once it is connected.
    // Resolves true once the request's head is on its way to the worker, false when that failed.
    const connected = new Promise<boolean>((resolve) => {
      upstream.once('socket', (socket) => {
        if (!socket.connecting) return setImmediate(() => resolve(true));
        socket.once('connect', () => setImmediate(() => resolve(true)));
        socket.once('close', () => resolve(false));
      });
      upstream.once('close', () => resolve(false));
    });
    const stopUpstream = () => void connected.then(() => upstream.destroy());

    let refusal: Refusal | undefined;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        const refused = budget.add(chunk.length);
        if (refused) done(Object.assign(new Error(refused.detail), { refusal: refused }));
        else done(null, chunk);
      },
    });
    counter.on('error', (error: Error & { refusal?: Refusal }) => {
      refusal = error.refusal;
      req.unpipe(counter);
      stopUpstream();
      if (refusal) sendRefusal(req, res, refusal);
      else discardRest(req);
    });
    upstream.on('error', () => req.unpipe(counter)); // the outcome is decided below
    req.on('close', () => {
      if (!req.complete) stopUpstream(); // the caller went away mid-body
    });
    // A request without a body (most GETs) is complete already: nothing to stream.
    if (req.complete) upstream.end();
    else req.pipe(counter).pipe(upstream);

    const relayed = new Promise<boolean>((resolve) => {
      upstream.once('error', () => resolve(false));
      upstream.once('response', (workerResponse) => {
        if (res.headersSent || res.destroyed) {
          workerResponse.resume();
          return resolve(false);
        }
        // Answered before the whole body arrived (e.g. 401): the function wants no more of it.
        if (!req.complete) {
          req.unpipe(counter);
          discardRest(req);
        }
        res.writeHead(workerResponse.statusCode ?? 502, endToEnd(workerResponse.headers));
        pipeline(workerResponse, res).then(
          () => resolve(true),
          () => resolve(false),
        );
      });
    });

    const invocation = this.options.invoker.invoke(route.fn, {
      invocationId,
      inputData: [{ name: route.fn.trigger.name, data: { http } }],
      triggerMetadata: httpTriggerMetadata(http),
    });
    invocation.catch(() => undefined); // handled below; not "unhandled" while the request connects
    if (!(await connected)) {
      // The worker never got the request, so the function cannot run (its invocation waits for it).
      log(
        'Failed',
        502,
        new Error(`the worker's HTTP server at ${this.options.httpUri} did not take the request`),
      );
      if (!res.headersSent) sendProblem(res, 502, 'Bad Gateway', 'The worker did not take the request.');
      return;
    }
    let result: InvocationResult;
    try {
      result = await invocation;
    } catch (error) {
      stopUpstream();
      log('Failed', refusal?.status ?? 500, error);
      if (!res.headersSent)
        sendProblem(res, 500, 'Internal Server Error', 'The function failed; see the host log.');
      return;
    }
    if (answersNothing(route.fn, result)) {
      // The worker writes no response for a function that returned nothing: answer like the buffered path.
      stopUpstream();
      if (!res.headersSent) {
        discardRest(req);
        res.writeHead(204);
        res.end();
      }
      return log('Succeeded', 204);
    }
    const ok = await relayed;
    if (!req.complete) stopUpstream();
    if (refusal) return log('Rejected', refusal.status);
    if (!ok && !res.headersSent) {
      log('Failed', 502);
      return sendProblem(res, 502, 'Bad Gateway', "The worker's response did not arrive; see the host log.");
    }
    log(ok ? 'Succeeded' : 'Failed', res.statusCode);
  }
}

/**
 * X-Forwarded-For as Azure's front end hands it to the app: what the client sent, with the address
 * the connection came from appended last (the one entry a client cannot write). The app's
 * per-address rate limit reads that last entry.
 */
export function forwardedFor(req: IncomingMessage): string {
  const sent = req.headers['x-forwarded-for'];
  const earlier = (Array.isArray(sent) ? sent.join(', ') : (sent ?? '')).trim();
  const address = req.socket.remoteAddress ?? 'unknown';
  return earlier ? `${earlier}, ${address}` : address;
}
