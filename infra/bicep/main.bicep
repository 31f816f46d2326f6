// Asset Pulse: everything in one resource group, keyless.
// Every service-to-service call is made with the Function App's system-assigned managed identity and
// Azure RBAC (or the service's own Entra data-plane roles); shared keys, passwords and local auth are
// disabled wherever the service allows it, and no output carries a secret.
//
//   az group create -n <rg> -l <region>
//   az deployment group create -g <rg> -f infra/bicep/main.bicep -p infra/bicep/main.bicepparam
//
// See infra/README.md for what is deployed and the PostgreSQL set-up.

targetScope = 'resourceGroup'

// ---------------------------------------------------------------------------------------------------------
// Parameters

@description('Region of all resources except the Static Web App (see staticWebAppLocation) and Azure OpenAI (openAILocation).')
param location string = resourceGroup().location

@description('Short environment name used in resource names, e.g. dev, test, prod.')
@minLength(1)
@maxLength(8)
param environmentName string

@description('Prefix of resource names (lowercase letters, digits, hyphens).')
@minLength(2)
@maxLength(12)
param namePrefix string = 'assetpulse'

@description('Flex Consumption: the most instances the Function App scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('PostgreSQL compute SKU.')
param postgresSkuName string = 'Standard_B1ms'

@description('PostgreSQL compute tier.')
@allowed([
  'Burstable'
  'GeneralPurpose'
  'MemoryOptimized'
])
param postgresSkuTier string = 'Burstable'

@description('PostgreSQL storage in GiB.')
param postgresStorageSizeGB int = 32

@description('NOLOGIN PostgreSQL role that owns the schema; the app and the migrations act as it (infra/postgres/bootstrap.sql). Empty: connect as the login role itself.')
param postgresOwnerRole string = 'assetpulse_owner'

@description('Optional: object ID of the principal that runs database migrations (the deployment service principal); made a PostgreSQL Entra administrator. Empty to skip.')
param postgresMigrationAdminObjectId string = ''

@description('Display name of that principal (its PostgreSQL role name).')
param postgresMigrationAdminName string = ''

@description('Principal type of that principal.')
@allowed([
  'ServicePrincipal'
  'User'
  'Group'
])
param postgresMigrationAdminType string = 'ServicePrincipal'

@description('Static Web App plan.')
@allowed([
  'Free'
  'Standard'
])
param staticWebAppSku string = 'Free'

@description('Static Web Apps is offered in a few regions only.')
@allowed([
  'westus2'
  'centralus'
  'eastus2'
  'westeurope'
  'eastasia'
])
param staticWebAppLocation string = 'westeurope'

@description('Deploy an Azure OpenAI account with text-embedding-3-small and gpt-4o-mini. When false, set existingOpenAIEndpoint, or leave it empty for the app\'s local AI provider.')
param deployOpenAI bool = false

@description('Region of the Azure OpenAI account (model availability differs per region).')
param openAILocation string = location

@description('Capacity of the text-embedding-3-small deployment (thousands of tokens per minute).')
param openAIEmbeddingCapacity int = 50

@description('Capacity of the gpt-4o-mini deployment (thousands of tokens per minute).')
param openAIChatCapacity int = 50

@description('Also deploy gpt-4o-mini as a GlobalBatch deployment (gpt-4o-mini-batch) for the nightly job\'s Batch API calls.')
param openAIDeployBatch bool = true

@description('Capacity of the gpt-4o-mini-batch deployment (enqueued-token quota).')
param openAIBatchCapacity int = 50

@description('Endpoint of an existing Azure OpenAI account, used when deployOpenAI is false. Grant the Function App\'s identity "Cognitive Services OpenAI User" on it.')
param existingOpenAIEndpoint string = ''

@description('With existingOpenAIEndpoint: its embedding deployment (a text-embedding-3 model: the app asks for 512 dimensions).')
param existingOpenAIEmbeddingDeployment string = 'text-embedding-3-small'

@description('With existingOpenAIEndpoint: its chat deployment (a model with structured outputs).')
param existingOpenAIChatDeployment string = 'gpt-4o-mini'

@description('With existingOpenAIEndpoint: its GlobalBatch deployment, or empty for synchronous calls only.')
param existingOpenAIBatchDeployment string = ''

@description('Prices per deployment for the AI cost ledger, JSON {"<deployment>": {"inputPer1k": n, "outputPer1k": n}}; empty: the app\'s list-price defaults for the deployments above (USD).')
param aiPriceTable string = ''

@description('Currency of aiPriceTable (ISO 4217).')
param aiPriceCurrency string = 'USD'

@description('Tags added to every resource.')
param tags object = {}

@description('SMTP relay as smtp(s)://user:password@host:port (Azure Communication Services SMTP or a corporate relay).')
@secure()
param smtpUrl string

@description('Sender of the mail the app sends.')
param mailFrom string = 'Asset Pulse <asset-pulse@example.com>'

@description('HMAC key of the approval links in e-mails: at least 32 random characters.')
@secure()
param approvalLinkSecret string

@description('Entra ID sign-in: the token issuer, https://login.microsoftonline.com/<tenant>/v2.0 (empty: sign-in off).')
param authIssuer string = ''

@description('Accepted token audiences, comma-separated: api://<client-id>,<client-id>.')
param authAudience string = ''

@description('The issuer\'s keys: https://login.microsoftonline.com/<tenant>/discovery/v2.0/keys.')
param authJwksUrl string = ''

@description('Subscribe the app\'s Event Grid triggers to the topic. The functions must exist first: set true from the second deployment on (after the code is deployed).')
param deployEventSubscriptions bool = false

// ---------------------------------------------------------------------------------------------------------
// Names

var suffix = uniqueString(resourceGroup().id) // 13 characters, stable for the resource group
var baseName = toLower('${namePrefix}-${environmentName}')
var compactName = take(replace(baseName, '-', ''), 9)
var allTags = union({
  application: 'asset-pulse'
  environment: environmentName
}, tags)

var logAnalyticsName = '${baseName}-log-${suffix}'
var appInsightsName = '${baseName}-appi-${suffix}'
var storageAccountName = 'st${compactName}${suffix}' // at most 24 characters
var deploymentContainerName = 'app-package'
var planName = '${baseName}-plan-${suffix}'
var functionAppName = '${baseName}-func-${suffix}'
var postgresServerName = '${baseName}-pg-${suffix}'
var postgresDatabaseName = 'assetpulse'
var cosmosAccountName = '${baseName}-cosmos-${suffix}'
var cosmosDatabaseName = 'assetpulse'
var eventGridTopicName = '${baseName}-evgt-${suffix}'
var staticWebAppName = '${baseName}-web-${suffix}'
var openAIAccountName = '${baseName}-oai-${suffix}'
var usageEventsQueueName = 'usage-events'

// ---------------------------------------------------------------------------------------------------------
// Resources

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    logAnalyticsName: logAnalyticsName
    appInsightsName: appInsightsName
    tags: allTags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    storageAccountName: storageAccountName
    deploymentContainerName: deploymentContainerName
    blobContainerNames: [
      'reports'
    ]
    queueNames: [
      usageEventsQueueName
      '${usageEventsQueueName}-poison'
    ]
    tags: allTags
  }
}

