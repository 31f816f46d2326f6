// Sign-in and scopes against the demo organisation (small seed): tokens are mapped to employees
// (by object id, then e-mail; leavers and strangers refused), and the scope helpers the use cases
// call give each person exactly the employees and companies their roles reach.
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator, type Authenticator } from '../../shared/identity/authenticator';
import { companyInScope } from '../../shared/identity/companyScope';
import { createEmployeeIdentities } from '../../shared/identity/employeeIdentities';
import { canActOnEmployee, employeeScopeFilter } from '../../shared/identity/employeeScope';
import type { Principal } from '../../shared/identity/principal';
import { createTokenValidator } from '../../shared/identity/tokenValidator';
import { migrateToLatest } from '../../shared/platform/db/migrate';
import type { Database } from '../../shared/platform/db/schema';
import { seedDemoData } from '../../scripts/seed/seedDemoData';
import { lane, openTestDatabase, type TestDatabase } from '../support/testDatabase';
import { startTestIssuer, type TestIssuer } from '../support/testIssuer';

const NOW = new Date('2026-11-15T12:00:00Z');

interface Person {
  id: number;
  email: string;
  company_id: number;
  manager_id: number | null;
  status: string;
}

let database: TestDatabase;
let db: Kysely<Database>;
let issuer: TestIssuer;
let authenticator: Authenticator;
let people: Person[];

/** Everyone below a manager, walked here in memory: the expectation for the recursive query. */
function below(managerId: number): Set<number> {
  const found = new Set<number>();
  let frontier = [managerId];
  while (frontier.length > 0) {
    const next = people.filter(
      (p) => p.manager_id !== null && frontier.includes(p.manager_id) && !found.has(p.id),
    );
    next.forEach((p) => found.add(p.id));
    frontier = next.map((p) => p.id);
  }
  return found;
}

/** A token shaped like the local issuer's for this employee (roles from employee_roles), to a Principal. */
async function signIn(employeeId: number, extra: Record<string, unknown> = {}): Promise<Principal> {
  const person = people.find((p) => p.id === employeeId)!;
  const grants = await db
    .selectFrom('employee_roles')
    .selectAll()
    .where('employee_id', '=', employeeId)
    .execute();
  const token = await issuer.sign({
    sub: `local-${employeeId}`,
    email: person.email,
    roles: grants.map((g) => g.role),
    ...(grants.some((g) => g.scope === 'group') ? { group: 'NORDA' } : {}),
    ...extra,
  });
  const outcome = await authenticator.principalFor(token);
  if (!outcome.ok) throw new Error(`${person.email}: ${outcome.detail}`);
  return outcome.principal;
}

async function inScope(principal: Principal): Promise<Set<number>> {
  const rows = await db
    .selectFrom('employees as e')
    .select('e.id')
    .where(employeeScopeFilter(principal, 'e.id'))
    .execute();
  return new Set(rows.map((r) => r.id));
}

async function firstWith(query: ReturnType<typeof sql<{ id: number }>>): Promise<number> {
  const row = (await query.execute(db)).rows[0];
  if (!row) throw new Error('the seed has nobody like that');
  return row.id;
}

