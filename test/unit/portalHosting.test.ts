// How the portal is hosted: devhost serves client routes with index.html and Static Web Apps'
// global headers (the CSP), answers /config.json for its local issuer, and the checked-in
// staticwebapp.config.json keeps scripts to the site itself and the API out of the fallback.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../devhost/childHost';
import { serveStatic } from '../../devhost/http/staticFiles';
import { LocalIssuer } from '../../devhost/identity/localIssuer';
import { portalConfig } from '../../devhost/identity/portalConfig';

const swaConfig = JSON.parse(readFileSync(join(projectRoot, 'web', 'staticwebapp.config.json'), 'utf8')) as {
  navigationFallback: { rewrite: string; exclude: string[] };
  globalHeaders: Record<string, string>;
};
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'portal-hosting-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function serve(root: string, path: string) {
  const sent: { status?: number; headers?: Record<string, string>; body: string } = { body: '' };
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => (sent.body += chunk.toString()));
  const res = Object.assign(stream, {
    writeHead(status: number, headers: Record<string, string>) {
      sent.status = status;
      sent.headers = headers;
      return res;
    },
  });
  const handled = serveStatic(root, path, res as unknown as ServerResponse);
  return new Promise<typeof sent & { handled: boolean }>((resolve) => {
    if (!handled) resolve({ ...sent, handled });
    else stream.on('end', () => resolve({ ...sent, handled }));
  });
}

describe('the portal on devhost', () => {
  it("serves a client route with index.html and the static web app's global headers", async () => {
    const root = tempDir();
    writeFileSync(join(root, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(root, 'staticwebapp.config.json'), JSON.stringify(swaConfig));
    const page = await serve(root, '/requests/PR-TST-20261130-001');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="root">');
    expect(page.headers?.['content-security-policy']).toBe(
      swaConfig.globalHeaders['content-security-policy'],
    );
    expect(page.headers?.['x-content-type-options']).toBe('nosniff');
    // HSTS is for https; devhost speaks http
    expect(page.headers?.['strict-transport-security']).toBeUndefined();
    // a missing file with an extension is not the page
    expect((await serve(root, '/assets/missing.js')).handled).toBe(false);
  });

  it('answers /config.json in the devhost mode, from its local issuer', () => {
    const issuer = new LocalIssuer('http://127.0.0.1:7071', tempDir());
    expect(portalConfig(issuer, 'api')).toEqual({
      mode: 'devhost',
      issuer: 'http://127.0.0.1:7071/dev/identity',
      clientId: 'asset-pulse-portal-local',
      apiScope: 'api://asset-pulse-local/access_as_user',
      apiBase: '/api',
      loginUrl: 'http://127.0.0.1:7071/dev/login',
    });
  });
});

describe('staticwebapp.config.json', () => {
  it('allows scripts from the site only, and keeps the API and files out of the navigation fallback', () => {
    const csp = swaConfig.globalHeaders['content-security-policy'] ?? '';
    const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1] ?? '';
    expect(scriptSrc.trim()).toBe("'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(swaConfig.navigationFallback.rewrite).toBe('/index.html');
    expect(swaConfig.navigationFallback.exclude).toEqual(expect.arrayContaining(['/api/*', '/config.json']));
  });
});

describe('the config deployed to Azure (web/scripts/deployConfig.mjs)', () => {
  const script = join(projectRoot, 'web', 'scripts', 'deployConfig.mjs');
  const run = (dist: string, env: Record<string, string>) =>
    execFileSync(process.execPath, [script, dist], {
      env: { PATH: process.env.PATH ?? '', ...env },
      encoding: 'utf8',
    });
  const entra = {
    PORTAL_ISSUER: 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000001/v2.0',
    PORTAL_CLIENT_ID: '11111111-1111-1111-1111-111111111111',
    PORTAL_API_SCOPE: 'api://asset-pulse/access_as_user',
  };

  it('writes config.json in the entra mode, and lets the CSP reach an API on its own host', () => {
    const dist = tempDir();
    writeFileSync(join(dist, 'staticwebapp.config.json'), JSON.stringify(swaConfig));
    run(dist, { ...entra, PORTAL_API_BASE: 'https://ap-func-x.azurewebsites.net/api' });
    expect(JSON.parse(readFileSync(join(dist, 'config.json'), 'utf8'))).toEqual({
      mode: 'entra',
      issuer: entra.PORTAL_ISSUER,
      clientId: entra.PORTAL_CLIENT_ID,
      apiScope: entra.PORTAL_API_SCOPE,
      apiBase: 'https://ap-func-x.azurewebsites.net/api',
    });
    const deployed = JSON.parse(
      readFileSync(join(dist, 'staticwebapp.config.json'), 'utf8'),
    ) as typeof swaConfig;
    expect(deployed.globalHeaders['content-security-policy']).toMatch(
      /connect-src [^;]*https:\/\/ap-func-x\.azurewebsites\.net/,
    );
    expect(deployed.globalHeaders['content-security-policy']).toMatch(/script-src 'self';/);
  });

  it('refuses to write a config without the issuer, client id and scope, naming them', () => {
    const dist = tempDir();
    expect(() => run(dist, { PORTAL_ISSUER: entra.PORTAL_ISSUER })).toThrow(
      /PORTAL_CLIENT_ID, PORTAL_API_SCOPE/,
    );
  });
});