module postgres 'modules/postgres.bicep' = {
  name: 'postgres'
  params: {
    location: location
    serverName: postgresServerName
    databaseName: postgresDatabaseName
    skuName: postgresSkuName
    skuTier: postgresSkuTier
    storageSizeGB: postgresStorageSizeGB
    tags: allTags
  }
}

module cosmos 'modules/cosmos.bicep' = {
  name: 'cosmos'
  params: {
    location: location
    accountName: cosmosAccountName
    databaseName: cosmosDatabaseName
    tags: allTags
  }
}

module eventGrid 'modules/eventgrid.bicep' = {
  name: 'eventgrid'
  params: {
    location: location
    topicName: eventGridTopicName
    tags: allTags
  }
}

module openAI 'modules/openai.bicep' = if (deployOpenAI) {
  name: 'openai'
  params: {
    location: openAILocation
    accountName: openAIAccountName
    embeddingCapacity: openAIEmbeddingCapacity
    chatCapacity: openAIChatCapacity
    deployBatch: openAIDeployBatch
    batchCapacity: openAIBatchCapacity
    tags: allTags
  }
}

module staticWebApp 'modules/staticwebapp.bicep' = {
  name: 'staticwebapp'
  params: {
    location: staticWebAppLocation
    name: staticWebAppName
    skuName: staticWebAppSku
    tags: allTags
  }
}

// Password-less PostgreSQL: the server accepts Entra ID sign-ins only (password auth is disabled) and the
// Function App's identity is one of its Entra administrators (access.bicep). The URL names that role and
// carries no password: the app obtains an Entra access token for Azure Database for PostgreSQL with its
// managed identity and presents it as the password. `role` makes its sessions act as the owner role
// (infra/postgres/bootstrap.sql), so tables and partitions it creates share one owner with the migrations.
var postgresRoleStartupOption = uriComponent('-c role=${postgresOwnerRole}')
var postgresRoleOption = empty(postgresOwnerRole) ? '' : '&options=${postgresRoleStartupOption}'
var databaseUrl = 'postgres://${uriComponent(functionAppName)}@${postgres.outputs.fqdn}:5432/${postgresDatabaseName}?sslmode=require${postgresRoleOption}'
var migrationDatabaseUrl = 'postgres://${uriComponent(postgresMigrationAdminName)}@${postgres.outputs.fqdn}:5432/${postgresDatabaseName}?sslmode=require${postgresRoleOption}'

var openAIEndpoint = deployOpenAI ? openAI.outputs.endpoint : existingOpenAIEndpoint

