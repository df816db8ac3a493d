// Online Safety Reporting on Azure: a managed identity, an Azure Bot with the Teams channel, a Linux App
// Service (Node 22 LTS) that runs the release zip (npm run release) as it is, Application Insights with a
// Log Analytics workspace, a storage account for backups of the database, (SingleTenant only) a Key
// Vault for the bot's secret, and (usePostgres, for a trust) Azure Database for PostgreSQL with two app
// instances. Deploy into a resource group; see infra/README.md. Not compiled on the machines this was
// written on (no Bicep CLI there): `az bicep build --file infra/main.bicep` first.
targetScope = 'resourceGroup'

@description('Name for the web app, the bot and the plan. The web app name must be unique across Azure (it becomes <name>.azurewebsites.net): 2-60 letters, digits or hyphens.')
@minLength(2)
@maxLength(60)
param appName string = 'online-safety-${uniqueString(resourceGroup().id)}'

@description('Azure region for the identity, plan and web app. UK South keeps school data in the UK.')
param location string = resourceGroup().location

@description('How the bot proves who it is to Teams. UserAssignedMSI (default) needs no secret; SingleTenant uses an Entra app registration and its client secret.')
@allowed([
  'UserAssignedMSI'
  'SingleTenant'
])
param msaAppType string = 'UserAssignedMSI'

@description('SingleTenant only: the client id of the Entra app registration for the bot.')
param singleTenantAppId string = ''

@description('SingleTenant only: a client secret of that app registration. Never put it in a parameters file.')
@secure()
param singleTenantAppPassword string = ''

@description('Path of the school profile inside the deployed app, e.g. profiles/oakfield-primary.yaml. Required: the example profile names fictional staff, so reports would reach no one.')
param schoolProfile string

@description('Where records are kept. sqlite: one file under dataDir (the default). sharepoint: the same, plus summaries copied to SharePoint lists (needs Graph: graphSignIn, Sites.Selected, and npm run provision:sharepoint first).')
@allowed([
  'sqlite'
  'sharepoint'
])
param store string = 'sqlite'

@description('sharepoint store only: the Graph id of the shared SharePoint site (summary lines and compliance lists).')
param sharePointSiteId string = ''

@description('sharepoint store only: the Graph id of the restricted SharePoint site (case details and the decision log), open to the DSL, deputies and headteacher only. Without it, details stay in the embedded store.')
param sharePointRestrictedSiteId string = ''

@description('Let the bot sign in to Microsoft Graph with its managed identity (GRAPH_AUTH=managed-identity): leaver checks, installing the app for the safeguarding team, the SharePoint store. Grant the permissions listed in infra/README.md. Always on when store is sharepoint.')
param graphSignIn bool = true

@description('Daily backup of the web app, the database in /home/data included, to a storage account. Needs the S1 plan or above (App Service has no custom backups on Basic); on B1 App Service\'s own automatic backups are the copy.')
param backupEnabled bool = false

@description('How many days backups are kept.')
@minValue(1)
@maxValue(365)
param backupRetentionDays int = 30

@description('The first backup: an ISO 8601 date and time. Defaults to the time of deployment.')
param backupStartTime string = utcNow('u')

@description('Until when the backup\'s access key (a storage SAS) is valid; deploy again before then.')
param backupSasExpiry string = dateTimeAdd(utcNow('u'), 'P2Y')

