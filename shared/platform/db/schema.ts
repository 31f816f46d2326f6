// Kysely table types: what the application code reads and writes. Migrations do not use these
// (they are frozen in time); keep both in step when adding a migration.
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** a timestamp the database fills in by default */
type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type DateOnly = ColumnType<string, string, string>;
/** numeric columns come back from pg as strings to keep their precision */
type Numeric = ColumnType<string, string | number, string | number>;
type Json<T> = ColumnType<T, string, string>;

export interface CompanyGroupsTable {
  id: Generated<number>;
  code: string;
  name: string;
  reporting_currency: string;
}

export interface CompaniesTable {
  id: Generated<number>;
  group_id: number;
  code: string;
  name: string;
  country: string;
  currency: string;
  created_at: GeneratedTimestamp;
}

export interface DepartmentsTable {
  id: Generated<number>;
  company_id: number;
  code: string;
  name: string;
  head_employee_id: number | null;
}

export type EmployeeStatus = 'starting' | 'active' | 'leaver';

export interface EmployeesTable {
  id: Generated<number>;
  company_id: number;
  department_id: number | null;
  email: string;
  display_name: string;
  job_title: string;
  manager_id: number | null;
  cost_center: string | null;
  hired_on: DateOnly | null;
  /** 'starting': a new hire before the start date (no seats, not counted as staff) */
  status: Generated<EmployeeStatus>;
  created_at: GeneratedTimestamp;
  /** an object id recorded ahead of the first sign-in (an HR import); binds the pair below then */
  identity_subject: string | null;
  /** the sign-in this person is bound to: the token's `tid` and `oid` (both or neither) */
  identity_tenant_id: string | null;
  identity_object_id: string | null;
  identity_bound_at: Date | null;
}

export interface VendorsTable {
  id: Generated<number>;
  name: string;
  website: string | null;
}

export interface AppsTable {
  id: Generated<number>;
  vendor_id: number;
  slug: string;
  name: string;
  category: string;
  description: string;
  created_at: GeneratedTimestamp;
}

export interface AppFeaturesTable {
  id: Generated<number>;
  app_id: number;
  name: string;
  description: string;
}

export interface PriceTier {
  upTo: number | null;
  unitPrice: number;
}

export interface PricingPlansTable {
  id: Generated<number>;
  app_id: number;
  code: string;
  name: string;
  pricing_model: 'per_seat' | 'tiered' | 'pay_per_use';
  currency: string;
  unit_price: Numeric;
  unit_name: Generated<string>;
  tiers: Json<PriceTier[] | null> | null;
  billing_period: 'monthly' | 'annual';
}

export interface ContractsTable {
  id: Generated<number>;
  company_id: number;
  app_id: number;
  plan_id: number;
  seats: number;
  unit_price: Numeric;
  currency: string;
  start_date: DateOnly;
  end_date: DateOnly;
  renewal_date: DateOnly;
  notice_days: Generated<number>;
  auto_renew: Generated<boolean>;
  affiliate_sharing_allowed: Generated<boolean>;
  status: Generated<'active' | 'expired' | 'cancelled'>;
}

export interface LicenseAssignmentsTable {
  id: Generated<number>;
  contract_id: number;
  employee_id: number;
  assigned_at: Timestamp;
  released_at: Timestamp | null;
  status: Generated<'active' | 'released'>;
  purchase_request_id: string | null;
}

export interface UsageEventsTable {
  event_id: string;
  occurred_at: Timestamp;
  employee_id: number;
  app_id: number;
  company_id: number;
  event_type: string;
  quantity: Generated<number>;
  properties: Json<Record<string, unknown> | null> | null;
  source: string | null;
}

export interface UsageDailyTable {
  employee_id: number;
  app_id: number;
  day: DateOnly;
  company_id: number;
  events: number;
  quantity: number;
  first_at: Timestamp;
  last_at: Timestamp;
}

