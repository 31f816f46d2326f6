// The wizard's rules: what each step asks for before the next, and the bundle as HR adjusts it.
import { describe, expect, it } from 'vitest';
import type { NewHire } from '../../api/newHireTypes';
import type { CatalogApp } from '../../api/types';
import {
  addApp,
  bundleItems,
  bundleTotals,
  changePlan,
  chooseTemplate,
  costText,
  hasErrors,
  hireInput,
  linesFromHire,
  linesFromMatch,
  removeLine,
  stepOfField,
  templateApplies,
  validateBundle,
  validateJob,
  validatePerson,
  withCoverage,
  withPlans,
  type PersonDraft,
} from './wizardModel';
import { analystKit, match } from './testData';

const person: PersonDraft = {
  displayName: 'Ada Lovelace',
  email: 'ada.lovelace@scb.example',
  jobTitle: 'Data Analyst',
  department: 'DATA',
  managerEmail: 'lead@scb.example',
  companyCode: 'SCB',
  startDate: '2026-12-14',
};

const catalogApp = (over: Partial<CatalogApp> = {}): CatalogApp => ({
  slug: 'miro',
  name: 'Miro',
  vendor: 'Miro',
  category: 'Whiteboard',
  description: '',
  plans: [
    { id: 1, code: 'starter', name: 'Starter', model: 'per_seat', monthlyPrice: 8, currency: 'EUR' },
    { id: 2, code: 'business', name: 'Business', model: 'per_seat', monthlyPrice: 16, currency: 'EUR' },
  ],
  freeSeats: { own: 0, affiliates: [{ companyCode: 'SCN', companyName: 'Contoso Nordic', seats: 2 }] },
  ownedAlternatives: [],
  ...over,
});

describe('the steps’ validation', () => {
  it('accepts a complete person and names each missing or wrong field otherwise', () => {
    expect(validatePerson(person, '2026-12-01')).toEqual({});
    const errors = validatePerson(
      { ...person, displayName: ' ', email: 'ada', jobTitle: '', department: 'data', managerEmail: 'x@' },
      '2026-12-01',
    );
    expect(Object.keys(errors).sort()).toEqual([
      'department',
      'displayName',
      'email',
      'jobTitle',
      'managerEmail',
    ]);
    expect(errors.email).toBe('This is not an e-mail address.');
  });

  it('refuses a start date in the past or none, and the new hire as their own manager', () => {
    expect(validatePerson({ ...person, startDate: '2026-11-30' }, '2026-12-01').startDate).toBe(
      'The start date cannot be in the past.',
    );
    expect(validatePerson({ ...person, startDate: '' }, '2026-12-01').startDate).toBe('Give the start date.');
    expect(validatePerson({ ...person, startDate: '2026-12-01' }, '2026-12-01')).toEqual({});
    expect(
      validatePerson({ ...person, managerEmail: 'ADA.lovelace@scb.example' }, '2026-12-01').managerEmail,
    ).toBe('The manager cannot be the new hire.');
  });

  it('asks for at least a sentence of job description, and at least one app', () => {
    expect(validateJob({ jobDescription: 'SQL', seniority: '' }).jobDescription).toMatch(
      /at least a sentence/,
    );
    expect(
      hasErrors(
        validateJob({ jobDescription: 'Write SQL and build dashboards for sales.', seniority: 'mid' }),
      ),
    ).toBe(false);
    expect(validateBundle([]).bundle).toMatch(/at least one app/);
    const lines = linesFromMatch(match);
    expect(validateBundle(lines, 'ok')).toEqual({
      justification: 'Say in a sentence why this is needed, or leave it empty.',
    });
    expect(validateBundle(lines, '  ')).toEqual({});
  });

  it('sends only what was given, trimmed, and knows which step a field the API names is on', () => {
    expect(
      hireInput(
        { ...person, department: '', managerEmail: ' ', displayName: ' Ada Lovelace ' },
        { jobDescription: ' JD text ', seniority: '' },
      ),
    ).toEqual({
      displayName: 'Ada Lovelace',
      email: 'ada.lovelace@scb.example',
      jobTitle: 'Data Analyst',
      companyCode: 'SCB',
      startDate: '2026-12-14',
      jobDescription: 'JD text',
    });
    expect(stepOfField('managerEmail')).toBe(1);
    expect(stepOfField('jobDescription')).toBe(2);
    expect(stepOfField('items.0.plan')).toBe(4);
  });
});

