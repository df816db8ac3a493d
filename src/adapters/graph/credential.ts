// who the bot (or the provisioning script) is when it calls Microsoft Graph, as the validated settings say
// (src/config/graph-settings.ts reads and checks them). `describe` never holds a secret.
import { ClientCertificateCredential, ClientSecretCredential, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';
import type { GraphSignIn } from '../../config/graph-settings.js';

export type GraphCredentialChoice = { credential: TokenCredential; describe: string } | { error: string };

export function graphCredential(signIn: GraphSignIn): GraphCredentialChoice {
  try {
    if (signIn.auth === 'managed-identity') {
      const { clientId } = signIn;
      return clientId
        ? { credential: new ManagedIdentityCredential({ clientId }), describe: `user-assigned managed identity (client id ${clientId})` }
        : { credential: new ManagedIdentityCredential(), describe: 'system-assigned managed identity (no AZURE_CLIENT_ID set)' };
    }
    const { tenantId, clientId, clientSecret, certificatePath, certificatePassword } = signIn;
    const app = `app registration ${clientId} in tenant ${tenantId}`;
    if (clientSecret) {
      return {
        credential: new ClientSecretCredential(tenantId, clientId, clientSecret),
        describe: `${app}, with a client secret${certificatePath ? ' (AZURE_CLIENT_CERTIFICATE_PATH is ignored while AZURE_CLIENT_SECRET is set)' : ''}`,
      };
    }
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
