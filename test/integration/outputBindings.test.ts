// Storage output bindings through devhost against Azurite (test/fixtures/bindings-app), and the
// refusal to start an app with a binding devhost cannot run (test/fixtures/unsupported-binding-app).
import { BlobServiceClient } from '@azure/storage-blob';
import { QueueServiceClient } from '@azure/storage-queue';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot, startDevhost, waitFor, type DevhostRun } from '../../devhost/childHost';

let host: DevhostRun;
const blobs = () => BlobServiceClient.fromConnectionString(host.storage);

async function blobNames(container: string, prefix = ''): Promise<string[]> {
  const client = blobs().getContainerClient(container);
  if (!(await client.exists())) return [];
  const names: string[] = [];
  for await (const blob of client.listBlobsFlat({ prefix })) names.push(blob.name);
  return names;
}

async function blobText(container: string, name: string): Promise<string> {
  const buffer = await blobs().getContainerClient(container).getBlobClient(name).downloadToBuffer();
  return buffer.toString('utf8');
}

describe('storage output bindings on devhost', () => {
  beforeAll(async () => {
    host = await startDevhost({ appDir: join(projectRoot, 'test', 'fixtures', 'bindings-app') });
  });
  afterAll(async () => {
    await host?.dispose();
  });

  it('writes a blob output to the path its expressions name (%setting%, route value, {rand-guid}, {DateTime})', async () => {
    const response = await fetch(`${host.apiBase}/reports/quarterly`, { method: 'POST', body: 'spend,42\n' });
    expect(response.status).toBe(201);
    const names = await blobNames('fixture-reports', 'quarterly/');
    expect(names).toHaveLength(1);
    expect(names[0]).toMatch(
      /^quarterly\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.txt$/,
    );
    expect(await blobText('fixture-reports', names[0]!)).toBe('spend,42\n');
  });

  it('writes queue outputs base64-encoded like the host, one message per array element', async () => {
    expect(
      (await fetch(`${host.apiBase}/orders`, { method: 'POST', body: JSON.stringify({ orderId: 7 }) }))
        .status,
    ).toBe(202);
    expect(
      (
        await fetch(`${host.apiBase}/orders`, {
          method: 'POST',
          body: JSON.stringify({ split: true, lines: ['line-1', { sku: 'A-2' }] }),
        })
      ).status,
    ).toBe(202);
    const queue = QueueServiceClient.fromConnectionString(host.storage).getQueueClient('fixture-orders');
    const peeked = await queue.peekMessages({ numberOfMessages: 10 });
    const texts = peeked.peekedMessageItems.map((m) => Buffer.from(m.messageText, 'base64').toString('utf8'));
    expect(texts).toEqual(['{"orderId":7}', 'line-1', '{"sku":"A-2"}']);
  });

  it("runs a queue output into the app's own queue trigger, whose return value goes to a blob named by the message", async () => {
    await fetch(`${host.apiBase}/archive`, { method: 'POST', body: JSON.stringify({ orderId: 'A-19' }) });
    const name = await waitFor('the archived order blob', async () =>
      (await blobNames('fixture-archive')).includes('order-A-19.json') ? 'order-A-19.json' : undefined,
    );
    expect(JSON.parse(await blobText('fixture-archive', name))).toEqual({ archived: { orderId: 'A-19' } });
  });

  it("writes an activity's blob output named by its input's fields, as the official backup sample does", async () => {
    const response = await fetch(`${host.apiBase}/backup`, {
      method: 'POST',
      body: JSON.stringify([
        { backupPath: 'site/index.html', content: '<h1>hi</h1>' },
        { backupPath: 'site/css/app.css', content: 'h1{}' },
      ]),
    });
    const { statusQueryGetUri } = (await response.json()) as { statusQueryGetUri: string };
    const done = await waitFor('the backup to finish', async () => {
      const status = (await (await fetch(statusQueryGetUri)).json()) as {
        runtimeStatus: string;
        output: unknown;
      };
      return status.runtimeStatus === 'Completed' ? status : undefined;
    });
    expect(done.output).toBe(15);
    expect((await blobNames('fixture-backups')).sort()).toEqual(['site/css/app.css', 'site/index.html']);
    expect(await blobText('fixture-backups', 'site/index.html')).toBe('<h1>hi</h1>');
  });
});

describe('a binding devhost cannot run', () => {
  it('stops devhost at start-up, naming the function and the binding type', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'asset-pulse-unsupported-'));
    try {
      const started = startDevhost({
        appDir: join(projectRoot, 'test', 'fixtures', 'unsupported-binding-app'),
        dataDir,
      });
      const failure = await started.then(
        async (run) => {
          await run.dispose();
          return undefined;
        },
        (error: unknown) => (error as Error).message,
      );
      expect(failure).toBeDefined();
      expect(failure).toMatch(/devhost could not start/);
      expect(failure).toMatch(/function "sendChallenge": twilioSms output binding/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
