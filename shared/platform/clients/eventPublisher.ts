// Publishes domain events to the Event Grid custom topic as CloudEvents 1.0 (the topic's input
// schema, infra/bicep/modules/eventgrid.bicep). In Azure the app's managed identity publishes
// (EventGrid Data Sender; the topic has local auth disabled); locally devhost's topic takes a key.
import { AzureKeyCredential, EventGridPublisherClient } from '@azure/eventgrid';
import { DefaultAzureCredential } from '@azure/identity';

export interface DomainEvent {
  /** chosen by the caller, so a retried activity publishes the same id again; subscribers dedupe on it */
  id: string;
  /** e.g. AssetPulse.PurchaseRequest.Approved */
  type: string;
  /** what the event is about, e.g. purchase-requests/42 */
  subject: string;
  /** a JSON object (the SDK sends CloudEvent data as a dictionary; arrays and primitives are refused) */
  data: unknown;
  /** when it happened; the publish time when left out */
  time?: Date;
}

export interface EventPublisher {
  publish(events: DomainEvent[]): Promise<void>;
}

function isLoopbackHttp(endpoint: string): boolean {
  if (!URL.canParse(endpoint)) return false;
  const url = new URL(endpoint);
  return url.protocol === 'http:' && /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(url.hostname);
}

export function createEventGridPublisher(options: {
  endpoint: string;
  key?: string;
  source: string;
}): EventPublisher {
  const credential = options.key ? new AzureKeyCredential(options.key) : new DefaultAzureCredential();
  const client = new EventGridPublisherClient(options.endpoint, 'CloudEvent', credential, {
    // The SDK refuses plain http unless told; allowed for a topic on this machine (devhost's) only.
    allowInsecureConnection: isLoopbackHttp(options.endpoint),
  });
  return {
    async publish(events) {
      if (events.length === 0) return;
      for (const event of events) {
        // @azure/eventgrid serialises CloudEvent data as a dictionary: an array or a primitive would
        // arrive mangled (an array as {"0": ...}), so only JSON objects go out.
        if (typeof event.data !== 'object' || event.data === null || Array.isArray(event.data)) {
          throw new TypeError(`Event ${event.id} (${event.type}): data must be a JSON object.`);
        }
      }
      await client.send(
        events.map((event) => ({
          id: event.id,
          type: event.type,
          source: options.source,
          subject: event.subject,
          time: event.time ?? new Date(),
          datacontenttype: 'application/json',
          data: event.data,
        })),
      );
    },
  };
}
