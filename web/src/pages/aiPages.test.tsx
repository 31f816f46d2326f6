// The AI engine's pages against a fake API in the shapes of issue #10: recommendations (list, evidence,
// accept/dismiss), similarity jobs (start, live progress, history), overlaps on a catalog app, and
// unknown app names; and who sees them in the navigation.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { AppOverlaps, Recommendation, SimilarityJob, UnknownApp } from '../api/types';
import { seriousViolations } from '../test/axeCheck';
import { person, renderPortal } from '../test/renderPortal';

const cto = person(['Employee', 'Manager', 'CTO'], 'Tor Cto');
const admin = person(['Employee', 'Admin'], 'Ari Admin');

const consolidation = (over: Partial<Recommendation> = {}): Recommendation => ({
  id: 'consolidation.NORD.team-chat',
  companyCode: 'NORD',
  kind: 'consolidation',
  status: 'open',
  title: 'Consolidate team chat on Chatter',
  summary: 'Three chat apps do the same job; keep Chatter and move the rest.',
  monthlySaving: 1250.5,
  annualSaving: 15006,
  currency: 'EUR',
  appSlugs: ['chatter', 'talkly'],
  companyCodes: ['NORD'],
  evidence: {
    cluster: { id: 'collaboration-1a2b3c4d', category: 'Team chat', slugs: ['chatter', 'talkly'] },
    currency: 'EUR',
    apps: [
      {
        slug: 'chatter',
        name: 'Chatter',
        monthlySpend: 800,
        seats: 100,
        activeShare: 0.92,
        activeUsers: 92,
        sharedUsers: 30,
        score: { coverage: 1, costPerActiveUser: 1, adoption: 0.92, total: 0.976 },
      },
      {
        slug: 'talkly',
        name: 'Talkly',
        monthlySpend: 600,
        seats: 40,
        activeShare: 0.35,
        activeUsers: 14,
        sharedUsers: 30,
        score: { coverage: 0.5, costPerActiveUser: 0.2, adoption: 0.35, total: 0.365 },
      },
    ],
    keep: { slug: 'chatter', why: 'Most features and the lowest cost per active user.' },
    remove: ['talkly'],
    extraSeats: 10,
    extraSeatsMonthlyCost: 80,
  },
  answeredBy: { provider: 'local', model: 'local-rules-v1', deterministic: true },
  decision: null,
  createdAt: '2026-11-30T02:00:00.000Z',
  updatedAt: '2026-11-30T02:00:00.000Z',
  ...over,
});

const crossMatch: Recommendation = {
  ...consolidation(),
  id: 'cross-subsidiary-match.GROUP.boardly',
  companyCode: 'GROUP',
  kind: 'cross-subsidiary-match',
  title: 'One group agreement for Boardly',
  summary: 'Two subsidiaries buy Boardly separately.',
  monthlySaving: 300,
  annualSaving: 3600,
  companyCodes: ['NORD', 'DE'],
  appSlugs: ['boardly'],
  // the shape F1 writes (shared/ai/recommendations/crossSubsidiaryMatch.ts, CrossSubsidiaryEvidence)
  evidence: {
    app: { slug: 'boardly', name: 'Boardly', vendor: 'Boardly Inc.' },
    contracts: [
      {
        contractId: 1,
        company: { code: 'NORD', name: 'Contoso Nordic' },
        plan: { code: 'team', name: 'Team', pricingModel: 'per_seat', billingPeriod: 'annual' },
        seats: 20,
        unitPrice: 170,
        currency: 'SEK',
        monthlyUnitPriceEur: 15.5,
        monthlySpendEur: 310,
        renewalDate: '2027-03-01',
        noticeDeadline: '2027-01-30',
        autoRenew: true,
      },
      {
        contractId: 2,
        company: { code: 'DE', name: 'Contoso Deutschland' },
        plan: { code: 'team', name: 'Team', pricingModel: 'per_seat', billingPeriod: 'annual' },
        seats: 30,
        unitPrice: 12,
        currency: 'EUR',
        monthlyUnitPriceEur: 12,
        monthlySpendEur: 360,
        renewalDate: '2027-06-01',
        noticeDeadline: '2027-05-02',
        autoRenew: false,
      },
    ],
    spread: { min: 12, q1: 12.9, median: 13.75, q3: 14.6, max: 15.5 },
    combinedSeats: 50,
    currentMonthlySpendEur: 670,
    bestPrice: { unitPriceEur: 12, companyCode: 'DE', monthlySpendEur: 600 },
    volumeTier: null,
    chosen: 'best-price',
    groupMonthlySpendEur: 600,
    nextRenewal: '2027-03-01',
    nextNoticeDeadline: '2027-01-30',
    exchangeRates: { EUR: 1, SEK: 10.97 },
  },
  answeredBy: { provider: 'azure-openai', model: 'gpt-4o-mini', deterministic: false },
};