@description('Days Log Analytics keeps the logs and request telemetry.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

@description('Folder for the embedded store. It must be under /home, the only storage that survives restarts and redeployments.')
param dataDir string = '/home/data'

@allowed([
  'fatal'
  'error'
  'warn'
  'info'
  'debug'
  'trace'
  'silent'
])
param logLevel string = 'info'

@description('App Service plan size. Basic B1 is enough for a school; Free (F1) cannot keep the app always on, which the scheduled reminders need.')
@allowed([
  'B1'
  'B2'
  'B3'
  'S1'
  'P0v3'
  'P1v3'
])
param appServiceSku string = 'B1'

@description('A trust or local authority: keep records in Azure Database for PostgreSQL (STORE=postgres) instead of a SQLite file, and run more than one instance of the app. Off: one school on SQLite, as before. The bot signs in to the database as its managed identity (no password exists).')
param usePostgres bool = false

@description('usePostgres only: how many instances of the app run at once. Two keep the bot answering while one restarts or its machine fails.')
@minValue(1)
@maxValue(10)
param appInstanceCount int = 2

@description('usePostgres only: the database server\'s standby. ZoneRedundant (a standby in another availability zone, e.g. in UK South) where the region has zones; SameZone where it has none (e.g. UK West); Disabled only for a trial.')
@allowed([
  'ZoneRedundant'
  'SameZone'
  'Disabled'
])
param postgresHighAvailability string = 'ZoneRedundant'

@description('usePostgres only: the database server\'s size. High availability needs General Purpose or Memory Optimized (not Burstable).')
param postgresSkuName string = 'Standard_D2ds_v5'

@allowed([
  'GeneralPurpose'
  'MemoryOptimized'
])
param postgresSkuTier string = 'GeneralPurpose'

@description('usePostgres only: the database\'s storage in GB (it grows by itself when nearly full).')
@minValue(32)
param postgresStorageGB int = 32

@description('usePostgres only: the database\'s name on the server.')
param postgresDatabaseName string = 'onlinesafety'

@description('usePostgres only: days of point-in-time backups the server keeps (7 to 35).')
@minValue(7)
@maxValue(35)
param postgresBackupRetentionDays int = 35

@description('Azure Bot pricing tier. F0 (free) covers the Teams channel.')
@allowed([
  'F0'
  'S1'
])
param botSku string = 'F0'

param tags object = {
  app: 'online-safety-reporting'
}

var usesManagedIdentity = msaAppType == 'UserAssignedMSI'
var usesGraph = graphSignIn || store == 'sharepoint'
// custom backups exist on Standard and Premium plans only
var backupOn = backupEnabled && !startsWith(appServiceSku, 'B')
var suffix = uniqueString(resourceGroup().id, appName)
// usePostgres replaces the store parameter: the records live in the database, not in a file under dataDir
var effectiveStore = usePostgres ? 'postgres' : store

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: '${appName}-identity'
  location: location
  tags: tags
}

// the bot's Microsoft App ID: the identity's client id, or the app registration's for SingleTenant
var botAppId = usesManagedIdentity ? identity.properties.clientId : singleTenantAppId

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: '${appName}-plan'
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: appServiceSku
    // SQLite: one instance on purpose (a single file that only one process may write); PostgreSQL: several,
    // which share the database (queue rows are leased, so two instances never send the same message)
    capacity: usePostgres ? appInstanceCount : 1
  }
  properties: {
    reserved: true // Linux
  }
}

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${appName}-logs'
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: logRetentionDays
  }
}

// requests and the bot's logs (no names, no message text: the app redacts them before they leave it)
resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${appName}-insights'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
    IngestionMode: 'LogAnalytics'
    RetentionInDays: logRetentionDays
  }
}

// SingleTenant only: the bot's client secret lives here, and the web app reads it as a Key Vault reference
resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = if (!usesManagedIdentity) {
  name: 'kv${suffix}'
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
  }
}

resource botSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!usesManagedIdentity) {
  parent: vault
  name: 'bot-app-password'
  properties: {
    value: singleTenantAppPassword
  }
}

// Key Vault Secrets User, for the web app's identity, on this vault only
var keyVaultSecretsUser = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')

