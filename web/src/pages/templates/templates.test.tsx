// The template pages against a fake API: the list with its cost per person, the edit form's own
// checks before anything is sent (a role or a department, seats 1…100, an app once) and the API's
// 409 for a stale version, and requesting a template for oneself.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { templateProblems, type TemplateDetail } from '../../api/templates';
import { seriousViolations } from '../../test/axeCheck';
import { person, renderPortal } from '../../test/renderPortal';

const template: TemplateDetail = {
  id: 5,
  code: 'ENG-KIT',
  name: 'Engineering kit',
  description: 'Day one for engineers.',
  companyCode: 'NORD',
  roleTitle: 'Software Engineer',
  department: null,
  currentVersion: 1,
  archived: false,
  updatedAt: '2026-11-30T09:00:00.000Z',
  editable: true,
  items: [
    {
      app: 'jira',
      appName: 'Jira',
      plan: 'standard',
      planName: 'Standard',
      seats: 1,
      optional: false,
      price: { plan: 'standard', planName: 'Standard', monthlyCost: 90, priceSource: 'catalog' },
    },
    {
      app: 'miro',
      appName: 'Miro',
      plan: null,
      planName: null,
      seats: 1,
      optional: true,
      price: { plan: 'business', planName: 'Business', monthlyCost: 180, priceSource: 'catalog' },
    },
  ],
  costPerPerson: { currency: 'SEK', monthly: 90, annual: 1080, optionalMonthly: 180, unpriced: 0 },
  versions: [
    {
      version: 1,
      name: 'Engineering kit',
      createdAt: '2026-11-30T09:00:00.000Z',
      createdBy: 'Hanna HR',
      items: 2,
    },
  ],
};

describe('templateProblems', () => {
  it('asks for a role or a department, seats 1…100 and each app once', () => {
    expect(
      templateProblems({
        roleTitle: ' ',
        department: '',
        items: [
          { app: 'jira', seats: '0' },
          { app: 'jira', seats: '101' },
          { app: 'miro', seats: '2' },
        ],
      }),
    ).toEqual({
      roleTitle: 'Name a role (job title) or a department.',
      'items.0.seats': 'Seats per person are a whole number from 1 to 100.',
      'items.1.app': 'jira is already item 1; an app appears once.',
      'items.1.seats': 'Seats per person are a whole number from 1 to 100.',
    });
    expect(
      templateProblems({ roleTitle: '', department: 'ENG', items: [{ app: 'jira', seats: '1' }] }),
    ).toEqual({});
  });
});

