// The app's entry point (package.json "main") and its one composition root: the settings are read
// once, every client is built once, and every trigger is registered with a handler made from the
// dependencies it is given. Nothing else in the app builds or looks up a service.
import { randomUUID } from 'node:crypto';
import { app } from '@azure/functions';
import { registerPurchaseApproval } from '../orchestrations/approvals/purchaseApproval';
import { checkVectorSupport } from '../shared/ai/embeddings/vectorSupport';
import { planApproval } from '../shared/approvals/planApproval';
import type { WorkflowDeps } from '../shared/approvals/workflow/workflowDeps';
import { createAuthenticator, notConfigured } from '../shared/identity/authenticator';
import { createEmployeeIdentities } from '../shared/identity/employeeIdentities';
import { createRequestIdentity } from '../shared/identity/requestIdentity';
import { makeSignInDirectory } from '../shared/identity/signInDirectory';
import { createTokenValidator } from '../shared/identity/tokenValidator';
import { createEventGridPublisher } from '../shared/platform/clients/eventPublisher';
import { createSmtpMailer } from '../shared/platform/clients/mailer';
import { createQueueSender, storageQueueClient } from '../shared/platform/clients/queueSender';
import { parseConfig } from '../shared/platform/config';
import { createDatabase } from '../shared/platform/db/database';
import { migrateToLatest, NO_VECTOR_NOTICE } from '../shared/platform/db/migrate';
import type { HttpGuardDeps } from '../shared/platform/http/guardedHandler';
import { createTokenBuckets } from '../shared/platform/http/tokenBucket';
import { createTelemetry } from '../shared/platform/telemetry';
import { createPartitionKeeper } from '../shared/usage/partitionKeeper';
import { createUsageDirectory } from '../shared/usage/usageDirectory';
import { createCosmosRecommendationStore } from '../shared/ai/recommendations/cosmosRecommendationStore';
import {
  cosmosContainers,
  createCosmosClient,
  ensureCosmosContainers,
} from '../shared/platform/clients/cosmos';
import { registerRecommendationRoutes } from './ai/recommendations';
import { registerSimilarityJobRoutes } from './ai/similarityJobRoutes';
import { registerSimilarityJobTriggers } from './ai/similarityJobTriggers';
import { registerSimilarityJob } from '../orchestrations/ai/similarityJob';
import { answeredByOf } from '../shared/ai/aiProvider';
import { createAiLedger, jobCost } from '../shared/ai/aiLedgerStore';
import { createBatchAnswerCache } from '../shared/ai/batchAnswerCache';
import { matchUnknownApps } from '../shared/ai/appIdentity/matchUnknownApps';
import { nearestAppsByName } from '../shared/ai/appIdentity/nearestAppsByName';
import { createCosmosLlmCache } from '../shared/ai/cosmosLlmCache';
import { createAiProvider } from '../shared/ai/createAiProvider';
import { appEmbeddingText, contentHash, featureEmbeddingText } from '../shared/ai/embeddingText';
import { computeConsolidations } from '../shared/ai/recommendations/consolidation';
import { computeCrossSubsidiaryMatches } from '../shared/ai/recommendations/crossSubsidiaryMatch';
import { recommendationsNotConfigured } from '../shared/ai/recommendations/recommendationsNotConfigured';
import { DEFAULT_SIMILARITY_TUNING } from '../shared/ai/similarity/similarityJobDeps';
import { confirmAppIdentityTask } from '../shared/ai/tasks/confirmAppIdentity';
import { judgeOverlapTask } from '../shared/ai/tasks/judgeOverlap';
import { registerAppIdentityRoutes } from './ai/appIdentity';
import { registerAppOverlaps } from './ai/appOverlaps';
import { registerJdMatch } from './ai/jdMatch';
import { createFeatureIndex } from '../shared/ai/jdMatch/featureIndex';
import { createMatchJobDescription } from '../shared/ai/jdMatch/matchJobDescription';
import { extractJobProfileTask } from '../shared/ai/tasks/extractJobProfile';
import { registerApprovalLink } from './approvals/approvalLink';
import { registerApprovalPolicies } from './approvals/approvalPolicies';
import { registerListPendingApprovals } from './approvals/listPendingApprovals';
import { registerPostPortalDecision } from './approvals/postPortalDecision';
import { registerSendApprovalDigests } from './approvals/sendApprovalDigests';
import { registerCatalogRoutes } from './catalog/catalogRoutes';
import { registerCatalogWrites } from './catalog/catalogWrites';
import { registerGetMyLicenses } from './catalog/getMyLicenses';
import { registerHealth } from './health/health';
import { registerGetMe } from './identity/getMe';
import { registerListPeople } from './identity/listPeople';
import { registerCancelPurchaseRequest } from './purchasing/cancelPurchaseRequest';
import { registerPostPurchaseQuote } from './purchasing/postPurchaseQuote';
import { registerNotifyRequesterOfPurchaseEvents } from './purchasing/notifyRequesterOfPurchaseEvents';
import { registerPostPurchaseRequest } from './purchasing/postPurchaseRequest';
import { registerReadPurchaseRequests } from './purchasing/readPurchaseRequests';
import { registerAdminUsageReports } from './usage/adminUsageReports';
import { registerIngestUsageEvents } from './usage/ingestUsageEvents';
import { registerMaintainUsagePartitions } from './usage/maintainUsagePartitions';
import { registerPostIngestUsageEvents } from './usage/postIngestUsageEvents';
import { registerPostUsageEvents } from './usage/postUsageEvents';
import { registerUsageReports } from './usage/usageReports';
import { registerNewHireRoutes } from './onboarding/newHires';
import { registerOnboarding } from '../orchestrations/onboarding/onboarding';
import { registerTemplateRoutes } from './templates/templateRoutes';

