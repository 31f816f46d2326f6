// New-hire onboarding (F3 job description → licences) and versioned purchase templates (F4).
// - employees gain 'starting': a hire exists before the start date, holds no seat and is not counted
//   as staff anywhere that reads status = 'active'; the onboarding workflow makes them active.
// - new_hires: the hire as HR is preparing it (job description, the JD match as answered, the bundle
//   HR adjusted, the purchase request it became) and where the onboarding workflow stands.
// - purchase templates keep every version: purchase_template_items holds the current version (what a
//   request reads), purchase_template_versions an immutable copy of each, and a request records the
//   version it came from. Frozen once shipped.
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations use Kysely<any> by design */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table employees drop constraint employees_status_check;
    alter table employees add constraint employees_status_check
      check (status in ('starting', 'active', 'leaver'));

    create table new_hires (
      id uuid primary key,
      company_id integer not null references companies(id),
      -- the employee row, status 'starting' until the start date
      employee_id integer not null unique references employees(id),
      manager_id integer references employees(id),
      start_date date not null,
      job_description text not null check (length(job_description) <= 20000),
      seniority text check (seniority in ('junior', 'mid', 'senior', 'lead', 'executive')),
      status text not null default 'draft'
        check (status in ('draft', 'requested', 'started', 'cancelled')),
      -- the JD match as answered when the hire was recorded (skills, tasks, ranked apps, answeredBy)
      jd_match jsonb,
      -- the bundle as HR left it: [{ appId, planId, source: 'jd-match' | 'added' | 'template' }]
      bundle jsonb not null default '[]',
      -- set when the bundle was loaded from a template and not changed since
      template_id integer references purchase_templates(id),
      template_version integer,
      purchase_request_id uuid unique references purchase_requests(id),
      -- bumped on every change: a bundle edit names the revision it read (409 when stale)
      revision integer not null default 1 check (revision >= 1),
      created_by integer not null references employees(id),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      started_at timestamptz,
      cancelled_at timestamptz,
      cancel_reason text check (length(cancel_reason) <= 4000),
      welcome_sent_at timestamptz
    );
    create index new_hires_company_idx on new_hires (company_id, start_date);

    alter table purchase_templates
      add column role_title text check (length(role_title) <= 200),
      add column current_version integer not null default 1 check (current_version >= 1),
      add column archived_at timestamptz,
      add column updated_at timestamptz not null default now(),
      add column updated_by integer references employees(id);
    alter table purchase_template_items
      add column optional boolean not null default false;

    create table purchase_template_versions (
      template_id integer not null references purchase_templates(id) on delete cascade,
      version integer not null check (version >= 1),
      name text not null,
      description text not null default '',
      role_title text,
      department_code text,
      -- [{ appId, planId, seats, optional }] as the version had them
      items jsonb not null,
      created_at timestamptz not null default now(),
      created_by integer references employees(id),
      primary key (template_id, version)
    );
    -- the templates that exist become their version 1
    insert into purchase_template_versions (template_id, version, name, description, role_title, department_code, items, created_at)
    select t.id, 1, t.name, t.description, t.role_title, t.department_code,
      coalesce((select jsonb_agg(jsonb_build_object('appId', i.app_id, 'planId', i.plan_id, 'seats', i.seats, 'optional', i.optional) order by i.app_id)
        from purchase_template_items i where i.template_id = t.id), '[]'::jsonb),
      t.created_at
    from purchase_templates t;

    alter table purchase_requests
      add column template_version integer,
      add constraint purchase_requests_template_version_fk
        foreign key (template_id, template_version) references purchase_template_versions(template_id, version);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    alter table purchase_requests drop constraint if exists purchase_requests_template_version_fk;
    alter table purchase_requests drop column if exists template_version;
    drop table if exists purchase_template_versions;
    alter table purchase_template_items drop column if exists optional;
    alter table purchase_templates drop column if exists role_title, drop column if exists current_version,
      drop column if exists archived_at, drop column if exists updated_at, drop column if exists updated_by;
    drop table if exists new_hires;
    delete from employees where status = 'starting';
    alter table employees drop constraint employees_status_check;
    alter table employees add constraint employees_status_check check (status in ('active', 'leaver'));
  `.execute(db);
}
