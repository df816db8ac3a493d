import type { Activity, TurnContext } from 'botbuilder';
import { TeamsAdapter } from '@microsoft/teams-ai';

export type BotHttpResult = { status: 200 | number; body?: unknown } | { status: 401; authFailure: string };

/**
 * TeamsAdapter with authentication as its own step. botbuilder's process() answers some forged tokens
 * (a bad signature) with 500 and echoes the error to the caller; here every authentication failure
 * is a plain 401, nothing of the reason leaves the server, and no turn runs.
 */
export class SchoolBotAdapter extends TeamsAdapter {
  /** the activity as the HTTP server read it (a JSON object with a type); botbuilder checks the rest */
  async processAuthenticated(
    body: Record<string, unknown>,
    authHeader: string,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<BotHttpResult> {
    const activity = body as Partial<Activity> as Activity;
    let auth;
    try {
      auth = await this.botFrameworkAuthentication.authenticateRequest(activity, authHeader);
    } catch (err) {
      return { status: 401, authFailure: `${(err as Error).name}: ${(err as Error).message}` };
    }
    const invokeResponse = await this.processActivity(auth, activity, logic);
    return { status: invokeResponse?.status ?? 200, body: invokeResponse?.body };
  }
}
