import type { GraphSettings } from '../../config/graph-settings.js';
import { NO_GRAPH_SIGN_IN } from '../../config/graph-settings.js';
import { APP_VERSION } from '../../version.js';
import { graphCredential, graphUserAgent } from './credential.js';
import { GraphClient } from './graph-client.js';

export type GraphFromConfig =
  /** nothing configured; `why` says what a sign-in would need */
  { status: 'off'; why: string } | { status: 'error'; error: string } | { status: 'on'; graph: GraphClient; signIn: string };

/**
 * the bot's one Graph client (one token cache for SharePoint and the directory), from the validated
 * settings (AppConfig.graph, present when GRAPH_AUTH or AZURE_* is set); 'off' when there are none
 */
export function graphFromConfig(settings: GraphSettings | undefined, schoolName: string): GraphFromConfig {
  if (settings === undefined) return { status: 'off', why: NO_GRAPH_SIGN_IN };
  if ('error' in settings) return { status: 'error', error: settings.error };
  const choice = graphCredential(settings.signIn);
  if ('error' in choice) return { status: 'error', error: choice.error };
  return {
    status: 'on',
    graph: new GraphClient({ credential: choice.credential, userAgent: graphUserAgent(schoolName, APP_VERSION) }),
    signIn: choice.describe,
  };
}
