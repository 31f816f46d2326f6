// What an approver sends with a decision: the portal's JSON body and the approval page's form. The
// comment is stored in approval_decisions.comment (text), so it is bounded like that column: no NUL,
// well-formed Unicode, at most 2,000 characters.
import { z } from 'zod';
import { boundedText } from '../platform/validation/columnBounds';

export const MAX_DECISION_COMMENT = 2000;

/** POST /api/approvals/{requestId}/decision */
export const portalDecisionSchema = z.strictObject({
  decision: z.enum(['approve', 'reject']),
  comment: boundedText(MAX_DECISION_COMMENT).optional(),
});

/** POST /api/approvals/{token}: the confirmation form of the page an approval e-mail's link opens */
export const linkDecisionFormSchema = z.strictObject({
  decision: z.enum(['approve', 'reject']).optional(),
  comment: boundedText(MAX_DECISION_COMMENT).optional(),
});
