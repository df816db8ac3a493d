// is everyone the bot may have to alert reachable 1:1? a person is reachable once the bot holds their
// personal chat (they opened it, or Teams introduced the bot when the app was installed for them). where
// Graph may install the app (TEAMS_APP_CATALOG_ID and TeamsAppInstallation.ReadWriteSelfForUser.All), the
// bot installs it for each person it cannot reach and keeps the chat Graph gives back, so the first
// alert reaches someone who has never opened the bot. what cannot be repaired is told to IT support once
// a day (the reminder's key names the day) and logged as counts, never names.
import { londonDate } from '../../domain/index.js';
import type { AppInstaller, InstallOutcome } from '../../ports/app-installer.js';
import type { ConversationDirectory } from '../../ports/conversation-directory.js';
import type { ReminderOutbox } from '../../ports/reminder-outbox.js';
import type { SchoolProfile } from '../../domain/school-profile.js';
import type { Logger } from '../../observability/logger.js';
import { peopleToReach, rolesInWords, type PersonToReach } from './people-to-reach.js';

export type Unreachable = 'cannot-install' | 'no-permission' | 'not-in-catalogue' | 'failed' | 'no-address' | 'not-installed-yet';

export type Reach =
  /** the bot holds their personal chat */
  | { status: 'reachable' }
  /** the app was installed (or found installed) and the chat Graph gave back is kept: reachable now */
  | { status: 'repaired'; install: 'installed' | 'already-installed' }
  /** the app was installed; Teams introduces the bot to them in a moment, and the bot keeps that chat */
  | { status: 'installed' }
  | { status: 'unreachable'; why: Unreachable };

export interface PersonReach {
  person: PersonToReach;
  reach: Reach;
}

export interface ReachabilityDeps {
  profile: Pick<SchoolProfile, 'roles' | 'governors'>;
  conversations: ConversationDirectory;
  /** absent: the bot cannot install itself (no Graph, or no TEAMS_APP_CATALOG_ID) */
  installer?: AppInstaller;
  /** the bot's Microsoft app id and the school's tenant, for the conversation reference of a chat Graph gives */
  botAppId?: string;
  tenantId?: string;
  /** where IT support is told what cannot be repaired; absent (npm run doctor): nobody is told */
  reminders?: ReminderOutbox;
  logger?: Logger;
  now: () => Date;
}

/** what IT support reads, per reason: what to do about it */
export const WHY_UNREACHABLE: Record<Unreachable, string> = {
  'cannot-install':
    'has never opened the bot, and the bot cannot install itself for them (set TEAMS_APP_CATALOG_ID and give its Graph sign-in TeamsAppInstallation.ReadWriteSelfForUser.All, or pre-install the app with a Teams app setup policy)',
  'no-permission':
    'has never opened the bot, and Microsoft Graph refused to install it for them: grant the application permission TeamsAppInstallation.ReadWriteSelfForUser.All, with admin consent',
  'not-in-catalogue':
    "has never opened the bot, and Microsoft Graph found no app with the id in TEAMS_APP_CATALOG_ID in your organisation's app catalogue (or no such account)",
  'not-installed-yet': 'has never opened the bot: the bot installs the app for them when it next starts, and every morning',
  failed: 'has never opened the bot, and installing it for them failed this time: the bot tries again tomorrow',
  'no-address':
    'had the app installed, but the bot has not heard from Teams yet, so it has no address for their chat: check that Teams can reach the bot',
};

