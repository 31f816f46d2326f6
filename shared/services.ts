// The composition root: builds every dependency once per process, from the configuration.
// Triggers ask for the services here and pass them to use cases as parameters.
import { randomUUID } from 'node:crypto';
import type { WorkflowDeps } from './approvals/workflow/workflowDeps';
import { createEventGridPublisher, type EventPublisher } from './clients/eventPublisher';
import { createSmtpMailer, type Mailer } from './clients/mailer';
import { createAuthenticator, notConfigured, type Authenticator } from './auth/authenticator';
import { createEmployeeIdentities } from './auth/employeeIdentities';
import { createTokenValidator } from './auth/tokenValidator';
import { createQueueSender, storageQueueClient, type QueueSender } from './clients/queueSender';
import { getConfig, type Config } from './config';
import { openDatabase, type DatabaseHandle } from './db/database';
import { createTelemetry, type Telemetry } from './telemetry';
import { createPartitionKeeper, type PartitionKeeper } from './usage/partitionKeeper';
import { createUsageDirectory, type UsageDirectory } from './usage/usageDirectory';

export interface Services {
  config: Config;
  database: DatabaseHandle;
  usageQueue: QueueSender;
  telemetry: Telemetry;
  directory: UsageDirectory;
  partitions: PartitionKeeper;
  mailer: Mailer;
  events: EventPublisher;
  /** bearer token → Principal (shared/auth); answers 503 when the AUTH_* settings are absent */
  authenticator: Authenticator;
  now: () => Date;
  newId: () => string;
}

let services: Promise<Services> | undefined;

async function build(): Promise<Services> {
  const config = getConfig();
  const database = await openDatabase(config.database);
  const now = () => new Date();
  const queueClient = storageQueueClient(config.USAGE_EVENTS_QUEUE, {
    connectionString: config.AzureWebJobsStorage,
    queueServiceUri: config.AzureWebJobsStorage__queueServiceUri,
  });
  return {
    config,
    database,
    usageQueue: createQueueSender(queueClient),
    telemetry: createTelemetry(config.APPLICATIONINSIGHTS_CONNECTION_STRING),
    directory: createUsageDirectory(database.db),
    partitions: createPartitionKeeper(database.db, now),
    mailer: createSmtpMailer(config.SMTP_URL, config.MAIL_FROM),
    events: createEventGridPublisher({
      endpoint: config.EVENTGRID_TOPIC_ENDPOINT,
      ...(config.EVENTGRID_TOPIC_KEY !== undefined && { key: config.EVENTGRID_TOPIC_KEY }),
      source: config.EVENTS_SOURCE,
    }),
    authenticator: config.auth
      ? createAuthenticator(createTokenValidator(config.auth), createEmployeeIdentities(database.db))
      : notConfigured,
    now,
    newId: randomUUID,
  };
}

/** What the approval workflow's activities and the decision routes need. */
export function workflowDepsOf(services: Services): WorkflowDeps {
  return {
    db: services.database.db,
    mailer: services.mailer,
    events: services.events,
    now: services.now,
    linkSecret: services.config.APPROVAL_LINK_SECRET,
    publicBaseUrl: services.config.publicBaseUrl,
    approvalMailsPerHour: services.config.APPROVAL_MAIL_HOURLY_LIMIT,
  };
}

export function getServices(): Promise<Services> {
  services ??= build().catch((error: unknown) => {
    services = undefined;
    throw error;
  });
  return services;
}

export async function closeServices(): Promise<void> {
  if (!services) return;
  const built = await services.catch(() => undefined);
  services = undefined;
  if (!built) return;
  await built.telemetry.flush();
  await built.database.close();
}
