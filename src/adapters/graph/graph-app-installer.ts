// the bot installs its own Teams app for a person (Graph, application permission
// TeamsAppInstallation.ReadWriteSelfForUser.All): POST .../teamwork/installedApps binds the catalogue app;
// 201 carries no body, and 409 means it was there already, so both look the installation up by the app's
// catalogue id and read the 1:1 chat from it.
// https://learn.microsoft.com/graph/api/userteamwork-post-installedapps and userscopeteamsappinstallation-get-chat
import type { AppInstaller, InstallOutcome } from '../../ports/app-installer.js';
import { GRAPH_BASE, type GraphClient } from './graph-client.js';
import { GraphRequestError } from './graph-error.js';

export class GraphAppInstaller implements AppInstaller {
  constructor(
    private readonly graph: GraphClient,
    /** the app's id in the organisation's catalogue (TEAMS_APP_CATALOG_ID), not the manifest's id */
    private readonly catalogId: string,
  ) {}

  async install(aadObjectId: string): Promise<InstallOutcome> {
    const user = `/users/${encodeURIComponent(aadObjectId)}/teamwork/installedApps`;
    let outcome: 'installed' | 'already-installed' = 'installed';
    try {
      await this.graph.send({
        method: 'POST',
        path: user,
        body: { 'teamsApp@odata.bind': `${GRAPH_BASE}/appCatalogs/teamsApps/${this.catalogId}` },
      });
    } catch (error) {
      if (!(error instanceof GraphRequestError)) throw error;
      if (error.status !== 409) return refused(error);
      outcome = 'already-installed';
    }
    try {
      const installationId = await this.installationId(aadObjectId);
      if (!installationId) return { outcome };
      const chat = await this.graph.send<{ id?: string }>({ method: 'GET', path: `${user}/${encodeURIComponent(installationId)}/chat` });
      return { outcome, ...(chat?.id ? { chatId: chat.id } : {}) };
    } catch (error) {
      // installed all the same: Teams introduces the bot to the person (conversationUpdate) and the bot keeps that
      if (error instanceof GraphRequestError) return { outcome };
      throw error;
    }
  }

  async probe(aadObjectId: string): Promise<InstallOutcome | { outcome: 'not-installed' }> {
    try {
      return (await this.installationId(aadObjectId)) ? { outcome: 'already-installed' } : { outcome: 'not-installed' };
    } catch (error) {
      if (error instanceof GraphRequestError) return refused(error);
      throw error;
    }
  }

  /** the person's installation of this app: Graph's id for it, which is not the app's id */
  private async installationId(aadObjectId: string): Promise<string | undefined> {
    const found = await this.graph.send<{ value?: { id: string }[] }>({
      method: 'GET',
      path: `/users/${encodeURIComponent(aadObjectId)}/teamwork/installedApps`,
      query: { $expand: 'teamsApp', $filter: `teamsApp/id eq '${this.catalogId}'` },
    });
    return found?.value?.[0]?.id;
  }
}

function refused(error: GraphRequestError): InstallOutcome {
  if (error.status === 403) return { outcome: 'no-permission', status: 403 };
  if (error.status === 404) return { outcome: 'not-in-catalogue', status: 404 };
  return { outcome: 'failed', status: error.status, code: error.code };
}
