// Purchase templates through devhost with the local issuer's bearer tokens: HR creates and edits a
// template (a stale edit is 409), every version stays readable, an employee cannot write and another
// subsidiary cannot see it, suggestions come from usage, and requesting a template makes one purchase
// request that records the template's version. Bad bodies and queries are 400s naming the field.
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
const HR = ['Employee', 'HR'];

interface Problem {
  status: number;
  errors?: { path: string; message: string }[];
}

async function json<T>(response: Response, status = 200): Promise<T> {
  expect(response.status, await response.clone().text()).toBe(status);
  return (await response.json()) as T;
}

const paths = (problem: Problem) => (problem.errors ?? []).map((e) => e.path);
const inTwoWeeks = () => new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'asset-pulse-templates-api-'));
  database = await prepareAppDatabase(dataDir, async (db, directory) => {
    const portal = await insertPortalFixture(db, directory);
    // Three of the four Engineering people used tracker lately (relative to today: the window moves).
    const tracker = directory.apps.find((a) => a.slug === 'tracker');
    const day = new Date(Date.now() - 5 * 86_400_000).toISOString().slice(0, 10);
    await db
      .insertInto('usage_daily')
      .values(
        [portal.people.manager, portal.people.dev, portal.people.dev2].map((p) => ({
          employee_id: p.id,
          app_id: tracker?.id ?? 0,
          day,
          company_id: directory.companyId,
          events: 2,
          quantity: 2,
          first_at: `${day}T08:00:00Z`,
          last_at: `${day}T09:00:00Z`,
        })),
      )
      .execute();
    return portal;
  });
  people = database.extra.people;
  host = await startDevhost({ dataDir, env: { ...database.env } });
}, 120_000);

