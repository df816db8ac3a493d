import { APP_VERSION } from '../../version.js';
import { graphCredential, graphUserAgent } from './credential.js';
import { GraphClient } from './graph-client.js';

export type GraphFromEnv =
  /** nothing configured; `why` says what a sign-in would need */
  { status: 'off'; why: string } | { status: 'error'; error: string } | { status: 'on'; graph: GraphClient; signIn: string };

/**
 * the bot's one Graph client (one token cache for SharePoint and the directory), when the
 * environment says how to sign in (GRAPH_AUTH or AZURE_*); 'off' when it says nothing
 */
export function graphFromEnv(env: Record<string, string | undefined>, schoolName: string): GraphFromEnv {
  const choice = graphCredential(env);
  if (!['GRAPH_AUTH', 'AZURE_CLIENT_ID', 'AZURE_TENANT_ID'].some((k) => env[k]?.trim()))
    return { status: 'off', why: 'error' in choice ? choice.error : 'no Graph sign-in is configured' };
  if ('error' in choice) return { status: 'error', error: choice.error };
  return {
    status: 'on',
    graph: new GraphClient({ credential: choice.credential, userAgent: graphUserAgent(schoolName, APP_VERSION) }),
    signIn: choice.describe,
  };
}
