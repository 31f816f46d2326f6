// Azure Database for PostgreSQL Flexible Server: the system of record.
// Password authentication is disabled; only Microsoft Entra ID principals can sign in. The Entra
// administrators (the Function App's identity and, optionally, the deployment principal that runs
// migrations) are added in access.bicep, once the Function App's identity exists.

@description('Azure region.')
param location string

@description('Globally unique server name.')
param serverName string

@description('Name of the application database.')
param databaseName string

@description('Compute SKU, e.g. Standard_B1ms (Burstable), Standard_D2ds_v5 (GeneralPurpose).')
param skuName string = 'Standard_B1ms'

@allowed([
  'Burstable'
  'GeneralPurpose'
  'MemoryOptimized'
])
param skuTier string = 'Burstable'

@description('Storage size in GiB.')
@allowed([
  32
  64
  128
  256
  512
  1024
])
param storageSizeGB int = 32

@description('PostgreSQL major version.')
param postgresVersion string = '16'

param tags object = {}

resource server 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: serverName
  location: location
  tags: tags
  sku: {
    name: skuName
    tier: skuTier
  }
  properties: {
    version: postgresVersion
    authConfig: {
      activeDirectoryAuth: 'Enabled'
      passwordAuth: 'Disabled'
      tenantId: subscription().tenantId
    }
    storage: {
      storageSizeGB: storageSizeGB
    }
    backup: {
      backupRetentionDays: 7
      geoRedundantBackup: 'Disabled'
    }
    highAvailability: {
      mode: 'Disabled'
    }
    network: {
      publicNetworkAccess: 'Enabled'
    }
  }
}

// The server accepts one change at a time, so the children below are chained with dependsOn.

// Allow-list pgvector; the extension itself is created with CREATE EXTENSION (see infra/README.md).
resource extensions 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2024-08-01' = {
  parent: server
  name: 'azure.extensions'
  properties: {
    value: 'VECTOR'
    source: 'user-override'
  }
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: server
  name: databaseName
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
  dependsOn: [
    extensions
  ]
}

// Flex Consumption apps have no fixed outbound addresses without a virtual network, so the server admits
// connections from Azure (the special 0.0.0.0 rule). Sign-in still requires an Entra token for a role that
// exists on the server. Moving the server and the app into a virtual network is the hardening step.
resource allowAzureServices 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = {
  parent: server
  name: 'AllowAllAzureServicesAndResourcesWithinAzureIps'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
  dependsOn: [
    database
  ]
}

output serverName string = server.name
output fqdn string = server.properties.fullyQualifiedDomainName
output databaseName string = database.name