resource vaultAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!usesManagedIdentity) {
  scope: vault
  name: guid(vault.id, identity.id, keyVaultSecretsUser)
  properties: {
    roleDefinitionId: keyVaultSecretsUser
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource backupStorage 'Microsoft.Storage/storageAccounts@2023-05-01' = if (backupOn) {
  name: 'st${suffix}'
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_GRS'
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    // App Service backups write through a SAS, which needs the account key
    allowSharedKeyAccess: true
  }
}

resource backupBlobs 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = if (backupOn) {
  parent: backupStorage
  name: 'default'
}

resource backupContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = if (backupOn) {
  parent: backupBlobs
  name: 'app-backups'
  properties: {
    publicAccess: 'None'
  }
}


// usePostgres: Azure Database for PostgreSQL, signed in to with Microsoft Entra only (no password exists);
// the app's managed identity is its Entra administrator, so the bot can make its tables and each school's schema
resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = if (usePostgres) {
  name: toLower('${appName}-db')
  location: location
  tags: tags
  sku: {
    name: postgresSkuName
    tier: postgresSkuTier
  }
  properties: {
    version: '16'
    authConfig: {
      activeDirectoryAuth: 'Enabled'
      passwordAuth: 'Disabled'
      tenantId: tenant().tenantId
    }
    highAvailability: {
      mode: postgresHighAvailability
    }
    storage: {
      storageSizeGB: postgresStorageGB
      autoGrow: 'Enabled'
    }
    backup: {
      backupRetentionDays: postgresBackupRetentionDays
      geoRedundantBackup: 'Disabled'
    }
    network: {
      publicNetworkAccess: 'Enabled'
    }
  }
}

// the app reaches the server over Azure's network: 0.0.0.0 to 0.0.0.0 is Azure's own rule for "Azure services"
// (anyone else still needs an Entra sign-in the server accepts; there is no password to guess)
resource postgresAllowAzure 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = if (usePostgres) {
  parent: postgres
  name: 'AllowAllAzureServicesAndResourcesWithinAzureIps'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

resource postgresDatabase 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = if (usePostgres) {
  parent: postgres
  name: postgresDatabaseName
  // one change to the server at a time: the server refuses a second while busy with the first
  dependsOn: [
    postgresAllowAzure
  ]
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
}

// the name is the identity's object id; its PostgreSQL role is the identity's name (the user in DATABASE_URL)
resource postgresAdmin 'Microsoft.DBforPostgreSQL/flexibleServers/administrators@2024-08-01' = if (usePostgres) {
  parent: postgres
  name: identity.properties.principalId
  dependsOn: [
    postgresDatabase
  ]
  properties: {
    principalName: identity.name
    principalType: 'ServicePrincipal'
    tenantId: tenant().tenantId
  }
}

var baseAppSettings = [
  { name: 'BOT_MODE', value: 'production' }
  { name: 'MicrosoftAppType', value: msaAppType }
  { name: 'MicrosoftAppId', value: botAppId }
  { name: 'MicrosoftAppTenantId', value: tenant().tenantId }
  { name: 'BOT_ID', value: botAppId }
  { name: 'SCHOOL_PROFILE', value: schoolProfile }
  { name: 'STORE', value: effectiveStore }
  { name: 'DATA_DIR', value: dataDir }
  // /home is a network share: SQLite's WAL mode is unsafe there
  { name: 'SQLITE_JOURNAL_MODE', value: 'delete' }
  { name: 'LOG_LEVEL', value: logLevel }
  // keeps /home mounted, so dataDir survives restarts (the default on Linux; stated so nobody turns it off)
  { name: 'WEBSITES_ENABLE_APP_SERVICE_STORAGE', value: 'true' }
  // the release zip (npm run release) is mounted and run as it is: nothing is installed or built at start-up
  { name: 'WEBSITE_RUN_FROM_PACKAGE', value: '1' }
  { name: 'SCM_DO_BUILD_DURING_DEPLOYMENT', value: 'false' }
  { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
]
// a managed identity has no secret; the app refuses to start if one is set alongside it
var passwordAppSettings = usesManagedIdentity ? [] : [
  { name: 'MicrosoftAppPassword', value: '@Microsoft.KeyVault(SecretUri=${botSecret!.properties.secretUri})' }
]
// Graph with the managed identity: its client id picks the user-assigned identity (adapters/graph/credential.ts)
var graphAppSettings = usesGraph ? [
  { name: 'GRAPH_AUTH', value: 'managed-identity' }
  { name: 'AZURE_CLIENT_ID', value: identity.properties.clientId }
] : []
var sharePointAppSettings = effectiveStore == 'sharepoint' ? [
  { name: 'SHAREPOINT_SITE_ID', value: sharePointSiteId }
  { name: 'SHAREPOINT_RESTRICTED_SITE_ID', value: sharePointRestrictedSiteId }
] : []

// the managed identity signs in to PostgreSQL with an Entra token (DATABASE_AUTH=entra): the address names
// it as the user and holds no password. AZURE_CLIENT_ID picks the user-assigned identity (set above with Graph)
var postgresAppSettings = usePostgres ? concat([
  { name: 'DATABASE_URL', value: 'postgres://${identity.name}@${postgres!.properties.fullyQualifiedDomainName}:5432/${postgresDatabaseName}?sslmode=require' }
  { name: 'DATABASE_AUTH', value: 'entra' }
], usesGraph ? [] : [
  { name: 'AZURE_CLIENT_ID', value: identity.properties.clientId }
]) : []

resource site 'Microsoft.Web/sites@2024-11-01' = {
  name: appName
  location: location
  tags: tags
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  // the Key Vault role must exist before the app resolves its reference; the database and its
  // administrator before the app first signs in to it
  dependsOn: [
    vaultAccess
    postgresAdmin
  ]
  properties: {
    serverFarmId: plan.id
    // Key Vault references are read with the user-assigned identity (a web app has no system identity here)
    keyVaultReferenceIdentity: identity.id
    httpsOnly: true
    clientAffinityEnabled: false
    siteConfig: {
      linuxFxVersion: 'NODE|22-lts'
      // not npm run serve: npm's `preserve` hook would look for the TypeScript compiler first
      appCommandLine: 'node dist/main.js'
      alwaysOn: true
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      http20Enabled: true
      healthCheckPath: '/healthz'
      appSettings: concat(baseAppSettings, passwordAppSettings, graphAppSettings, sharePointAppSettings, postgresAppSettings)
    }
  }
}

// no FTP or Kudu (SCM) user names and passwords: deployments sign in with Entra ID (az webapp deploy, the
// Agents Toolkit), so nobody with an old publish profile can read /home/data
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

// daily backup of the app's files, /home/data (the database) included, to the storage account above
resource backup 'Microsoft.Web/sites/config@2024-11-01' = if (backupOn) {
  parent: site
  name: 'backup'
  properties: {
    backupName: '${appName}-daily'
    enabled: true
    storageAccountUrl: '${backupStorage!.properties.primaryEndpoints.blob}${backupContainer.name}?${backupStorage!.listServiceSas('2023-05-01', {
      canonicalizedResource: '/blob/${backupStorage.name}/${backupContainer.name}'
      signedResource: 'c'
      signedPermission: 'rwdl'
      signedProtocol: 'https'
      signedExpiry: backupSasExpiry
    }).serviceSasToken}'
    backupSchedule: {
      frequencyInterval: 1
      frequencyUnit: 'Day'
      keepAtLeastOneBackup: true
      retentionPeriodInDays: backupRetentionDays
      startTime: backupStartTime
    }
  }
}

