// The API client: the person's bearer token on every call, problem+json errors as ApiError (with
// the field errors the API names), a 401 or a missing token sends the person to sign in and back to
// the page they were on, and ETags for the request detail's polling.
import * as z from 'zod/mini';
import type { Session } from '../auth/session';

export interface FieldError {
  path: string;
  message: string;
}

const problemSchema = z.object({
  title: z.optional(z.string()),
  status: z.optional(z.number()),
  detail: z.optional(z.string()),
  errors: z.optional(z.array(z.object({ path: z.string(), message: z.string() }))),
});

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | undefined,
    readonly fieldErrors: FieldError[],
    /** the problem document as sent, for members a route adds (e.g. a 409's `runningJobId`) */
    readonly body: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
  }

  /** the API's message for a field (path like "steps.0.minMonthlyCost"), if it named one */
  fieldError(path: string): string | undefined {
    return this.fieldErrors.find((e) => e.path === path)?.message;
  }
}

/** Thrown while the browser leaves for the sign-in page; pages show nothing more for it. */
export class SignInRedirect extends Error {
  constructor() {
    super('Signing in…');
  }
}

export interface ApiResult<T> {
  status: number;
  /** undefined on 304 */
  data: T | undefined;
  etag: string | undefined;
}

export interface RequestOptions {
  body?: unknown;
  ifNoneMatch?: string | undefined;
  signal?: AbortSignal | undefined;
}

export interface Api {
  get<T>(path: string, signal?: AbortSignal): Promise<T>;
  send<T>(method: 'POST' | 'PUT', path: string, body?: unknown): Promise<T>;
  request<T>(method: string, path: string, options?: RequestOptions): Promise<ApiResult<T>>;
}

export function createApi(options: {
  apiBase: string;
  session: Session;
  fetchImpl?: typeof fetch;
  /** where the person is, to come back to after signing in */
  currentPath?: () => string;
}): Api {
  const fetchImpl = options.fetchImpl ?? ((input, init) => fetch(input, init));
  const currentPath =
    options.currentPath ?? (() => window.location.pathname + window.location.search + window.location.hash);
  const signIn = async (): Promise<never> => {
    await options.session.signIn(currentPath());
    throw new SignInRedirect();
  };

  async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<ApiResult<T>> {
    const token = await options.session.token();
    if (!token) return signIn();
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    if (opts.ifNoneMatch) headers['if-none-match'] = opts.ifNoneMatch;
    const response = await fetchImpl(`${options.apiBase}${path}`, {
      method,
      headers,
      ...(opts.body !== undefined && { body: JSON.stringify(opts.body) }),
      ...(opts.signal && { signal: opts.signal }),
    });
    if (response.status === 401) return signIn();
    const etag = response.headers.get('etag') ?? undefined;
    if (response.status === 304) return { status: 304, data: undefined, etag: etag ?? opts.ifNoneMatch };
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (!response.ok) {
      const problem = problemSchema.safeParse(json);
      const body = problem.success ? problem.data : {};
      throw new ApiError(
        response.status,
        body.title ?? response.statusText ?? 'Error',
        body.detail,
        body.errors ?? [],
        typeof json === 'object' && json !== null && !Array.isArray(json)
          ? (json as Record<string, unknown>)
          : {},
      );
    }
    return { status: response.status, data: json as T, etag };
  }

  return {
    request,
    async get<T>(path: string, signal?: AbortSignal) {
      return (await request<T>('GET', path, { signal })).data as T;
    },
    async send<T>(method: 'POST' | 'PUT', path: string, body?: unknown) {
      return (await request<T>(method, path, { body: body ?? {} })).data as T;
    },
  };
}
