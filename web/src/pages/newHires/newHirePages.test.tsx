// The new-hire pages against a fake API: the wizard's steps with their validation, the ranked bundle
// with reasons, dropping an app and the totals, the three writes of a submission; the list and the
// hire's page.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { NewHire } from '../../api/newHireTypes';
import { seriousViolations } from '../../test/axeCheck';
import { person, renderPortal } from '../../test/renderPortal';
import { analystKit, match } from './testData';

const hr = () => person(['Employee', 'HR'], 'Hana HR');

const hire = (over: Partial<NewHire> = {}): NewHire => ({
  id: 'b7c1d2e3-0000-4000-8000-000000000011',
  status: 'requested',
  revision: 2,
  person: {
    employeeId: 901,
    displayName: 'Ada Lovelace',
    email: 'ada.lovelace@scb.example',
    jobTitle: 'Data Analyst',
    department: 'DATA',
    status: 'starting',
  },
  manager: { displayName: 'Lee Lead', email: 'lead@scb.example' },
  companyCode: 'NORD',
  currency: 'EUR',
  startDate: '2099-12-14',
  jobDescription: 'Write SQL and build dashboards for sales.',
  seniority: 'mid',
  match,
  bundle: [
    {
      app: { slug: 'tableau', name: 'Tableau' },
      plan: { code: 'creator', name: 'Creator' },
      source: 'jd-match',
      monthlyCost: 70,
      coverage: { kind: 'free-seat', companyCode: 'NORD', freeSeats: 3 },
      reasons: match.apps[1]!.reasons,
    },
  ],
  bundleMonthlyCost: 70,
  template: null,
  request: {
    id: 'c0ffee00-0000-4000-8000-000000000001',
    code: 'NORD-20261201-0001',
    status: 'pending',
    steps: [{ step: 1, kind: 'manager', approver: 'Lee Lead', status: 'waiting' }],
  },
  seats: [],
  timeline: [
    { at: '2026-12-01T09:00:00.000Z', what: 'recorded', detail: 'by Hana HR' },
    { at: '2026-12-01T09:01:00.000Z', what: 'submitted', detail: 'NORD-20261201-0001' },
  ],
  ...over,
});

