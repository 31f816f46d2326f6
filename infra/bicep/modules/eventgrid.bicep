// Event Grid custom topic for the AssetPulse.* domain events, in the CloudEvents 1.0 schema.
// Access keys are disabled: publishers need the EventGrid Data Sender role (access.bicep).

@description('Azure region.')
param location string

@description('Topic name.')
param topicName string

param tags object = {}

resource topic 'Microsoft.EventGrid/topics@2024-06-01-preview' = {
  name: topicName
  location: location
  tags: tags
  properties: {
    inputSchema: 'CloudEventSchemaV1_0'
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

output name string = topic.name
output endpoint string = topic.properties.endpoint
