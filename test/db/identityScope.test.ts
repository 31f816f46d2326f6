// Sign-in and scopes against the demo organisation (small seed): tokens are mapped to employees by
// tenant and object id (a verified e-mail binds a person not bound yet; nothing else does; leavers,
// strangers and tokens contradicting a binding refused), and the scope helpers the use cases call
// give each person exactly the employees and companies their roles reach.
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAuthenticator,
  type Authenticator,
  type AuthOutcome,
} from '../../shared/identity/authenticator';
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
const TENANT = '5d1c0000-0000-4000-8000-00000000beef';
const OTHER_TENANT = '5d1c0000-0000-4000-8000-00000000f00d';

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
async function signInOutcome(employeeId: number, extra: Record<string, unknown> = {}): Promise<AuthOutcome> {
  const person = people.find((p) => p.id === employeeId)!;
  const grants = await db
    .selectFrom('employee_roles')
    .selectAll()
    .where('employee_id', '=', employeeId)
    .execute();
  const token = await issuer.sign({
    sub: `local-${employeeId}`,
    tid: TENANT,
    oid: `local-${employeeId}`,
    email: person.email,
    xms_edov: true,
    roles: grants.map((g) => g.role),
    ...(grants.some((g) => g.scope === 'group') ? { group: 'NORDA' } : {}),
    ...extra,
  });
  return authenticator.principalFor(token);
}

