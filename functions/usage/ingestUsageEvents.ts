// Queue trigger on `usage-events`: stores each message of usage events (see shared/usage/usageMessage.ts
// for the format). Throwing lets the runtime retry; after maxDequeueCount (host.json) the message
// goes to `usage-events-poison`, and its last failure reason stays in ingest_failures.
import { app } from '@azure/functions';
import { ingestUsageMessage, type IngestDeps } from '../../shared/usage/ingestUsageMessage';

export function registerIngestUsageEvents(deps: { ingest: IngestDeps; queueName: string }): void {
  app.storageQueue('ingestUsageEvents', {
    // Resolved from the app setting, as the Functions runtime does with %...% binding expressions.
    queueName: '%USAGE_EVENTS_QUEUE%',
    connection: 'AzureWebJobsStorage',
    handler: async (message, context) => {
      const outcome = await ingestUsageMessage(deps.ingest, message, {
        messageId:
          typeof context.triggerMetadata?.id === 'string' ? context.triggerMetadata.id : context.invocationId,
        dequeueCount: Number(context.triggerMetadata?.dequeueCount ?? 1),
        queueName: deps.queueName,
      });
      context.debug(
        `batch ${outcome.batchId}: ${outcome.inserted} stored, ${outcome.duplicates} duplicates, ${outcome.quarantined} quarantined, lag ${outcome.lagMs} ms`,
      );
    },
  });
}
