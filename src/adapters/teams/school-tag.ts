// in a trust's deployment every button on a card carries the school that sent it (`osbSchool` in its
// data), so a click goes back to that school's records whichever school the person talks to now. The
// tag only routes: the school's own checks (who may do what, to which case) run on the click as always,
// and the tag is taken off before the school's app reads the data.
import type { Activity } from 'botbuilder';
import type { Messenger, OutgoingMessage } from '../../ports/messenger.js';

export const SCHOOL_TAG = 'osbSchool';

const ACTIONS = new Set(['Action.Execute', 'Action.Submit']);

/** every Action.Execute and Action.Submit in `value` (a card, an activity) gets data.osbSchool = schoolId; changes it in place */
export function tagActions<T>(value: T, schoolId: string, depth = 0): T {
  if (depth > 40 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    for (const item of value) tagActions(item, schoolId, depth + 1);
    return value;
  }
  const node = value as Record<string, unknown>;
  if (typeof node.type === 'string' && ACTIONS.has(node.type)) {
    const data = node.data;
    if (data === undefined) node.data = { [SCHOOL_TAG]: schoolId };
    else if (data !== null && typeof data === 'object' && !Array.isArray(data)) (data as Record<string, unknown>)[SCHOOL_TAG] = schoolId;
  }
  for (const [key, child] of Object.entries(node)) if (key !== 'data') tagActions(child, schoolId, depth + 1);
  return value;
}

/** the data a click carries, wherever Teams put it: an Action.Execute invoke, a message-back submit, a dialog submit */
function clickData(activity: Partial<Activity>): Record<string, unknown> | undefined {
  const value = activity.value as Record<string, unknown> | undefined;
  if (!value || typeof value !== 'object') return undefined;
  const pick = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);
  if (activity.type === 'invoke' && activity.name === 'adaptiveCard/action') return pick(pick(value.action)?.data);
  if (activity.type === 'invoke' && activity.name?.startsWith('composeExtension/')) return pick(value.data);
  if (activity.type === 'invoke' && activity.name?.startsWith('task/')) return pick(value.data);
  if (activity.type === 'message') return value;
  return undefined;
}

/** the school a click's card came from, taken off the click's data (so the school's app sees its own data only) */
export function takeSchoolTag(activity: Partial<Activity>): string | undefined {
  const data = clickData(activity);
  const tag = data?.[SCHOOL_TAG];
  if (data && SCHOOL_TAG in data) delete data[SCHOOL_TAG];
  return typeof tag === 'string' ? tag : undefined;
}

/** what a school sends unprompted (its outbox, reminders, digests), its cards tagged with the school */
export function taggingMessenger(inner: Messenger, schoolId: string): Messenger {
  const tag = (message: OutgoingMessage): OutgoingMessage =>
    message.card ? { ...message, card: tagActions(structuredClone(message.card), schoolId) } : message;
  return {
    postToChannel: (target, message) => inner.postToChannel(target, tag(message)),
    update: (posted, message) => inner.update(posted, tag(message)),
    send: (reference, message) => inner.send(reference, tag(message)),
  };
}
