// installs the bot's Teams app in someone's personal scope, so the bot can message a person who has never
// opened it (Graph: TeamsAppInstallation.ReadWriteSelfForUser.All). adapters: graph. tests play Graph with nock.

export type InstallOutcome =
  /** installed now (201) or already there (409): `chatId` is the 1:1 chat between the person and the bot, when Graph gave it */
  | { outcome: 'installed' | 'already-installed'; chatId?: string }
  /** 403: the sign-in lacks TeamsAppInstallation.ReadWriteSelfForUser.All (or admin consent for it) */
  | { outcome: 'no-permission'; status: number }
  /** 404: no such app in the organisation's catalogue (TEAMS_APP_CATALOG_ID), or no such person */
  | { outcome: 'not-in-catalogue'; status: number }
  /** anything else (throttled, Graph down, no Teams licence): tried again at the next check */
  | { outcome: 'failed'; status: number; code: string };

export interface AppInstaller {
  /** installs the app for the person (their Entra object id) and finds their chat with the bot */
  install(aadObjectId: string): Promise<InstallOutcome>;
  /** one cheap read that needs the same permission (doctor): the person's installation of the app, if any */
  probe(aadObjectId: string): Promise<InstallOutcome | { outcome: 'not-installed' }>;
}
