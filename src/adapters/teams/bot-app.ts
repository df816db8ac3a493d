import { z } from 'zod';
import { ActivityTypes, CardFactory, MessageFactory, TurnContext } from 'botbuilder';
import { Application, TurnState, type TeamsAdapter } from '@microsoft/teams-ai';
import type { SchoolProfile } from '../../domain/school-profile.js';
import { identify, holdersOf, type GroupMembership, type Identity } from '../../app/identity.js';
import type { Logger } from '../../observability/logger.js';
import type { ConversationDirectory } from '../../ports/conversation-directory.js';
import type { IncidentStore } from '../../ports/incident-store.js';
import { reportRoutes } from './report-routes.js';
import { CASES_IN_PERSONAL_CHAT, caseRoutes, openCasesReply } from './case-routes.js';
import { worriedRoutes } from './worried-routes.js';
import { complianceRoutes } from './compliance-routes.js';
import { digestRoutes } from './digest-routes.js';
import type { SendOutcome } from '../../app/digest/digest-sender.js';
import { disclosureRoutes } from './disclosure-routes.js';
import { may, type Digest } from '../../domain/index.js';
import type { ComplianceRecords } from '../../ports/compliance-records.js';
import { isCardSubmit, registerCardRoutes } from './card-actions.js';
import { cardRoute, type CardRoute, type Place, type Turn } from './turn.js';
import { unreadableClickCard } from './cards/unreadable-card.js';
import type { ConversationStateStore } from '../../ports/conversation-state.js';
import { ReportDrafts } from '../../app/report-flow/draft-store.js';
import { MESSAGE_CHAR_LIMIT, parseCommand, type Command } from './commands.js';
import { DANGER_TEXT_LIMIT, hasDangerWords } from '../../app/disclosure/danger-words.js';
import { personalChatButton, personalChatCard, personalChatUrl } from './cards/personal-chat-card.js';
import { VERB_CASE_ANSWER_SUBMIT } from './cards/case-cards.js';
import { VERB_LEAVER_DECIDE, VERB_REVIEW_DONE, VERB_TRAINING_DONE } from './cards/compliance-cards.js';
import { pupilWelcomeCard, staffWelcomeCard, VERB_REPORT_START, VERB_STATUS_SHOW, VERB_WORRIED_START } from './cards/welcome-card.js';
import type { AdaptiveCard } from './cards/card.js';
import {
  IMAGE_NOT_KEPT,
  MESSAGE_TOO_LONG,
  PUPIL_IMAGE_NOT_KEPT,
  PUPIL_MESSAGE_TOO_LONG,
  PERSONAL_CHAT_ONLY,
  PERSONAL_CHAT_ONLY_CARD,
  TURN_FAILED,
  UNKNOWN_MESSAGE,
} from './replies.js';
import { COMMAND_REPORT_MESSAGE, messageActionRoutes, type DialogAnswer, type MessageActionInvoke } from './message-action-routes.js';
import { MessageDialogs } from '../../app/message-report/report-message.js';

export interface BotDependencies {
  adapter: TeamsAdapter;
  /** each conversation's own state between turns: a report draft */
  storage: ConversationStateStore;
  conversations: ConversationDirectory;
  store: IncidentStore;
  now?: () => Date;
  /** ids for new report drafts (tests pass a counter) */
  newId?: () => string;
  profile: SchoolProfile;
  logger: Logger;
  /** production: only activities from this tenant are handled */
  tenantId?: string;
  botAppId?: string;
  /** a change queued messages in the outbox: send them now (the dispatcher's kick) */
  delivered?: () => void;
  /** send what is queued and wait briefly for it (the dispatcher's sendNow): a danger alert before the next screen */
  deliverNow?: () => Promise<void>;
  /** acceptable use agreements, training and account reviews (the compliance commands and cards) */
  records?: ComplianceRecords;
  /** sends a digest post just queued in the outbox (DigestSender.sendNow); without it `digest` says it cannot */
  sendDigest?: (key: string) => Promise<SendOutcome>;
  /** the digest chart as a PNG data URI */
  chart?: (digest: Digest) => string | undefined;
  /** someone spoke to the bot 1:1 (so can now be reached): send what was waiting for them */
  personArrived?: (aadObjectId: string) => void;
  /** the staff and pupil groups' members (from the directory copy); without it only the profile's lists count */
  groups?: GroupMembership;
}

