// What the approval workflow's activities need, composed once in shared/services.ts.
import type { Kysely } from 'kysely';
import type { EventPublisher } from '../../clients/eventPublisher';
import type { Mailer } from '../../clients/mailer';
import type { Database } from '../../db/schema';

export interface WorkflowDeps {
  db: Kysely<Database>;
  mailer: Mailer;
  events: EventPublisher;
  now: () => Date;
  /** HMAC key of the approval links */
  linkSecret: string;
  /** where links in e-mails point: the API's origin, e.g. https://assetpulse.example.com */
  publicBaseUrl: string;
  /** approval mails per approver per UTC hour; further asks go into a digest (APPROVAL_MAIL_HOURLY_LIMIT) */
  approvalMailsPerHour: number;
}