export interface UsageQuarantineTable {
  id: Generated<string>;
  event_id: string;
  occurred_at: Timestamp;
  reason: string;
  event: Json<Record<string, unknown>>;
  batch_id: string;
  quarantined_at: GeneratedTimestamp;
}

export interface IngestBatchesTable {
  batch_id: string;
  source: string;
  accepted_at: Timestamp;
  stored_at: GeneratedTimestamp;
  events: number;
  inserted: number;
  quarantined: number;
}

export interface IngestFailuresTable {
  message_id: string;
  queue_name: string;
  reason: string;
  dequeue_count: number;
  message: string;
  failed_at: GeneratedTimestamp;
}

export const ROLES = ['Employee', 'Manager', 'HR', 'CTO', 'Finance', 'Admin'] as const;
export type DirectoryRole = (typeof ROLES)[number];

export interface EmployeeRolesTable {
  employee_id: number;
  role: DirectoryRole;
  scope: Generated<'company' | 'group'>;
}

export interface ExchangeRatesTable {
  currency: string;
  per_eur: Numeric;
  updated_at: GeneratedTimestamp;
}

export interface ApprovalPoliciesTable {
  company_id: number;
  policy: Json<unknown>;
  updated_at: GeneratedTimestamp;
  updated_by: number | null;
}

export interface PurchaseTemplatesTable {
  id: Generated<number>;
  company_id: number | null;
  code: string;
  name: string;
  description: Generated<string>;
  department_code: string | null;
  created_at: GeneratedTimestamp;
  /** the role a template is for (a job title); a template names a role, a department or both */
  role_title: string | null;
  current_version: Generated<number>;
  /** archived templates are not offered; their versions stay for the requests that name them */
  archived_at: Timestamp | null;
  updated_at: GeneratedTimestamp;
  updated_by: number | null;
}

/** the current version's items (what a request reads); older versions are in purchase_template_versions */
export interface PurchaseTemplateItemsTable {
  template_id: number;
  app_id: number;
  plan_id: number | null;
  /** seats per person */
  seats: Generated<number>;
  /** offered, not included unless the requester picks it */
  optional: Generated<boolean>;
}

export interface TemplateVersionItem {
  appId: number;
  planId: number | null;
  seats: number;
  optional: boolean;
}

export interface PurchaseTemplateVersionsTable {
  template_id: number;
  version: number;
  name: string;
  description: Generated<string>;
  role_title: string | null;
  department_code: string | null;
  items: Json<TemplateVersionItem[]>;
  created_at: GeneratedTimestamp;
  created_by: number | null;
}

export type NewHireStatus = 'draft' | 'requested' | 'started' | 'cancelled';
export type Seniority = 'junior' | 'mid' | 'senior' | 'lead' | 'executive';

/** one line of a hire's bundle as HR left it */
export interface NewHireBundleItem {
  appId: number;
  planId: number;
  source: 'jd-match' | 'added' | 'template';
}

export interface NewHiresTable {
  id: string;
  company_id: number;
  employee_id: number;
  manager_id: number | null;
  start_date: DateOnly;
  job_description: string;
  seniority: Seniority | null;
  status: Generated<NewHireStatus>;
  /** the JD match as answered when the hire was recorded (shared/ai/jdMatch/jdMatchContract.ts JdMatchResult) */
  jd_match: Json<unknown> | null;
  bundle: Json<NewHireBundleItem[]>;
  template_id: number | null;
  template_version: number | null;
  purchase_request_id: string | null;
  revision: Generated<number>;
  created_by: number;
  created_at: Timestamp;
  updated_at: Timestamp;
  started_at: Timestamp | null;
  cancelled_at: Timestamp | null;
  cancel_reason: string | null;
  welcome_sent_at: Timestamp | null;
}

export interface PurchaseRequestCountersTable {
  company_id: number;
  day: DateOnly;
  last_seq: number;
}

export type PurchaseRequestStatus =
  'pending' | 'approved' | 'fulfilled' | 'rejected' | 'expired' | 'cancelled';