describe('the new-hire wizard', () => {
  it('checks each step, shows the ranked bundle with reasons, drops an app and submits the rest', async () => {
    const user = userEvent.setup();
    const { sent, router } = renderPortal(
      '/new-hires/new',
      {
        'GET /people': { body: { items: [] } },
        'GET /catalog/apps': { body: { items: [], total: 0, limit: 20, offset: 0, currency: 'EUR' } },
        'POST /recommendations/jd-match': { body: match },
        'POST /new-hires': { status: 201, body: hire({ status: 'draft', revision: 1, request: null }) },
        [`PUT /new-hires/${hire().id}/bundle`]: {
          body: hire({ status: 'draft', revision: 2, request: null }),
        },
        [`POST /new-hires/${hire().id}/submit`]: { body: hire() },
        [`GET /new-hires/${hire().id}`]: { body: hire() },
      },
      hr(),
    );
    await screen.findByRole('heading', { name: 'Step 1 of 4: Person' });
    await user.click(screen.getByRole('button', { name: 'Next: job description' }));
    expect((await screen.findAllByRole('alert')).length).toBeGreaterThan(1);
    expect(screen.getAllByText('Give the person’s name.').length).toBeGreaterThan(0);

    await user.type(screen.getByRole('textbox', { name: /^Name/ }), 'Ada Lovelace');
    await user.type(screen.getByRole('textbox', { name: /Work e-mail/ }), 'ada.lovelace@scb.example');
    await user.type(screen.getByRole('textbox', { name: /Job title/ }), 'Data Analyst');
    await user.type(screen.getByRole('textbox', { name: /Department code/ }), 'data');
    await user.type(screen.getByLabelText(/Manager’s e-mail/), 'lead@scb.example');
    await user.click(screen.getByRole('button', { name: 'Next: job description' }));

    const stepTwo = await screen.findByRole('heading', { name: 'Step 2 of 4: Job description' });
    // focus follows the step, for keyboard and screen-reader users
    await waitFor(() => expect(document.activeElement).toBe(stepTwo));
    const jd = screen.getByRole('textbox', { name: /Job description/ });
    await user.type(jd, 'SQL');
    await user.click(screen.getByRole('button', { name: 'Next: propose apps' }));
    expect(screen.getAllByText(/at least a sentence/).length).toBeGreaterThan(0);
    await user.type(jd, ': write SQL and build dashboards for sales.');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Seniority' }), 'mid');
    await user.click(screen.getByRole('button', { name: 'Next: propose apps' }));

    await screen.findByRole('heading', { name: 'Step 3 of 4: Proposed bundle' });
    const ranked = screen.getByRole('list', { name: 'Proposed apps' });
    expect(
      within(ranked)
        .getAllByRole('heading')
        .map((h) => h.textContent),
    ).toEqual(['1. Tableau', '2. DBeaver']);
    expect(within(ranked).getByText(/9 of 12 Data Analysts/)).toBeTruthy();
    expect(within(ranked).getByText(/“write SQL”/)).toBeTruthy();
    expect(screen.getByText(/Local rules \(deterministic\)/)).toBeTruthy();
    expect(sent.find((r) => r.path === '/recommendations/jd-match')?.body).toMatchObject({
      jobTitle: 'Data Analyst',
      department: 'DATA',
      seniority: 'mid',
    });
    expect(await seriousViolations()).toEqual([]);

    await user.click(screen.getByRole('button', { name: 'Next: adjust' }));
    await screen.findByRole('heading', { name: 'Step 4 of 4: Adjust and submit' });
    const totals = screen.getByLabelText('Totals');
    expect(totals.textContent).toMatch(/2 apps: €82\.50 a month/);
    await user.click(screen.getByRole('button', { name: 'Remove DBeaver' }));
    expect(totals.textContent).toMatch(/1 app: €70\.00 a month · €840\.00 a year/);
    expect(await seriousViolations()).toEqual([]);

    await user.click(screen.getByRole('button', { name: 'Submit the request' }));
    await waitFor(() => expect(router.state.location.pathname).toBe(`/new-hires/${hire().id}`));
    const writes = sent.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);
    expect(writes).toEqual([
      'POST /recommendations/jd-match',
      'POST /new-hires',
      `PUT /new-hires/${hire().id}/bundle`,
      `POST /new-hires/${hire().id}/submit`,
    ]);
    expect(sent.find((r) => r.method === 'PUT')?.body).toEqual({
      revision: 1,
      items: [{ app: 'tableau', plan: 'creator' }],
    });
    expect(sent.find((r) => r.path === '/new-hires' && r.method === 'POST')?.body).toMatchObject({
      displayName: 'Ada Lovelace',
      managerEmail: 'lead@scb.example',
      department: 'DATA',
      seniority: 'mid',
    });
    await screen.findByRole('heading', { level: 1, name: 'Ada Lovelace' });
  });

  it('shows the API’s field error on the step its field is on', async () => {
    const user = userEvent.setup();
    renderPortal(
      '/new-hires/new',
      {
        'GET /people': { body: { items: [] } },
        'POST /recommendations/jd-match': {
          status: 400,
          body: {
            title: 'Bad Request',
            errors: [{ path: 'department', message: 'no such department at NORD' }],
          },
        },
      },
      hr(),
    );
    await user.type(await screen.findByRole('textbox', { name: /^Name/ }), 'Ada Lovelace');
    await user.type(screen.getByRole('textbox', { name: /Work e-mail/ }), 'ada@nord.example');
    await user.type(screen.getByRole('textbox', { name: /Job title/ }), 'Data Analyst');
    await user.type(screen.getByRole('textbox', { name: /Department code/ }), 'XX');
    await user.click(screen.getByRole('button', { name: 'Next: job description' }));
    await user.type(
      await screen.findByRole('textbox', { name: /Job description/ }),
      'Write SQL and build dashboards for the sales team.',
    );
    await user.click(screen.getByRole('button', { name: 'Next: propose apps' }));
    await screen.findByRole('heading', { name: 'Step 1 of 4: Person' });
    expect(screen.getAllByText('no such department at NORD').length).toBeGreaterThan(0);
  });

  it('after a refused bundle, submits again from the hire already recorded, never recording it twice', async () => {
    const user = userEvent.setup();
    let puts = 0;
    const draft = hire({ status: 'draft', revision: 1, request: null });
    const { sent, router } = renderPortal(
      '/new-hires/new',
      {
        'GET /people': { body: { items: [] } },
        'GET /catalog/apps': { body: { items: [], total: 0, limit: 20, offset: 0, currency: 'EUR' } },
        'POST /recommendations/jd-match': { body: match },
        'POST /new-hires': { status: 201, body: draft },
        [`GET /new-hires/${draft.id}`]: { body: draft },
        [`PUT /new-hires/${draft.id}/bundle`]: () =>
          (puts += 1) === 1
            ? {
                status: 400,
                body: {
                  title: 'Bad Request',
                  errors: [{ path: 'items.1.app', message: 'no app "dbeaver"' }],
                },
              }
            : { body: { ...draft, revision: 2 } },
        [`POST /new-hires/${draft.id}/submit`]: { body: hire() },
      },
      hr(),
    );
    await user.type(await screen.findByRole('textbox', { name: /^Name/ }), 'Ada Lovelace');
    await user.type(screen.getByRole('textbox', { name: /Work e-mail/ }), 'ada@nord.example');
    await user.type(screen.getByRole('textbox', { name: /Job title/ }), 'Data Analyst');
    await user.click(screen.getByRole('button', { name: 'Next: job description' }));
    await user.type(
      await screen.findByRole('textbox', { name: /Job description/ }),
      'Write SQL and build dashboards for the sales team.',
    );
    await user.click(screen.getByRole('button', { name: 'Next: propose apps' }));
    await user.click(await screen.findByRole('button', { name: 'Next: adjust' }));
    await user.click(await screen.findByRole('button', { name: 'Submit the request' }));
    expect((await screen.findAllByText(/no app "dbeaver"/)).length).toBeGreaterThan(0);
    expect(screen.getByText(/recorded as a draft but not submitted/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Remove DBeaver' }));
    await user.click(screen.getByRole('button', { name: 'Submit the request' }));
    await waitFor(() => expect(router.state.location.pathname).toBe(`/new-hires/${draft.id}`));
    expect(sent.filter((r) => r.method === 'POST' && r.path === '/new-hires')).toHaveLength(1);
    expect(sent.filter((r) => r.method === 'PUT').map((r) => r.body)).toEqual([
      {
        revision: 1,
        items: [
          { app: 'tableau', plan: 'creator' },
          { app: 'dbeaver', plan: 'pro' },
        ],
      },
      { revision: 1, items: [{ app: 'tableau', plan: 'creator' }] },
    ]);
  });

  it('loads a purchase template into the bundle, and the request names it', async () => {
    const user = userEvent.setup();
    const { sent, router } = renderPortal(
      '/new-hires/new',
      {
        'GET /people': { body: { items: [] } },
        'GET /catalog/apps': { body: { items: [], total: 0, limit: 20, offset: 0, currency: 'EUR' } },
        'GET /purchase-templates': {
          body: { company: 'SCB', currency: 'EUR', companies: [], templates: [analystKit] },
        },
        'POST /recommendations/jd-match': { body: match },
        'POST /new-hires': { status: 201, body: hire({ status: 'draft', revision: 1, request: null }) },
        [`PUT /new-hires/${hire().id}/bundle`]: {
          body: hire({ status: 'draft', revision: 2, request: null }),
        },
        [`POST /new-hires/${hire().id}/submit`]: { body: hire() },
        [`GET /new-hires/${hire().id}`]: { body: hire() },
      },
      hr(),
    );
    await screen.findByRole('heading', { name: 'Step 1 of 4: Person' });
    await user.type(screen.getByRole('textbox', { name: /^Name/ }), 'Ada Lovelace');
    await user.type(screen.getByRole('textbox', { name: /Work e-mail/ }), 'ada.lovelace@scb.example');
    await user.type(screen.getByRole('textbox', { name: /Job title/ }), 'Data Analyst');
    await user.click(screen.getByRole('button', { name: 'Next: job description' }));
    await screen.findByRole('heading', { name: 'Step 2 of 4: Job description' });
    await user.type(
      screen.getByRole('textbox', { name: /Job description/ }),
      'Write SQL and build dashboards for sales.',
    );
    await user.click(screen.getByRole('button', { name: 'Next: propose apps' }));
    await screen.findByRole('heading', { name: 'Step 3 of 4: Proposed bundle' });
    await user.click(screen.getByRole('button', { name: 'Next: adjust' }));
    await screen.findByRole('heading', { name: 'Step 4 of 4: Adjust and submit' });

    const load = await screen.findByRole('button', { name: 'Load the template into the bundle' });
    await user.click(load);
    expect(screen.getAllByText('Choose a template to load.').length).toBeGreaterThan(0);
    await user.selectOptions(screen.getByRole('combobox', { name: /^Template/ }), '3');
    await user.click(screen.getByRole('checkbox', { name: 'Figma (Pro)' }));
    await user.click(load);
    const bundle = screen.getByRole('list', { name: 'Apps in the bundle' });
    expect(
      within(bundle)
        .getAllByRole('heading')
        .map((h) => h.textContent),
    ).toEqual(['Tableau', 'Snowflake', 'Figma']);
    expect(within(bundle).getByText('priced by use')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toMatch(/the template Analyst kit \(version 2\)/);
    expect(await seriousViolations()).toEqual([]);

    await user.click(screen.getByRole('button', { name: 'Submit the request' }));
    await waitFor(() => expect(router.state.location.pathname).toBe(`/new-hires/${hire().id}`));
    expect(sent.find((r) => r.method === 'PUT')?.body).toEqual({
      revision: 1,
      templateId: 3,
      optionalItems: ['figma'],
    });
  });

  it('is not offered to an employee', async () => {
    renderPortal('/new-hires/new', {}, person(['Employee']));
    expect(await screen.findByText('Recording a new hire is for HR and Admins.')).toBeTruthy();
  });
});

describe('the new hires and a hire’s page', () => {
  it('lists the hires with a status filter, for a Manager too', async () => {
    const user = userEvent.setup();
    const { sent } = renderPortal(
      '/new-hires',
      {
        'GET /new-hires': { body: { items: [hire()] } },
        'GET /new-hires?status=started': { body: { items: [] } },
      },
      person(['Employee', 'Manager'], 'Lee Lead'),
    );
    expect(await screen.findByRole('link', { name: 'Ada Lovelace' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Record a new hire' })).toBeNull();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Status' }), 'started');
    expect(await screen.findByText('No new hire is started.')).toBeTruthy();
    expect(sent.map((r) => r.path)).toContain('/new-hires?status=started');
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'New hires' })).toBeTruthy();
  });

  it('shows the person, bundle, approval steps and timeline; moves the start date; then the seats', async () => {
    const user = userEvent.setup();
    let current = hire();
    const { sent } = renderPortal(
      `/new-hires/${hire().id}`,
      {
        [`GET /new-hires/${hire().id}`]: () => ({ body: current }),
        [`PATCH /new-hires/${hire().id}`]: (request) => {
          current = { ...current, startDate: (request.body as { startDate: string }).startDate };
          return { body: current };
        },
      },
      hr(),
    );
    await screen.findByRole('heading', { level: 1, name: 'Ada Lovelace' });
    expect(screen.getByRole('heading', { name: /Bundle: €70\.00 a month/ })).toBeTruthy();
    expect(screen.getByText(/9 of 12 Data Analysts/)).toBeTruthy();
    const steps = screen.getByRole('list', { name: 'Approval steps' });
    expect(steps.textContent).toMatch(/Manager: Lee Lead/);
    expect(screen.getByText(/Seats are assigned on the start date/)).toBeTruthy();
    expect(screen.getByText(/Request submitted/)).toBeTruthy();
    expect(await seriousViolations()).toEqual([]);

    await user.click(screen.getByRole('button', { name: 'Move the start date' }));
    const date = screen.getByLabelText('New start date');
    await user.clear(date);
    await user.type(date, '2099-12-21');
    await user.click(screen.getByRole('button', { name: 'Save the date' }));
    await waitFor(() =>
      expect(sent.find((r) => r.method === 'PATCH')?.body).toEqual({ startDate: '2099-12-21' }),
    );
    current = {
      ...current,
      status: 'started',
      seats: [
        {
          app: { slug: 'tableau', name: 'Tableau' },
          contractCompanyCode: 'NORD',
          assignedAt: '2099-12-21T00:00:00Z',
        },
      ],
    };
    const seats = await screen.findByRole('list', { name: 'Seats' }, { timeout: 5000 });
    expect(seats.textContent).toMatch(/Tableau — contract of NORD/);
  });

  it('submits a draft from its page', async () => {
    const user = userEvent.setup();
    let current = hire({ status: 'draft', request: null });
    renderPortal(
      `/new-hires/${current.id}`,
      {
        [`GET /new-hires/${current.id}`]: () => ({ body: current }),
        [`POST /new-hires/${current.id}/submit`]: () => {
          current = hire();
          return { body: current };
        },
      },
      hr(),
    );
    expect(await screen.findByText('Not submitted yet.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Submit the request' }));
    expect(await screen.findByRole('link', { name: 'NORD-20261201-0001' })).toBeTruthy();
  });

  it('adjusts a draft’s bundle with the wizard’s editor, then loads a template into it', async () => {
    const user = userEvent.setup();
    let current = hire({ status: 'draft', request: null });
    const fromTemplate = hire({
      status: 'draft',
      revision: 3,
      request: null,
      template: { id: 3, version: 2, name: 'Analyst kit' },
      bundleMonthlyCost: 70,
      bundle: [
        { ...hire().bundle[0]!, source: 'template', reasons: [] },
        {
          app: { slug: 'snowflake', name: 'Snowflake' },
          plan: { code: 'on-demand', name: 'On demand', pricingModel: 'pay_per_use' },
          source: 'template',
          monthlyCost: 0,
          coverage: { kind: 'purchase' },
          reasons: [],
        },
      ],
    });
    const { sent } = renderPortal(
      `/new-hires/${current.id}`,
      {
        [`GET /new-hires/${current.id}`]: () => ({ body: current }),
        'GET /purchase-templates': {
          body: { company: 'NORD', currency: 'EUR', companies: [], templates: [analystKit] },
        },
        'GET /catalog/apps': { body: { items: [], total: 0, limit: 20, offset: 0, currency: 'EUR' } },
        [`PUT /new-hires/${current.id}/bundle`]: () => {
          current = fromTemplate;
          return { body: current };
        },
      },
      hr(),
    );
    await user.click(await screen.findByRole('button', { name: 'Adjust the bundle' }));
    const editor = screen.getByRole('group', { name: 'Adjust the bundle' });
    // what is submitted is the saved bundle, so not while it is being changed
    expect(screen.getByRole('button', { name: 'Submit the request' }).hasAttribute('disabled')).toBe(true);
    await user.click(within(editor).getByRole('button', { name: 'Remove Tableau' }));
    await user.click(within(editor).getByRole('button', { name: 'Save the bundle' }));
    expect(within(editor).getByRole('alert').textContent).toMatch(/at least one app/);
    expect(sent.filter((r) => r.method === 'PUT')).toEqual([]);

    await user.selectOptions(within(editor).getByRole('combobox', { name: /^Template/ }), '3');
    await user.click(within(editor).getByRole('button', { name: 'Load the template into the bundle' }));
    expect(await screen.findByText('From the template Analyst kit (version 2)')).toBeTruthy();
    expect(sent.find((r) => r.method === 'PUT')?.body).toEqual({
      revision: 2,
      templateId: 3,
      optionalItems: [],
    });
    const table = screen.getByRole('table', { name: /Bundle/ });
    expect(within(table).getByText('priced by use')).toBeTruthy();
    expect(within(table).getAllByText('From the template')).toHaveLength(2);
    expect(screen.queryByRole('group', { name: 'Adjust the bundle' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Submit the request' }).hasAttribute('disabled')).toBe(false);
  });

  it('says so when the bundle changed meanwhile, and keeps the edits', async () => {
    const user = userEvent.setup();
    const draft = hire({ status: 'draft', request: null });
    renderPortal(
      `/new-hires/${draft.id}`,
      {
        [`GET /new-hires/${draft.id}`]: { body: draft },
        'GET /purchase-templates': {
          body: { company: 'NORD', currency: 'EUR', companies: [], templates: [] },
        },
        'GET /catalog/apps': { body: { items: [], total: 0, limit: 20, offset: 0, currency: 'EUR' } },
        [`PUT /new-hires/${draft.id}/bundle`]: {
          status: 409,
          body: { title: 'Conflict', status: 409, detail: 'The hire changed since revision 2 (it is at 3).' },
        },
      },
      hr(),
    );
    await user.click(await screen.findByRole('button', { name: 'Adjust the bundle' }));
    expect(await screen.findByText(/NORD has no purchase template yet/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Save the bundle' }));
    expect(await screen.findByText(/changed since revision 2/)).toBeTruthy();
    expect(screen.getByRole('group', { name: 'Adjust the bundle' })).toBeTruthy();
  });

  it('says so when the hire is not found', async () => {
    renderPortal(
      '/new-hires/nope',
      { 'GET /new-hires/nope': { status: 404, body: { title: 'Not Found' } } },
      hr(),
    );
    expect(await screen.findByRole('heading', { level: 1, name: 'New hire not found' })).toBeTruthy();
  });
});
