// Everything the Function App's system-assigned identity may reach, in one place:
// Azure RBAC role assignments, the Cosmos DB data-plane role, and the PostgreSQL Entra administrators.

@description('Object (principal) ID of the Function App\'s system-assigned identity.')
param principalId string

@description('Function App name: the display name of its system-assigned identity, hence its PostgreSQL role name.')
param functionAppName string

param storageAccountName string
param appInsightsName string
param eventGridTopicName string
param cosmosAccountName string
param postgresServerName string

@description('Optional: object ID of the principal that runs database migrations (e.g. the deployment service principal). Empty to skip.')
param postgresMigrationAdminObjectId string = ''

@description('Display name of that principal; it is its PostgreSQL role name.')
param postgresMigrationAdminName string = ''

@allowed([
  'ServicePrincipal'
  'User'
  'Group'
])
param postgresMigrationAdminType string = 'ServicePrincipal'

// Built-in Azure role definitions.
var storageBlobDataOwnerRoleId = 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b' // Storage Blob Data Owner
var storageQueueDataContributorRoleId = '974c5e8b-45b9-4653-ba55-5f855dd0fb88' // Storage Queue Data Contributor
var storageTableDataContributorRoleId = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3' // Storage Table Data Contributor
var storageAccountContributorRoleId = '17d1049b-9a84-46fb-8f53-869881c3d3ab' // Storage Account Contributor
var eventGridDataSenderRoleId = 'd5a91429-5739-47e2-a06b-3470a27159e7' // EventGrid Data Sender
var monitoringMetricsPublisherRoleId = '3913510d-42f4-4e42-8a64-420c390055eb' // Monitoring Metrics Publisher

// Built-in Cosmos DB data-plane role definition (not an Azure RBAC role).
var cosmosDataContributorRoleId = '00000000-0000-0000-0000-000000000002' // Cosmos DB Built-in Data Contributor

// ---- Storage: host storage, durable task hub (queues, tables, blobs), usage-events queue, reports blobs

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

var storageRoleIds = [
  storageBlobDataOwnerRoleId // Storage Blob Data Owner: host leases, deployment package, reports
  storageQueueDataContributorRoleId // Storage Queue Data Contributor: usage-events (+ poison), durable work-item and control queues
  storageTableDataContributorRoleId // Storage Table Data Contributor: durable task hub history and instances
  storageAccountContributorRoleId // Storage Account Contributor: management-plane access the host and durable extension use
]

resource storageRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in storageRoleIds: {
    name: guid(storage.id, principalId, roleId)
    scope: storage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
      principalId: principalId
      principalType: 'ServicePrincipal'
    }
  }
]

// ---- Application Insights: Entra-authenticated telemetry

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource metricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, principalId, monitoringMetricsPublisherRoleId)
  scope: appInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisherRoleId)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

// ---- Event Grid: publish domain events

resource topic 'Microsoft.EventGrid/topics@2024-06-01-preview' existing = {
  name: eventGridTopicName
}

resource eventGridSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(topic.id, principalId, eventGridDataSenderRoleId)
  scope: topic
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', eventGridDataSenderRoleId)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

// ---- Cosmos DB: read and write items in every container of the account

resource cosmos 'Microsoft.DocumentDB/databaseAccounts@2024-05-15' existing = {
  name: cosmosAccountName
}

resource cosmosDataContributor 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-05-15' = {
  parent: cosmos
  name: guid(cosmos.id, principalId, cosmosDataContributorRoleId)
  properties: {
    roleDefinitionId: '${cosmos.id}/sqlRoleDefinitions/${cosmosDataContributorRoleId}'
    principalId: principalId
    scope: cosmos.id
  }
}

// ---- PostgreSQL: Entra administrators. Creating an administrator creates its login role on the server,
// named after the principal's display name; the app signs in as that role with an Entra access token.

resource postgresServer 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' existing = {
  name: postgresServerName
}

resource functionAppPostgresAdmin 'Microsoft.DBforPostgreSQL/flexibleServers/administrators@2024-08-01' = {
  parent: postgresServer
  name: principalId
  properties: {
    principalName: functionAppName
    principalType: 'ServicePrincipal'
    tenantId: subscription().tenantId
  }
}

// The server takes one administrator change at a time.
// (ARM validates the name even when the condition is false, hence the placeholder.)
resource migrationPostgresAdmin 'Microsoft.DBforPostgreSQL/flexibleServers/administrators@2024-08-01' = if (!empty(postgresMigrationAdminObjectId)) {
  parent: postgresServer
  name: empty(postgresMigrationAdminObjectId) ? 'none' : postgresMigrationAdminObjectId
  properties: {
    principalName: postgresMigrationAdminName
    principalType: postgresMigrationAdminType
    tenantId: subscription().tenantId
  }
  dependsOn: [
    functionAppPostgresAdmin
  ]
}