describe(`sign-in and scopes on ${lane()}`, () => {
  beforeAll(async () => {
    database = await openTestDatabase();
    db = database.handle.db;
    await migrateToLatest(db, NOW);
    await seedDemoData(db, { size: 0.05, now: NOW, usageDays: 1 });
    people = await db
      .selectFrom('employees')
      .select(['id', 'email', 'company_id', 'manager_id', 'status'])
      .execute();
    issuer = await startTestIssuer();
    authenticator = createAuthenticator(
      createTokenValidator({ issuer: issuer.issuer, audiences: [issuer.audience], jwksUrl: issuer.jwksUrl }),
      createEmployeeIdentities(db),
    );
  });
  afterAll(async () => {
    await issuer?.close();
    await database?.drop();
  });

  describe('mapping a token to an employee', () => {
    it('finds the employee by object id, whatever e-mail the token carries', async () => {
      const someone = people.find((p) => p.status === 'active')!;
      await db
        .updateTable('employees')
        .set({ identity_subject: 'entra-oid-123' })
        .where('id', '=', someone.id)
        .execute();
      const token = await issuer.sign({
        sub: 'pairwise-sub',
        oid: 'entra-oid-123',
        email: 'renamed@new.example.com',
      });
      const outcome = await authenticator.principalFor(token);
      expect(outcome.ok && outcome.principal.kind === 'user' && outcome.principal.employeeId).toBe(
        someone.id,
      );
    });

    it('falls back to the e-mail (preferred_username or upn too, any case) when the object id is unknown', async () => {
      const someone = people.filter((p) => p.status === 'active')[5]!;
      for (const claim of ['email', 'preferred_username', 'upn']) {
        const token = await issuer.sign({
          sub: 'unknown-sub',
          oid: 'unknown-oid',
          [claim]: someone.email.toUpperCase(),
        });
        const outcome = await authenticator.principalFor(token);
        expect(outcome.ok && outcome.principal.kind === 'user' && outcome.principal.employeeId).toBe(
          someone.id,
        );
      }
    });

    it('refuses a leaver with 403, saying they have left', async () => {
      const leaver = people.find((p) => p.status === 'leaver')!;
      const outcome = await authenticator.principalFor(await issuer.sign({ sub: 'x', email: leaver.email }));
      expect(outcome).toMatchObject({
        ok: false,
        status: 403,
        detail: expect.stringMatching(/has left/) as unknown,
      });
    });

    it('refuses someone who is not an employee with 403', async () => {
      const outcome = await authenticator.principalFor(
        await issuer.sign({ sub: 'x', email: 'visitor@example.org' }),
      );
      expect(outcome).toMatchObject({ ok: false, status: 403 });
    });
  });

  describe('scopes', () => {
    it('lets an employee act on themselves only', async () => {
      const plain = await firstWith(sql<{ id: number }>`
        select e.id from employees e where e.status = 'active'
          and not exists (select 1 from employee_roles r where r.employee_id = e.id and r.role <> 'Employee')
        order by e.id limit 1`);
      const me = await signIn(plain);
      const colleague = people.find((p) => p.id !== plain)!;
      expect(await canActOnEmployee(db, me, plain)).toBe(true);
      expect(await canActOnEmployee(db, me, colleague.id)).toBe(false);
      expect([...(await inScope(me))]).toEqual([plain]);
    });

    it('lets a manager act on direct and indirect reports, and on nobody outside their line', async () => {
      // someone with people two levels below, signed in as a Manager only (no company-wide role)
      const managerId = await firstWith(sql<{ id: number }>`
        select m.id from employees m
          join employees r on r.manager_id = m.id join employees x on x.manager_id = r.id
        order by (m.manager_id is null), m.id limit 1`);
      const manager = await signIn(managerId, { roles: ['Employee', 'Manager'], group: undefined });
      const reports = below(managerId);
      const direct = people.find((p) => p.manager_id === managerId)!;
      const indirect = people.find((p) => p.manager_id !== null && reports.has(p.manager_id))!;
      // their own manager, or (for a company head) someone of another company
      const outside = people.find((p) => p.id !== managerId && !reports.has(p.id))!;
      expect(await canActOnEmployee(db, manager, direct.id)).toBe(true);
      expect(await canActOnEmployee(db, manager, indirect.id)).toBe(true);
      expect(await canActOnEmployee(db, manager, outside.id)).toBe(false);
      expect(await inScope(manager)).toEqual(new Set([managerId, ...reports]));
    });

    it('gives HR of one company that company, and not an employee of another', async () => {
      const hrId = await firstWith(sql<{ id: number }>`
        select employee_id as id from employee_roles where role = 'HR' and scope = 'company'
        order by employee_id limit 1`);
      const hr = await signIn(hrId);
      if (hr.kind !== 'user') throw new Error('not a person');
      const sameCompany = people.filter((p) => p.company_id === hr.companyId);
      const elsewhere = people.find((p) => p.company_id !== hr.companyId)!;
      expect(await canActOnEmployee(db, hr, sameCompany.at(-1)!.id)).toBe(true);
      expect(await canActOnEmployee(db, hr, elsewhere.id)).toBe(false);
      expect(companyInScope(hr, hr.companyId)).toBe(true);
      expect(companyInScope(hr, elsewhere.company_id)).toBe(false);
      expect(await inScope(hr)).toEqual(new Set(sameCompany.map((p) => p.id)));
    });

    it('gives a group-wide role every company of the group', async () => {
      const groupHr = await firstWith(sql<{ id: number }>`
        select employee_id as id from employee_roles where role = 'HR' and scope = 'group' limit 1`);
      const hr = await signIn(groupHr);
      expect(hr.kind === 'user' && hr.groupWide).toBe(true);
      const elsewhere = people.find((p) => hr.kind === 'user' && p.company_id !== hr.companyId)!;
      expect(await canActOnEmployee(db, hr, elsewhere.id)).toBe(true);
      expect(companyInScope(hr, elsewhere.company_id)).toBe(true);
      expect((await inScope(hr)).size).toBe(people.length);
    });

    it('gives the same person only their company without the group claim', async () => {
      const groupHr = await firstWith(sql<{ id: number }>`
        select employee_id as id from employee_roles where role = 'HR' and scope = 'group' limit 1`);
      const hr = await signIn(groupHr, { group: undefined });
      expect(hr.kind === 'user' && hr.groupWide).toBe(false);
      const elsewhere = people.find((p) => hr.kind === 'user' && p.company_id !== hr.companyId)!;
      expect(await canActOnEmployee(db, hr, elsewhere.id)).toBe(false);
    });

    it('gives an application no employees', async () => {
      const app: Principal = { kind: 'app', clientId: 'pipeline', roles: new Set(['Ingest'] as const) };
      expect(await canActOnEmployee(db, app, people[0]!.id)).toBe(false);
      expect((await inScope(app)).size).toBe(0);
    });
  });
});
