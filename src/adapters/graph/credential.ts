// who the bot (or the provisioning script) is when it calls Microsoft Graph: a managed identity in Azure,
// or an Entra app registration with a client secret or a certificate anywhere else. the same variables
// as @azure/identity's EnvironmentCredential, read from the environment we are given rather than from
// process.env, so a test (or the bot's validated config) decides. `describe` never holds a secret.
import { ClientCertificateCredential, ClientSecretCredential, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';

export type GraphCredentialChoice = { credential: TokenCredential; describe: string } | { error: string };

const APP_REGISTRATION_HELP =
  'an app registration needs AZURE_TENANT_ID, AZURE_CLIENT_ID and either AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH; ' +
  'in Azure you can set GRAPH_AUTH=managed-identity instead';

export function graphCredential(env: Record<string, string | undefined>): GraphCredentialChoice {
  const get = (key: string): string | undefined => {
    const value = env[key]?.trim();
    return value ? value : undefined;
  };
  const mode = get('GRAPH_AUTH');
  const clientId = get('AZURE_CLIENT_ID');

  try {
    if (mode === 'managed-identity') {
      return clientId
        ? { credential: new ManagedIdentityCredential({ clientId }), describe: `user-assigned managed identity (client id ${clientId})` }
        : { credential: new ManagedIdentityCredential(), describe: 'system-assigned managed identity (no AZURE_CLIENT_ID set)' };
    }
    if (mode !== undefined && mode !== 'app-registration') {
      return {
        error: `GRAPH_AUTH: "${mode}" is not one I know. Use GRAPH_AUTH=managed-identity, or leave it empty to sign in as an app registration (${APP_REGISTRATION_HELP}).`,
      };
    }

    const tenantId = get('AZURE_TENANT_ID');
    const secret = get('AZURE_CLIENT_SECRET');
    const certificatePath = get('AZURE_CLIENT_CERTIFICATE_PATH');
    const missing: string[] = [];
    if (!tenantId) missing.push("AZURE_TENANT_ID (your school's Entra tenant id: Entra admin centre, Overview, Tenant ID)");
    if (!clientId) missing.push("AZURE_CLIENT_ID (the app registration's Application (client) ID)");
    if (!secret && !certificatePath)
      missing.push(
        "AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH (the app registration's client secret, or the path of its certificate's PEM file)",
      );
    if (missing.length > 0 || !tenantId || !clientId) {
      return { error: `Missing ${missing.join('; ')}. ${capitalise(APP_REGISTRATION_HELP)}.` };
    }
    const app = `app registration ${clientId} in tenant ${tenantId}`;
    if (secret) {
      return {
        credential: new ClientSecretCredential(tenantId, clientId, secret),
        describe: `${app}, with a client secret${certificatePath ? ' (AZURE_CLIENT_CERTIFICATE_PATH is ignored while AZURE_CLIENT_SECRET is set)' : ''}`,
      };
    }
    const certificatePassword = get('AZURE_CLIENT_CERTIFICATE_PASSWORD');
    return {
      credential: new ClientCertificateCredential(tenantId, clientId, {
        certificatePath: certificatePath!,
        ...(certificatePassword ? { certificatePassword } : {}),
      }),
      describe: `${app}, with a certificate${certificatePassword ? ' (password protected)' : ''}`,
    };
  } catch (error) {
    // the constructors check the shape of the ids (a tenant id with a typo, for example)
    return { error: `Cannot set up the Graph sign-in: ${error instanceof Error ? error.message : String(error)}` };
  }
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * SharePoint's throttling guidance asks for NONISV|<company>|<app>/<version>. Header values must be
 * plain ASCII, and | separates the parts, so the school's name is folded to that (accents dropped,
 * curly quotes and dashes made straight, anything else left out).
 */
export function graphUserAgent(schoolName: string, version: string): string {
  const name = schoolName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\|/g, '-')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return `NONISV|${name || 'School'}|OnlineSafetyBot/${version}`;
}