afterAll(async () => {
  await host?.dispose();
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

const kit = {
  code: 'ENG-KIT',
  name: 'Engineering kit',
  roleTitle: 'Software Engineer',
  items: [
    { app: 'tracker', plan: 'pro', seats: 1, optional: false },
    { app: 'boardly', seats: 1, optional: true },
  ],
};

describe(`purchase templates through devhost (${lane()})`, () => {
  let id = 0;

  it('lets HR create a template and refuses employees and bad bodies, naming the field', async () => {
    const hr = people.ceo.email;
    expect((await drive.api('POST', '/purchase-templates', people.dev.email, kit)).status).toBe(403);
    const noRole = await json<Problem>(
      await drive.api('POST', '/purchase-templates', hr, { ...kit, roleTitle: undefined }, HR),
      400,
    );
    expect(paths(noRole)).toEqual(['roleTitle']);
    const tooMany = await json<Problem>(
      await drive.api(
        'POST',
        '/purchase-templates',
        hr,
        { ...kit, items: [{ app: 'tracker', seats: 101, optional: false }] },
        HR,
      ),
      400,
    );
    expect(paths(tooMany)).toEqual(['items.0.seats']);
    const twice = await json<Problem>(
      await drive.api(
        'POST',
        '/purchase-templates',
        hr,
        { ...kit, items: [{ app: 'tracker' }, { app: 'tracker' }] },
        HR,
      ),
      400,
    );
    expect(paths(twice)).toEqual(['items.1.app']);

    const created = await json<{ id: number; version: number }>(
      await drive.api('POST', '/purchase-templates', hr, kit, HR),
      201,
    );
    expect(created.version).toBe(1);
    id = created.id;
    expect((await drive.api('POST', '/purchase-templates', hr, kit, HR)).status).toBe(409);
  });

  it('lists it for the company with the cost per person in SEK', async () => {
    const list = await json<{
      company: string;
      currency: string;
      templates: { id: number; code: string; costPerPerson: { monthly: number; optionalMonthly: number } }[];
    }>(await drive.api('GET', '/purchase-templates', people.dev.email));
    expect(list).toMatchObject({ company: 'TST', currency: 'SEK' });
    // tracker pro 50 EUR; boardly without a plan named: its cheapest, enterprise at 14 EUR; 11.2 SEK a euro
    expect(list.templates.find((t) => t.id === id)?.costPerPerson).toMatchObject({
      monthly: 560,
      optionalMonthly: 156.8,
    });
    const unknown = await json<Problem>(
      await drive.api('GET', '/purchase-templates?company=TST', people.dev.email),
      400,
    );
    expect(paths(unknown)).toEqual(['company']);
    expect((await drive.api('GET', '/purchase-templates?companyCode=OTH', people.dev.email)).status).toBe(
      403,
    );
    expect((await drive.api('GET', `/purchase-templates/${id}`, people.outsider.email)).status).toBe(404);
    const badId = await json<Problem>(
      await drive.api('GET', '/purchase-templates/abc', people.dev.email),
      400,
    );
    expect(paths(badId)).toEqual(['id']);
  });

  it('saves an edit as version 2, refuses the stale one with 409, and keeps version 1', async () => {
    const hr = people.ceo.email;
    const edit = {
      ...kit,
      name: 'Engineering kit v2',
      items: [{ app: 'tracker', plan: 'pro' }],
      expectedVersion: 1,
    };
    expect((await drive.api('PUT', `/purchase-templates/${id}`, people.dev.email, edit)).status).toBe(403);
    expect(await json(await drive.api('PUT', `/purchase-templates/${id}`, hr, edit, HR))).toEqual({
      id,
      version: 2,
    });
    const stale = await json<{ currentVersion: number }>(
      await drive.api('PUT', `/purchase-templates/${id}`, hr, edit, HR),
      409,
    );
    expect(stale.currentVersion).toBe(2);
    const detail = await json<{ currentVersion: number; versions: { version: number }[] }>(
      await drive.api('GET', `/purchase-templates/${id}`, people.dev.email),
    );
    expect(detail.currentVersion).toBe(2);
    expect(detail.versions.map((v) => v.version)).toEqual([2, 1]);
    const first = await json<{ name: string; items: { app: string }[] }>(
      await drive.api('GET', `/purchase-templates/${id}/versions/1`, people.dev.email),
    );
    expect(first.name).toBe('Engineering kit');
    expect(first.items.map((i) => i.app).sort()).toEqual(['boardly', 'tracker']);
  });

  it('suggests from usage for HR only, with minShare checked', async () => {
    const hr = people.ceo.email;
    const suggestions = await json<{
      suggestions: { basis: string; department: string | null; people: number; items: { app: string }[] }[];
    }>(await drive.api('GET', '/purchase-templates/suggestions?minShare=0.5', hr, undefined, HR));
    const eng = suggestions.suggestions.find((s) => s.basis === 'department' && s.department === 'ENG');
    expect(eng?.people).toBe(4);
    expect(eng?.items.map((i) => i.app)).toEqual(['tracker']);
    const bad = await json<Problem>(
      await drive.api('GET', '/purchase-templates/suggestions?minShare=2', hr, undefined, HR),
      400,
    );
    expect(paths(bad)).toEqual(['minShare']);
    expect((await drive.api('GET', '/purchase-templates/suggestions', people.dev.email)).status).toBe(403);

    const accepted = await json<{ id: number; version: number }>(
      await drive.api(
        'POST',
        '/purchase-templates/suggestions/accept',
        hr,
        {
          companyCode: 'TST',
          basis: 'department',
          department: 'ENG',
          items: [{ app: 'chatter', seats: 1, optional: false }],
          code: 'ENG-CHAT',
          name: 'Engineering chat',
        },
        HR,
      ),
      201,
    );
    expect(accepted.version).toBe(1);
  });

  it('requests the template as one purchase request that records its version', async () => {
    const noReason = await json<Problem>(
      await drive.api('POST', `/purchase-templates/${id}/request`, people.dev.email, {
        neededBy: inTwoWeeks(),
      }),
      400,
    );
    expect(paths(noReason)).toEqual(['justification']);
    const created = await json<{ id: string; code: string; templateId: number; templateVersion: number }>(
      await drive.api('POST', `/purchase-templates/${id}/request`, people.dev.email, {
        justification: 'Joining the billing team next week.',
        neededBy: inTwoWeeks(),
      }),
      201,
    );
    expect(created).toMatchObject({ templateId: id, templateVersion: 2 });
    const request = await json<{ code: string; items: { app: { slug: string } }[] }>(
      await drive.api('GET', `/purchase-requests/${created.id}`, people.dev.email),
    );
    expect(request.code).toBe(created.code);
    // PGlite belongs to devhost while it runs; on the server lane the row itself is checked
    if (database.env.DATABASE_URL) {
      const stored = await database.use((db) =>
        db
          .selectFrom('purchase_requests')
          .select(['template_id', 'template_version'])
          .where('id', '=', created.id)
          .executeTakeFirstOrThrow(),
      );
      expect(stored).toEqual({ template_id: id, template_version: 2 });
    }

    // dina already holds chatter: the ENG-CHAT template has nothing left for her
    const list = await json<{ templates: { id: number; code: string }[] }>(
      await drive.api('GET', '/purchase-templates', people.dev2.email),
    );
    const chat = list.templates.find((t) => t.code === 'ENG-CHAT');
    const nothing = await json<Problem>(
      await drive.api('POST', `/purchase-templates/${chat?.id ?? 0}/request`, people.dev2.email, {
        justification: 'I would like the chat app.',
        neededBy: inTwoWeeks(),
      }),
      400,
    );
    expect(paths(nothing)).toEqual(['templateId']);
  });

  it('archives it: gone from the list, not requestable, its versions readable', async () => {
    expect((await drive.api('DELETE', `/purchase-templates/${id}`, people.dev.email)).status).toBe(403);
    await json(await drive.api('DELETE', `/purchase-templates/${id}`, people.ceo.email, undefined, HR));
    const list = await json<{ templates: { id: number }[] }>(
      await drive.api('GET', '/purchase-templates', people.dev.email),
    );
    expect(list.templates.some((t) => t.id === id)).toBe(false);
    await json(await drive.api('GET', `/purchase-templates/${id}/versions/2`, people.dev.email));
    expect(
      (
        await drive.api('POST', `/purchase-templates/${id}/request`, people.dev.email, {
          justification: 'Once more, please.',
          neededBy: inTwoWeeks(),
        })
      ).status,
    ).toBe(404);
  });
});