async function signIn(employeeId: number, extra: Record<string, unknown> = {}): Promise<Principal> {
  const outcome = await signInOutcome(employeeId, extra);
  if (!outcome.ok) throw new Error(`${employeeId}: ${outcome.detail}`);
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
    /** a fresh authenticator (no cached answers), as another instance of the app would be */
    const fresh = () =>
      createAuthenticator(
        createTokenValidator({
          issuer: issuer.issuer,
          audiences: [issuer.audience],
          jwksUrl: issuer.jwksUrl,
        }),
        createEmployeeIdentities(db),
      );
    const bindingOf = (id: number) =>
      db
        .selectFrom('employees')
        .select(['identity_tenant_id', 'identity_object_id'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
    const employeeIdOf = (outcome: AuthOutcome) =>
      outcome.ok && outcome.principal.kind === 'user' ? outcome.principal.employeeId : outcome;
    /** someone holding a role group-wide (an Admin if the seed has one): whom the take-over was tried on */
    const groupWideHolder = () =>
      firstWith(sql<{ id: number }>`
        select r.employee_id as id from employee_roles r join employees e on e.id = r.employee_id
        where r.scope = 'group' and e.status = 'active'
        order by (r.role = 'Admin') desc, r.employee_id limit 1`);

    it('binds a person by a verified e-mail on first sign-in, then finds them by tid + oid whatever e-mail', async () => {
      const someone = people.filter((p) => p.status === 'active')[3]!;
      const first = await issuer.sign({
        tid: TENANT,
        oid: 'entra-oid-123',
        email: someone.email.toUpperCase(),
        xms_edov: true,
      });
      expect(employeeIdOf(await authenticator.principalFor(first))).toBe(someone.id);
      expect(await bindingOf(someone.id)).toEqual({
        identity_tenant_id: TENANT,
        identity_object_id: 'entra-oid-123',
      });
      const audit = await db
        .selectFrom('audit_log')
        .select(['action', 'details'])
        .where('entity_type', '=', 'employee')
        .where('entity_id', '=', String(someone.id))
        .execute();
      expect(audit).toEqual([
        {
          action: 'identity_bound',
          details: { tenantId: TENANT, objectId: 'entra-oid-123', via: 'verified-email' },
        },
      ]);
      // Renamed in the directory, no e-mail proof at all: the ids still say who it is.
      const renamed = await issuer.sign({
        tid: TENANT,
        oid: 'entra-oid-123',
        email: 'renamed@new.example.com',
      });
      expect(employeeIdOf(await fresh().principalFor(renamed))).toBe(someone.id);
    });

    it('refuses the take-over: unknown ids with a bound victim’s e-mail, in any claim and case', async () => {
      const victimId = await groupWideHolder();
      const victim = people.find((p) => p.id === victimId)!;
      // The victim signs in once, and is bound.
      expect(employeeIdOf(await signInOutcome(victimId))).toBe(victimId);
      const before = await bindingOf(victimId);

      for (const claims of [
        { email: victim.email, xms_edov: true },
        { email: victim.email.toUpperCase(), email_verified: true },
        { preferred_username: victim.email.toUpperCase() },
        { upn: victim.email },
        { email: victim.email },
      ]) {
        for (const tid of [TENANT, OTHER_TENANT]) {
          const token = await issuer.sign({
            sub: 'attacker',
            tid,
            oid: 'attacker-oid',
            roles: ['Admin'],
            ...claims,
          });
          const outcome = await fresh().principalFor(token);
          expect(outcome, JSON.stringify(claims)).toMatchObject({ ok: false, status: 403 });
        }
      }
      expect(await bindingOf(victimId)).toEqual(before);
      expect(before).toEqual({ identity_tenant_id: TENANT, identity_object_id: `local-${victimId}` });
    });

    it('never binds anyone by preferred_username, upn or an unverified e-mail', async () => {
      const someone = people.filter((p) => p.status === 'active')[7]!;
      for (const claims of [
        { preferred_username: someone.email, scp: 'access_as_user' },
        { upn: someone.email.toUpperCase(), scp: 'access_as_user' },
        { email: someone.email },
        { email: someone.email, xms_edov: false },
      ]) {
        const outcome = await fresh().principalFor(
          await issuer.sign({ sub: 'unknown-sub', tid: TENANT, oid: 'unknown-oid', ...claims }),
        );
        expect(outcome, JSON.stringify(claims)).toMatchObject({
          ok: false,
          status: 403,
          detail: expect.stringMatching(/no verified e-mail/) as unknown,
        });
      }
      expect(await bindingOf(someone.id)).toEqual({ identity_tenant_id: null, identity_object_id: null });
    });

    it('binds one identity when two sign-ins race for one unbound person', async () => {
      const someone = people.filter((p) => p.status === 'active')[9]!;
      const tokens = await Promise.all(
        ['race-a', 'race-b', 'race-c', 'race-d'].map((oid) =>
          issuer.sign({ tid: TENANT, oid, email: someone.email, xms_edov: true }),
        ),
      );
      // separate authenticators: no shared cache, as on separate instances
      const outcomes = await Promise.all(tokens.map((t) => fresh().principalFor(t)));
      const winners = outcomes.filter((o) => o.ok);
      expect(winners).toHaveLength(1);
      expect(outcomes.filter((o) => !o.ok).map((o) => !o.ok && o.status)).toEqual([403, 403, 403]);
      const bound = await bindingOf(someone.id);
      const winner = tokens[outcomes.indexOf(winners[0]!)]!;
      expect(employeeIdOf(await fresh().principalFor(winner))).toBe(someone.id);
      expect(bound.identity_object_id).toMatch(/^race-[a-d]$/);
    });

    it('lets every one of a person’s first requests in when they arrive at once with the same ids', async () => {
      const someone = people.filter((p) => p.status === 'active')[10]!;
      const token = await issuer.sign({
        tid: TENANT,
        oid: 'same-person-oid',
        email: someone.email,
        xms_edov: true,
      });
      // The portal's first page load sends several requests at once, to one or more instances.
      const outcomes = await Promise.all(Array.from({ length: 8 }, () => fresh().principalFor(token)));
      expect(outcomes.map((o) => (o.ok ? employeeIdOf(o) : o.status))).toEqual(Array(8).fill(someone.id));
      expect(await bindingOf(someone.id)).toEqual({
        identity_tenant_id: TENANT,
        identity_object_id: 'same-person-oid',
      });
    });

    it('binds an object id recorded ahead (identity_subject) with the token’s tenant, e-mail or not', async () => {
      const someone = people.filter((p) => p.status === 'active')[11]!;
      await db
        .updateTable('employees')
        .set({ identity_subject: 'recorded-oid-9' })
        .where('id', '=', someone.id)
        .execute();
      // Its e-mail with another object id does not take the recorded person.
      const other = await issuer.sign({
        tid: TENANT,
        oid: 'someone-else',
        email: someone.email,
        xms_edov: true,
      });
      expect(await fresh().principalFor(other)).toMatchObject({ ok: false, status: 403 });
      const token = await issuer.sign({
        tid: TENANT,
        oid: 'recorded-oid-9',
        email: 'x@elsewhere.example.com',
      });
      expect(employeeIdOf(await fresh().principalFor(token))).toBe(someone.id);
      expect(await bindingOf(someone.id)).toEqual({
        identity_tenant_id: TENANT,
        identity_object_id: 'recorded-oid-9',
      });
    });

    it('refuses a leaver with 403, saying they have left', async () => {
      const leaver = people.find((p) => p.status === 'leaver')!;
      const outcome = await authenticator.principalFor(
        await issuer.sign({ sub: 'x', tid: TENANT, oid: 'leaver-oid', email: leaver.email, xms_edov: true }),
      );
      expect(outcome).toMatchObject({
        ok: false,
        status: 403,
        detail: expect.stringMatching(/has left/) as unknown,
      });
    });

    it('refuses someone who is not an employee with 403', async () => {
      const outcome = await authenticator.principalFor(
        await issuer.sign({
          sub: 'x',
          tid: TENANT,
          oid: 'visitor',
          email: 'visitor@example.org',
          xms_edov: true,
        }),
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