// Settings the application reads (shared/config.ts and its clients); the host's own settings are added
// in functionapp.bicep. AZURE_OPENAI_ENDPOINT is left out when there is none: the app then uses its
// local AI provider.
var baseApplicationSettings = {
  // The app's own queue client reads this one (the host uses AzureWebJobsStorage__accountName).
  AzureWebJobsStorage__queueServiceUri: 'https://${storageAccountName}.queue.${environment().suffixes.storage}'
  DATABASE_URL: databaseUrl
  // The app signs in to PostgreSQL with an Entra token of its identity (shared/db/database.ts).
  DATABASE_AUTH: 'entra'
  USAGE_EVENTS_QUEUE: usageEventsQueueName
  COSMOS_ENDPOINT: cosmos.outputs.endpoint
  COSMOS_DATABASE: cosmos.outputs.databaseName
  LLM_CACHE_TTL_SECONDS: string(cosmos.outputs.llmCacheTtlSeconds)
  EVENTGRID_TOPIC_ENDPOINT: eventGrid.outputs.endpoint
  SMTP_URL: smtpUrl
  MAIL_FROM: mailFrom
  APPROVAL_LINK_SECRET: approvalLinkSecret
  // Approval links in e-mails point at the Function App (WEBSITE_HOSTNAME); set PUBLIC_BASE_URL to
  // route them through a custom domain instead.
}
var authSettings = {
  AUTH_ISSUER: authIssuer
  AUTH_AUDIENCE: authAudience
  AUTH_JWKS_URL: authJwksUrl
}
var openAIEmbeddingDeployment = deployOpenAI ? openAI.outputs.embeddingDeployment : existingOpenAIEmbeddingDeployment
var openAIChatDeployment = deployOpenAI ? openAI.outputs.chatDeployment : existingOpenAIChatDeployment
var openAIBatchDeployment = deployOpenAI ? openAI.outputs.batchDeployment : existingOpenAIBatchDeployment
var openAISettings = union(
  {
    AZURE_OPENAI_ENDPOINT: openAIEndpoint
    AZURE_OPENAI_EMBEDDING_DEPLOYMENT: openAIEmbeddingDeployment
    AZURE_OPENAI_CHAT_DEPLOYMENT: openAIChatDeployment
    AI_PRICE_CURRENCY: aiPriceCurrency
  },
  empty(openAIBatchDeployment) ? {} : { AZURE_OPENAI_BATCH_DEPLOYMENT: openAIBatchDeployment },
  empty(aiPriceTable) ? {} : { AI_PRICE_TABLE: aiPriceTable }
)
var applicationSettings = union(
  baseApplicationSettings,
  empty(openAIEndpoint) ? {} : openAISettings,
  empty(authIssuer) ? {} : authSettings
)

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    location: location
    planName: planName
    functionAppName: functionAppName
    storageAccountName: storage.outputs.name
    deploymentContainerName: deploymentContainerName
    appInsightsName: monitoring.outputs.appInsightsName
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: 2048
    appSettings: applicationSettings
    allowedOrigins: [
      'https://${staticWebApp.outputs.defaultHostname}'
    ]
    tags: allTags
  }
}

module access 'modules/access.bicep' = {
  name: 'access'
  params: {
    principalId: functionApp.outputs.principalId
    functionAppName: functionApp.outputs.name
    storageAccountName: storage.outputs.name
    appInsightsName: monitoring.outputs.appInsightsName
    eventGridTopicName: eventGrid.outputs.name
    cosmosAccountName: cosmos.outputs.accountName
    postgresServerName: postgres.outputs.serverName
    postgresMigrationAdminObjectId: postgresMigrationAdminObjectId
    postgresMigrationAdminName: postgresMigrationAdminName
    postgresMigrationAdminType: postgresMigrationAdminType
  }
}

module eventSubscriptions 'modules/eventsubscriptions.bicep' = if (deployEventSubscriptions) {
  name: 'eventsubscriptions'
  params: {
    topicName: eventGrid.outputs.name
    functionAppName: functionApp.outputs.name
  }
}

module openAIAccess 'modules/openai-access.bicep' = if (deployOpenAI) {
  name: 'openai-access'
  params: {
    principalId: functionApp.outputs.principalId
    openAIAccountName: openAIAccountName
  }
  dependsOn: [
    openAI
  ]
}

// ---------------------------------------------------------------------------------------------------------
// Outputs (names and endpoints only)

output functionAppName string = functionApp.outputs.name
output functionAppHostname string = functionApp.outputs.defaultHostname
output staticWebAppName string = staticWebApp.outputs.name
output staticWebAppHostname string = staticWebApp.outputs.defaultHostname
output storageAccountName string = storage.outputs.name
output postgresServerName string = postgres.outputs.serverName
output postgresFqdn string = postgres.outputs.fqdn
output postgresDatabaseName string = postgresDatabaseName
output postgresOwnerRole string = postgresOwnerRole
output cosmosEndpoint string = cosmos.outputs.endpoint
output eventGridTopicEndpoint string = eventGrid.outputs.endpoint
output openAIEndpoint string = openAIEndpoint

@description('DATABASE_URL for `npm run db:migrate` as the migration principal (no password: pass an Entra token as PGPASSWORD). Empty without postgresMigrationAdminName.')
output migrationDatabaseUrl string = empty(postgresMigrationAdminName) ? '' : migrationDatabaseUrl
