// Static Web App hosting web/ (the Vite + React front end). Content is uploaded by the deploy workflow.

@description('Static Web Apps is offered in a few regions only.')
@allowed([
  'westus2'
  'centralus'
  'eastus2'
  'westeurope'
  'eastasia'
])
param location string

@description('Static Web App name.')
param name string

@allowed([
  'Free'
  'Standard'
])
param skuName string = 'Free'

param tags object = {}

resource staticSite 'Microsoft.Web/staticSites@2023-12-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: skuName
    tier: skuName
  }
  properties: {
    allowConfigFileUpdates: true
  }
}

output name string = staticSite.name
output defaultHostname string = staticSite.properties.defaultHostname
