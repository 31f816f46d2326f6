// What the approval workflow's activities and the decision routes need, composed once in
// functions/index.ts. Fulfilment is purchasing's; the workflow calls it with the same dependencies.
import type { FulfilmentDeps } from '../../purchasing/fulfilmentDeps';

export interface WorkflowDeps extends FulfilmentDeps {
  /** HMAC key of the approval links */
  linkSecret: string;
  /** approval mails per approver per UTC hour; further asks go into a digest (APPROVAL_MAIL_HOURLY_LIMIT) */
  approvalMailsPerHour: number;
}
