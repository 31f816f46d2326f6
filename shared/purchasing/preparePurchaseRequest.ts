// What a purchase request asks for, checked and priced, before anything is stored: the items (from
// the body or a template), the people seats are for (known, active, in the company, and people the
// actor may request for), seats they already hold, and the price of every line in the company's
// currency. Submitting (createPurchaseRequest) and the price quote (quotePurchaseRequest) both run it,
// so a quote answers exactly what a submission with the same body would record or refuse.
import type { Kysely } from 'kysely';
import { companyInScope } from '../identity/companyScope';
import { canActOnEmployee } from '../identity/employeeScope';
import { hasRole, type UserPrincipal } from '../identity/principal';
import type { Database } from '../platform/db/schema';
import { priceItems, type ItemToPrice, type PricedItem } from './pricing';
import { neededByProblem, type PurchaseDraftInput } from './purchaseRequestInput';

export interface Requester {
  id: number;
  company_id: number;
  company_code: string;
  currency: string;
}

export type PreparedPurchaseRequest =
  | {
      kind: 'ready';
      requester: Requester;
      priced: { items: PricedItem[]; monthly: number; annual: number };
      /** a request for one new hire (status 'starting'): the approval chain follows their management line */
      chainFor?: number;
    }
  | { kind: 'invalid'; errors: { path: string; message: string }[] }
  | { kind: 'forbidden'; detail: string };

async function seatsAlreadyHeld(
  db: Kysely<Database>,
  items: ItemToPrice[],
  requesterId: number,
): Promise<{ path: string; message: string }[]> {
  const wanted = items.flatMap((item, index) => {
    const holder = item.forEmployeeId ?? (item.seats === 1 ? requesterId : null);
    return holder === null ? [] : [{ index, holder, slug: item.appSlug }];
  });
  if (wanted.length === 0) return [];
  const rows = await db
    .selectFrom('license_assignments as l')
    .innerJoin('contracts as k', 'k.id', 'l.contract_id')
    .innerJoin('apps as a', 'a.id', 'k.app_id')
    .innerJoin('employees as e', 'e.id', 'l.employee_id')
    .select(['l.employee_id', 'a.slug', 'a.name', 'e.display_name'])
    .where('l.status', '=', 'active')
    .where('l.employee_id', 'in', [...new Set(wanted.map((w) => w.holder))])
    .where('a.slug', 'in', [...new Set(wanted.map((w) => w.slug))])
    .execute();
  return wanted.flatMap((w) => {
    const seat = rows.find((r) => r.employee_id === w.holder && r.slug === w.slug);
    return seat
      ? [{ path: `items.${w.index}.app`, message: `${seat.display_name} already has a ${seat.name} seat` }]
      : [];
  });
}

