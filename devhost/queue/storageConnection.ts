// Resolves a binding's `connection` setting (default AzureWebJobsStorage) to a queue service client.
import { QueueServiceClient } from '@azure/storage-queue';

export function connectionString(settingName: string | undefined, env: NodeJS.ProcessEnv): string {
  const name = settingName && settingName.length > 0 ? settingName : 'AzureWebJobsStorage';
  const value = env[name];
  if (!value) {
    throw new Error(
      `The storage connection setting "${name}" is not set (local.settings.json Values or environment).`,
    );
  }
  return value;
}

export function queueServiceFor(settingName: string | undefined, env: NodeJS.ProcessEnv): QueueServiceClient {
  return QueueServiceClient.fromConnectionString(connectionString(settingName, env));
}