/** checks (and, with an installer, repairs) everyone's personal chat; tells IT support what is left */
export async function checkReachability(deps: ReachabilityDeps, options: { repair: boolean } = { repair: true }): Promise<PersonReach[]> {
  const results: PersonReach[] = [];
  // the same refusal (no permission, no such app) would come back for everyone: asked once
  let refusal: Unreachable | undefined;
  for (const person of peopleToReach(deps.profile)) {
    if (await deps.conversations.find(person.aadObjectId)) {
      results.push({ person, reach: { status: 'reachable' } });
      continue;
    }
    if (!deps.installer) {
      results.push({ person, reach: { status: 'unreachable', why: 'cannot-install' } });
      continue;
    }
    if (refusal) {
      results.push({ person, reach: { status: 'unreachable', why: refusal } });
      continue;
    }
    if (!options.repair) {
      // a look only (npm run doctor): whether Graph lets the bot see (and so install) the app for them
      const probed = await deps.installer.probe(person.aadObjectId);
      const why = probed.outcome === 'not-installed' ? 'not-installed-yet' : (unreachableWhy(probed) ?? 'no-address');
      if (why === 'no-permission' || why === 'not-in-catalogue') refusal = why;
      results.push({ person, reach: { status: 'unreachable', why } });
      continue;
    }
    const installed = await deps.installer.install(person.aadObjectId);
    const why = unreachableWhy(installed);
    if (why) {
      if (why === 'no-permission' || why === 'not-in-catalogue') refusal = why;
      results.push({ person, reach: { status: 'unreachable', why } });
      continue;
    }
    const outcome = installed.outcome as 'installed' | 'already-installed';
    const chatId = 'chatId' in installed ? installed.chatId : undefined;
    const serviceUrl = chatId ? await deps.conversations.serviceUrl() : undefined;
    if (chatId && serviceUrl) {
      await deps.conversations.remember({
        aadObjectId: person.aadObjectId,
        reference: personalChatReference({
          chatId,
          serviceUrl,
          aadObjectId: person.aadObjectId,
          botAppId: deps.botAppId,
          tenantId: deps.tenantId,
        }),
        updatedAt: deps.now().toISOString(),
      });
      results.push({ person, reach: { status: 'repaired', install: outcome } });
    } else if (outcome === 'installed') {
      results.push({ person, reach: { status: 'installed' } });
    } else {
      // installed long ago, yet the bot holds no chat and cannot make one: Teams never reached the bot
      results.push({ person, reach: { status: 'unreachable', why: 'no-address' } });
    }
  }
  await tellItSupport(deps, results, options.repair);
  return results;
}

function unreachableWhy(outcome: InstallOutcome): Unreachable | undefined {
  switch (outcome.outcome) {
    case 'installed':
    case 'already-installed':
      return undefined;
    case 'no-permission':
      return 'no-permission';
    case 'not-in-catalogue':
      return 'not-in-catalogue';
    case 'failed':
      return 'failed';
  }
}

/**
 * the Bot Framework conversation reference of a personal chat Graph gave: the messenger continues the
 * conversation from it, as from one the bot stored when the person wrote. the user's Teams id is not
 * known yet; Teams replaces this reference with its own when it introduces the bot or they write.
 */
export function personalChatReference(chat: {
  chatId: string;
  serviceUrl: string;
  aadObjectId: string;
  botAppId?: string | undefined;
  tenantId?: string | undefined;
}): Record<string, unknown> {
  return {
    channelId: 'msteams',
    serviceUrl: chat.serviceUrl,
    conversation: {
      id: chat.chatId,
      conversationType: 'personal',
      isGroup: false,
      ...(chat.tenantId ? { tenantId: chat.tenantId } : {}),
    },
    bot: { id: chat.botAppId ? `28:${chat.botAppId}` : '', name: '' },
    user: { id: chat.aadObjectId, aadObjectId: chat.aadObjectId, name: '' },
  };
}

export function countReach(results: readonly PersonReach[]): Record<string, number> {
  const counts: Record<string, number> = { reachable: 0, repaired: 0, installed: 0, unreachable: 0 };
  for (const r of results) {
    counts[r.reach.status] = (counts[r.reach.status] ?? 0) + 1;
    if (r.reach.status === 'unreachable') counts[r.reach.why] = (counts[r.reach.why] ?? 0) + 1;
  }
  return counts;
}

/** one notice a day to each IT support person listing who cannot be reached and why; the log gets counts only */
async function tellItSupport(deps: ReachabilityDeps, results: readonly PersonReach[], repair: boolean): Promise<void> {
  const counts = countReach(results);
  const left = results.filter((r) => r.reach.status === 'unreachable');
  if (left.length === 0) {
    deps.logger?.info({ event: 'reachability', ...counts }, 'everyone the bot may have to alert can be reached');
    return;
  }
  deps.logger?.warn({ event: 'reachability', ...counts }, 'some people the bot may have to alert cannot be reached in Teams');
  if (!repair || !deps.reminders) return;
  const now = deps.now();
  const day = londonDate(now);
  const lines = [
    ...left.map(
      (r) => `${r.person.displayName} (${rolesInWords(r.person.roles)}) ${WHY_UNREACHABLE[(r.reach as { why: Unreachable }).why]}.`,
    ),
    'Until this is fixed, an alert to them cannot reach them in Teams. Run npm run doctor to check again.',
  ];
  const it = deps.profile.roles['it-support'] ?? [];
  await deps.reminders.enqueue(
    it.map((p) => ({
      key: `reachability-${day}:${p.aadObjectId}`,
      kind: 'reachability',
      recipient: p.aadObjectId,
      notBefore: now.toISOString(),
      data: { title: 'People the bot cannot reach', lines },
    })),
    now,
  );
}
