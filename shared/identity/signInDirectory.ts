// The people devhost's local sign-in page offers. devhost is a generic host and does not open the
// app's database (embedded PGlite has one owner: this process's app), so the composition root
// exports a directory made from its database (DEVHOST_SIGNIN_DIRECTORY names that module) and devhost
// asks it. Only devhost's sign-in page calls it; no route of the deployed API does.
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../platform/db/schema';

/** The shape devhost expects (devhost/identity/signInDirectory.ts), repeated so the app does not depend on devhost. */
export interface SignInPerson {
  subject: string;
  email: string;
  displayName: string;
  jobTitle: string;
  organisation: string;
  roles: string[];
  group?: string;
  active: boolean;
}

interface PersonRow {
  id: number;
  identity_subject: string | null;
  identity_object_id: string | null;
  email: string;
  display_name: string;
  job_title: string;
  company_code: string;
  company_name: string;
  group_code: string;
  status: string;
  roles: string[] | null;
  group_scope: boolean | null;
}

/** A stable, UUID-shaped object id for a person without a recorded one (as Entra's oid looks). */
function localObjectId(employeeId: number): string {
  const hex = createHash('sha256').update(`asset-pulse-local-person:${employeeId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function toPerson(row: PersonRow): SignInPerson {
  return {
    // the object id the person is bound to (or recorded for), so the local token signs them in again
    subject: row.identity_object_id ?? row.identity_subject ?? localObjectId(row.id),
    email: row.email,
    displayName: row.display_name,
    jobTitle: row.job_title,
    organisation: `${row.company_code} · ${row.company_name}`,
    roles: row.roles ?? [],
    ...(row.group_scope ? { group: row.group_code } : {}),
    active: row.status === 'active',
  };
}

async function people(
  db: Kysely<Database>,
  where: ReturnType<typeof sql>,
  limit: number,
  order = sql`e.id`,
): Promise<SignInPerson[]> {
  const result = await sql<PersonRow>`
    select e.id, e.identity_subject, e.identity_object_id, e.email, e.display_name, e.job_title, e.status,
           c.code as company_code, c.name as company_name, g.code as group_code,
           array_remove(array_agg(r.role order by r.role), null) as roles,
           bool_or(r.scope = 'group') as group_scope
    from employees e
    join companies c on c.id = e.company_id
    join company_groups g on g.id = c.group_id
    left join employee_roles r on r.employee_id = e.id
    where ${where}
    group by e.id, c.id, g.code
    order by ${order}
    limit ${limit}`.execute(db);
  return result.rows.map(toPerson);
}

export interface SignInDirectory {
  roles: string[];
  search(query: { text?: string; role?: string; limit: number }): Promise<SignInPerson[]>;
  find(email: string): Promise<SignInPerson | undefined>;
}

export const makeSignInDirectory = (db: Kysely<Database>): SignInDirectory => ({
  /** the sections of the sign-in page, widest reach first */
  roles: ['Admin', 'CTO', 'Finance', 'HR', 'Manager', 'Employee'],

  /** active people, by a role and/or a piece of name or e-mail; group-wide holders first */
  search(query: { text?: string; role?: string; limit: number }): Promise<SignInPerson[]> {
    const conditions = [sql`e.status = 'active'`];
    if (query.role)
      conditions.push(
        sql`exists (select 1 from employee_roles x where x.employee_id = e.id and x.role = ${query.role})`,
      );
    const text = query.text?.trim().toLowerCase();
    if (text) {
      const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      conditions.push(sql`(lower(e.display_name) like ${pattern} or e.email like ${pattern})`);
    }
    return people(
      db,
      sql.join(conditions, sql` and `),
      Math.min(Math.max(query.limit, 1), 200),
      // Employee and Manager sections: typical examples (fewest other roles) first; others: group-wide first
      query.role === 'Employee' || query.role === 'Manager'
        ? sql`count(r.role), c.id, e.display_name`
        : sql`bool_or(r.scope = 'group') desc nulls last, c.id, e.display_name`,
    );
  },

  /** anyone with this e-mail, leavers too (their token is refused by the API, as in real life) */
  async find(email: string): Promise<SignInPerson | undefined> {
    return (await people(db, sql`e.email = ${email.trim().toLowerCase()}`, 1))[0];
  },
});
