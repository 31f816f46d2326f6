// Azure OpenAI account with the two deployments the app uses. Deployed only when main.bicep's
// deployOpenAI is true. Keys are disabled; the Function App calls it with its managed identity
// (Cognitive Services OpenAI User, see openai-access.bicep). Deployment names equal the model names.

@description('Azure region (Azure OpenAI model availability differs per region).')
param location string

@description('Account name; also its custom subdomain, so globally unique.')
param accountName string

@description('Capacity of the embedding deployment, in thousands of tokens per minute.')
param embeddingCapacity int = 50

@description('Deployment SKU of the embedding model.')
param embeddingSkuName string = 'Standard'

@description('Capacity of the chat deployment, in thousands of tokens per minute.')
param chatCapacity int = 50

@description('Deployment SKU of the chat model.')
param chatSkuName string = 'GlobalStandard'

param tags object = {}

resource account 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
  name: accountName
  location: location
  tags: tags
  kind: 'OpenAI'
  sku: {
    name: 'S0'
  }
  properties: {
    customSubDomainName: accountName
    publicNetworkAccess: 'Enabled'
    disableLocalAuth: true
  }
}

resource embeddingDeployment 'Microsoft.CognitiveServices/accounts/deployments@2024-10-01' = {
  parent: account
  name: 'text-embedding-3-small'
  sku: {
    name: embeddingSkuName
    capacity: embeddingCapacity
  }
  properties: {
    model: {
      format: 'OpenAI'
      name: 'text-embedding-3-small'
      version: '1'
    }
  }
}

// An account takes one deployment change at a time.
resource chatDeployment 'Microsoft.CognitiveServices/accounts/deployments@2024-10-01' = {
  parent: account
  name: 'gpt-4o-mini'
  sku: {
    name: chatSkuName
    capacity: chatCapacity
  }
  properties: {
    model: {
      format: 'OpenAI'
      name: 'gpt-4o-mini'
      version: '2024-07-18'
    }
  }
  dependsOn: [
    embeddingDeployment
  ]
}

output accountName string = account.name
output endpoint string = account.properties.endpoint
