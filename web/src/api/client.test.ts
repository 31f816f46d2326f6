import { describe, expect, it, vi } from 'vitest';
import { ApiError, createApi, SignInRedirect } from './client';
import { fakeSession } from '../test/renderPortal';

const answer = (status: number, body?: unknown, headers: Record<string, string> = {}) =>
  vi.fn(() =>
    Promise.resolve(new Response(body === undefined ? null : JSON.stringify(body), { status, headers })),
  );

describe('the API client', () => {
  it('sends the bearer token and turns problem+json into an ApiError with the field errors', async () => {
    const fetchImpl = answer(400, {
      title: 'Bad Request',
      status: 400,
      detail: 'The request is not valid.',
      errors: [{ path: 'justification', message: 'say in a sentence why this is needed' }],
    });
    const api = createApi({ apiBase: '/api', session: fakeSession(), fetchImpl });
    const error = await api.send('POST', '/purchase-requests', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).fieldError('justification')).toBe('say in a sentence why this is needed');
    const init = fetchImpl.mock.calls[0] as unknown as [string, RequestInit];
    expect((init[1].headers as Record<string, string>).authorization).toBe('Bearer test-token');
  });

  it('sends the person to sign in and back to where they were on a 401, and without a token', async () => {
    const session = fakeSession();
    const api = createApi({
      apiBase: '/api',
      session,
      fetchImpl: answer(401),
      currentPath: () => '/approvals?x=1',
    });
    await expect(api.get('/me')).rejects.toBeInstanceOf(SignInRedirect);
    expect(session.signIn).toHaveBeenCalledWith('/approvals?x=1');

    const fetchImpl = answer(200, {});
    const signedOut = { ...fakeSession(), token: () => Promise.resolve(undefined) };
    const api2 = createApi({
      apiBase: '/api',
      session: signedOut,
      fetchImpl,
      currentPath: () => '/software',
    });
    await expect(api2.get('/me')).rejects.toBeInstanceOf(SignInRedirect);
    expect(signedOut.signIn).toHaveBeenCalledWith('/software');
    expect(fetchImpl).not.toHaveBeenCalled();
  });

  it('sends If-None-Match and reports a 304 without a body', async () => {
    const fetchImpl = answer(304, undefined, { etag: '"v1"' });
    const api = createApi({ apiBase: '/api', session: fakeSession(), fetchImpl });
    const result = await api.request('GET', '/purchase-requests/x', { ifNoneMatch: '"v1"' });
    expect(result).toEqual({ status: 304, data: undefined, etag: '"v1"' });
    const init = fetchImpl.mock.calls[0] as unknown as [string, RequestInit];
    expect((init[1].headers as Record<string, string>)['if-none-match']).toBe('"v1"');
  });
});
