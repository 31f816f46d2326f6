// createEventGridPublisher against devhost's real local topic (started on its own, no devhost around it).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventStore } from '../../devhost/eventgrid/eventStore';
import { LocalEventGridTopic } from '../../devhost/eventgrid/localTopic';
import { createEventGridPublisher } from '../../shared/platform/clients/eventPublisher';

const KEY = 'unit-test-topic-key';
let dataDir: string;
let topic: LocalEventGridTopic;

describe('createEventGridPublisher with the local topic', () => {
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'asset-pulse-publisher-'));
    topic = new LocalEventGridTopic({ dataDir, key: KEY });
    await topic.listen();
  });
  afterAll(async () => {
    await topic?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('publishes CloudEvents 1.0 with the caller’s ids, its source, subject, time and data', async () => {
    const publisher = createEventGridPublisher({
      endpoint: topic.endpoint,
      key: KEY,
      source: '/asset-pulse',
    });
    await publisher.publish([
      {
        id: 'req-42-approved',
        type: 'AssetPulse.PurchaseRequest.Approved',
        subject: 'purchase-requests/42',
        data: { requestId: 42, approvedBy: 'cto@scb.example' },
        time: new Date('2026-11-22T09:30:00Z'),
      },
      {
        id: 'req-43-created',
        type: 'AssetPulse.PurchaseRequest.Created',
        subject: 'purchase-requests/43',
        data: {},
      },
    ]);
    const stored = topic.store.all().map((r) => r.event);
    expect(stored).toEqual([
      {
        specversion: '1.0',
        id: 'req-42-approved',
        type: 'AssetPulse.PurchaseRequest.Approved',
        source: '/asset-pulse',
        subject: 'purchase-requests/42',
        time: '2026-11-22T09:30:00.000Z',
        datacontenttype: 'application/json',
        data: { requestId: 42, approvedBy: 'cto@scb.example' },
      },
      expect.objectContaining({ id: 'req-43-created', data: {}, time: expect.any(String) as string }),
    ]);
    // accepted means on disk
    expect(new EventStore(topic.store.dir).all().map((r) => r.event.id)).toEqual([
      'req-42-approved',
      'req-43-created',
    ]);
  });

  it('publishes the same id again when asked (a retried activity): the topic keeps both, subscribers dedupe', async () => {
    const publisher = createEventGridPublisher({
      endpoint: topic.endpoint,
      key: KEY,
      source: '/asset-pulse',
    });
    const event = { id: 'same-id', type: 'AssetPulse.Test', subject: 'tests/1', data: {} };
    await publisher.publish([event]);
    await publisher.publish([event]);
    expect(topic.store.all().filter((r) => r.event.id === 'same-id')).toHaveLength(2);
  });

  it('fails with the status when the key is wrong, and the topic stores nothing', async () => {
    const before = topic.store.all().length;
    const publisher = createEventGridPublisher({
      endpoint: topic.endpoint,
      key: 'wrong',
      source: '/asset-pulse',
    });
    await expect(
      publisher.publish([{ id: 'x', type: 'AssetPulse.Test', subject: 's', data: {} }]),
    ).rejects.toMatchObject({ statusCode: 401 });
    expect(topic.store.all()).toHaveLength(before);
  });

  it('refuses data that is not a JSON object, which the SDK would mangle, before sending anything', async () => {
    const before = topic.store.all().length;
    const publisher = createEventGridPublisher({
      endpoint: topic.endpoint,
      key: KEY,
      source: '/asset-pulse',
    });
    for (const data of [[1, 2], 'text', 3, null]) {
      await expect(
        publisher.publish([
          { id: 'ok', type: 'AssetPulse.Test', subject: 's', data: {} },
          { id: 'bad', type: 'AssetPulse.Test', subject: 's', data },
        ]),
      ).rejects.toThrow('Event bad (AssetPulse.Test): data must be a JSON object.');
    }
    expect(topic.store.all()).toHaveLength(before);
  });

  it('sends nothing for an empty list', async () => {
    const publisher = createEventGridPublisher({
      endpoint: 'http://127.0.0.1:9/api/events',
      key: KEY,
      source: '/x',
    });
    await expect(publisher.publish([])).resolves.toBeUndefined();
  });
});
