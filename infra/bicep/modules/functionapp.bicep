// The Function App on the Flex Consumption plan (Linux, Node 20), with a system-assigned identity.
// The identity is the only credential: AzureWebJobsStorage is identity-based (__accountName), the
// deployment package is fetched with the identity, and telemetry is sent with Entra ID.
// Flex Consumption takes the runtime from functionAppConfig: FUNCTIONS_WORKER_RUNTIME,
// FUNCTIONS_EXTENSION_VERSION and WEBSITE_RUN_FROM_PACKAGE must not be set as app settings.

@description('Azure region.')
param location string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Function App name (globally unique; also the display name of its managed identity).')
param functionAppName string

@description('Storage account for AzureWebJobsStorage and the deployment container (in this resource group).')
param storageAccountName string

@description('Blob container that holds the deployment package.')
param deploymentContainerName string

@description('Application Insights component (in this resource group).')
param appInsightsName string

@description('Upper bound of instances the app scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Memory per instance.')
@allowed([
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('App settings the application reads, merged over the host settings below.')
param appSettings object = {}

@description('Browser origins allowed to call the API (CORS), e.g. the Static Web App.')
param allowedOrigins array = []

param tags object = {}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

var hostAppSettings = {
  // Identity-based host storage. With the system-assigned identity only the account name is needed;
  // __credential=managedidentity and __clientId are for a user-assigned identity.
  AzureWebJobsStorage__accountName: storage.name
  APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
  // Entra-authenticated ingestion with the system-assigned identity (local auth is disabled).
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD'
}

var allAppSettings = union(hostAppSettings, appSettings)

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: functionAppName
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      cors: {
        allowedOrigins: allowedOrigins
        supportCredentials: false
      }
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'SystemAssignedIdentity'
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'node'
        version: '20'
      }
    }
  }
}

// The complete set of app settings (this replaces whatever was set before).
resource appSettingsConfig 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: functionApp
  name: 'appsettings'
  properties: allAppSettings
}

// No publishing passwords: deployments authenticate with Entra ID (azure/login + functions-action).
resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: functionApp
  name: 'scm'
  properties: {
    allow: false
  }
}

resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: functionApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

output name string = functionApp.name
output id string = functionApp.id
output defaultHostname string = functionApp.properties.defaultHostName
output principalId string = functionApp.identity.principalId
