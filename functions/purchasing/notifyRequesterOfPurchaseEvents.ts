// Event Grid: tells requesters what happened to their purchase requests. Other event types that
// reach this subscription are acknowledged and ignored; a malformed purchase event is logged and
// dropped rather than retried forever (it would never parse).
import { app, type EventGridEvent, type InvocationContext } from '@azure/functions';
import { PURCHASE_EVENTS } from '../../shared/purchasing/purchaseEvents';
import {
  notifyRequester,
  purchaseEventSchema,
  type NotifyRequesterDeps,
} from '../../shared/purchasing/notifyRequester';

const purchaseTypes = new Set<string>(Object.values(PURCHASE_EVENTS));

async function notifyRequesterOfPurchaseEvents(
  deps: NotifyRequesterDeps,
  event: unknown,
  context: InvocationContext,
): Promise<void> {
  const type =
    (event as { type?: unknown; eventType?: unknown }).type ?? (event as { eventType?: unknown }).eventType;
  if (typeof type !== 'string' || !purchaseTypes.has(type)) return;
  const parsed = purchaseEventSchema.safeParse(event);
  if (!parsed.success) {
    context.error(`Dropped a malformed ${type} event: ${parsed.error.message}`);
    return;
  }
  const outcome = await notifyRequester(deps, parsed.data);
  context.log(`${type} ${parsed.data.id}: requester notification ${outcome}`);
}

export function registerNotifyRequesterOfPurchaseEvents(deps: NotifyRequesterDeps): void {
  app.eventGrid('notifyRequesterOfPurchaseEvents', {
    handler: (event: EventGridEvent, context) => notifyRequesterOfPurchaseEvents(deps, event, context),
  });
}