export interface PurchaseRequestsTable {
  id: string;
  code: string;
  company_id: number;
  requester_id: number;
  template_id: number | null;
  /** the template version the request came from (with template_id) */
  template_version: ColumnType<number | null, number | null | undefined, number | null>;
  justification: string;
  needed_by: DateOnly;
  currency: string;
  monthly_cost: Numeric;
  annual_cost: Numeric;
  status: Generated<PurchaseRequestStatus>;
  chain: Json<unknown>;
  policy: Json<unknown>;
  created_at: Timestamp;
  closed_at: Timestamp | null;
  outcome_reason: string | null;
}

export interface PurchaseRequestItemsTable {
  request_id: string;
  line: number;
  app_id: number;
  plan_id: number;
  seats: number;
  for_employee_id: number | null;
  contract_id: number | null;
  unit_price: Numeric;
  monthly_cost: Numeric;
  annual_cost: Numeric;
  price_source: 'contract' | 'catalog';
}

export type ApprovalStepStatus = 'queued' | 'waiting' | 'approved' | 'rejected' | 'expired' | 'cancelled';

export interface ApprovalStepsTable {
  request_id: string;
  step: number;
  kind: string;
  approver_id: number;
  status: Generated<ApprovalStepStatus>;
  asked_at: Timestamp | null;
  reminded_at: Timestamp | null;
  escalated_at: Timestamp | null;
  escalated_from_id: number | null;
}

export type ApprovalAction = 'approve' | 'reject';

export interface ApprovalDecisionsTable {
  request_id: string;
  step: number;
  decision: ApprovalAction;
  decided_by: number;
  comment: string | null;
  channel: 'email' | 'portal';
  decided_at: Timestamp;
}

export interface ApprovalTokensTable {
  token_hash: string;
  request_id: string;
  step: number;
  approver_id: number;
  action: ApprovalAction;
  expires_at: Timestamp;
  created_at: Timestamp;
  used_at: Timestamp | null;
}

export interface PurchaseOrdersTable {
  id: Generated<number>;
  request_id: string;
  line: number;
  company_id: number;
  app_id: number;
  plan_id: number;
  seats: number;
  currency: string;
  monthly_cost: Numeric;
  annual_cost: Numeric;
  status: Generated<'to_order' | 'ordered' | 'cancelled'>;
  created_at: Timestamp;
}

export interface AuditLogTable {
  id: Generated<string>;
  occurred_at: Timestamp;
  company_id: number | null;
  entity_type: string;
  entity_id: string;
  action: string;
  actor_id: number | null;
  details: Json<Record<string, unknown>>;
  idempotency_key: string | null;
}

export interface SentNotificationsTable {
  key: string;
  recipient: string;
  message_id: string | null;
  sent_at: Timestamp;
}

/** requests submitted per requester and UTC day (the daily cap) */
export interface PurchaseRequestQuotaTable {
  requester_id: number;
  day: DateOnly;
  submitted: number;
}

/** approval mails per approver and UTC hour (the hourly cap) */
export interface ApprovalMailQuotaTable {
  approver_id: number;
  hour: Timestamp;
  sent: number;
}

/** how each ask reached its approver: its own mail, or a line in a digest (digest_key once sent) */
export interface ApprovalAsksTable {
  key: string;
  approver_id: number;
  request_id: string;
  step: number;
  reason: 'ask' | 'remind' | 'escalate';
  asked_at: Timestamp;
  delivery: 'mail' | 'digest';
  digest_key: string | null;
}

/** app and feature embeddings (pgvector; absent on a server without it). `embedding` travels as pgvector's text form '[1,2,...]'. */
export interface AppEmbeddingsTable {
  app_id: number;
  model: string;
  dimension: number;
  content_hash: string;
  embedding: string;
  embedded_at: GeneratedTimestamp;
}

