// The API the portal uses, through devhost with the local issuer's bearer tokens: the catalog found by
// a feature word and priced in each subsidiary's own currency with free seats at home and at siblings,
// my licences, the people I may request for, a quote equal to what the submission records, the
// request detail's ETag, the Admin's ingest health cut to their company, and 400s naming the field.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevhost, type DevhostRun } from '../../devhost/childHost';
import { insertPortalFixture, type PortalFixture } from '../../scripts/fixtures/portalFixture';
import { approvalDriver } from '../support/approvalDriver';
import { prepareAppDatabase, type AppDatabase } from '../support/appDatabase';
import { lane } from '../support/testDatabase';

let host: DevhostRun;
let database: AppDatabase<PortalFixture>;
let dataDir: string;
let people: PortalFixture['people'];
const drive = approvalDriver(() => host);

interface Problem {
  status: number;
  errors?: { path: string; message: string }[];
}

async function json<T>(response: Response, status = 200): Promise<T> {
  expect(response.status, await response.clone().text()).toBe(status);
  return (await response.json()) as T;
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'asset-pulse-portal-api-'));
  database = await prepareAppDatabase(dataDir, insertPortalFixture);
  people = database.extra.people;
  host = await startDevhost({ dataDir, env: { ...database.env } });
}, 120_000);

