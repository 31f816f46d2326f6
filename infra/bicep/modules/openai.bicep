// Azure OpenAI account with the deployments the app uses: embeddings, chat, and (optionally) a
// GlobalBatch deployment of the chat model for the Batch API at half price. Deployed only when
// main.bicep's deployOpenAI is true. Keys are disabled; the Function App calls it with its managed
// identity (Cognitive Services OpenAI User, see openai-access.bicep). The embedding and chat
// deployment names equal the model names; the batch one is '<chat model>-batch'. The app reads the
// names from AZURE_OPENAI_EMBEDDING_DEPLOYMENT, AZURE_OPENAI_CHAT_DEPLOYMENT and
// AZURE_OPENAI_BATCH_DEPLOYMENT (main.bicep sets them from this module's outputs).

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

@description('Also deploy the chat model as a GlobalBatch deployment, for the Batch API (half price, 24-hour window).')
param deployBatch bool = true

@description('Capacity of the batch deployment (its enqueued-token quota, in the units the portal shows for GlobalBatch).')
param batchCapacity int = 50

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

// Batch deployments need an account that serves the model as GlobalBatch in its region.
resource batchDeployment 'Microsoft.CognitiveServices/accounts/deployments@2024-10-01' = if (deployBatch) {
  parent: account
  name: 'gpt-4o-mini-batch'
  sku: {
    name: 'GlobalBatch'
    capacity: batchCapacity
  }
  properties: {
    model: {
      format: 'OpenAI'
      name: 'gpt-4o-mini'
      version: '2024-07-18'
    }
  }
  dependsOn: [
    chatDeployment
  ]
}

output accountName string = account.name
output endpoint string = account.properties.endpoint
output embeddingDeployment string = embeddingDeployment.name
output chatDeployment string = chatDeployment.name
output batchDeployment string = deployBatch ? 'gpt-4o-mini-batch' : ''
