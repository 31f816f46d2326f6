// The Cosmos DB client, its database and the two containers the AI engine writes.
// Key auth when COSMOS_KEY is set, else the app's managed identity (DefaultAzureCredential; data-plane
// role "Cosmos DB Built-in Data Contributor"). COSMOS_CA_CERT_PATH adds one certificate this client
// trusts (devhost's emulator): it goes into this client's own https.Agent and nowhere else — TLS
// verification stays on for this client and for the process.
import { readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { rootCertificates } from 'node:tls';
import { CosmosClient, type Container, type Database } from '@azure/cosmos';
import { DefaultAzureCredential } from '@azure/identity';

export const RECOMMENDATIONS_CONTAINER = 'recommendations';
export const LLM_CACHE_CONTAINER = 'llmCache';

export interface CosmosSettings {
  endpoint: string;
  key?: string | undefined;
  caCertPath?: string | undefined;
}

export function createCosmosClient(settings: CosmosSettings): CosmosClient {
  const agent = settings.caCertPath
    ? new Agent({
        keepAlive: true,
        // the system's roots and the one certificate named; a server presenting any other is refused
        ca: [...rootCertificates, readFileSync(settings.caCertPath, 'utf8')],
      })
    : undefined;
  return new CosmosClient({
    endpoint: settings.endpoint,
    ...(settings.key ? { key: settings.key } : { aadCredentials: new DefaultAzureCredential() }),
    ...(agent && { agent }),
    connectionPolicy: { enableEndpointDiscovery: false },
  });
}

export interface CosmosContainers {
  database: Database;
  recommendations: Container;
  llmCache: Container;
}

/** The handles, without a request (the containers exist: Bicep in Azure, ensureCosmosContainers locally). */
export function cosmosContainers(client: CosmosClient, databaseId: string): CosmosContainers {
  const database = client.database(databaseId);
  return {
    database,
    recommendations: database.container(RECOMMENDATIONS_CONTAINER),
    llmCache: database.container(LLM_CACHE_CONTAINER),
  };
}

/**
 * Creates the database and containers when they are missing (at app start locally, like
 * DB_MIGRATE_ON_START; infra/bicep/modules/cosmos.bicep creates the same in Azure):
 * `recommendations` partitioned by /companyCode, `llmCache` by /id with a default TTL.
 */
export async function ensureCosmosContainers(
  client: CosmosClient,
  databaseId: string,
  llmCacheTtlSeconds: number,
): Promise<CosmosContainers> {
  const { database } = await client.databases.createIfNotExists({ id: databaseId });
  await database.containers.createIfNotExists({
    id: RECOMMENDATIONS_CONTAINER,
    partitionKey: { paths: ['/companyCode'] },
  });
  const { container: llmCache, resource } = await database.containers.createIfNotExists({
    id: LLM_CACHE_CONTAINER,
    partitionKey: { paths: ['/id'] },
    defaultTtl: llmCacheTtlSeconds,
  });
  // a container made before the TTL setting changed keeps its TTL unless told
  if (resource && resource.defaultTtl !== llmCacheTtlSeconds) {
    await llmCache.replace({ ...resource, id: LLM_CACHE_CONTAINER, defaultTtl: llmCacheTtlSeconds });
  }
  return cosmosContainers(client, databaseId);
}