afterAll(async () => {
  await host?.dispose();
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe(`the portal API through devhost (${lane()})`, () => {
  it('finds a whiteboard app by a feature word, priced in SEK, with free seats at a sibling', async () => {
    const page = await json<{
      items: {
        slug: string;
        vendor: string;
        plans: { code: string; model: string; monthlyPrice: number; currency: string }[];
        freeSeats: unknown;
        ownedAlternatives: unknown;
      }[];
      total: number;
      currency: string;
    }>(await drive.api('GET', '/catalog/apps?q=whiteboard', people.dev.email));
    expect(page.currency).toBe('SEK');
    expect(page.items.map((a) => a.slug)).toEqual(['boardly']);
    expect(page.total).toBe(1);
    const [app] = page.items;
    expect(app?.vendor).toBe('Whiteboards Inc');
    // 16 EUR and 14 EUR (the first tier) at 11.2 SEK a euro
    expect(app?.plans.map((p) => [p.code, p.model, p.monthlyPrice, p.currency])).toEqual([
      ['business', 'per_seat', 179.2, 'SEK'],
      ['enterprise', 'tiered', 156.8, 'SEK'],
    ]);
    expect(app?.freeSeats).toEqual({
      own: 0,
      affiliates: [{ companyCode: 'OTH', companyName: 'Other Company', seats: 5 }],
    });
    expect(app?.ownedAlternatives).toEqual([{ slug: 'chatter', name: 'chatter' }]);

    // by vendor and by category too, case-insensitively
    const byVendor = await json<{ items: { slug: string }[] }>(
      await drive.api('GET', '/catalog/apps?q=WHITEBOARDS%20inc', people.dev.email),
    );
    expect(byVendor.items.map((a) => a.slug)).toEqual(['boardly']);
    const byCategory = await json<{ total: number }>(
      await drive.api('GET', '/catalog/apps?category=collaboration&limit=1', people.dev.email),
    );
    expect(byCategory.total).toBe(3);
  });

  it("shows another subsidiary's person their own currency, contract price and seats", async () => {
    const app = await json<{
      plans: { code: string; monthlyPrice: number; currency: string; priceSource: string }[];
      freeSeats: unknown;
      ownedAlternatives: unknown;
      features: string[];
    }>(await drive.api('GET', '/catalog/apps/boardly', people.outsider.email));
    expect(app.plans[0]).toMatchObject({
      code: 'business',
      monthlyPrice: 15,
      currency: 'EUR',
      priceSource: 'contract',
    });
    expect(app.plans[1]).toMatchObject({ code: 'enterprise', monthlyPrice: 14, currency: 'EUR' });
    expect(app.freeSeats).toEqual({ own: 5, affiliates: [] });
    expect(app.ownedAlternatives).toEqual([]);
    expect(app.features).toEqual(['Infinite whiteboard', 'Diagramming']);
    expect((await drive.api('GET', '/catalog/apps/nothing-here', people.outsider.email)).status).toBe(404);
  });

  it('lists my licences with the last use, and the people I may request for', async () => {
    const mine = await json<{ items: unknown[] }>(await drive.api('GET', '/me/licenses', people.dev2.email));
    expect(mine.items).toEqual([
      expect.objectContaining({
        app: { slug: 'chatter', name: 'chatter' },
        plan: { name: 'Standard' },
        company: { code: 'TST', name: 'Test Company' },
        since: '2026-02-01T00:00:00.000Z',
        lastUsed: '2026-11-20T16:30:00.000Z',
        status: 'active',
      }),
    ]);
    expect(
      (await json<{ items: unknown[] }>(await drive.api('GET', '/me/licenses', people.dev.email))).items,
    ).toEqual([]);

    const self = await json<{ items: { email: string }[] }>(
      await drive.api('GET', '/people', people.dev.email),
    );
    expect(self.items.map((p) => p.email)).toEqual([people.dev.email]);
    const reports = await json<{ items: { email: string; jobTitle: string }[] }>(
      await drive.api('GET', '/people?q=dev', people.manager.email),
    );
    expect(reports.items.map((p) => p.email).sort()).toEqual([people.dev.email, people.dev2.email].sort());
    expect(reports.items[0]?.jobTitle).toBe('Software Engineer');
  });

  it('quotes what the submission then records, and the detail answers 304 while unchanged', async () => {
    const items = [{ app: 'boardly', plan: 'business', seats: 3 }, { app: 'tracker' }];
    const before = await json<{ items: unknown[] }>(
      await drive.api('GET', '/purchase-requests', people.dev.email),
    );
    const quote = await json<{
      currency: string;
      monthly: number;
      annual: number;
      items: {
        line: number;
        appSlug: string;
        planName: string;
        seats: number;
        unitPrice: number;
        monthly: number;
        priceSource: string;
      }[];
    }>(await drive.api('POST', '/purchase-requests/quote', people.dev.email, { items }));
    expect(quote.currency).toBe('SEK');
    expect(
      quote.items.map((i) => [i.appSlug, i.planName, i.seats, i.unitPrice, i.monthly, i.priceSource]),
    ).toEqual([
      ['boardly', 'Business', 3, 179.2, 537.6, 'catalog'],
      ['tracker', 'Pro', 1, 560, 560, 'catalog'],
    ]);
    expect(quote.monthly).toBe(1097.6);
    const after = await json<{ items: unknown[] }>(
      await drive.api('GET', '/purchase-requests', people.dev.email),
    );
    expect(after.items.length).toBe(before.items.length);

    const created = await drive.submit(people.dev.email, items);
    const detail = await drive.detail(created.id, people.dev.email);
    const recorded = detail as unknown as {
      currency: string;
      monthlyCost: number;
      annualCost: number;
      items: { line: number; unitPrice: number; monthlyCost: number; priceSource: string }[];
    };
    expect([recorded.currency, recorded.monthlyCost, recorded.annualCost]).toEqual([
      quote.currency,
      quote.monthly,
      quote.annual,
    ]);
    expect(recorded.items.map((i) => [i.line, i.unitPrice, i.monthlyCost, i.priceSource])).toEqual(
      quote.items.map((i) => [i.line, i.unitPrice, i.monthly, i.priceSource]),
    );

    // Cancelled, the request stops changing: its ETag then answers 304 with no body.
    const first = await drive.api('GET', `/purchase-requests/${created.id}`, people.dev.email);
    const firstTag = first.headers.get('etag');
    expect(firstTag).toMatch(/^".+"$/);
    expect(
      (await drive.api('POST', `/purchase-requests/${created.id}/cancel`, people.dev.email, {})).status,
    ).toBe(200);
    const get = async (etag: string) =>
      fetch(`${host.apiBase}/purchase-requests/${created.id}`, {
        headers: { authorization: await drive.bearer(people.dev.email), 'if-none-match': etag },
      });
    const changed = await get(firstTag!);
    expect(changed.status).toBe(200);
    let tag = changed.headers.get('etag')!;
    expect(tag).not.toBe(firstTag);
    let answer = await get(tag);
    // the workflow may still record the cancellation's last step; then the next answer is the stable one
    for (let i = 0; i < 20 && answer.status === 200; i++) {
      tag = answer.headers.get('etag')!;
      answer = await get(tag);
    }
    expect(answer.status).toBe(304);
    expect(await answer.text()).toBe('');
    expect(answer.headers.get('etag')).toBe(tag);
    // someone outside the request's scope still gets 404, ETag or not
    const outsider = await fetch(`${host.apiBase}/purchase-requests/${created.id}`, {
      headers: { authorization: await drive.bearer(people.outsider.email), 'if-none-match': tag },
    });
    expect(outsider.status).toBe(404);
  });

  it("shows a company Admin their company's ingest health, and a non-Admin 403", async () => {
    const stats = await json<{
      byCompany: { company: string; events: number }[];
      ingest: { quarantined: number };
    }>(await drive.api('GET', '/admin/usage/stats?from=2026-11-01&to=2026-11-30', people.admin.email));
    expect(stats.byCompany).toEqual([{ company: 'TST', name: 'Test Company', events: 7 }]);
    expect(stats.ingest.quarantined).toBe(1);
    const quarantine = await json<{ items: { eventId: string }[] }>(
      await drive.api('GET', '/admin/usage/quarantine?limit=10', people.admin.email),
    );
    expect(quarantine.items.map((i) => i.eventId)).toEqual(['tst-event']);
    expect(
      (await json<{ items: unknown[] }>(await drive.api('GET', '/admin/usage/failures', people.admin.email)))
        .items,
    ).toEqual([]);

    for (const path of ['/admin/usage/stats', '/admin/usage/quarantine', '/admin/usage/failures']) {
      const refused = await json<Problem>(await drive.api('GET', path, people.manager.email), 403);
      expect(refused.status).toBe(403);
    }
  });

  it('answers bad queries and bodies with 400 naming the field', async () => {
    const cases: [string, string, unknown, string][] = [
      ['GET', '/catalog/apps?limit=0', undefined, 'limit'],
      ['GET', '/catalog/apps?offset=-1', undefined, 'offset'],
      ['GET', `/catalog/apps?q=${'x'.repeat(201)}`, undefined, 'q'],
      ['GET', '/catalog/apps/Not_A_Slug', undefined, 'slug'],
      ['GET', '/people?limit=many', undefined, 'limit'],
      ['GET', '/people?search=ann', undefined, 'search'],
      ['GET', '/admin/usage/stats?from=2026-13-01', undefined, 'from'],
      ['GET', '/admin/usage/quarantine?limit=9999', undefined, 'limit'],
      ['POST', '/purchase-requests/quote', { items: [{ app: 'boardly', seats: 0 }] }, 'items.0.seats'],
      [
        'POST',
        '/purchase-requests/quote',
        { items: [{ app: 'boardly' }], neededBy: '2001-01-01' },
        'neededBy',
      ],
      ['POST', '/purchase-requests/quote', { items: [{ app: 'boardly', plan: 'gold' }] }, 'items.0.plan'],
    ];
    for (const [method, path, body, field] of cases) {
      const answer = await json<Problem>(await drive.api(method, path, people.admin.email, body), 400);
      expect(
        answer.errors?.map((e) => e.path),
        `${method} ${path}`,
      ).toContain(field);
    }
    // a person outside the requester's scope is refused as on submit
    const forbidden = await drive.api('POST', '/purchase-requests/quote', people.dev.email, {
      items: [{ app: 'boardly', forEmployee: people.dev2.email }],
    });
    expect(forbidden.status).toBe(403);
  });
});
