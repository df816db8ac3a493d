// Online Safety Reporting on Azure: a managed identity, an Azure Bot with the Teams channel, and a Linux
// App Service (Node 22 LTS) that runs the bot. Deploy into a resource group; see infra/README.md.
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

@description('Where records are kept. sqlite: one file under dataDir (the default). sharepoint: SharePoint lists, once the app supports it.')
@allowed([
  'sqlite'
  'sharepoint'
])
param store string = 'sqlite'

@description('sharepoint store only: the Graph id of the shared SharePoint site (summary lines and compliance lists).')
param sharePointSiteId string = ''

@description('sharepoint store only: the Graph id of the restricted SharePoint site (case details and the decision log), open to the DSL, deputies and headteacher only. Without it, details stay in the embedded store.')
param sharePointRestrictedSiteId string = ''

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
    // one instance on purpose: the embedded store is a single SQLite file that only one process may write
    capacity: 1
  }
  properties: {
    reserved: true // Linux
  }
}

var baseAppSettings = [
  { name: 'BOT_MODE', value: 'production' }
  { name: 'MicrosoftAppType', value: msaAppType }
  { name: 'MicrosoftAppId', value: botAppId }
  { name: 'MicrosoftAppTenantId', value: tenant().tenantId }
  { name: 'BOT_ID', value: botAppId }
  { name: 'SCHOOL_PROFILE', value: schoolProfile }
  { name: 'STORE', value: store }
  { name: 'DATA_DIR', value: dataDir }
  // /home is a network share: SQLite's WAL mode is unsafe there
  { name: 'SQLITE_JOURNAL_MODE', value: 'delete' }
  { name: 'LOG_LEVEL', value: logLevel }
  // keeps /home mounted, so dataDir survives restarts (the default on Linux; stated so nobody turns it off)
  { name: 'WEBSITES_ENABLE_APP_SERVICE_STORAGE', value: 'true' }
  // App Service runs npm install and npm run build on Linux, so better-sqlite3 is compiled for the right platform
  { name: 'SCM_DO_BUILD_DURING_DEPLOYMENT', value: 'true' }
]
// a managed identity has no secret; the app refuses to start if one is set alongside it
var passwordAppSettings = usesManagedIdentity ? [] : [
  { name: 'MicrosoftAppPassword', value: singleTenantAppPassword }
]
var sharePointAppSettings = store == 'sharepoint' ? [
  { name: 'SHAREPOINT_SITE_ID', value: sharePointSiteId }
  { name: 'SHAREPOINT_RESTRICTED_SITE_ID', value: sharePointRestrictedSiteId }
] : []

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
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    siteConfig: {
      linuxFxVersion: 'NODE|22-lts'
      appCommandLine: 'npm run serve'
      alwaysOn: true
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      http20Enabled: true
      healthCheckPath: '/healthz'
      appSettings: concat(baseAppSettings, passwordAppSettings, sharePointAppSettings)
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