const names = (profile: SchoolProfile, role: 'dsl' | 'deputy-dsl'): string[] => holdersOf(profile, role).map((p) => p.displayName);

export function welcomeFor(profile: SchoolProfile, who: Identity, variant: 'welcome' | 'help'): AdaptiveCard {
  return who.kind === 'pupil'
    ? pupilWelcomeCard({ schoolName: profile.school.name })
    : staffWelcomeCard({
        schoolName: profile.school.name,
        variant,
        dslNames: names(profile, 'dsl'),
        deputyNames: names(profile, 'deputy-dsl'),
        caseTeam: may(who, 'work-on-cases'),
      });
}

/** attachments people send: anything but our own cards is evidence we must not keep */
const hasUserFiles = (context: TurnContext): boolean =>
  (context.activity.attachments ?? []).some(
    (a) => a.contentType !== 'application/vnd.microsoft.card.adaptive' && a.contentType !== 'text/html',
  );

export function activityTenant(context: TurnContext): string | undefined {
  const a = context.activity;
  return (a.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ?? a.conversation?.tenantId;
}

/** the team channel an activity came from, if any */
export const activityChannel = (context: TurnContext): string | undefined =>
  (context.activity.channelData as { channel?: { id?: string } } | undefined)?.channel?.id;

export function createBotApp(deps: BotDependencies): Application<TurnState> {
  const { profile, logger } = deps;
  // no storage for the SDK: the state a conversation keeps (a report draft) goes through its own port
  const app = new Application<TurnState>({
    adapter: deps.adapter,
    botAppId: deps.botAppId,
    startTypingTimer: false,
    longRunningMessages: false,
    removeRecipientMention: true,
  });

  const now = deps.now ?? (() => new Date());

  // keep where each person can be reached 1:1, so cases can be routed to them later
  const rememberPersonalChat = async (context: TurnContext): Promise<void> => {
    const aadObjectId = context.activity.from?.aadObjectId;
    if (context.activity.conversation?.conversationType !== 'personal' || !aadObjectId) return;
    // a message action comes from the chat the message is in (maybe a 1:1 chat between two people), not the bot's
    if (context.activity.type === ActivityTypes.Invoke && context.activity.name?.startsWith('composeExtension/')) return;
    // without the activity id, which is new on every message: the reference is then the same from turn
    // to turn, and the directory skips rewriting it
    const { activityId: _activityId, ...reference } = TurnContext.getConversationReference(context.activity) as Record<string, unknown>;
    await deps.conversations.remember({ aadObjectId, reference, updatedAt: now().toISOString() });
    deps.personArrived?.(aadObjectId);
  };

  const delivered = deps.delivered ?? (() => undefined);
  const ids = {
    ...(deps.newId ? { newId: deps.newId } : {}),
    ...(deps.groups ? { groups: deps.groups } : {}),
    ...(deps.deliverNow ? { deliverNow: deps.deliverNow } : {}),
  };
  const reports = reportRoutes({ store: deps.store, profile, logger, now, delivered, ...ids, drafts: new ReportDrafts(deps.storage) });
  const cases = caseRoutes({ store: deps.store, profile, logger, now, delivered, ...ids });
  const worried = worriedRoutes({ store: deps.store, profile, logger, now, delivered, ...ids });
  const disclosures = disclosureRoutes({
    store: deps.store,
    profile,
    logger,
    now,
    delivered,
    ...ids,
    reports,
    worried,
    help: (who) => welcomeFor(profile, who, 'help'),
  });
  const messageActions = messageActionRoutes({
    store: deps.store,
    profile,
    logger,
    now,
    delivered,
    ...ids,
    dialogs: new MessageDialogs(deps.storage),
  });
  const compliance = deps.records ? complianceRoutes({ records: deps.records, profile, logger, now }) : undefined;
  const digests =
    deps.records && deps.sendDigest
      ? digestRoutes({
          store: deps.store,
          records: deps.records,
          profile,
          logger,
          now,
          sendNow: deps.sendDigest,
          ...(deps.chart ? { chart: deps.chart } : {}),
        })
      : undefined;
  const isPersonal = (context: TurnContext) => context.activity.conversation?.conversationType === 'personal';
  // the bot's own id as Teams knows it ("28:" and the app id), for the button that opens its 1:1 chat
  const chatUrl = (context: TurnContext): string | undefined => {
    const recipient = context.activity.recipient?.id;
    return personalChatUrl(deps.botAppId ?? (recipient?.startsWith('28:') ? recipient : undefined));
  };
  /** who, where and what, for the routes: the only view of this turn they get */
  const turnOf = (context: TurnContext): Turn => {
    const a = context.activity;
    const type = a.conversation?.conversationType;
    const place: Place = type === 'personal' ? 'personal' : type === 'channel' ? 'channel' : 'groupChat';
    return {
      who: identify(profile, a.from?.aadObjectId, deps.groups),
      place,
      // where the SDK kept a conversation's state, so drafts saved before this version are still found
      // (the SDK refused a turn without these ids; without one, the state is the person's own, never a key two people share)
      stateKey:
        a.channelId && a.recipient?.id && a.conversation?.id
          ? `${a.channelId}/${a.recipient.id}/conversations/${a.conversation.id}`
          : `unaddressed/${a.from?.aadObjectId ?? 'nobody'}`,
      automatic: (a.value as { trigger?: unknown } | undefined)?.trigger === 'automatic',
      ...(chatUrl(context) ? { chatUrl: chatUrl(context) } : {}),
      ...(a.from?.name ? { teamsName: a.from.name } : {}),
      ...(a.from?.id ? { userId: a.from.id } : {}),
    };
  };
  const sendCard = async (context: TurnContext, c: AdaptiveCard) => {
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(c)));
  };
  /** in a channel or group chat: why not here, and a button to the 1:1 chat; nothing typed is shown back */
  const toPersonalChat = async (context: TurnContext, words: string = PERSONAL_CHAT_ONLY): Promise<void> => {
    const url = chatUrl(context);
    await context.sendActivity(url ? MessageFactory.attachment(CardFactory.adaptiveCard(personalChatButton(url)), words) : words);
  };

  const reply = async (context: TurnContext, command: Command | undefined, who: Identity): Promise<void> => {
    if (who.kind === 'unknown') {
      // not on the school's lists: their own reports' status, and the card for anyone, nothing else
      if (command === 'status' && who.aadObjectId && isPersonal(context)) await sendCard(context, await reports.status(who));
      else if (!isPersonal(context)) await toPersonalChat(context);
      else await sendCard(context, worried.anyoneCard());
      return;
    }
    // what a pupil or reporter writes stays in their 1:1 chat: these never start in a channel or group chat
    if ((command === 'worried' || command === 'report' || command === 'status') && !isPersonal(context)) {
      await toPersonalChat(context);
      return;
    }
    switch (command) {
      case 'help':
        await sendCard(context, welcomeFor(profile, who, 'help'));
        return;
      case 'worried':
        // a pupil gets the "I'm worried" card; a member of staff who is worried about a child is reporting a concern
        if (who.kind === 'pupil') await sendCard(context, worried.card());
        else await reply(context, 'report', who);
        return;
      case 'report':
      case 'status':
        // a report and its list stay in the reporter's 1:1 chat; pupils use "worried" instead
        if (who.kind === 'pupil') await sendCard(context, welcomeFor(profile, who, 'help'));
        else if (!isPersonal(context)) await toPersonalChat(context);
        else await sendCard(context, command === 'status' ? await reports.status(who) : await reports.start(turnOf(context)));
        return;
      case 'cases':
        // the safeguarding team's open cases, in their own 1:1 chat; a pupil gets their help instead
        if (who.kind === 'pupil') await sendCard(context, welcomeFor(profile, who, 'help'));
        else if (!isPersonal(context)) await toPersonalChat(context, CASES_IN_PERSONAL_CHAT);
        else await sendCard(context, await openCasesReply({ store: deps.store, profile, logger, now }, who));
        return;
      case 'digest':
        if (who.kind === 'pupil') await sendCard(context, welcomeFor(profile, who, 'help'));
        else if (!isPersonal(context)) await toPersonalChat(context);
        else if (!digests) await context.sendActivity(UNKNOWN_MESSAGE);
        else await sendCard(context, await digests.digest(who));
        return;
      case 'aup':
      case 'training':
      case 'coverage':
      case 'leavers':
      case 'pupils':
        // staff and governors' duties, in their own 1:1 chat
        if (who.kind === 'pupil') await sendCard(context, welcomeFor(profile, who, 'help'));
        else if (!isPersonal(context)) await toPersonalChat(context);
        else if (!compliance) await context.sendActivity(UNKNOWN_MESSAGE);
        else await sendCard(context, await compliance[command](who));
        return;
      case undefined:
        // anything else may be a disclosure: an offer to pass it on, never "I did not understand" alone.
        // what was typed is never shown back in a channel or group chat
        if (!isPersonal(context)) await toPersonalChat(context);
        else
          await sendCard(
            context,
            disclosures.offer(who, context.activity.text) ?? (who.kind === 'pupil' ? worried.card() : welcomeFor(profile, who, 'help')),
          );
    }
  };

  // the tenant gate runs before any route: an activity from another school's tenant is dropped unseen
  app.turn('beforeTurn', async (context) => {
    if (deps.tenantId && activityTenant(context) !== deps.tenantId) {
      logger.warn({ activityType: context.activity.type, tenant: activityTenant(context) }, 'activity from another tenant rejected');
      return false;
    }
    // the service a team's channel is reached through, kept for posts to it after a restart
    if (context.activity.serviceUrl)
      await deps.conversations.rememberServiceUrl(context.activity.serviceUrl, activityChannel(context), now());
    await rememberPersonalChat(context);
    return true;
  });

  app.conversationUpdate('membersAdded', async (context) => {
    if (context.activity.conversation?.conversationType !== 'personal') return;
    const botId = context.activity.recipient?.id;
    for (const member of context.activity.membersAdded ?? []) {
      if (member.id === botId) continue;
      const who = identify(profile, member.aadObjectId ?? context.activity.from?.aadObjectId, deps.groups);
      const welcome = who.kind === 'unknown' ? worried.anyoneCard() : welcomeFor(profile, who, 'welcome');
      await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(welcome)));
      logger.info({ event: 'welcomed', kind: who.kind }, 'welcomed a new user');
    }
  });

  /**
   * a message longer than Teams allows: not parsed, nothing kept. a danger disclosure is never ignored:
   * the first DANGER_TEXT_LIMIT characters are scanned (linear, bounded), and danger words there bring
   * the usual offer (danger help first) for those characters, in the person's own 1:1 chat only
   */
  const tooLong = async (context: TurnContext, who: Identity): Promise<void> => {
    logger.info({ event: 'message-too-long', kind: who.kind }, 'refused a message too long to read');
    if (!isPersonal(context)) return toPersonalChat(context);
    await context.sendActivity(who.kind === 'pupil' ? PUPIL_MESSAGE_TOO_LONG : MESSAGE_TOO_LONG);
    const start = (context.activity.text ?? '').slice(0, DANGER_TEXT_LIMIT);
    if (!hasDangerWords(start)) return;
    const offer = disclosures.offer(who, start);
    if (offer) await sendCard(context, offer);
  };

  // typed messages; a fallback card submit (a message carrying a verb) goes to its card route instead
  const typedMessage = async (context: TurnContext): Promise<boolean> =>
    context.activity.type === ActivityTypes.Message && !isCardSubmit(context);
  app.activity(typedMessage, async (context) => {
    const who = identify(profile, context.activity.from?.aadObjectId, deps.groups);
    if (hasUserFiles(context)) {
      // the file is not downloaded, stored or forwarded; only the fact that one was refused is logged
      logger.info({ event: 'attachment-refused', count: context.activity.attachments?.length }, 'refused an attachment');
      await context.sendActivity(who.kind === 'pupil' ? PUPIL_IMAGE_NOT_KEPT : IMAGE_NOT_KEPT);
      return;
    }
    if ((context.activity.text?.length ?? 0) > MESSAGE_CHAR_LIMIT) {
      await tooLong(context, who);
      return;
    }
    const command = parseCommand(context.activity.text);
    logger.info({ event: 'message', command: command ?? 'unknown', kind: who.kind }, 'message received');
    await reply(context, command, who);
  });

  // a card that carries what a person typed (a report, a worry, an answer, a reason) works only in the 1:1
  // chat: pressed in a channel or group chat, nothing is read or kept, and the answer there says where to go
  const notHere = (turn: Turn): AdaptiveCard => personalChatCard(PERSONAL_CHAT_ONLY_CARD, turn.chatUrl);
  const personalOnly = (route: CardRoute): CardRoute => ({
    verb: route.verb,
    run: async (turn, data) => (turn.place === 'personal' ? route.run(turn, data) : notHere(turn)),
  });
  const PERSONAL_ONLY_VERBS = new Set([
    ...[...reports.routes, ...worried.routes, ...disclosures.routes].map((r) => r.verb),
    VERB_CASE_ANSWER_SUBMIT,
    VERB_TRAINING_DONE,
    VERB_LEAVER_DECIDE,
    VERB_REVIEW_DONE,
  ]);

  // the welcome card's buttons send nothing but their verb
  const button = z.object({});
  const welcomeButtons = [
    cardRoute(VERB_REPORT_START, button, async (turn) => {
      if (turn.who.kind !== 'staff' && turn.place !== 'personal') return notHere(turn);
      if (turn.who.kind === 'unknown') return worried.anyoneCard();
      if (turn.who.kind === 'pupil' || turn.place !== 'personal') return welcomeFor(profile, turn.who, 'help');
      return reports.start(turn);
    }),
    cardRoute(VERB_STATUS_SHOW, button, async (turn) => {
      if (turn.who.kind !== 'staff' && turn.place !== 'personal') return notHere(turn);
      if (turn.who.kind === 'unknown') return worried.anyoneCard();
      if (turn.who.kind === 'pupil' || turn.place !== 'personal') return welcomeFor(profile, turn.who, 'help');
      return reports.status(turn.who);
    }),
    cardRoute(VERB_WORRIED_START, button, async (turn) => {
      if (turn.who.kind !== 'staff' && turn.place !== 'personal') return notHere(turn);
      if (turn.who.kind === 'unknown') return worried.anyoneCard();
      if (turn.who.kind === 'pupil') return worried.card();
      if (turn.place !== 'personal') return welcomeFor(profile, turn.who, 'help');
      return reports.start(turn);
    }),
  ];
  registerCardRoutes(
    app,
    [
      ...welcomeButtons,
      ...reports.routes,
      ...cases.routes,
      ...worried.routes,
      ...disclosures.routes,
      ...(compliance?.routes ?? []),
      ...(digests?.routes ?? []),
    ].map((route) => (PERSONAL_ONLY_VERBS.has(route.verb) ? personalOnly(route) : route)),
    {
      turnOf,
      malformed: (turn) => unreadableClickCard(turn.who.kind === 'pupil' ? 'pupil' : 'adult'),
      logger,
    },
  );

  // "Report a concern" in a message's "..." menu: each answer is the dialog, never a post in that chat
  const invokeOf = (context: TurnContext): MessageActionInvoke => {
    const a = context.activity;
    const data = a.channelData as { team?: { name?: unknown }; channel?: { name?: unknown } } | undefined;
    const name = (v: unknown) => (typeof v === 'string' && v.trim() ? v.slice(0, 200) : undefined);
    const teamName = name(data?.team?.name);
    const channelName = name(data?.channel?.name);
    const chatName = name(a.conversation?.name);
    return {
      value: a.value,
      where: {
        place: turnOf(context).place,
        ...(teamName ? { teamName } : {}),
        ...(channelName ? { channelName } : {}),
        ...(chatName ? { chatName } : {}),
      },
    };
  };
  const dialog = (answer: DialogAnswer) => ({
    title: answer.title,
    height: 'large' as const,
    width: 'medium' as const,
    card: CardFactory.adaptiveCard(answer.card),
  });
  app.messageExtensions.fetchTask(COMMAND_REPORT_MESSAGE, async (context) =>
    dialog(await messageActions.fetch(turnOf(context), invokeOf(context))),
  );
  app.messageExtensions.submitAction(COMMAND_REPORT_MESSAGE, async (context) =>
    dialog(await messageActions.submit(turnOf(context), invokeOf(context))),
  );

  app.error(async (context, error) => {
    // the error, never the message text or names, goes to the log
    logger.error(
      { err: { name: error.name, message: error.message, stack: error.stack }, activityType: context.activity.type },
      'turn failed',
    );
    try {
      if (context.activity.type === ActivityTypes.Message) await context.sendActivity(TURN_FAILED);
    } catch (sendError) {
      logger.error({ err: { message: (sendError as Error).message } }, 'could not send the apology');
    }
  });

  return app;
}
