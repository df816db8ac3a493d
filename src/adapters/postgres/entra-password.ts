// DATABASE_AUTH=entra: the bot signs in to Azure Database for PostgreSQL as its managed identity, with a
// Microsoft Entra token as the password, so no database password exists anywhere. pg asks for the password
// each time it opens a connection; the credential keeps the token until shortly before it expires.
import { DefaultAzureCredential, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';
import type { PasswordSource } from './database.js';

/** the audience Azure Database for PostgreSQL accepts tokens for */
export const POSTGRES_ENTRA_SCOPE = 'https://ossrdbms-aad.database.windows.net/.default';

export interface EntraSignIn {
  /** AZURE_CLIENT_ID: a user-assigned managed identity; absent: whatever DefaultAzureCredential finds */
  clientId?: string;
}

/** the credential as graph/credential.ts chooses it for a managed identity; DefaultAzureCredential also covers `az login` on a technician's PC */
export function postgresCredential(signIn: EntraSignIn): TokenCredential {
  return signIn.clientId ? new ManagedIdentityCredential({ clientId: signIn.clientId }) : new DefaultAzureCredential();
}

/** a password function for openPostgresPool: an Entra token for PostgreSQL, fresh or cached by the credential */
export function entraPassword(credential: TokenCredential): PasswordSource {
  return async () => {
    let token;
    try {
      token = await credential.getToken(POSTGRES_ENTRA_SCOPE);
    } catch (error) {
      throw new Error(
        `DATABASE_AUTH=entra: could not get a sign-in token for PostgreSQL (${error instanceof Error ? error.message : String(error)}); ` +
          'check the managed identity is switched on for this app and is the server’s Microsoft Entra administrator',
      );
    }
    if (!token?.token) throw new Error('DATABASE_AUTH=entra: the managed identity gave no sign-in token for PostgreSQL');
    return token.token;
  };
}
