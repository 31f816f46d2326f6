// Sends messages to a Storage queue, base64-encoded as the Functions queue trigger expects by
// default. A connection string locally; the app's managed identity in Azure (no keys).
import { DefaultAzureCredential } from '@azure/identity';
import { QueueServiceClient, type QueueClient } from '@azure/storage-queue';

export interface QueueSender {
  send(messageJson: string): Promise<void>;
  /** reachable, for health checks */
  ping(): Promise<void>;
}

export function storageQueueClient(
  queueName: string,
  connection: { connectionString?: string | undefined; queueServiceUri?: string | undefined },
): QueueClient {
  if (connection.connectionString) {
    return QueueServiceClient.fromConnectionString(connection.connectionString).getQueueClient(queueName);
  }
  if (connection.queueServiceUri) {
    return new QueueServiceClient(connection.queueServiceUri, new DefaultAzureCredential()).getQueueClient(
      queueName,
    );
  }
  throw new Error('No storage connection: set AzureWebJobsStorage or AzureWebJobsStorage__queueServiceUri.');
}

export function createQueueSender(client: QueueClient): QueueSender {
  let created: Promise<unknown> | undefined;
  return {
    async send(messageJson) {
      created ??= client.createIfNotExists().catch((error: unknown) => {
        created = undefined;
        throw error;
      });
      await created;
      await client.sendMessage(Buffer.from(messageJson, 'utf8').toString('base64'));
    },
    async ping() {
      // A queue not created yet still means Storage answers.
      await client.getProperties().catch((error: unknown) => {
        if ((error as { statusCode?: number }).statusCode !== 404) throw error;
      });
    },
  };
}
