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
  status: Generated<'active' | 'leaver'>;
  created_at: GeneratedTimestamp;
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
}