describe('template pages', () => {
  it('lists the templates with the cost per person, and says so when there are none', async () => {
    const list = renderPortal('/templates', {
      'GET /purchase-templates': {
        body: {
          company: 'NORD',
          currency: 'SEK',
          companies: [{ code: 'NORD', name: 'Nordic' }],
          templates: [template],
        },
      },
    });
    const cards = await screen.findByRole('list', { name: 'Templates' });
    expect(within(cards).getByRole('heading', { name: 'Engineering kit' })).toBeTruthy();
    expect(cards.textContent).toContain('per person a month');
    expect(screen.queryByRole('link', { name: 'New template' })).toBeNull();
    expect(await seriousViolations(list.container)).toEqual([]);
    list.unmount();

    renderPortal(
      '/templates',
      {
        'GET /purchase-templates': {
          body: {
            company: 'NORD',
            currency: 'SEK',
            companies: [{ code: 'NORD', name: 'Nordic' }],
            templates: [],
          },
        },
      },
      person(['Employee', 'HR'], 'Hanna HR'),
    );
    expect(await screen.findByText(/No templates for NORD yet/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'New template' })).toBeTruthy();
  });

  it('checks the edit form before sending anything, then shows the answer to a stale edit', async () => {
    let puts = 0;
    const { sent } = renderPortal(
      '/templates/5/edit',
      {
        'GET /purchase-templates/5': { body: template },
        'PUT /purchase-templates/5': () =>
          ++puts === 1
            ? {
                status: 409,
                body: {
                  title: 'Conflict',
                  status: 409,
                  detail: 'ENG-KIT is at version 2; you edited version 1.',
                },
              }
            : { body: { id: 5, version: 2 } },
      },
      person(['Employee', 'HR'], 'Hanna HR'),
    );
    const user = userEvent.setup();
    const role = await screen.findByRole('textbox', { name: 'Role (job title)' });
    await user.clear(role);
    const seats = screen.getAllByRole('spinbutton', { name: 'Seats per person' })[0]!;
    await user.clear(seats);
    await user.type(seats, '0');
    await user.click(screen.getByRole('button', { name: 'Save as version 2' }));
    expect(await screen.findByText('Name a role (job title) or a department.')).toBeTruthy();
    expect(screen.getByText('Seats per person are a whole number from 1 to 100.')).toBeTruthy();
    expect(sent.filter((r) => r.method === 'PUT')).toEqual([]);

    await user.type(role, 'Software Engineer');
    await user.clear(seats);
    await user.type(seats, '2');
    await user.click(screen.getByRole('button', { name: 'Save as version 2' }));
    expect(await screen.findByText(/is at version 2/)).toBeTruthy();
    const put = sent.find((r) => r.method === 'PUT');
    expect(put?.body).toMatchObject({
      roleTitle: 'Software Engineer',
      expectedVersion: 1,
      items: [
        { app: 'jira', plan: 'standard', seats: 2, optional: false },
        { app: 'miro', seats: 1, optional: true },
      ],
    });
  });

  it('requests a template for oneself with an optional app picked', async () => {
    const { sent } = renderPortal('/templates/5', {
      'GET /purchase-templates/5': { body: template },
      'GET /people?limit=20': { body: { items: [] } },
      'POST /purchase-templates/5/request': {
        status: 201,
        body: { id: 'r1', code: 'PR-NORD-20261130-001', templateId: 5, templateVersion: 1, skipped: [] },
      },
      'GET /purchase-requests/r1': { status: 404, body: { title: 'Not Found', status: 404 } },
    });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('checkbox', { name: /Miro/ }));
    await user.type(screen.getByRole('textbox', { name: /Justification/ }), 'Starting on the platform team.');
    await user.click(screen.getByRole('button', { name: 'Submit request' }));
    await waitFor(() => expect(sent.some((r) => r.method === 'POST')).toBe(true));
    expect(sent.find((r) => r.method === 'POST')?.body).toMatchObject({
      justification: 'Starting on the platform team.',
      optionalItems: ['miro'],
    });
    expect(screen.queryByRole('combobox', { name: 'For' })).toBeNull();
  });

  it('accepts a suggestion as the next version of the template the role already has', async () => {
    const { sent } = renderPortal(
      '/templates/suggestions?company=NORD',
      {
        'GET /purchase-templates?companyCode=NORD': {
          body: {
            company: 'NORD',
            currency: 'SEK',
            companies: [{ code: 'NORD', name: 'Nordic' }],
            templates: [],
          },
        },
        'GET /purchase-templates/suggestions?companyCode=NORD&minShare=0.5': {
          body: {
            company: 'NORD',
            currency: 'SEK',
            minShare: 0.5,
            windowDays: 60,
            minPeople: 3,
            suggestions: [
              {
                basis: 'title',
                roleTitle: 'Data Analyst',
                department: null,
                departmentName: null,
                people: 6,
                items: [
                  {
                    app: 'tableau',
                    appName: 'Tableau',
                    activePeople: 5,
                    share: 0.833,
                    seats: 1,
                    optional: false,
                    price: null,
                  },
                  {
                    app: 'dbt',
                    appName: 'dbt Cloud',
                    activePeople: 4,
                    share: 0.667,
                    seats: 1,
                    optional: false,
                    price: null,
                  },
                ],
                costPerPerson: { currency: 'SEK', monthly: 0, annual: 0, optionalMonthly: 0, unpriced: 2 },
                existingTemplate: {
                  id: 9,
                  code: 'DATA',
                  name: 'Data kit',
                  currentVersion: 2,
                  editable: true,
                },
              },
            ],
          },
        },
        'POST /purchase-templates/suggestions/accept': { body: { id: 9, version: 3 } },
        'GET /purchase-templates/9': { body: { ...template, id: 9, versions: [] } },
        'GET /people?limit=20': { body: { items: [] } },
      },
      person(['Employee', 'HR'], 'Hanna HR'),
    );
    const user = userEvent.setup();
    await screen.findByRole('heading', { name: 'Data Analyst' });
    await user.click(screen.getByRole('checkbox', { name: /dbt Cloud: used by 4 of 6/ }));
    await user.click(screen.getByRole('button', { name: 'Accept as version 3 of DATA' }));
    await waitFor(() => expect(sent.some((r) => r.method === 'POST')).toBe(true));
    expect(sent.find((r) => r.method === 'POST')?.body).toEqual({
      companyCode: 'NORD',
      basis: 'title',
      roleTitle: 'Data Analyst',
      items: [{ app: 'tableau', seats: 1, optional: false }],
      templateId: 9,
      expectedVersion: 2,
    });
  });

  it('lets HR request a template for someone else', async () => {
    const { sent } = renderPortal(
      '/templates/5',
      {
        'GET /purchase-templates/5': { body: template },
        'GET /people?limit=20': {
          body: { items: [{ id: 11, email: 'sam@contoso-nordic.example', displayName: 'Sam Starter' }] },
        },
        'POST /purchase-templates/5/request': {
          status: 400,
          body: {
            title: 'Bad Request',
            status: 400,
            errors: [
              {
                path: 'templateId',
                message: 'Sam Starter already has every app of ENG-KIT that was asked for',
              },
            ],
          },
        },
      },
      person(['Employee', 'HR'], 'Hanna HR'),
    );
    const user = userEvent.setup();
    await screen.findByRole('option', { name: 'Sam Starter' });
    await user.selectOptions(screen.getByRole('combobox', { name: 'For' }), 'Sam Starter');
    await user.type(screen.getByRole('textbox', { name: /Justification/ }), 'Sam starts on Monday.');
    await user.click(screen.getByRole('button', { name: 'Submit request' }));
    expect(await screen.findByText(/already has every app/)).toBeTruthy();
    expect(sent.find((r) => r.method === 'POST')?.body).toMatchObject({
      forEmployee: 'sam@contoso-nordic.example',
      optionalItems: [],
    });
  });
});
