// Lets the Function App's identity call the Azure OpenAI account deployed by openai.bicep.
// (With existingOpenAIEndpoint instead, grant this role on that account yourself: see infra/README.md.)

@description('Object (principal) ID of the Function App\'s system-assigned identity.')
param principalId string

@description('Name of the Azure OpenAI account in this resource group.')
param openAIAccountName string

var cognitiveServicesOpenAIUserRoleId = '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd' // Cognitive Services OpenAI User

resource openAI 'Microsoft.CognitiveServices/accounts@2024-10-01' existing = {
  name: openAIAccountName
}

resource openAIUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(openAI.id, principalId, cognitiveServicesOpenAIUserRoleId)
  scope: openAI
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', cognitiveServicesOpenAIUserRoleId)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}
