// Azure Cosmos DB for NoSQL, serverless: AI outputs (recommendations, similarity-job results) and the
// LLM response cache. Keys are disabled; the Function App uses Entra ID with the built-in data
// contributor role (access.bicep). Databases and containers are created here, in the control plane:
// Entra data-plane roles cannot create them.

@description('Azure region.')
param location string

@description('Globally unique account name (lowercase letters, digits and hyphens).')
param accountName string

@description('Name of the SQL (NoSQL) database.')
param databaseName string

@description('Default TTL of the LLM response cache, in seconds (30 days; the app\'s LLM_CACHE_TTL_SECONDS).')
param llmCacheTtlSeconds int = 2592000

param tags object = {}

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-05-15' = {
  name: accountName
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    consistencyPolicy: {
      defaultConsistencyLevel: 'Session'
    }
    capabilities: [
      {
        name: 'EnableServerless'
      }
    ]
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    publicNetworkAccess: 'Enabled'
    enableAutomaticFailover: false
    enableMultipleWriteLocations: false
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-05-15' = {
  parent: account
  name: databaseName
  properties: {
    resource: {
      id: databaseName
    }
  }
}

// Partitioned by company code ("GROUP" for group-level items): a subsidiary's list is one partition,
// a detail read is a point read (the id carries the partition key).
resource recommendations 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-05-15' = {
  parent: database
  name: 'recommendations'
  properties: {
    resource: {
      id: 'recommendations'
      partitionKey: {
        paths: [
          '/companyCode'
        ]
        kind: 'Hash'
      }
    }
  }
}

resource similarityJobs 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-05-15' = {
  parent: database
  name: 'similarity-jobs'
  properties: {
    resource: {
      id: 'similarity-jobs'
      partitionKey: {
        paths: [
          '/jobId'
        ]
        kind: 'Hash'
      }
    }
  }
}

// One item per cache key (id = the key, so the partition key is /id): a point read per chat call.
resource llmCache 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-05-15' = {
  parent: database
  name: 'llmCache'
  properties: {
    resource: {
      id: 'llmCache'
      partitionKey: {
        paths: [
          '/id'
        ]
        kind: 'Hash'
      }
      defaultTtl: llmCacheTtlSeconds
    }
  }
}

output accountName string = account.name
output endpoint string = account.properties.documentEndpoint
output databaseName string = database.name
output llmCacheTtlSeconds int = llmCacheTtlSeconds
