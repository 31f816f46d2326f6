import { describe, expect, it } from 'vitest';
import type { RuntimeConfig } from '../config';
import { devhostSession, TOKEN_KEY, type BrowserPlace } from './devhostSession';
import { safeReturnTo } from './session';

const config: RuntimeConfig = {
  mode: 'devhost',
  issuer: 'http://127.0.0.1:7071/dev/identity',
  clientId: 'asset-pulse-portal-local',
  apiScope: 'api://asset-pulse-local/access_as_user',
  apiBase: '/api',
  loginUrl: 'http://127.0.0.1:7071/dev/login',
};

function place(hash = '') {
  const visited: string[] = [];
  const here: BrowserPlace & { visited: string[]; cleared: boolean } = {
    origin: 'http://127.0.0.1:7071',
    hash,
    visited,
    cleared: false,
    assign: (url) => visited.push(url),
    clearHash: () => {
      here.cleared = true;
    },
  };
  return here;
}

describe('signing in on devhost', () => {
  it('goes to /dev/login with the callback, and comes back with the token to where the person was', async () => {
    let clock = 1_000_000;
    const out = place();
    await devhostSession(
      config,
      sessionStorage,
      () => out,
      () => clock,
    ).signIn('/requests/PR-1');
    expect(out.visited).toEqual([
      'http://127.0.0.1:7071/dev/login?redirect_uri=http%3A%2F%2F127.0.0.1%3A7071%2Fauth%2Fcallback',
    ]);

    const back = place('#access_token=abc.def.ghi&token_type=Bearer&expires_in=3600');
    const session = devhostSession(
      config,
      sessionStorage,
      () => back,
      () => clock,
    );
    expect(await session.completeSignIn()).toBe('/requests/PR-1');
    expect(await session.completeSignIn()).toBe('/requests/PR-1');
    expect(back.cleared).toBe(true);
    expect(await session.token()).toBe('abc.def.ghi');

    clock += 3600_000;
    expect(await session.token()).toBeUndefined();
    expect(sessionStorage.getItem(TOKEN_KEY)).toBeNull();
  });

  it('signs out: the token is gone and the signed-out page shows', async () => {
    sessionStorage.setItem(TOKEN_KEY, JSON.stringify({ accessToken: 't', expiresAt: Date.now() + 600_000 }));
    const here = place();
    const session = devhostSession(config, sessionStorage, () => here);
    await session.signOut();
    expect(await session.token()).toBeUndefined();
    expect(here.visited).toEqual(['/signed-out']);
  });

  it('comes back only to a path of the portal', () => {
    expect(safeReturnTo('//evil.example/x')).toBe('/');
    expect(safeReturnTo('https://evil.example')).toBe('/');
    expect(safeReturnTo('/auth/callback#x')).toBe('/');
    expect(safeReturnTo('/approvals?tab=1')).toBe('/approvals?tab=1');
  });
});
