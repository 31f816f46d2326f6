// A JD match as the API answers it, for the new-hire pages' tests.
import type { JdMatchResult } from '../../api/newHireTypes';
import type { Template } from '../../api/templates';

export const match: JdMatchResult = {
  companyCode: 'SCB',
  currency: 'EUR',
  jobTitle: 'Data Analyst',
  department: 'DATA',
  extracted: {
    skills: [{ label: 'SQL', quote: 'write SQL', start: 0, end: 9 }],
    tasks: [{ label: 'Build dashboards', quote: 'build dashboards for sales', start: 10, end: 36 }],
  },
  apps: [
    {
      rank: 2,
      app: { id: 2, slug: 'dbeaver', name: 'DBeaver', vendor: 'DBeaver', category: 'Database' },
      plan: { id: 21, code: 'pro', name: 'Pro', pricingModel: 'per_seat' },
      confidence: 0.7,
      score: { skills: 0.8, tasks: 0.2, peers: 0.6, total: 0.6 },
      reasons: [
        {
          kind: 'skill',
          text: 'SQL → DBeaver’s “SQL editor”',
          skill: 'SQL',
          feature: 'SQL editor',
          similarity: 0.8,
        },
      ],
      monthlyCost: 12.5,
      currency: 'EUR',
      coverage: { kind: 'purchase' },
      companyStandard: false,
    },
    {
      rank: 1,
      app: { id: 1, slug: 'tableau', name: 'Tableau', vendor: 'Salesforce', category: 'Analytics' },
      plan: { id: 11, code: 'creator', name: 'Creator', pricingModel: 'per_seat' },
      confidence: 0.86,
      score: { skills: 0.9, tasks: 0.7, peers: 0.8, total: 0.82 },
      reasons: [
        {
          kind: 'peers',
          text: '9 of 12 Data Analysts used it in the last 60 days',
          activePeers: 9,
          peers: 12,
          basis: 'title',
        },
      ],
      monthlyCost: 70,
      currency: 'EUR',
      coverage: { kind: 'free-seat', companyCode: 'SCB', freeSeats: 3 },
      companyStandard: true,
    },
  ],
  excluded: [],
  answeredBy: { provider: 'local', model: 'local-rules-v1', deterministic: true },
};

/** A purchase template as GET /api/purchase-templates lists it: two apps for everyone, one optional. */
export const analystKit: Template = {
  id: 3,
  code: 'ANALYST',
  name: 'Analyst kit',
  description: '',
  companyCode: 'NORD',
  roleTitle: 'Data Analyst',
  department: null,
  currentVersion: 2,
  archived: false,
  updatedAt: '2026-11-30T09:00:00.000Z',
  editable: true,
  items: [
    {
      app: 'tableau',
      appName: 'Tableau',
      plan: 'creator',
      planName: 'Creator',
      seats: 1,
      optional: false,
      price: { plan: 'creator', planName: 'Creator', monthlyCost: 70, priceSource: 'contract' },
    },
    {
      app: 'snowflake',
      appName: 'Snowflake',
      plan: null,
      planName: null,
      seats: 1,
      optional: false,
      price: {
        plan: 'on-demand',
        planName: 'On demand',
        monthlyCost: 0,
        priceSource: 'catalog',
        note: 'billed per credit used; not priced ahead',
      },
    },
    {
      app: 'figma',
      appName: 'Figma',
      plan: 'pro',
      planName: 'Pro',
      seats: 2,
      optional: true,
      price: { plan: 'pro', planName: 'Pro', monthlyCost: 30, priceSource: 'catalog' },
    },
  ],
  costPerPerson: { currency: 'EUR', monthly: 70, annual: 840, optionalMonthly: 30, unpriced: 0 },
};
