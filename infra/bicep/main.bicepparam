// Example parameters for main.bicep. The deploy workflow passes the environment name and the migration
// principal through environment variables; run by hand, the defaults below apply.
using './main.bicep'

param environmentName = readEnvironmentVariable('ASSETPULSE_ENVIRONMENT', 'dev')
param namePrefix = 'assetpulse'

// Function App (Flex Consumption, 2048 MB instances)
param maximumInstanceCount = 100

// PostgreSQL Flexible Server
param postgresSkuName = 'Standard_B1ms'
param postgresSkuTier = 'Burstable'
param postgresStorageSizeGB = 32
param postgresOwnerRole = 'assetpulse_owner'

// The principal that runs migrations (e.g. the GitHub Actions service principal): its object ID and
// display name. Leave empty to add no second PostgreSQL administrator.
param postgresMigrationAdminObjectId = readEnvironmentVariable('PG_MIGRATION_ADMIN_OBJECT_ID', '')
param postgresMigrationAdminName = readEnvironmentVariable('PG_MIGRATION_ADMIN_NAME', '')
param postgresMigrationAdminType = readEnvironmentVariable('PG_MIGRATION_ADMIN_TYPE', 'ServicePrincipal')

// Static Web App for web/
param staticWebAppSku = 'Free'
param staticWebAppLocation = 'westeurope'

// Azure OpenAI: deploy one here, or point at an existing endpoint, or neither (local AI provider).
param deployOpenAI = false
param existingOpenAIEndpoint = ''

param tags = {
  owner: 'it-asset-management'
}

// Mail and approval links: secrets come from the environment (GitHub secrets in the deploy workflow).
param smtpUrl = readEnvironmentVariable('ASSETPULSE_SMTP_URL', '')
param mailFrom = readEnvironmentVariable('ASSETPULSE_MAIL_FROM', 'Asset Pulse <asset-pulse@example.com>')
param approvalLinkSecret = readEnvironmentVariable('ASSETPULSE_APPROVAL_LINK_SECRET', '')

// Entra ID sign-in (docs/identity.md): empty keeps sign-in off (bearer routes answer 503).
param authIssuer = readEnvironmentVariable('ASSETPULSE_AUTH_ISSUER', '')
param authAudience = readEnvironmentVariable('ASSETPULSE_AUTH_AUDIENCE', '')
param authJwksUrl = readEnvironmentVariable('ASSETPULSE_AUTH_JWKS_URL', '')

// true once the code is deployed: Event Grid subscriptions to the app's Event Grid triggers.
param deployEventSubscriptions = bool(readEnvironmentVariable('ASSETPULSE_EVENT_SUBSCRIPTIONS', 'false'))
