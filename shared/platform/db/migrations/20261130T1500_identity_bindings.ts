// People are bound to the immutable ids of their sign-in: the tenant (`tid`) and object id (`oid`)
// of the first token that proved it was theirs (a verified e-mail, or an object id recorded ahead
// in identity_subject). One identity binds one person, and a person has one identity, so a token
// with another object id and the same e-mail cannot sign in as them. Frozen once shipped.
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations use Kysely<any> by design */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table employees
      add column identity_tenant_id text check (length(identity_tenant_id) between 1 and 64),
      add column identity_object_id text check (length(identity_object_id) between 1 and 128),
      add column identity_bound_at timestamptz,
      -- both or neither: an object id means nothing without its tenant
      add constraint employees_identity_pair_ck check (
        (identity_tenant_id is null) = (identity_object_id is null)
        and (identity_object_id is null) = (identity_bound_at is null)
      ),
      add constraint employees_identity_uq unique (identity_tenant_id, identity_object_id);

    -- identity_subject stays what it was: an Entra object id recorded ahead (an HR import). It no
    -- longer signs anyone in by itself; the first token carrying that oid binds it with its tenant.
    comment on column employees.identity_subject is
      'object id (oid) recorded ahead of the first sign-in; binds identity_tenant_id/identity_object_id then';
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    comment on column employees.identity_subject is null;
    alter table employees
      drop constraint if exists employees_identity_uq,
      drop constraint if exists employees_identity_pair_ck,
      drop column if exists identity_bound_at,
      drop column if exists identity_object_id,
      drop column if exists identity_tenant_id;
  `.execute(db);
}