export interface AppFeatureEmbeddingsTable {
  feature_id: number;
  app_id: number;
  model: string;
  dimension: number;
  content_hash: string;
  embedding: string;
  embedded_at: GeneratedTimestamp;
}

export type OverlapVerdict = 'same-job' | 'partial' | 'different';

/** one row per unordered pair of apps (app_id_a < app_id_b) */
export interface AppOverlapsTable {
  app_id_a: number;
  app_id_b: number;
  similarity: number;
  shared_features: Json<string[]>;
  verdict: OverlapVerdict;
  rationale: string;
  provider: string;
  model: string;
  deterministic: boolean;
  pair_hash: string;
  job_id: string;
  computed_at: GeneratedTimestamp;
}

export interface SimilarityJobsTable {
  id: string;
  trigger: 'nightly' | 'manual' | 'catalog-change';
  requested_by: number | null;
  scope_app_ids: number[] | null;
  status: 'running' | 'completed' | 'failed' | 'cancelled';
  phase: Generated<string>;
  progress: ColumnType<Record<string, unknown>, string | undefined, string>;
  result: Json<Record<string, unknown> | null> | null;
  error: string | null;
  created_at: GeneratedTimestamp;
  completed_at: Timestamp | null;
}

export interface AiUsageLedgerTable {
  id: Generated<string>;
  at: GeneratedTimestamp;
  feature: string;
  job_id: string | null;
  provider: string;
  model: string;
  kind: 'embedding' | 'chat' | 'batch-chat';
  prompt_tokens: number;
  completion_tokens: number;
  cost: Numeric;
  cached: boolean;
}

export interface AppIdentityCandidatesTable {
  name: string;
  app_id: number;
  similarity: number;
  confirmed: boolean;
  rationale: string;
  provider: string;
  model: string;
  job_id: string;
  computed_at: GeneratedTimestamp;
}

export interface AppAliasesTable {
  alias: string;
  app_id: number;
  accepted_by: number;
  accepted_at: GeneratedTimestamp;
}

export interface Database {
  company_groups: CompanyGroupsTable;
  companies: CompaniesTable;
  departments: DepartmentsTable;
  employees: EmployeesTable;
  vendors: VendorsTable;
  apps: AppsTable;
  app_features: AppFeaturesTable;
  pricing_plans: PricingPlansTable;
  contracts: ContractsTable;
  license_assignments: LicenseAssignmentsTable;
  usage_events: UsageEventsTable;
  usage_daily: UsageDailyTable;
  usage_quarantine: UsageQuarantineTable;
  ingest_batches: IngestBatchesTable;
  ingest_failures: IngestFailuresTable;
  employee_roles: EmployeeRolesTable;
  exchange_rates: ExchangeRatesTable;
  approval_policies: ApprovalPoliciesTable;
  purchase_templates: PurchaseTemplatesTable;
  purchase_template_items: PurchaseTemplateItemsTable;
  purchase_template_versions: PurchaseTemplateVersionsTable;
  new_hires: NewHiresTable;
  purchase_request_counters: PurchaseRequestCountersTable;
  purchase_requests: PurchaseRequestsTable;
  purchase_request_items: PurchaseRequestItemsTable;
  approval_steps: ApprovalStepsTable;
  approval_decisions: ApprovalDecisionsTable;
  approval_tokens: ApprovalTokensTable;
  purchase_orders: PurchaseOrdersTable;
  audit_log: AuditLogTable;
  sent_notifications: SentNotificationsTable;
  purchase_request_quota: PurchaseRequestQuotaTable;
  approval_mail_quota: ApprovalMailQuotaTable;
  approval_asks: ApprovalAsksTable;
  app_embeddings: AppEmbeddingsTable;
  app_feature_embeddings: AppFeatureEmbeddingsTable;
  app_overlaps: AppOverlapsTable;
  similarity_jobs: SimilarityJobsTable;
  ai_usage_ledger: AiUsageLedgerTable;
  app_identity_candidates: AppIdentityCandidatesTable;
  app_aliases: AppAliasesTable;
}
