// Log Analytics workspace + workspace-based Application Insights.
// Local (instrumentation-key) ingestion is disabled: only Entra-authenticated telemetry is accepted,
// so the Function App sends with its managed identity (Monitoring Metrics Publisher, see access.bicep)
// and APPLICATIONINSIGHTS_AUTHENTICATION_STRING=Authorization=AAD.

@description('Azure region.')
param location string

@description('Name of the Log Analytics workspace.')
param logAnalyticsName string

@description('Name of the Application Insights component.')
param appInsightsName string

@description('Days of retention in the workspace.')
@minValue(30)
@maxValue(730)
param retentionInDays int = 30

param tags object = {}

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalytics.id
    IngestionMode: 'LogAnalytics'
    DisableLocalAuth: true
  }
}

// Names only: the connection string is read where it is needed (functionapp.bicep), not passed around.
output appInsightsName string = appInsights.name
output logAnalyticsWorkspaceName string = logAnalytics.name
