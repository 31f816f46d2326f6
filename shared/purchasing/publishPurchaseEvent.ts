// Publishes one event about a purchase request. The id comes from the transition, so publishing
// again after a retry repeats the same event, which subscribers recognise.
import { purchaseRequestSubject, type PurchaseEventType } from './purchaseEvents';
import type { RequestSummary } from './requestSummary';
import type { FulfilmentDeps } from './fulfilmentDeps';

export async function publishPurchaseEvent(
  deps: Pick<FulfilmentDeps, 'events' | 'now'>,
  request: RequestSummary,
  type: PurchaseEventType,
  transition: string,
  data: Record<string, unknown> = {},
): Promise<void> {
  await deps.events.publish([
    {
      id: `${request.id}:${transition}`,
      type,
      subject: purchaseRequestSubject(request.companyCode, request.code),
      time: deps.now(),
      data: {
        requestId: request.id,
        code: request.code,
        companyCode: request.companyCode,
        requesterId: request.requester.id,
        monthlyCost: request.monthlyCost,
        annualCost: request.annualCost,
        currency: request.currency,
        ...data,
      },
    },
  ]);
}
