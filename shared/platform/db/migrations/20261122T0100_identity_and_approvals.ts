// Identity and the purchase-approval workflow: role grants, approval policies, purchase templates,
// purchase requests with items, approval steps and their single decisions, single-use e-mail link
// tokens (stored hashed), purchase orders, exchange rates and the audit log. Frozen once shipped.
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations use Kysely<any> by design */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    -- The Entra object id (oid) of the person, when known; otherwise the e-mail claim maps to them.
    alter table employees add column identity_subject text unique;

    -- App roles held in the directory. In Azure, Entra app-role assignments put them into the token;
    -- the table says who holds what for the local issuer and for finding approvers (CTO, Finance).
    -- scope 'group': the role covers every company of the group, not only the holder's own.
    create table employee_roles (
      employee_id integer not null references employees(id),
      role text not null check (role in ('Employee', 'Manager', 'HR', 'CTO', 'Finance', 'Admin')),
      scope text not null default 'company' check (scope in ('company', 'group')),
      primary key (employee_id, role)
    );
    create index employee_roles_role_idx on employee_roles (role);

    -- Units of a currency per euro, for pricing catalog plans in a company's currency.
    create table exchange_rates (
      currency char(3) primary key,
      per_eur numeric(14, 6) not null check (per_eur > 0),
      updated_at timestamptz not null default now()
    );

    -- One policy per company: the ordered steps and the timings, editable by Admin.
    create table approval_policies (
      company_id integer primary key references companies(id),
      policy jsonb not null,
      updated_at timestamptz not null default now(),
      updated_by integer references employees(id)
    );

    create table purchase_templates (
      id integer generated always as identity primary key,
      company_id integer references companies(id), -- null: offered group-wide
      code text not null,
      name text not null,
      description text not null default '',
      department_code text,
      created_at timestamptz not null default now(),
      unique nulls not distinct (company_id, code)
    );

    create table purchase_template_items (
      template_id integer not null references purchase_templates(id) on delete cascade,
      app_id integer not null references apps(id),
      plan_id integer references pricing_plans(id),
      seats integer not null default 1 check (seats > 0),
      primary key (template_id, app_id)
    );

    -- Readable request codes PR-<COMPANY>-<YYYYMMDD>-<seq>: one counter per company and day.
    create table purchase_request_counters (
      company_id integer not null references companies(id),
      day date not null,
      last_seq integer not null,
      primary key (company_id, day)
    );

    create table purchase_requests (
      id uuid primary key,
      code text not null unique,
      company_id integer not null references companies(id),
      requester_id integer not null references employees(id),
      template_id integer references purchase_templates(id),
      justification text not null,
      needed_by date not null,
      currency char(3) not null,
      monthly_cost numeric(14, 2) not null,
      annual_cost numeric(14, 2) not null,
      status text not null default 'pending'
        check (status in ('pending', 'approved', 'fulfilled', 'rejected', 'expired', 'cancelled')),
      -- the approval chain as computed when the request started: [{ step, kind, approverId, reason }]
      chain jsonb not null,
      policy jsonb not null,
      created_at timestamptz not null,
      closed_at timestamptz,
      outcome_reason text
    );
    create index purchase_requests_company_idx on purchase_requests (company_id, created_at desc);
    create index purchase_requests_requester_idx on purchase_requests (requester_id, created_at desc);

    create table purchase_request_items (
      request_id uuid not null references purchase_requests(id),
      line integer not null,
      app_id integer not null references apps(id),
      plan_id integer not null references pricing_plans(id),
      seats integer not null check (seats > 0),
      for_employee_id integer references employees(id),
      contract_id integer references contracts(id),
      unit_price numeric(14, 4) not null,
      monthly_cost numeric(14, 2) not null,
      annual_cost numeric(14, 2) not null,
      price_source text not null check (price_source in ('contract', 'catalog')),
      primary key (request_id, line)
    );

    create table approval_steps (
      request_id uuid not null references purchase_requests(id),
      step integer not null,
      kind text not null,
      approver_id integer not null references employees(id),
      status text not null default 'queued'
        check (status in ('queued', 'waiting', 'approved', 'rejected', 'expired', 'cancelled')),
      asked_at timestamptz,
      reminded_at timestamptz,
      escalated_at timestamptz,
      escalated_from_id integer references employees(id),
      primary key (request_id, step)
    );
    create index approval_steps_waiting_idx on approval_steps (approver_id) where status = 'waiting';

    -- Exactly one decision per step: the primary key is what makes a double click harmless.
    create table approval_decisions (
      request_id uuid not null,
      step integer not null,
      decision text not null check (decision in ('approve', 'reject')),
      decided_by integer not null references employees(id),
      comment text,
      channel text not null check (channel in ('email', 'portal')),
      decided_at timestamptz not null,
      primary key (request_id, step),
      foreign key (request_id, step) references approval_steps(request_id, step)
    );

    -- Single-use link tokens, stored as a SHA-256 hash of the token; used_at set atomically.
    create table approval_tokens (
      token_hash text primary key,
      request_id uuid not null references purchase_requests(id),
      step integer not null,
      approver_id integer not null references employees(id),
      action text not null check (action in ('approve', 'reject')),
      expires_at timestamptz not null,
      created_at timestamptz not null,
      used_at timestamptz
    );
    create index approval_tokens_request_idx on approval_tokens (request_id, step);

    create table purchase_orders (
      id integer generated always as identity primary key,
      request_id uuid not null references purchase_requests(id),
      line integer not null,
      company_id integer not null references companies(id),
      app_id integer not null references apps(id),
      plan_id integer not null references pricing_plans(id),
      seats integer not null check (seats > 0),
      currency char(3) not null,
      monthly_cost numeric(14, 2) not null,
      annual_cost numeric(14, 2) not null,
      status text not null default 'to_order' check (status in ('to_order', 'ordered', 'cancelled')),
      created_at timestamptz not null,
      unique (request_id, line)
    );

    -- Seats handed out by a request's fulfilment; the unique key makes a re-run a no-op.
    alter table license_assignments add column purchase_request_id uuid references purchase_requests(id);
    create unique index license_assignments_request_uq
      on license_assignments (purchase_request_id, employee_id, contract_id)
      where purchase_request_id is not null;

    -- Every transition of every workflow. idempotency_key makes a retried activity write it once.
    create table audit_log (
      id bigint generated always as identity primary key,
      occurred_at timestamptz not null,
      company_id integer references companies(id),
      entity_type text not null,
      entity_id text not null,
      action text not null,
      actor_id integer references employees(id),
      details jsonb not null default '{}',
      idempotency_key text unique
    );
    create index audit_log_entity_idx on audit_log (entity_type, entity_id, id);

    -- Notifications an activity has sent, so a retried activity does not send the same mail twice.
    create table sent_notifications (
      key text primary key,
      recipient text not null,
      message_id text,
      sent_at timestamptz not null
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table if exists sent_notifications, audit_log, purchase_orders, approval_tokens,
      approval_decisions, approval_steps, purchase_request_items, purchase_requests,
      purchase_request_counters, purchase_template_items, purchase_templates, approval_policies,
      exchange_rates, employee_roles cascade;
    drop index if exists license_assignments_request_uq;
    alter table license_assignments drop column if exists purchase_request_id;
    alter table employees drop column if exists identity_subject;
  `.execute(db);
}