// Request bodies arrive as a stream (the host forwards them as they come instead of reading each
// whole into memory first): the readers in shared/platform/http/readJson.ts stop at each route's
// limit, and a route that refuses the caller first never takes the body in. Before any registration.
app.setup({ enableHttpStream: true });

// A missing or bad setting throws here, naming every one, and the host refuses to start the app.
const config = parseConfig(process.env);
const now = () => new Date();
// Connected on first use (the start-up migration locally, the first request in Azure).
const database = createDatabase(config.database);
const { db } = database;
const telemetry = createTelemetry(config.APPLICATIONINSIGHTS_CONNECTION_STRING);
const usageQueue = createQueueSender(
  storageQueueClient(config.USAGE_EVENTS_QUEUE, {
    connectionString: config.AzureWebJobsStorage,
    queueServiceUri: config.AzureWebJobsStorage__queueServiceUri,
  }),
);
const mailer = createSmtpMailer(config.SMTP_URL, config.MAIL_FROM);
const events = createEventGridPublisher({
  endpoint: config.EVENTGRID_TOPIC_ENDPOINT,
  ...(config.EVENTGRID_TOPIC_KEY !== undefined && { key: config.EVENTGRID_TOPIC_KEY }),
  source: config.EVENTS_SOURCE,
});
// Without COSMOS_ENDPOINT the recommendation routes answer 503 naming it.
const cosmosClient = config.COSMOS_ENDPOINT
  ? createCosmosClient({
      endpoint: config.COSMOS_ENDPOINT,
      key: config.COSMOS_KEY,
      caCertPath: config.COSMOS_CA_CERT_PATH,
    })
  : undefined;
const cosmos = cosmosClient ? cosmosContainers(cosmosClient, config.COSMOS_DATABASE) : undefined;
const recommendations = cosmos ? createCosmosRecommendationStore(cosmos.recommendations) : undefined;
// The local provider unless AZURE_OPENAI_ENDPOINT is set; model answers read through the Cosmos DB
// cache, and every call is booked in the ledger (tokens and cost per feature and job).
const llmCache = cosmos
  ? createCosmosLlmCache(cosmos.llmCache, { ttlSeconds: config.LLM_CACHE_TTL_SECONDS })
  : undefined;
const onCacheError = (error: unknown, operation: 'get' | 'put') =>
  console.warn(`Asset Pulse: LLM cache ${operation} failed: ${(error as Error).message}`);