var messagingEndpoint = 'https://${site.properties.defaultHostName}/api/messages'

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: appName
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: {
    name: botSku
  }
  properties: {
    displayName: 'Online Safety'
    description: 'Report online-safety concerns to the right person in school.'
    endpoint: messagingEndpoint
    msaAppType: msaAppType
    msaAppId: botAppId
    msaAppTenantId: tenant().tenantId
    msaAppMSIResourceId: usesManagedIdentity ? identity.id : null
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
      enableCalling: false
    }
  }
}

@description('The address Teams sends messages to.')
output botEndpoint string = messagingEndpoint

@description('The managed identity\'s client id: the bot id when msaAppType is UserAssignedMSI.')
output identityClientId string = identity.properties.clientId

@description('The managed identity\'s object id, for granting Graph permissions later.')
output identityPrincipalId string = identity.properties.principalId

@description('Put this in .env as BOT_ID before `npm run package`.')
output botId string = botAppId

output webAppName string = site.name

@description('usePostgres only: the database server\'s address (empty otherwise).')
output postgresServer string = usePostgres ? postgres!.properties.fullyQualifiedDomainName : ''

// for the Agents Toolkit (m365agents.yml): arm/deploy writes each output to env/.env.<environment>
output BOT_ID string = botAppId
output BOT_DOMAIN string = site.properties.defaultHostName
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = site.id
