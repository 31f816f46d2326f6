// Queue trigger on `usage-events`: stores each message of usage events (see shared/usage/usageMessage.ts
// for the format). Throwing lets the runtime retry; after maxDequeueCount (host.json) the message
// goes to `usage-events-poison`, and its last failure reason stays in ingest_failures.
import { app, type InvocationContext } from '@azure/functions';
import { getServices } from '../../shared/services';
import { ingestUsageMessage } from '../../shared/usage/ingestUsageMessage';

export async function ingestUsageEvents(message: unknown, context: InvocationContext): Promise<void> {
  const services = await getServices();
  const outcome = await ingestUsageMessage(
    {
      db: services.database.db,
      directory: services.directory,
      partitions: services.partitions,
      telemetry: services.telemetry,
      now: services.now,
    },
    message,
    {
      messageId:
        typeof context.triggerMetadata?.id === 'string' ? context.triggerMetadata.id : context.invocationId,
      dequeueCount: Number(context.triggerMetadata?.dequeueCount ?? 1),
      queueName: services.config.USAGE_EVENTS_QUEUE,
    },
  );
  context.debug(
    `batch ${outcome.batchId}: ${outcome.inserted} stored, ${outcome.duplicates} duplicates, ${outcome.quarantined} quarantined, lag ${outcome.lagMs} ms`,
  );
}

app.storageQueue('ingestUsageEvents', {
  // Resolved from the app setting, as the Functions runtime does with %...% binding expressions.
  queueName: '%USAGE_EVENTS_QUEUE%',
  connection: 'AzureWebJobsStorage',
  handler: ingestUsageEvents,
});