const ai = createAiProvider(config, { db, ...(llmCache && { cache: llmCache }), onCacheError });
// The Batch API path reads and fills the same cache from the job's steps (its output file does not
// carry the inputs); absent for the local provider and without Cosmos DB.
const batchAnswers = llmCache
  ? createBatchAnswerCache(ai, config.ai.azureOpenAi?.batchDeployment, llmCache, createAiLedger(db), {
      onCacheError,
    })
  : undefined;
// Without the AUTH_* settings every bearer route answers 503.
const authenticator = config.auth
  ? createAuthenticator(createTokenValidator(config.auth), createEmployeeIdentities(db))
  : notConfigured;
const guard: HttpGuardDeps = {
  perClientAddress: createTokenBuckets({
    perMinute: config.RATE_LIMIT_PER_ADDRESS_PER_MINUTE,
    burst: config.RATE_LIMIT_PER_ADDRESS_BURST,
  }),
};
const identity = createRequestIdentity({
  authenticator,
  perPrincipal: createTokenBuckets({
    perMinute: config.RATE_LIMIT_PER_PRINCIPAL_PER_MINUTE,
    burst: config.RATE_LIMIT_PER_PRINCIPAL_BURST,
  }),
});
const workflow: WorkflowDeps = {
  db,
  mailer,
  events,
  now,
  linkSecret: config.APPROVAL_LINK_SECRET,
  approvalMailsPerHour: config.APPROVAL_MAIL_HOURLY_LIMIT,
  publicBaseUrl: config.publicBaseUrl,
};
const ingest = { queue: usageQueue, telemetry, now, newBatchId: randomUUID };

app.hook.appStart(async () => {
  console.log(`Asset Pulse: database ${database.description}`);
  if (config.auth) console.log(`Asset Pulse: sign-in with tokens of ${config.auth.issuer}`);
  else
    console.warn(
      'Asset Pulse: sign-in is not configured (AUTH_ISSUER, AUTH_AUDIENCE, AUTH_JWKS_URL); bearer routes answer 503',
    );
  // In Azure, migrations run from the deployment pipeline (npm run db:migrate) instead.
  if (config.DB_MIGRATE_ON_START) {
    const report = await migrateToLatest(db);
    if (report.applied.length > 0)
      console.log(`Asset Pulse: applied migrations ${report.applied.join(', ')}`);
    if (!report.vector) console.warn(`Asset Pulse: ${NO_VECTOR_NOTICE}`);
  }
  // Locally the Cosmos DB database and containers are made at start too; in Azure Bicep makes them.
  if (config.DB_MIGRATE_ON_START && cosmosClient) {
    await ensureCosmosContainers(cosmosClient, config.COSMOS_DATABASE, config.LLM_CACHE_TTL_SECONDS);
    console.log(`Asset Pulse: Cosmos DB database ${config.COSMOS_DATABASE} at ${config.COSMOS_ENDPOINT}`);
  }
  // What the database's pgvector supports (similarity jobs answer 503 without it); a database not
  // reachable yet is not a reason to refuse to start.
  try {
    const vector = await checkVectorSupport(db);
    if (vector.installed) console.log(`Asset Pulse: ${vector.summary}`);
    else console.warn(`Asset Pulse: ${vector.summary}`);
  } catch (error) {
    console.warn(`Asset Pulse: could not read the pgvector version: ${(error as Error).message}`);
  }
});
app.hook.appTerminate(async () => {
  await telemetry.flush();
  await database.close();
});

registerHealth({
  guard,
  db,
  databaseKind: database.kind,
  usageQueue,
  cosmos: cosmos && { ping: () => cosmos.database.read() },
});
registerGetMe({ guard, identity });
registerListPeople({ guard, identity, db });
registerCatalogRoutes({ guard, identity, db });
registerCatalogWrites({ guard, identity, db, events, now, newId: randomUUID });
registerGetMyLicenses({ guard, identity, db });

registerPostUsageEvents({ guard, ingest });
registerPostIngestUsageEvents({ guard, identity, ingest });
registerUsageReports({ guard, db, now });
registerAdminUsageReports({ guard, identity, db, now });
const partitions = createPartitionKeeper(db, now);
registerIngestUsageEvents({
  ingest: {
    db,
    directory: createUsageDirectory(db),
    partitions,
    telemetry,
    now,
  },
  queueName: config.USAGE_EVENTS_QUEUE,
});
registerMaintainUsagePartitions({ db, now });

