// Renders the portal at a path with the real API client over a fake fetch: each test says what the
// API answers (by "METHOD /path", the query string included when given) and sees what was sent.
import { render } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { vi } from 'vitest';
import { createQueryClient, Portal } from '../App';
import { createApi } from '../api/client';
import type { Me, Role } from '../api/types';
import type { Session } from '../auth/session';
import { routes } from '../routes';

export interface FakeAnswer {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}
export type FakeRoute = FakeAnswer | ((request: SentRequest) => FakeAnswer);

export interface SentRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

export function person(roles: Role[] = ['Employee'], name = 'Erin Employee'): Me {
  return {
    kind: 'user',
    employee: { id: 7, email: 'erin@contoso-nordic.example', displayName: name },
    company: { id: 1, code: 'NORD' },
    group: { id: 1, code: 'CONTOSO' },
    roles,
    groupWide: false,
    scope: 'self',
  };
}

export function fakeSession(): Session & { signIn: ReturnType<typeof vi.fn> } {
  return {
    mode: 'devhost',
    token: () => Promise.resolve('test-token'),
    signIn: vi.fn(() => Promise.resolve()),
    signOut: vi.fn(() => Promise.resolve()),
    completeSignIn: () => Promise.resolve('/'),
  };
}

export function renderPortal(path: string, answers: Record<string, FakeRoute>, me: Me = person()) {
  const sent: SentRequest[] = [];
  const all: Record<string, FakeRoute> = { 'GET /me': { body: me }, ...answers };
  const fetchImpl = vi.fn((input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(
      typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
      'http://portal.test',
    );
    const method = init?.method ?? 'GET';
    const withQuery = `${method} ${url.pathname.replace(/^\/api/, '')}${url.search}`;
    const withoutQuery = `${method} ${url.pathname.replace(/^\/api/, '')}`;
    const request: SentRequest = {
      method,
      path: `${url.pathname.replace(/^\/api/, '')}${url.search}`,
      headers: (init?.headers ?? {}) as Record<string, string>,
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    sent.push(request);
    const route = all[withQuery] ?? all[withoutQuery];
    const answer: FakeAnswer = !route
      ? { status: 404, body: { title: 'Not Found', status: 404, detail: `no fake for ${withQuery}` } }
      : typeof route === 'function'
        ? route(request)
        : route;
    const status = answer.status ?? 200;
    return Promise.resolve(
      new Response(status === 304 || answer.body === undefined ? null : JSON.stringify(answer.body), {
        status,
        headers: {
          'content-type': status >= 400 ? 'application/problem+json' : 'application/json',
          ...answer.headers,
        },
      }),
    );
  });
  const session = fakeSession();
  const api = createApi({
    apiBase: '/api',
    session,
    fetchImpl,
    currentPath: () => path,
  });
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const view = render(
    <Portal api={api} session={session} queryClient={createQueryClient()}>
      <RouterProvider router={router} />
    </Portal>,
  );
  return { ...view, sent, session, router };
}
