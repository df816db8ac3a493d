// one Teams endpoint for a trust's schools: each turn goes to one school's app (app/trust/which-school.ts
// decides which), and that school's cards come back tagged with it (school-tag.ts). Someone at several
// schools, or at none the bot knows, is asked in their 1:1 chat which school it is about; what they
// wrote first is kept (in the trust's own store) and goes to the school they choose, and danger words in
// it bring the emergency advice at once, before any choice.
import { ActivityTypes, CardFactory, MessageFactory, TurnContext } from 'botbuilder';
import type { Logger } from '../../observability/logger.js';
import type { ConversationDirectory } from '../../ports/conversation-directory.js';
import type { ConversationStateStore } from '../../ports/conversation-state.js';
import { routeTurn, schoolsOf } from '../../app/trust/which-school.js';
import { DANGER_TEXT_LIMIT, hasDangerWords } from '../../app/disclosure/danger-words.js';
import type { SchoolRuntime } from '../../school-runtime.js';
import { schoolChoiceCard, VERB_CHOOSE_SCHOOL } from './cards/trust-cards.js';
import { tagActions, takeSchoolTag } from './school-tag.js';
import { MESSAGE_CHAR_LIMIT } from './commands.js';

export const DANGER_FIRST =
  'If anyone is in immediate danger, call 999 now. Then choose the school below: what you wrote goes to its safeguarding lead straight away.';
export const CHOICE_REFUSED = 'That school is not one of yours, so nothing changed. Choose one of the schools on the card.';
export const CHOOSE_IN_CHAT =
  'You are listed at more than one school. Open your chat with me, type school and choose the school first; nothing has been sent.';
export const TOO_MUCH_BEFORE_CHOICE =
  'That is more than I can keep before you choose a school, so I did not keep that last message. Choose the school below, then send it again.';
const PENDING_LIMIT = 20;

/** the school a turn goes to, and what to do once its app has answered the turn */
export interface Routed {
  school: SchoolRuntime;
  afterRun?: () => Promise<void>;
}

export interface RouterDeps {
  trustName: string;
  schools: SchoolRuntime[];
  /** the trust's own small state: each person's chosen school, and what they wrote before choosing */
  state: ConversationStateStore;
  /** where the trust's own people (its CEO and safeguarding lead) are reached 1:1 for the trust digest */
  trustConversations: ConversationDirectory;
  trustPeople: ReadonlySet<string>;
  logger: Logger;
  now?: () => Date;
}

type Pending = { texts: string[] };