describe('adjusting the bundle', () => {
  it('starts from the JD match in rank order, totalled per person a month and a year', () => {
    const lines = linesFromMatch(match);
    expect(lines.map((l) => l.slug)).toEqual(['tableau', 'dbeaver']);
    expect(bundleTotals(lines)).toEqual({
      apps: 2,
      monthly: 82.5,
      annual: 990,
      toPurchaseMonthly: 12.5,
      toPurchase: 1,
      covered: 1,
    });
  });

  it('says “priced by use” for a pay-per-use plan rather than a price of nothing', () => {
    const byUse = linesFromMatch({
      ...match,
      apps: [
        { ...match.apps[0]!, plan: { ...match.apps[0]!.plan, pricingModel: 'pay_per_use' }, monthlyCost: 0 },
      ],
    });
    expect(costText(byUse[0]!, String)).toBe('priced by use');
    expect(costText(linesFromMatch(match)[0]!, (n) => `€${n}`)).toBe('€70 a month');
  });

  it('drops an app and the totals follow', () => {
    const lines = removeLine(linesFromMatch(match), 'dbeaver');
    expect(bundleTotals(lines)).toMatchObject({ apps: 1, monthly: 70, toPurchase: 0, covered: 1 });
    expect(bundleItems(lines)).toEqual([{ app: 'tableau', plan: 'creator' }]);
  });

  it('adds an app from the catalog once, on its first plan, covered by a sibling’s free seat', () => {
    let lines = addApp(linesFromMatch(match), catalogApp(), 'SCB');
    lines = addApp(lines, catalogApp(), 'SCB');
    expect(lines.map((l) => l.slug)).toEqual(['tableau', 'dbeaver', 'miro']);
    const miro = lines[2]!;
    expect(miro).toMatchObject({ source: 'added', monthlyCost: 8, plan: { code: 'starter' } });
    expect(miro.coverage).toEqual({ kind: 'affiliate-seat', companyCode: 'SCN', freeSeats: 2 });
    expect(bundleTotals(lines).monthly).toBe(90.5);
    const bought = addApp([], catalogApp({ freeSeats: { own: 0, affiliates: [] } }), 'SCB');
    expect(bought[0]!.coverage).toEqual({ kind: 'purchase' });
  });

  it('changes a plan and re-prices the line; a matched app keeps its own price among the catalog’s plans', () => {
    let lines = addApp([], catalogApp(), 'SCB');
    lines = changePlan(lines, 'miro', 'business');
    expect(lines[0]).toMatchObject({ plan: { code: 'business' }, monthlyCost: 16 });
    expect(changePlan(lines, 'miro', 'no-such-plan')[0]).toEqual(lines[0]);
    expect(bundleTotals(lines)).toMatchObject({ monthly: 16, annual: 192, toPurchase: 0 });

    let matched = linesFromMatch(match);
    matched = withPlans(matched, 'tableau', [
      { code: 'viewer', name: 'Viewer', monthlyPrice: 15 },
      { code: 'creator', name: 'Creator', monthlyPrice: 75 },
    ]);
    expect(matched[0]!.plans.map((p) => `${p.code}:${p.monthlyPrice}`)).toEqual(['viewer:15', 'creator:70']);
    matched = changePlan(matched, 'tableau', 'viewer');
    expect(bundleTotals(matched).monthly).toBe(27.5);
    expect(bundleItems(matched)[0]).toEqual({ app: 'tableau', plan: 'viewer' });
  });
});