const job = (over: Partial<SimilarityJob> = {}): SimilarityJob => ({
  id: 'job-1',
  trigger: 'manual',
  status: 'running',
  phase: 'embed',
  progress: { phase: 'embed', done: 40, total: 100, percent: 40, etaSeconds: 6 },
  createdAt: '2026-11-30T10:00:00.000Z',
  completedAt: null,
  requestedBy: { id: 3, name: 'Tor Cto' },
  scope: 'all',
  result: null,
  error: null,
  ...over,
});

const completed = (over: Partial<SimilarityJob> = {}): SimilarityJob =>
  job({
    status: 'completed',
    phase: 'done',
    progress: { phase: 'done', done: 100, total: 100, percent: 100, etaSeconds: 0 },
    completedAt: '2026-11-30T10:00:08.000Z',
    result: {
      appsEmbedded: 42,
      textsEmbedded: 180,
      pairsCompared: 861,
      overlapsFound: 17,
      overlapsWritten: 17,
      recommendationsWritten: 5,
      recommendationsUnchanged: 2,
      // the shape the API returns (shared/ai/similarity/similarityJobRows.ts SimilarityJobResult)
      tokens: 15000,
      cost: 0.42,
      costCurrency: 'EUR',
      cacheHitRate: 0.75,
      cacheHits: 30,
      cacheMisses: 10,
      provider: 'local',
      model: 'local-rules-v1',
    },
    ...over,
  });

const navLinks = async () =>
  within(await screen.findByRole('navigation', { name: 'Main' }))
    .getAllByRole('link')
    .map((l) => l.textContent);

describe('navigation to the AI pages', () => {
  it('shows Recommendations to CTO, Finance and Admin, Similarity jobs to CTO and Admin, Unknown apps to Admin', async () => {
    const answers = {
      'GET /me/licenses': { body: { items: [] } },
      'GET /approvals/pending': { body: { items: [] } },
      'GET /purchase-requests': { body: { items: [], total: 0, limit: 50, offset: 0 } },
    };
    let view = renderPortal('/', answers);
    expect(await navLinks()).not.toEqual(expect.arrayContaining(['Recommendations']));
    view.unmount();

    view = renderPortal('/', answers, cto);
    let links = await navLinks();
    expect(links).toEqual(expect.arrayContaining(['Recommendations', 'Similarity jobs']));
    expect(links).not.toContain('Unknown apps');
    view.unmount();

    view = renderPortal('/', answers, person(['Employee', 'Finance'], 'Fay Finance'));
    links = await navLinks();
    expect(links).toContain('Recommendations');
    expect(links).not.toContain('Similarity jobs');
    expect(links).not.toContain('Unknown apps');
    view.unmount();

    renderPortal('/', answers, admin);
    expect(await navLinks()).toEqual(
      expect.arrayContaining(['Recommendations', 'Similarity jobs', 'Unknown apps', 'Admin']),
    );
  });
});