export function schoolRouter(deps: RouterDeps): (context: TurnContext) => Promise<Routed | undefined> {
  const now = deps.now ?? (() => new Date());
  const byId = new Map(deps.schools.map((s) => [s.id!, s]));
  // the groups inside are live (refreshed after each directory sync): read through them, not copied
  const listings = deps.schools.map((s) => ({ id: s.id!, profile: s.profile, groups: s.groups }));
  const nameOf = (id: string) => byId.get(id)!.profile.school.name;
  const choiceKey = (aad: string) => `choice/${aad}`;
  const pendingKey = (aad: string) => `pending/${aad}`;

  const readChoice = async (aad: string | undefined): Promise<string | undefined> => {
    if (!aad) return undefined;
    const item = (await deps.state.read([choiceKey(aad)]))[choiceKey(aad)];
    return typeof item?.school === 'string' ? item.school : undefined;
  };

  const sendChooser = async (context: TurnContext, candidates: string[], kept: boolean, current?: string): Promise<void> => {
    const card = schoolChoiceCard({
      trust: deps.trustName,
      schools: candidates.map((id) => ({ id, name: nameOf(id) })),
      kept,
      ...(current ? { current: nameOf(current) } : {}),
    });
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
  };

  /** a person at several schools is reachable by each (and by the trust, if they are its CEO or lead) */
  const rememberEverywhere = async (context: TurnContext, mine: string[]): Promise<void> => {
    const a = context.activity;
    const aad = a.from?.aadObjectId;
    if (!aad || a.conversation?.conversationType !== 'personal' || a.name?.startsWith('composeExtension/')) return;
    if (mine.length < 2 && !deps.trustPeople.has(aad)) return;
    const { activityId: _activityId, ...reference } = TurnContext.getConversationReference(a) as Record<string, unknown>;
    const entry = { aadObjectId: aad, reference, updatedAt: now().toISOString() };
    for (const id of mine) await byId.get(id)!.stores.conversations.remember(entry);
    if (deps.trustPeople.has(aad)) await deps.trustConversations.remember(entry);
  };

  /** the turn goes to the school, and what the school sends in it carries its tag, so the next click comes back to it */
  const into = (context: TurnContext, id: string, afterRun?: () => Promise<void>): Routed => {
    context.onSendActivities(async (_ctx, activities, next) => {
      for (const activity of activities) tagActions(activity, id);
      return next();
    });
    context.onUpdateActivity(async (_ctx, activity, next) => {
      tagActions(activity, id);
      return next();
    });
    return { school: byId.get(id)!, ...(afterRun ? { afterRun } : {}) };
  };

  /** their choice from the card: kept, and what they wrote before it goes to the school now, in this turn */
  const chosen = async (context: TurnContext, candidates: string[]): Promise<Routed | undefined> => {
    const a = context.activity;
    const aad = a.from!.aadObjectId!;
    const choice = (a.value as { choice?: unknown }).choice;
    if (typeof choice !== 'string' || !candidates.includes(choice)) {
      await context.sendActivity(CHOICE_REFUSED);
      return undefined;
    }
    await deps.state.write({ [choiceKey(aad)]: { school: choice } });
    deps.logger.info({ event: 'school-chosen', school: choice }, 'someone at several schools chose one');
    await context.sendActivity(`Thank you. You are talking to ${nameOf(choice)} now. Type school to change it.`);
    const pending = (await deps.state.read([pendingKey(aad)]))[pendingKey(aad)] as Pending | undefined;
    a.value = undefined;
    if (!pending?.texts?.length) {
      a.text = 'help';
      return into(context, choice);
    }
    // what they wrote before choosing is now their message to the school (the school's app reads it as
    // typed); kept until the school has answered it, so a crash in between leaves it to be passed on again
    a.text = pending.texts.join('\n\n');
    return into(context, choice, () => deps.state.delete([pendingKey(aad)]));
  };

  return async (context) => {
    const a = context.activity;
    const aad = a.from?.aadObjectId;
    const personal = a.conversation?.conversationType === 'personal';
    const tagged = takeSchoolTag(a);
    const channelData = a.channelData as { channel?: { id?: string }; team?: { id?: string } } | undefined;
    const channelId = channelData?.channel?.id ?? (personal ? undefined : a.conversation?.id?.split(';')[0]);
    const mine = schoolsOf(listings, aad);
    const candidates = mine.length > 0 ? mine : listings.map((s) => s.id);
    await rememberEverywhere(context, mine);

    const submit = a.type === ActivityTypes.Message ? (a.value as { verb?: unknown } | undefined) : undefined;
    if (personal && aad && submit?.verb === VERB_CHOOSE_SCHOOL) return chosen(context, candidates);
    const typed = a.type === ActivityTypes.Message && !submit ? (a.text ?? '') : undefined;
    // only someone at several schools (or at none) has a choice to read
    const current = candidates.length > 1 ? await readChoice(aad) : undefined;
    if (personal && candidates.length > 1 && typed !== undefined && /^\s*(change\s+)?school\s*$/i.test(typed)) {
      await sendChooser(context, candidates, false, current);
      return undefined;
    }
    const route = routeTurn(listings, {
      personal,
      ...(channelId ? { channelId } : {}),
      ...(channelData?.team?.id ? { teamId: channelData.team.id } : {}),
      ...(aad ? { aadObjectId: aad } : {}),
      ...(tagged ? { tagged } : {}),
      ...(current ? { chosen: current } : {}),
      // a message reported from a group chat must not go to the wrong school's DSL: asked, as in a 1:1 chat
      ...(a.type === ActivityTypes.Invoke && a.name?.startsWith('composeExtension/') ? { mayAsk: true } : {}),
    });
    if ('to' in route) return into(context, route.to);
    // they have to choose first: nothing they wrote is lost, and danger is answered before the choice
    if (typed !== undefined && aad) {
      if (hasDangerWords(typed.slice(0, DANGER_TEXT_LIMIT))) await context.sendActivity(DANGER_FIRST);
      const old = ((await deps.state.read([pendingKey(aad)]))[pendingKey(aad)] as Pending | undefined)?.texts ?? [];
      const texts = typed.trim().length > 0 ? [...old, typed] : old;
      // all of it goes to the school as one message, which must stay readable there: never more than one
      // message's worth is kept, and nothing already kept is dropped to make room
      const fits = texts.length <= PENDING_LIMIT && texts.join('\n\n').length <= MESSAGE_CHAR_LIMIT;
      if (fits && texts.length > old.length) await deps.state.write({ [pendingKey(aad)]: { texts } });
      if (!fits) await context.sendActivity(TOO_MUCH_BEFORE_CHOICE);
      await sendChooser(context, route.choose, fits ? texts.length > 0 : old.length > 0);
      return undefined;
    }
    if (a.type === ActivityTypes.Invoke && a.name?.startsWith('composeExtension/')) {
      await context.sendActivity({
        type: 'invokeResponse',
        value: { status: 200, body: { task: { type: 'message', value: CHOOSE_IN_CHAT } } },
      });
      return undefined;
    }
    if (a.type === ActivityTypes.Invoke) {
      const card = schoolChoiceCard({ trust: deps.trustName, schools: route.choose.map((id) => ({ id, name: nameOf(id) })), kept: false });
      await context.sendActivity({
        type: 'invokeResponse',
        value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card } },
      });
      return undefined;
    }
    if (a.type === ActivityTypes.Message || a.type === ActivityTypes.ConversationUpdate) await sendChooser(context, route.choose, false);
    return undefined;
  };
}