describe('a purchase template loaded into the bundle', () => {
  it('brings everything not optional plus the optional items picked, priced per person', () => {
    const { lines, choice } = chooseTemplate(analystKit, ['figma']);
    expect(lines.map((l) => [l.slug, l.source, l.plan.code, l.monthlyCost])).toEqual([
      ['tableau', 'template', 'creator', 70],
      ['snowflake', 'template', 'on-demand', 0],
      // two seats of Figma cost 30; the hire's line is one seat
      ['figma', 'template', 'pro', 15],
    ]);
    // a pay-per-use plan is priced by use, not free
    expect(costText(lines[1]!, (n) => `€${n}`)).toBe('priced by use');
    expect(choice).toMatchObject({ id: 3, version: 2, name: 'Analyst kit', optionalItems: ['figma'] });
    expect(chooseTemplate(analystKit, []).lines.map((l) => l.slug)).toEqual(['tableau', 'snowflake']);
    // an item that is not optional is not "picked"
    expect(chooseTemplate(analystKit, ['tableau']).choice.optionalItems).toEqual([]);
  });

  it('stays the request’s template only while the bundle is as loaded', () => {
    const { lines, choice } = chooseTemplate(analystKit, []);
    expect(templateApplies(choice, lines)).toBe(true);
    // the catalog answering with the plans changes nothing the request names
    const planned = withPlans(lines, 'tableau', [
      { code: 'viewer', name: 'Viewer', monthlyPrice: 15 },
      { code: 'creator', name: 'Creator', monthlyPrice: 75 },
    ]);
    expect(templateApplies(choice, planned)).toBe(true);
    expect(templateApplies(choice, changePlan(planned, 'tableau', 'viewer'))).toBe(false);
    expect(templateApplies(choice, removeLine(lines, 'snowflake'))).toBe(false);
    expect(templateApplies(undefined, lines)).toBe(false);
  });

  it('learns where a template line’s seat comes from once the catalog answers', () => {
    const { lines } = chooseTemplate(analystKit, []);
    expect(lines[0]!.coverage).toBeNull();
    expect(bundleTotals(lines)).toMatchObject({ apps: 2, covered: 0, toPurchase: 0 });
    const tableau = catalogApp({ slug: 'tableau', name: 'Tableau', freeSeats: { own: 2, affiliates: [] } });
    const seen = withCoverage(lines, tableau, 'NORD');
    expect(seen[0]!.coverage).toEqual({ kind: 'free-seat', companyCode: 'NORD', freeSeats: 2 });
    expect(bundleTotals(seen)).toMatchObject({ covered: 1 });
  });

  it('reads a draft hire’s bundle as lines to adjust, a pay-per-use plan priced by use', () => {
    const lines = linesFromHire({
      match,
      bundle: [
        {
          app: { slug: 'tableau', name: 'Tableau' },
          plan: { code: 'creator', name: 'Creator', pricingModel: 'per_seat' },
          source: 'jd-match',
          monthlyCost: 70,
          coverage: { kind: 'purchase' },
          reasons: [],
        },
        {
          app: { slug: 'snowflake', name: 'Snowflake' },
          plan: { code: 'on-demand', name: 'On demand', pricingModel: 'pay_per_use' },
          source: 'template',
          monthlyCost: 0,
          coverage: { kind: 'purchase' },
          reasons: [],
        },
      ],
    } as unknown as NewHire);
    expect(lines.map((l) => [l.slug, l.source, l.rank, l.plan.monthlyPrice])).toEqual([
      ['tableau', 'jd-match', 1, 70],
      ['snowflake', 'template', undefined, null],
    ]);
    expect(bundleItems(lines)).toEqual([
      { app: 'tableau', plan: 'creator' },
      { app: 'snowflake', plan: 'on-demand' },
    ]);
  });
});
