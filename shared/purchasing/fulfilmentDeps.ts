// What fulfilment (seats, purchase orders, Finance's mail, the purchase events) needs. The approval
// workflow's dependencies include these (shared/approvals/workflow/workflowDeps.ts).
import type { Kysely } from 'kysely';
import type { EventPublisher } from '../platform/clients/eventPublisher';
import type { Mailer } from '../platform/clients/mailer';
import type { Database } from '../platform/db/schema';

export interface FulfilmentDeps {
  db: Kysely<Database>;
  mailer: Mailer;
  events: EventPublisher;
  now: () => Date;
  /** where links in e-mails point: the API's origin, e.g. https://assetpulse.example.com */
  publicBaseUrl: string;
}
