// Secrets devhost keeps on disk — local.settings.json (link key, host key), the Event Grid topic
// key, the issuer's signing key, and the mail (live approval links) — are for the owner only: files
// 0600 in folders 0700, whatever the umask. Generated secrets are 256 bits from the CSPRNG.
import { chmodSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEventGridForDevhost } from '../../devhost/eventgrid/eventGridHosting';
import { loadLocalSettings } from '../../devhost/hostSettings';
import { loadOrCreateSigningKey } from '../../devhost/identity/signingKey';
import type { InvocationLog } from '../../devhost/invocationLog';
import { Mailbox } from '../../devhost/mail/mailbox';

const mode = (path: string) => statSync(path).mode & 0o777;
const temp = () => mkdtempSync(join(tmpdir(), 'devhost-secrets-'));
const quietLog: InvocationLog = { invocation: () => undefined, user: () => undefined, host: () => undefined };
const bytesOf = (base64: string) => Buffer.from(base64, 'base64url').length;

describe('secrets devhost writes', () => {
  it('writes local.settings.json 0600 with 256-bit generated secrets, and tightens an existing file', () => {
    const app = temp();
    writeFileSync(
      join(app, 'local.settings.sample.json'),
      JSON.stringify({ Values: { APPROVAL_LINK_SECRET: '<generate>', DEVHOST_HOST_KEY: '' } }),
      { mode: 0o644 },
    );
    const env: NodeJS.ProcessEnv = {};
    loadLocalSettings(app, env);
    const path = join(app, 'local.settings.json');
    expect(mode(path)).toBe(0o600);
    for (const name of ['APPROVAL_LINK_SECRET', 'DEVHOST_HOST_KEY']) {
      expect(env[name]).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(bytesOf(env[name]!)).toBe(32);
    }
    expect(env.APPROVAL_LINK_SECRET).not.toBe(env.DEVHOST_HOST_KEY);
    const stored = JSON.parse(readFileSync(path, 'utf8')) as { Values: Record<string, string> };
    expect(stored.Values.APPROVAL_LINK_SECRET).toBe(env.APPROVAL_LINK_SECRET);

    // a file an older devhost left world-readable gets 0600 when devhost writes a secret into it
    const older = temp();
    writeFileSync(join(older, 'local.settings.json'), JSON.stringify({ Values: { X: '<generate>' } }));
    chmodSync(join(older, 'local.settings.json'), 0o644);
    loadLocalSettings(older, {});
    expect(mode(join(older, 'local.settings.json'))).toBe(0o600);
  });

  it('keeps the Event Grid topic key 0600 in a 0700 folder', async () => {
    const dataDir = temp();
    const env: NodeJS.ProcessEnv = {};
    const hosting = await startEventGridForDevhost({ env, dataDir, log: quietLog });
    try {
      const file = join(dataDir, 'eventgrid', 'topic.key');
      expect(mode(join(dataDir, 'eventgrid'))).toBe(0o700);
      expect(mode(file)).toBe(0o600);
      expect(Buffer.from(readFileSync(file, 'utf8'), 'base64').length).toBe(32);
      expect(env.EVENTGRID_TOPIC_KEY).toBe(readFileSync(file, 'utf8'));
    } finally {
      await hosting.stop();
    }
  });

  it("keeps the issuer's signing key 0600 in a 0700 folder", () => {
    const dir = join(temp(), 'identity');
    loadOrCreateSigningKey(dir);
    expect(mode(dir)).toBe(0o700);
    expect(mode(join(dir, 'signing-key.pem'))).toBe(0o600);
  });

  it('stores mail (it holds live approval links) 0600 in a 0700 folder', async () => {
    const dir = join(temp(), 'mailbox');
    const mailbox = new Mailbox(dir);
    await mailbox.receive(
      Buffer.from(
        'From: app@example.com\r\nTo: approver@example.com\r\nSubject: Approve PR-1\r\n\r\n' +
          'Approve: http://127.0.0.1:7071/api/approvals/abc.def\r\n',
      ),
      { from: 'app@example.com', to: ['approver@example.com'] },
    );
    expect(mode(dir)).toBe(0o700);
    const files = readdirSync(dir);
    expect(files.filter((f) => f.endsWith('.eml') || f.endsWith('.json'))).toHaveLength(2);
    for (const file of files) expect(mode(join(dir, file))).toBe(0o600);
  });
});
