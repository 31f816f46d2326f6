// The portal's pages against a fake API: what a person sees and can do on each, with the loading,
// empty and error states.
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { RequestDetail } from '../api/types';
import { seriousViolations } from '../test/axeCheck';
import { person, renderPortal } from '../test/renderPortal';

const detail = (status: RequestDetail['status'], timeline: RequestDetail['timeline']): RequestDetail => ({
  id: '6f1c2d3e-0000-4000-8000-000000000001',
  code: 'PR-2026-0042',
  status,
  companyCode: 'NORD',
  companyName: 'Contoso Nordic',
  currency: 'SEK',
  monthlyCost: 1234.5,
  annualCost: 14814,
  justification: 'Whiteboarding with the design team.',
  neededBy: '2026-12-15',
  createdAt: '2026-11-30T09:00:00.000Z',
  closedAt: null,
  outcomeReason: null,
  requester: {
    id: 7,
    email: 'erin@contoso-nordic.example',
    displayName: 'Erin Employee',
    jobTitle: 'Developer',
  },
  items: [
    {
      line: 1,
      appSlug: 'miro',
      appName: 'Miro',
      planName: 'Business',
      seats: 1,
      forEmployee: null,
      unitPrice: 1234.5,
      monthlyCost: 1234.5,
      annualCost: 14814,
    },
  ],
  steps: [
    {
      step: 1,
      kind: 'manager',
      status: status === 'pending' ? 'waiting' : 'approved',
      approver: { email: 'mia@contoso-nordic.example', displayName: 'Mia Manager' },
      escalatedFrom: null,
      askedAt: '2026-11-30T09:00:01.000Z',
      decision: null,
    },
  ],
  timeline,
});

describe('navigation', () => {
  it('shows an employee their pages only, and an admin the approvals and admin pages too', async () => {
    const employee = renderPortal('/', { 'GET /me/licenses': { body: { items: [] } } });
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(
      within(nav)
        .getAllByRole('link')
        .map((l) => l.textContent),
    ).toEqual(['Home', 'My software', 'Request software', 'My requests', 'Templates']);
    employee.unmount();

    renderPortal('/', {}, person(['Employee', 'Manager', 'Admin'], 'Ada Admin'));
    const adminNav = await screen.findByRole('navigation', { name: 'Main' });
    expect(within(adminNav).getByRole('link', { name: 'Approvals' })).toBeTruthy();
    expect(within(adminNav).getByRole('link', { name: 'Admin' })).toBeTruthy();
  });

  it('signs out from the header', async () => {
    const { session } = renderPortal('/', {});
    await userEvent.click(await screen.findByRole('button', { name: 'Sign out' }));
    expect(session.signOut).toHaveBeenCalled();
  });

  it('sends the person to sign in, and back to this page, when the API answers 401', async () => {
    const { session } = renderPortal('/requests', {
      'GET /me': { status: 401, body: { title: 'Unauthorized' } },
    });
    await waitFor(() => expect(session.signIn).toHaveBeenCalledWith('/requests'));
  });
});

describe('Home', () => {
  it('counts my software, my open requests and the approvals waiting for me, each linking on', async () => {
    renderPortal(
      '/',
      {
        'GET /me/licenses': { body: { items: [{}, {}, {}] } },
        'GET /purchase-requests': { body: { items: [], total: 2, limit: 50, offset: 0 } },
        'GET /approvals/pending': { body: { items: [{}] } },
      },
      person(['Employee', 'Manager'], 'Mia Manager'),
    );
    expect(await screen.findByRole('heading', { level: 1, name: 'Welcome, Mia Manager' })).toBeTruthy();
    await screen.findByText('3');
    await screen.findByText('2');
    await screen.findByText('1');
    expect(screen.getByRole('link', { name: 'Go to approvals' }).getAttribute('href')).toBe('/approvals');
  });
});

