// Every migration, in order. A static list (not a folder scan) so the same code works from the
// TypeScript sources in tests and from the compiled app on Azure.
import type { Migration } from 'kysely';
import * as initialSchema from './20261122T0000_initial_schema';
import * as identityAndApprovals from './20261122T0100_identity_and_approvals';
import * as identityBindings from './20261130T1500_identity_bindings';
import * as businessCaps from './20261130T1510_business_caps';
import * as aiEngine from './20261130T1700_ai_engine';
import * as onboarding from './20261130T2100_onboarding';

export const migrations: Record<string, Migration> = {
  '20261122T0000_initial_schema': initialSchema,
  '20261122T0100_identity_and_approvals': identityAndApprovals,
  '20261130T1500_identity_bindings': identityBindings,
  '20261130T1510_business_caps': businessCaps,
  '20261130T1700_ai_engine': aiEngine,
  '20261130T2100_onboarding': onboarding,
};
