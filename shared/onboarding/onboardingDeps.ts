// What the new-hire use cases are built from (composed in functions/index.ts). Every port is
// explicit: the clock, the JD match, the durable workflow of each hire, the purchasing path.
import type { Kysely } from 'kysely';
import type { MatchJobDescription } from '../ai/jdMatch/jdMatchContract';
import type { EventPublisher } from '../platform/clients/eventPublisher';
import type { Mailer } from '../platform/clients/mailer';
import type { Database } from '../platform/db/schema';
import type { PlanApproval } from '../purchasing/createPurchaseRequest';

/** The onboarding orchestration of a hire (instance id `onboarding-<hireId>`). */
export interface OnboardingWorkflowPort {
  /** starts it (a durable timer to the start date) */
  start(hireId: string): Promise<void>;
  /** wakes it: the start date moved, or the hire is cancelled (it re-reads the database either way) */
  signal(hireId: string, what: 'date-moved' | 'cancelled'): Promise<void>;
}

export interface OnboardingDeps {
  db: Kysely<Database>;
  now: () => Date;
  newId: () => string;
  matchJobDescription: MatchJobDescription;
  workflow: OnboardingWorkflowPort;
  /** the purchasing path: the approval chain and the approval orchestration of a request */
  purchasing: {
    planApproval: PlanApproval;
    requestsPerDay: number;
    startApproval: (requestId: string) => Promise<void>;
    /** tells the approval orchestration its request was withdrawn */
    cancelApproval: (requestId: string) => Promise<void>;
  };
}

/** What the start-date activity needs: seats, events, the welcome mail. */
export interface StartDeps {
  db: Kysely<Database>;
  now: () => Date;
  mailer: Mailer;
  events: EventPublisher;
  /** the portal's origin, for the links in the welcome mail */
  publicBaseUrl: string;
}

export const onboardingInstanceId = (hireId: string) => `onboarding-${hireId}`;
