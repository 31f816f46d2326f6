// Initial schema: organisation, catalog, licences and usage. Frozen: never edit a migration that has
// shipped; add a new one instead. Kysely<any> on purpose, so later changes to the table types in
// shared/platform/db/schema.ts cannot silently change what this migration did.
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations use Kysely<any> by design */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // pgvector is optional here: PGlite and Azure PostgreSQL have it, a plain Debian server does not.
  // Vector columns arrive in later migrations that check the same way.
  const vectorAvailable = await sql<{ available: boolean }>`
    select exists (select 1 from pg_available_extensions where name = 'vector') as available`.execute(db);
  if (vectorAvailable.rows[0]?.available) {
    await sql`create extension if not exists vector`.execute(db);
  }

  await sql`
    create table company_groups (
      id integer generated always as identity primary key,
      code text not null unique check (code ~ '^[A-Z][A-Z0-9]{1,9}$'),
      name text not null,
      reporting_currency char(3) not null
    );

    create table companies (
      id integer generated always as identity primary key,
      group_id integer not null references company_groups(id),
      code text not null unique check (code ~ '^[A-Z][A-Z0-9]{1,9}$'),
      name text not null,
      country char(2) not null,
      currency char(3) not null,
      created_at timestamptz not null default now()
    );

    create table departments (
      id integer generated always as identity primary key,
      company_id integer not null references companies(id),
      code text not null,
      name text not null,
      head_employee_id integer,
      unique (company_id, code)
    );

    create table employees (
      id integer generated always as identity primary key,
      company_id integer not null references companies(id),
      department_id integer references departments(id),
      email text not null unique check (email = lower(email)),
      display_name text not null,
      job_title text not null,
      manager_id integer references employees(id),
      cost_center text,
      hired_on date,
      status text not null default 'active' check (status in ('active', 'leaver')),
      created_at timestamptz not null default now()
    );
    create index employees_company_idx on employees (company_id);
    create index employees_manager_idx on employees (manager_id);
    alter table departments
      add constraint departments_head_fk foreign key (head_employee_id) references employees(id);

    create table vendors (
      id integer generated always as identity primary key,
      name text not null unique,
      website text
    );

    create table apps (
      id integer generated always as identity primary key,
      vendor_id integer not null references vendors(id),
      slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{0,79}$'),
      name text not null,
      category text not null,
      description text not null,
      created_at timestamptz not null default now()
    );

    create table app_features (
      id integer generated always as identity primary key,
      app_id integer not null references apps(id),
      name text not null,
      description text not null,
      unique (app_id, name)
    );

    create table pricing_plans (
      id integer generated always as identity primary key,
      app_id integer not null references apps(id),
      code text not null,
      name text not null,
      pricing_model text not null check (pricing_model in ('per_seat', 'tiered', 'pay_per_use')),
      currency char(3) not null,
      -- per_seat: price per seat and month; pay_per_use: price per unit; tiered: see tiers.
      unit_price numeric(14, 4) not null check (unit_price >= 0),
      unit_name text not null default 'seat',
      -- tiered: [{ "upTo": 50 | null, "unitPrice": 12.5 }], ascending; null upTo is the last tier.
      tiers jsonb,
      billing_period text not null check (billing_period in ('monthly', 'annual')),
      unique (app_id, code)
    );

    create table contracts (
      id integer generated always as identity primary key,
      company_id integer not null references companies(id),
      app_id integer not null references apps(id),
      plan_id integer not null references pricing_plans(id),
      seats integer not null check (seats >= 0),
      unit_price numeric(14, 4) not null check (unit_price >= 0),
      currency char(3) not null,
      start_date date not null,
      end_date date not null,
      renewal_date date not null,
      notice_days integer not null default 30,
      auto_renew boolean not null default true,
      affiliate_sharing_allowed boolean not null default false,
      status text not null default 'active' check (status in ('active', 'expired', 'cancelled')),
      check (end_date > start_date)
    );
    create index contracts_company_app_idx on contracts (company_id, app_id);

    create table license_assignments (
      id integer generated always as identity primary key,
      contract_id integer not null references contracts(id),
      employee_id integer not null references employees(id),
      assigned_at timestamptz not null,
      released_at timestamptz,
      status text not null default 'active' check (status in ('active', 'released'))
    );
    create unique index license_assignments_active_uq
      on license_assignments (contract_id, employee_id) where status = 'active';
    create index license_assignments_employee_idx on license_assignments (employee_id);
  `.execute(db);

  // Usage events: range-partitioned by month on occurred_at (the event's time, never ingest time).
  // The primary key includes the partition key, which is what lets INSERT ... ON CONFLICT DO NOTHING
  // make ingest idempotent on a partitioned table. The default partition catches any date no
  // monthly partition covers yet, so no event is ever refused for its date; creating a monthly
  // partition later moves its rows out of the default (shared/platform/db/partitions.ts).
  await sql`
    create table usage_events (
      event_id text not null,
      occurred_at timestamptz not null,
      employee_id integer not null,
      app_id integer not null,
      company_id integer not null,
      event_type text not null,
      quantity double precision not null default 1,
      properties jsonb,
      source text,
      primary key (event_id, occurred_at)
    ) partition by range (occurred_at);
    create table usage_events_default partition of usage_events default;
    create index usage_events_app_time_idx on usage_events (app_id, occurred_at);

    create table usage_daily (
      employee_id integer not null,
      app_id integer not null,
      day date not null,
      company_id integer not null,
      events integer not null,
      quantity double precision not null,
      first_at timestamptz not null,
      last_at timestamptz not null,
      primary key (employee_id, app_id, day)
    );
    create index usage_daily_day_idx on usage_daily (day, company_id, app_id);

    create table usage_quarantine (
      id bigint generated always as identity primary key,
      event_id text not null,
      occurred_at timestamptz not null,
      reason text not null,
      event jsonb not null,
      batch_id text not null,
      quarantined_at timestamptz not null default now(),
      unique (event_id, occurred_at)
    );

    create table ingest_batches (
      batch_id text primary key,
      source text not null,
      accepted_at timestamptz not null,
      stored_at timestamptz not null default now(),
      events integer not null,
      inserted integer not null,
      quarantined integer not null
    );
    create index ingest_batches_stored_idx on ingest_batches (stored_at);

    create table ingest_failures (
      message_id text primary key,
      queue_name text not null,
      reason text not null,
      dequeue_count integer not null,
      message text not null,
      failed_at timestamptz not null default now()
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table if exists ingest_failures, ingest_batches, usage_quarantine, usage_daily, usage_events,
      license_assignments, contracts, pricing_plans, app_features, apps, vendors, employees cascade;
    drop table if exists departments, companies, company_groups cascade;
  `.execute(db);
}