describe('My software', () => {
  it('lists my licences with the plan and company', async () => {
    renderPortal('/software', {
      'GET /me/licenses': {
        body: {
          items: [
            {
              assignmentId: 1,
              app: { slug: 'miro', name: 'Miro' },
              plan: { name: 'Business' },
              company: { code: 'NORD', name: 'Contoso Nordic' },
              since: '2026-01-10',
              lastUsed: null,
              status: 'active',
            },
          ],
        },
      },
    });
    const table = await screen.findByRole('table', { name: 'My software' });
    expect(within(table).getByText('Miro')).toBeTruthy();
    expect(within(table).getByText('Contoso Nordic')).toBeTruthy();
    expect(within(table).getByText('never')).toBeTruthy();
    expect(await seriousViolations()).toEqual([]);
  });

  it('says so when nothing is assigned, and shows the API error otherwise', async () => {
    const empty = renderPortal('/software', { 'GET /me/licenses': { body: { items: [] } } });
    expect(await screen.findByText(/No software is assigned to you yet/)).toBeTruthy();
    empty.unmount();
    renderPortal('/software', {
      'GET /me/licenses': { status: 403, body: { title: 'Forbidden', status: 403, detail: 'Not for you.' } },
    });
    expect((await screen.findByRole('alert')).textContent).toContain('Not for you.');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});

describe('My requests and the request detail', () => {
  it('lists my requests with status and cost, linking to each', async () => {
    const { sent } = renderPortal('/requests', {
      'GET /purchase-requests': {
        body: {
          items: [
            {
              id: 'abc',
              code: 'PR-2026-0042',
              status: 'pending',
              companyCode: 'NORD',
              requester: { email: 'erin@contoso-nordic.example', displayName: 'Erin Employee' },
              apps: ['Miro'],
              monthlyCost: 99,
              annualCost: 1188,
              currency: 'EUR',
              createdAt: '2026-11-30T09:00:00.000Z',
              closedAt: null,
              waitingFor: { step: 1, approver: 'Mia Manager' },
            },
          ],
          total: 1,
          limit: 50,
          offset: 0,
        },
      },
    });
    const link = await screen.findByRole('link', { name: 'PR-2026-0042' });
    expect(link.getAttribute('href')).toBe('/requests/abc');
    expect(screen.getByText('Mia Manager')).toBeTruthy();
    expect(sent.some((r) => r.path.startsWith('/purchase-requests?mine=true'))).toBe(true);
  });

  it('polls the request with its ETag and shows a decision without a reload', async () => {
    let polls = 0;
    const { sent } = renderPortal('/requests/PR-2026-0042', {
      'GET /purchase-requests/PR-2026-0042': (request) => {
        polls += 1;
        if (polls === 1)
          return {
            body: detail('pending', [
              { at: '2026-11-30T09:00:00.000Z', action: 'purchase_request.created', actor: 'Erin Employee' },
            ]),
            headers: { etag: '"v1"' },
          };
        if (request.headers['if-none-match'] === '"v1"' && polls === 2)
          return { status: 304, headers: { etag: '"v1"' } };
        return {
          body: detail('approved', [
            { at: '2026-11-30T09:00:00.000Z', action: 'purchase_request.created', actor: 'Erin Employee' },
            { at: '2026-11-30T09:05:00.000Z', action: 'purchase_request.approved', actor: 'Mia Manager' },
          ]),
          headers: { etag: '"v2"' },
        };
      },
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'PR-2026-0042' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Cancel request' })).toBeTruthy();
    await screen.findByText(/Purchase request approved/, {}, { timeout: 6000 });
    const conditional = sent.filter(
      (r) => r.path === '/purchase-requests/PR-2026-0042' && r.headers['if-none-match'],
    );
    expect(conditional[0]?.headers['if-none-match']).toBe('"v1"');
    expect(screen.queryByRole('button', { name: 'Cancel request' })).toBeNull();
  });

  it('cancels a pending request after asking once more', async () => {
    let cancelled = false;
    renderPortal('/requests/PR-2026-0042', {
      'GET /purchase-requests/PR-2026-0042': () => ({
        body: detail(cancelled ? 'cancelled' : 'pending', []),
        headers: { etag: cancelled ? '"c"' : '"p"' },
      }),
      'POST /purchase-requests/6f1c2d3e-0000-4000-8000-000000000001/cancel': () => {
        cancelled = true;
        return { body: { id: 'x', code: 'PR-2026-0042', status: 'cancelled' } };
      },
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Cancel request' }));
    await userEvent.click(screen.getByRole('button', { name: 'Yes, cancel it' }));
    expect(await screen.findByText('Cancelled')).toBeTruthy();
  });

  it('shows seats for no one named as the team’s, and one such seat as the requester’s', async () => {
    const request = detail('pending', []);
    const [one] = request.items;
    request.items = [one!, { ...one!, line: 2, seats: 4 }];
    renderPortal('/requests/PR-2026-0042', {
      'GET /purchase-requests/PR-2026-0042': { body: request },
    });
    const rows = await screen.findAllByRole('row');
    expect(rows.map((r) => r.textContent)).toEqual(
      expect.arrayContaining([expect.stringContaining('Erin Employee'), expect.stringContaining('The team')]),
    );
  });

  it('shows a not-found page for a request the person cannot see', async () => {
    renderPortal('/requests/PR-2026-9999', {
      'GET /purchase-requests/PR-2026-9999': {
        status: 404,
        body: {
          title: 'Not Found',
          status: 404,
          detail: 'No purchase request PR-2026-9999 that you can see.',
        },
      },
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Request not found' })).toBeTruthy();
  });
});

describe('Approvals', () => {
  it('approves with a comment and the list updates', async () => {
    let decided = false;
    const { sent } = renderPortal(
      '/approvals',
      {
        'GET /approvals/pending': () => ({
          body: {
            items: decided
              ? []
              : [
                  {
                    requestId: 'r1',
                    code: 'PR-2026-0042',
                    step: 1,
                    askedAt: '2026-11-30T09:00:00.000Z',
                    escalated: false,
                    requester: { displayName: 'Erin Employee', email: 'erin@contoso-nordic.example' },
                    monthlyCost: 99,
                    annualCost: 1188,
                    currency: 'EUR',
                    justification: 'Whiteboarding with the design team.',
                    neededBy: '2026-12-15',
                  },
                ],
          },
        }),
        'POST /approvals/r1/decision': () => {
          decided = true;
          return { body: { decision: 'approve' } };
        },
      },
      person(['Employee', 'Manager'], 'Mia Manager'),
    );
    await userEvent.type(await screen.findByLabelText(/Comment on PR-2026-0042/), 'Fine by me');
    await userEvent.click(screen.getByRole('button', { name: 'Approve PR-2026-0042' }));
    expect(await screen.findByText('PR-2026-0042 approved.')).toBeTruthy();
    expect(await screen.findByText('Nothing is waiting for your approval.')).toBeTruthy();
    expect(sent.find((r) => r.method === 'POST')?.body).toEqual({
      decision: 'approve',
      comment: 'Fine by me',
    });
  });
});

describe('Admin', () => {
  it("shows the API's validation error at the threshold's field", async () => {
    renderPortal(
      '/admin',
      {
        'GET /approval-policies/NORD': {
          body: {
            company: 'NORD',
            policy: {
              steps: [{ approver: 'manager' }, { approver: 'cto', minMonthlyCost: 10000 }],
              reminderAfterHours: 24,
              escalateAfterHours: 48,
              expireAfterHours: 168,
            },
          },
        },
        'PUT /approval-policies/NORD': {
          status: 400,
          body: {
            title: 'Bad Request',
            status: 400,
            detail: 'The approval policy is not valid.',
            errors: [{ path: 'steps.1.minMonthlyCost', message: 'Too small: expected number to be >=0' }],
          },
        },
        'GET /admin/usage/stats': {
          body: {
            from: '2026-11-01',
            to: '2026-11-30',
            totals: { events: 1200, quantity: 0, activeUsers: 12 },
            byDay: [],
            byApp: [{ app: 'miro', name: 'Miro', events: 1200, activeUsers: 12 }],
            byCompany: [{ company: 'NORD', name: 'Contoso Nordic', events: 1200 }],
            ingest: {
              quarantined: 0,
              failedMessages: 0,
              lastStoredAt: null,
              lagLastHour: { batches: 0, p50Ms: null, p95Ms: null, maxMs: null },
            },
          },
        },
        'GET /admin/usage/quarantine': { body: { items: [], next: null } },
        'GET /admin/usage/failures': { body: { items: [] } },
      },
      person(['Employee', 'Admin'], 'Ada Admin'),
    );
    const threshold = await screen.findByLabelText('Step 2: from a monthly cost of');
    await userEvent.clear(threshold);
    await userEvent.type(threshold, '-5');
    await userEvent.click(screen.getByRole('button', { name: 'Save policy' }));
    expect(await screen.findByText('Too small: expected number to be >=0')).toBeTruthy();
    expect(threshold.getAttribute('aria-invalid')).toBe('true');
    expect(await screen.findByText('No quarantined events.')).toBeTruthy();
    expect(screen.getByRole('table', { name: 'Usage by app' })).toBeTruthy();
    expect(await seriousViolations()).toEqual([]);
  });
});

describe('Request software', () => {
  it('finds an app, shows free seats at a sibling, prices the draft on the server and submits it', async () => {
    const { sent, router } = renderPortal('/request', {
      'GET /catalog/apps': {
        body: {
          items: [
            {
              slug: 'miro',
              name: 'Miro',
              vendor: 'Miro',
              category: 'Whiteboard',
              description: 'Online whiteboard',
              plans: [
                {
                  id: 3,
                  code: 'business',
                  name: 'Business',
                  model: 'per_seat',
                  monthlyPrice: 16,
                  currency: 'EUR',
                },
              ],
              freeSeats: {
                own: 0,
                affiliates: [{ companyCode: 'DE', companyName: 'Contoso Deutschland', seats: 4 }],
              },
              ownedAlternatives: [{ slug: 'mural', name: 'Mural' }],
            },
          ],
          total: 1,
          limit: 20,
          offset: 0,
          currency: 'EUR',
        },
      },
      'GET /people': { body: { items: [] } },
      'POST /purchase-requests/quote': {
        body: {
          currency: 'EUR',
          monthly: 32,
          annual: 384,
          items: [
            {
              line: 1,
              appSlug: 'miro',
              appName: 'Miro',
              planName: 'Business',
              seats: 2,
              unitPrice: 16,
              monthly: 32,
              priceSource: 'catalog',
            },
          ],
        },
      },
      'POST /purchase-requests': {
        status: 201,
        body: { id: 'new-id', code: 'PR-2026-0043', status: 'pending' },
      },
      'GET /purchase-requests/new-id': { body: detail('pending', []) },
    });
    await userEvent.type(await screen.findByLabelText(/Search by name/), 'miro');
    expect(await screen.findByText(/Contoso Deutschland \(4\)/)).toBeTruthy();
    expect(screen.getByText(/We already have: Mural/)).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Add Miro to the request' }));
    expect(await seriousViolations()).toEqual([]);
    const seats = screen.getByLabelText('Seats');
    await userEvent.clear(seats);
    await userEvent.type(seats, '2');
    expect(await screen.findByText(/a month ·/)).toBeTruthy();
    await userEvent.type(screen.getByLabelText(/Justification/), 'Workshops with the design team.');
    await act(async () => {
      await userEvent.click(screen.getByRole('button', { name: 'Submit request' }));
    });
    await waitFor(() => expect(router.state.location.pathname).toBe('/requests/new-id'));
    const created = sent.find((r) => r.method === 'POST' && r.path === '/purchase-requests');
    expect(created?.body).toMatchObject({
      items: [{ app: 'miro', plan: 'business', seats: 2 }],
      justification: 'Workshops with the design team.',
    });
  });
});