export async function preparePurchaseRequest(
  db: Kysely<Database>,
  actor: UserPrincipal,
  input: PurchaseDraftInput,
  now: Date,
): Promise<PreparedPurchaseRequest> {
  const late = input.neededBy === undefined ? undefined : neededByProblem(input.neededBy, now);
  if (late) return { kind: 'invalid', errors: [{ path: 'neededBy', message: late }] };
  const row = await db
    .selectFrom('employees as e')
    .innerJoin('companies as c', 'c.id', 'e.company_id')
    .select(['e.id', 'e.company_id', 'c.code as company_code', 'c.currency'])
    .where('e.id', '=', actor.employeeId)
    .executeTakeFirstOrThrow();
  const requester: Requester = { ...row, currency: row.currency.trim() };

  // Items, from the body or from the template.
  let requested: { app: string; plan?: string; seats: number; forEmployee?: string; path: string }[];
  if (input.templateId !== undefined) {
    const template = await db
      .selectFrom('purchase_templates')
      .select(['id'])
      .where('id', '=', input.templateId)
      .where((eb) => eb.or([eb('company_id', 'is', null), eb('company_id', '=', requester.company_id)]))
      .executeTakeFirst();
    if (!template) {
      return { kind: 'invalid', errors: [{ path: 'templateId', message: 'no such purchase template' }] };
    }
    const rows = await db
      .selectFrom('purchase_template_items as i')
      .innerJoin('apps as a', 'a.id', 'i.app_id')
      .leftJoin('pricing_plans as p', 'p.id', 'i.plan_id')
      .select(['a.slug', 'p.code', 'i.seats'])
      .where('i.template_id', '=', template.id)
      .orderBy('a.slug')
      .execute();
    requested = rows.map((r, index) => ({
      app: r.slug,
      ...(r.code !== null && { plan: r.code }),
      seats: r.seats,
      ...(input.forEmployee !== undefined && { forEmployee: input.forEmployee }),
      path: `templateId (item ${index + 1})`,
    }));
  } else {
    requested = (input.items ?? []).map((item, index) => ({ ...item, path: `items.${index}` }));
  }

  // The people seats are for: known, active, and someone the actor may request for.
  const errors: { path: string; message: string }[] = [];
  const emails = [...new Set(requested.flatMap((r) => (r.forEmployee ? [r.forEmployee.toLowerCase()] : [])))];
  const people = emails.length
    ? await db
        .selectFrom('employees')
        .select(['id', 'email', 'status', 'company_id'])
        .where('email', 'in', emails)
        .execute()
    : [];
  const personByEmail = new Map(people.map((p) => [p.email, p]));
  // A new hire (not started yet) is requested for by HR or Admin of the hire's company, every item
  // for the hire: the request belongs to the hire's company and is priced in its currency. A hire
  // whose start date came before the bundle was submitted is already active and still counts.
  const only = people.length === 1 ? people[0] : undefined;
  const unstartedHire =
    only?.status === 'active'
      ? await db
          .selectFrom('new_hires')
          .select('employee_id')
          .where('employee_id', '=', only.id)
          .where('status', 'in', ['draft', 'requested'])
          .executeTakeFirst()
      : undefined;
  const hire = only?.status === 'starting' || unstartedHire ? only : undefined;
  const forHire =
    hire !== undefined &&
    requested.every((r) => r.forEmployee !== undefined) &&
    hasRole(actor, 'HR', 'Admin') &&
    companyInScope(actor, hire.company_id);
  if (forHire && hire.company_id !== requester.company_id) {
    const company = await db
      .selectFrom('companies')
      .select(['id', 'code', 'currency'])
      .where('id', '=', hire.company_id)
      .executeTakeFirstOrThrow();
    requester.company_id = company.id;
    requester.company_code = company.code;
    requester.currency = company.currency.trim();
  }
  const items: ItemToPrice[] = [];
  for (const r of requested) {
    let forEmployeeId: number | null = null;
    if (r.forEmployee) {
      const person = personByEmail.get(r.forEmployee.toLowerCase());
      if (!person || (person.status !== 'active' && !(forHire && person.id === hire.id))) {
        errors.push({ path: `${r.path}.forEmployee`, message: `no active employee ${r.forEmployee}` });
        continue;
      }
      if (person.company_id !== requester.company_id) {
        errors.push({
          path: `${r.path}.forEmployee`,
          message: `${r.forEmployee} works for another subsidiary; they request through their own company`,
        });
        continue;
      }
      if (!(await canActOnEmployee(db, actor, person.id))) {
        return {
          kind: 'forbidden',
          detail: `You may request software for yourself and for the people you manage, not for ${r.forEmployee}.`,
        };
      }
      forEmployeeId = person.id;
      if (r.seats !== 1) {
        errors.push({ path: `${r.path}.seats`, message: 'a seat for a named person is one seat' });
        continue;
      }
    }
    items.push({
      appSlug: r.app,
      ...(r.plan !== undefined && { planCode: r.plan }),
      seats: r.seats,
      forEmployeeId,
    });
  }
  if (errors.length) return { kind: 'invalid', errors };

  // A seat for someone who already has one of the same app would be wasted: say so now.
  const held = await seatsAlreadyHeld(db, items, requester.id);
  if (held.length) return { kind: 'invalid', errors: held };

  const priced = await priceItems(db, { id: requester.company_id, currency: requester.currency }, items);
  if (!priced.ok) return { kind: 'invalid', errors: priced.errors };
  return { kind: 'ready', requester, priced, ...(forHire && { chainFor: hire.id }) };
}