describe('Recommendations', () => {
  it('lists open recommendations, the largest saving first in its currency, and filters by kind', async () => {
    const { sent } = renderPortal(
      '/recommendations',
      {
        'GET /recommendations': { body: { items: [crossMatch, consolidation()] } },
      },
      cto,
    );
    const table = await screen.findByRole('table', { name: 'Recommendations' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows[0]?.textContent).toContain('Consolidate team chat on Chatter');
    expect(rows[0]?.textContent).toContain('15,006.00');
    expect(rows[1]?.textContent).toContain('One group agreement for Boardly');
    expect(
      within(table).getByRole('link', { name: 'Consolidate team chat on Chatter' }).getAttribute('href'),
    ).toBe('/recommendations/consolidation.NORD.team-chat');
    expect(sent.some((r) => r.path === '/recommendations?status=open&limit=50')).toBe(true);

    await userEvent.selectOptions(screen.getByLabelText('Kind'), 'consolidation');
    await waitFor(() =>
      expect(sent.some((r) => r.path === '/recommendations?kind=consolidation&status=open&limit=50')).toBe(
        true,
      ),
    );
    expect(await seriousViolations()).toEqual([]);
  });

  it('says so when there are none, and shows the API error otherwise', async () => {
    const empty = renderPortal('/recommendations', { 'GET /recommendations': { body: { items: [] } } }, cto);
    expect(await screen.findByText(/No recommendations match/)).toBeTruthy();
    empty.unmount();
    renderPortal(
      '/recommendations',
      {
        'GET /recommendations': {
          status: 403,
          body: { title: 'Forbidden', status: 403, detail: 'Not for you.' },
        },
      },
      cto,
    );
    expect((await screen.findByRole('alert')).textContent).toContain('Not for you.');
  });
});

describe('A recommendation', () => {
  const path = '/recommendations/consolidation.NORD.team-chat';

  it('shows the consolidation evidence and labels the local rules as not a language model', async () => {
    renderPortal(path, { [`GET ${path}`]: { body: consolidation() } }, cto);
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Consolidate team chat on Chatter' }),
    ).toBeTruthy();
    const apps = screen.getByRole('table', { name: 'Apps in the cluster' });
    const talkly = within(apps).getByText('Talkly').closest('tr')!;
    expect(talkly.textContent).toContain('35%');
    expect(talkly.textContent).toContain('Move off');
    expect(within(apps).getByText('Chatter').closest('tr')!.textContent).toContain('Keep');
    expect(screen.getByText('Most features and the lowest cost per active user.')).toBeTruthy();
    expect(screen.getByText('Local rules (deterministic), not a language model')).toBeTruthy();
    expect(await seriousViolations()).toEqual([]);
  });

  it('shows the contracts, the price spread and the group price of a cross-subsidiary match', async () => {
    const id = 'cross-subsidiary-match.GROUP.boardly';
    renderPortal(`/recommendations/${id}`, { [`GET /recommendations/${id}`]: { body: crossMatch } }, cto);
    const contracts = await screen.findByRole('table', { name: 'Contracts' });
    expect(within(contracts).getByText('Contoso Nordic').closest('tr')!.textContent).toMatch(/SEK|kr/);
    expect(screen.getByRole('table', { name: /Price spread/ }).textContent).toContain('13.75');
    expect(screen.getByText('The best price any subsidiary pays (DE)')).toBeTruthy();
    expect(screen.getByText(/Language model: gpt-4o-mini · azure-openai/)).toBeTruthy();
    expect(screen.queryByText('Local rules (deterministic), not a language model')).toBeNull();
  });

  it('shows evidence it does not know, or that is malformed, as a plain table without failing', async () => {
    const odd = consolidation({
      kind: 'license-reclaim' as Recommendation['kind'],
      evidence: { idleSeats: 12, note: 'seats unused for 90 days', nested: { a: [1, 2] } },
    });
    const view = renderPortal(path, { [`GET ${path}`]: { body: odd } }, cto);
    const table = await screen.findByRole('table', { name: 'Evidence' });
    expect(within(table).getByText('Idle seats')).toBeTruthy();
    expect(within(table).getByText('seats unused for 90 days')).toBeTruthy();
    view.unmount();

    const broken = consolidation({
      evidence: { cluster: 'not an object', apps: [null, 3, { name: 'Chatter', seats: 'many' }], keep: null },
    });
    renderPortal(path, { [`GET ${path}`]: { body: broken } }, cto);
    const apps = await screen.findByRole('table', { name: 'Apps in the cluster' });
    expect(within(apps).getAllByRole('row')).toHaveLength(2);
    expect(within(apps).getByText('Chatter').closest('tr')!.textContent).toContain('—');
  });

  it('asks for a reason before accepting, sends it, and then shows the decision with the buttons disabled', async () => {
    let saved: Recommendation | undefined;
    const { sent } = renderPortal(
      path,
      {
        [`GET ${path}`]: () => ({ body: saved ?? consolidation() }),
        [`POST ${path}/accept`]: (request) => {
          saved = consolidation({
            status: 'accepted',
            decision: {
              status: 'accepted',
              reason: (request.body as { reason: string }).reason,
              byName: 'Tor Cto',
              at: '2026-11-30T12:00:00.000Z',
            },
          });
          return { body: saved };
        },
        'GET /recommendations': { body: { items: [] } },
      },
      cto,
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Accept' }));
    const dialog = await screen.findByRole('dialog');
    const reason = within(dialog).getByLabelText(/Reason/);
    await userEvent.type(reason, 'ok');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Accept' }));
    expect(await within(dialog).findByText('Say why in at least 3 characters.')).toBeTruthy();
    expect(reason.getAttribute('aria-invalid')).toBe('true');
    expect(sent.some((r) => r.method === 'POST')).toBe(false);
    expect(await seriousViolations()).toEqual([]);

    await userEvent.type(reason, ' — fewer chat apps');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Accept' }));
    expect(await screen.findByText('Recommendation accepted.')).toBeTruthy();
    expect(sent.find((r) => r.method === 'POST')?.body).toEqual({ reason: 'ok — fewer chat apps' });
    expect(screen.getByText(/Accepted by Tor Cto/)).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Accept' }).disabled).toBe(true);
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Dismiss' }).disabled).toBe(true);
  });

  it('says when someone else decided it meanwhile (409)', async () => {
    renderPortal(
      path,
      {
        [`GET ${path}`]: { body: consolidation() },
        [`POST ${path}/dismiss`]: {
          status: 409,
          body: { title: 'Conflict', status: 409, detail: 'Already accepted.' },
        },
      },
      cto,
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Dismiss' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(within(dialog).getByLabelText(/Reason/), 'We keep both for now');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Dismiss' }));
    expect(await within(dialog).findByText(/Someone decided this recommendation meanwhile/)).toBeTruthy();
  });
});