registerAppOverlaps({ guard, identity, db });
registerAppIdentityRoutes({ guard, identity, db, events, partitions, now });

const purchasing = { guard, identity, db, now };
registerPostPurchaseRequest({
  ...purchasing,
  newId: randomUUID,
  planApproval,
  requestsPerDay: config.PURCHASE_REQUEST_DAILY_LIMIT,
});
registerPostPurchaseQuote(purchasing);
registerReadPurchaseRequests(purchasing);
registerCancelPurchaseRequest(purchasing);
registerTemplateRoutes({
  ...purchasing,
  newId: randomUUID,
  planApproval,
  requestsPerDay: config.PURCHASE_REQUEST_DAILY_LIMIT,
});
registerNotifyRequesterOfPurchaseEvents({ db, mailer, now, publicBaseUrl: config.publicBaseUrl });

const approvals = { guard, identity, workflow };
registerApprovalLink(approvals);
registerPostPortalDecision(approvals);
registerListPendingApprovals(approvals);
registerApprovalPolicies(approvals);
registerSendApprovalDigests(workflow);
registerPurchaseApproval(workflow);

registerRecommendationRoutes({ guard, identity, db, recommendations, events, now });
/** F3: the route's use case, exported so new-hire onboarding receives the same one from here. */
export const matchJobDescription = createMatchJobDescription({
  db,
  provider: ai,
  extractJobProfile: extractJobProfileTask,
  features: createFeatureIndex(),
  now,
});
registerJdMatch({ guard, identity, matchJobDescription });
// New hires: recorded with the JD match, requested through purchasing, started on the start date.
registerNewHireRoutes({
  guard,
  identity,
  db,
  now,
  newId: randomUUID,
  matchJobDescription,
  planApproval,
  requestsPerDay: config.PURCHASE_REQUEST_DAILY_LIMIT,
});
registerOnboarding({ db, mailer, events, now, publicBaseUrl: config.publicBaseUrl });
registerSimilarityJob({
  db,
  events,
  now,
  provider: ai,
  judgeOverlap: judgeOverlapTask,
  ...(batchAnswers && { batchAnswers }),
  texts: { appText: appEmbeddingText, featureText: featureEmbeddingText, contentHash },
  store: recommendations ?? recommendationsNotConfigured,
  computeRecommendations: async (jobDb, { jobId }) => {
    const context = { jobId, now: now(), answeredBy: answeredByOf(ai) };
    return [
      ...(await computeCrossSubsidiaryMatches(jobDb, context)),
      ...(await computeConsolidations(jobDb, context)),
    ];
  },
  matchUnknownApps: (jobDb, { jobId }) =>
    matchUnknownApps(
      {
        db: jobDb,
        provider: ai,
        confirmAppIdentity: confirmAppIdentityTask,
        nearestApps: nearestAppsByName(jobDb, ai, { jobId }),
      },
      { jobId },
    ),
  jobCost: async (jobDb, jobId) => {
    const cost = await jobCost(jobDb, jobId, config.ai.prices.currency);
    return {
      tokens: cost.promptTokens + cost.completionTokens,
      cost: cost.cost,
      currency: cost.currency,
      cacheHitRate: cost.cacheHitRate ?? 0,
      cacheHits: cost.cacheHits,
      cacheMisses: cost.cacheMisses,
    };
  },
  tuning: DEFAULT_SIMILARITY_TUNING,
});
const similarityTriggers = {
  guard,
  identity,
  db,
  now,
  newId: randomUUID,
  batchMinItems: config.AI_BATCH_MIN_ITEMS,
  schedule: config.SIMILARITY_JOB_SCHEDULE,
};
registerSimilarityJobRoutes(similarityTriggers);
registerSimilarityJobTriggers(similarityTriggers);

/** The people devhost's local sign-in page lists (DEVHOST_SIGNIN_DIRECTORY); no API route uses it. */
export const signInDirectory = makeSignInDirectory(db);
