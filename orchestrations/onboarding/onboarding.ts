// Registers the onboarding orchestration and its activities. The activities are thin: they check
// their input and call the onboarding use cases with the dependencies they are given.
import * as df from 'durable-functions';
import { z } from 'zod';
import type { StartDeps } from '../../shared/onboarding/onboardingDeps';
import { readOnboardingState } from '../../shared/onboarding/onboardingState';
import { startNewHire } from '../../shared/onboarding/startNewHire';
import {
  ONBOARDING_ACTIVITIES,
  ONBOARDING_ORCHESTRATION,
  onboardingOrchestrator,
} from './onboardingWorkflow';

const hireId = z.uuid();
const startInput = z.strictObject({ hireId: z.uuid(), asOf: z.iso.datetime() });

export function registerOnboarding(deps: StartDeps): void {
  df.app.orchestration(ONBOARDING_ORCHESTRATION, onboardingOrchestrator);
  df.app.activity(ONBOARDING_ACTIVITIES.read, {
    handler: (input: unknown) => readOnboardingState(deps.db, hireId.parse(input)),
  });
  df.app.activity(ONBOARDING_ACTIVITIES.start, {
    handler: (input: unknown) => {
      const { hireId: id, asOf } = startInput.parse(input);
      return startNewHire(deps, id, new Date(asOf));
    },
  });
}