describe('Similarity jobs', () => {
  it('starts a job and shows its progress live until it completes, then the history with cost and cache hits', async () => {
    let started = false;
    let polls = 0;
    const { sent } = renderPortal(
      '/similarity-jobs',
      {
        'GET /similarity-jobs': () => ({ body: { items: started && polls >= 2 ? [completed()] : [] } }),
        'POST /similarity-jobs': () => {
          started = true;
          return {
            status: 202,
            body: { id: 'job-1', status: 'running', statusUrl: '/api/similarity-jobs/job-1' },
          };
        },
        'GET /similarity-jobs/job-1': () => {
          polls += 1;
          return { body: polls === 1 ? job() : completed() };
        },
      },
      cto,
    );
    expect(await screen.findByText('No similarity job has run yet.')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Start a similarity job' }));
    const bar = await screen.findByRole('progressbar');
    await waitFor(() => expect(bar.getAttribute('aria-valuenow')).toBe('40'));
    expect(screen.getByText('Progress: Embedding changed texts')).toBeTruthy();
    expect(screen.getByText(/40 % · 40 of 100 · about 6 s left/)).toBeTruthy();
    expect(await seriousViolations()).toEqual([]);

    await waitFor(() => expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100'), {
      timeout: 5000,
    });
    const history = await screen.findByRole('table', { name: 'Job history' });
    const row = within(history).getAllByRole('row')[1]!;
    expect(row.textContent).toContain('Started by hand');
    expect(row.textContent).toContain('8 s');
    expect(row.textContent).toContain('€0.42');
    expect(row.textContent).toContain('75% (30 of 40)');
    expect(row.textContent).toContain('5 (2 unchanged)');
    expect(sent.find((r) => r.method === 'POST')?.body).toEqual({});
  });

  it('shows the job already running when asked to start another (409), and cancels it', async () => {
    let cancelled = false;
    const { sent } = renderPortal(
      '/similarity-jobs',
      {
        'GET /similarity-jobs': { body: { items: [] } },
        'POST /similarity-jobs': {
          status: 409,
          body: { title: 'Conflict', status: 409, detail: 'A job is running.', runningJobId: 'job-9' },
        },
        'GET /similarity-jobs/job-9': () => ({
          body: cancelled ? job({ id: 'job-9', status: 'cancelled' }) : job({ id: 'job-9' }),
        }),
        'POST /similarity-jobs/job-9/cancel': () => {
          cancelled = true;
          return { status: 202, body: {} };
        },
      },
      admin,
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Start a similarity job' }));
    expect(await screen.findByText('A job is already running; it is shown below.')).toBeTruthy();
    await userEvent.click(await screen.findByRole('button', { name: 'Cancel job' }));
    expect(await screen.findByText(/% · Cancelled/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Cancel job' })).toBeNull();
    expect(sent.some((r) => r.method === 'POST' && r.path === '/similarity-jobs/job-9/cancel')).toBe(true);
  });

  it('hides the start button from someone who may only look', async () => {
    renderPortal(
      '/similarity-jobs',
      { 'GET /similarity-jobs': { body: { items: [completed()] } } },
      person(['Employee', 'Finance'], 'Fay Finance'),
    );
    expect(await screen.findByRole('table', { name: 'Job history' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Start a similarity job' })).toBeNull();
  });
});

describe('Overlaps on a catalog app', () => {
  const overlaps: AppOverlaps = {
    app: { slug: 'chatter', name: 'Chatter' },
    items: [
      {
        app: { slug: 'talkly', name: 'Talkly', vendor: 'Talk Inc', category: 'Collaboration' },
        similarity: 0.91,
        verdict: 'same-job',
        sharedFeatures: ['Channels', 'Direct messages'],
        rationale: 'Both are team chat with channels and direct messages.',
        answeredBy: { provider: 'local', model: 'local-rules-v1', deterministic: true },
        computedAt: '2026-11-30T02:00:00.000Z',
      },
    ],
    notice: 'Computed by the local rules.',
  };

  it('lists the apps that do the same job with similarity, verdict, shared features and rationale', async () => {
    renderPortal('/catalog/chatter', {
      'GET /catalog/apps/chatter': {
        body: {
          slug: 'chatter',
          name: 'Chatter',
          vendor: 'Chat Co',
          category: 'Collaboration',
          description: 'Team chat',
          plans: [],
          freeSeats: { own: 0, affiliates: [] },
          ownedAlternatives: [],
          features: ['Channels'],
        },
      },
      'GET /catalog/apps/chatter/overlaps': { body: overlaps },
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Chatter' })).toBeTruthy();
    const list = await screen.findByRole('list', { name: 'Apps that overlap with Chatter' });
    expect(within(list).getByRole('link', { name: 'Talkly' }).getAttribute('href')).toBe('/catalog/talkly');
    expect(within(list).getByText('Does the same job')).toBeTruthy();
    expect(within(list).getByText('91% similar')).toBeTruthy();
    expect(within(list).getByText('Shared features: Channels, Direct messages')).toBeTruthy();
    expect(within(list).getByText('Local rules (deterministic), not a language model')).toBeTruthy();
    expect(screen.getByText('Computed by the local rules.')).toBeTruthy();
    expect(await seriousViolations()).toEqual([]);
  });

  it('says so when nothing overlaps, and when the app does not exist', async () => {
    const view = renderPortal('/catalog/chatter', {
      'GET /catalog/apps/chatter': { body: { slug: 'chatter', name: 'Chatter', plans: [] } },
      'GET /catalog/apps/chatter/overlaps': { body: { app: overlaps.app, items: [] } },
    });
    expect(await screen.findByText(/No other app in the catalog does the same job/)).toBeTruthy();
    view.unmount();
    renderPortal('/catalog/nope', {});
    expect(await screen.findByRole('heading', { level: 1, name: 'App not found' })).toBeTruthy();
  });
});

describe('Unknown apps', () => {
  const unknown: UnknownApp[] = [
    {
      name: 'MS Teams Desktop',
      events: 1200,
      firstSeen: '2026-11-01T08:00:00.000Z',
      lastSeen: '2026-11-29T17:00:00.000Z',
      companies: ['NORD', 'DE'],
      candidate: {
        slug: 'teams',
        name: 'Microsoft Teams',
        similarity: 0.88,
        confirmed: true,
        rationale: 'The name is the product name with a platform suffix.',
        answeredBy: { provider: 'local', model: 'local-rules-v1', deterministic: true },
      },
    },
    {
      name: 'wbrd',
      events: 3,
      firstSeen: '2026-11-20T08:00:00.000Z',
      lastSeen: '2026-11-20T09:00:00.000Z',
      companies: ['NORD'],
      candidate: null,
    },
  ];

  it('accepts the candidate as an alias, and the name leaves the list', async () => {
    let accepted = false;
    const { sent } = renderPortal(
      '/unknown-apps',
      {
        'GET /app-identity/unknown-apps': () => ({ body: { items: accepted ? unknown.slice(1) : unknown } }),
        'POST /app-identity/aliases': () => {
          accepted = true;
          return {
            status: 201,
            body: {
              alias: 'MS Teams Desktop',
              app: { slug: 'teams', name: 'Microsoft Teams' },
              reingested: 1200,
            },
          };
        },
      },
      admin,
    );
    expect(await screen.findByText('The name is the product name with a platform suffix.')).toBeTruthy();
    expect(screen.getByText('Confirmed')).toBeTruthy();
    expect(await seriousViolations()).toEqual([]);
    await userEvent.click(
      screen.getByRole('button', { name: 'Accept Microsoft Teams for “MS Teams Desktop”' }),
    );
    expect(
      await screen.findByText(
        /“MS Teams Desktop” is now known as Microsoft Teams; 1,200 quarantined events ingested/,
      ),
    ).toBeTruthy();
    expect(sent.find((r) => r.method === 'POST')?.body).toEqual({
      name: 'MS Teams Desktop',
      appSlug: 'teams',
    });
    await waitFor(() => expect(screen.queryByRole('heading', { name: '“MS Teams Desktop”' })).toBeNull());
  });

  it('picks an app from a catalog search for a name without a candidate, and needs one chosen', async () => {
    const { sent } = renderPortal(
      '/unknown-apps',
      {
        'GET /app-identity/unknown-apps': { body: { items: unknown } },
        'GET /catalog/apps': (request) => ({
          body: {
            items: request.path.includes('q=board')
              ? [
                  {
                    slug: 'boardly',
                    name: 'Boardly',
                    vendor: 'Whiteboards Inc',
                    category: 'Collaboration',
                    description: '',
                    plans: [],
                    freeSeats: { own: 0, affiliates: [] },
                    ownedAlternatives: [],
                  },
                ]
              : [],
            total: 0,
            limit: 20,
            offset: 0,
            currency: 'EUR',
          },
        }),
        'POST /app-identity/aliases': {
          status: 201,
          body: { alias: 'wbrd', app: { slug: 'boardly', name: 'Boardly' }, reingested: 3 },
        },
      },
      admin,
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Choose an app for “wbrd”' }));
    const dialog = await screen.findByRole('dialog');
    expect(await within(dialog).findByText('No app matches “wbrd”.')).toBeTruthy();
    const search = within(dialog).getByLabelText('Search the catalog');
    await userEvent.clear(search);
    await userEvent.type(search, 'board');
    const boardly = await within(dialog).findByRole('radio', { name: /Boardly/ });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save alias' }));
    expect(await within(dialog).findByText('Choose the app this name stands for.')).toBeTruthy();
    expect(sent.some((r) => r.method === 'POST')).toBe(false);
    await userEvent.click(boardly);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save alias' }));
    expect(await screen.findByText(/“wbrd” is now known as Boardly/)).toBeTruthy();
    expect(sent.find((r) => r.method === 'POST')?.body).toEqual({ name: 'wbrd', appSlug: 'boardly' });
  });
});
