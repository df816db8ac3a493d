// a Teams message reported from its "..." menu. Staff: the message is the report's evidence and the
// report is the usual one (the same plan, the same early danger alert, the same person-level exclusion
// when it is about an adult of the school). Pupils: an "I'm worried" report with the message. One
// report per person per message; two people reporting one message make two reports linked together.
import { z } from 'zod';
import { londonDate, type IncidentType, type Party, type SchoolProfile } from '../../domain/index.js';
import { ConcurrencyError, type IncidentRecord, type IncidentStore, type Json, type Reporter } from '../../ports/incident-store.js';
import type { ConversationStateStore } from '../../ports/conversation-state.js';
import { identify, type GroupMembership } from '../identity.js';
import { newDraft, type ReportAnswers, type ReportDraft } from '../report-flow/index.js';
import { submitReport } from '../submit-report.js';
import { raiseDangerAlert } from '../raise-danger-alert.js';
import { submitWorry, type WorryResult } from '../worried/submit-worry.js';
import type { CapturedMessage } from './captured-message.js';

/** what kind of concern, as the dialog offers it: each is the report's categorisation */
export const MESSAGE_KINDS = ['unkind', 'grooming', 'sexual', 'hateful', 'self-harm', 'other'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export const MESSAGE_KIND_INFO: Readonly<Record<MessageKind, { title: string; types: IncidentType[] }>> = {
  unkind: { title: 'Unkind, bullying or threatening', types: ['cyberbullying'] },
  grooming: { title: 'Someone asking a child for pictures, secrets or to meet', types: ['grooming'] },
  sexual: { title: 'Sexual comments or content', types: ['sexual-harassment'] },
  hateful: { title: 'Hateful, violent or extreme views', types: ['hate-material'] },
  'self-harm': { title: 'About self-harm or suicide', types: ['self-harm-content'] },
  other: { title: 'Something else', types: ['pupil-worry'] },
};

/** the author, when the school lists them: offered as who the report is about */
export type ListedAuthor = { kind: 'pupil' | 'adult'; aadObjectId: string; name: string };

export function listedAuthor(
  profile: SchoolProfile,
  message: CapturedMessage,
  reporter: string,
  groups?: GroupMembership,
): ListedAuthor | undefined {
  // someone reporting their own message is not asked whether it is about themselves
  if (!message.authorAadObjectId || message.authorAadObjectId === reporter.toLowerCase()) return undefined;
  const who = identify(profile, message.authorAadObjectId, groups);
  if (who.kind === 'unknown') return undefined;
  return { kind: who.kind === 'pupil' ? 'pupil' : 'adult', aadObjectId: who.aadObjectId, name: message.authorName ?? 'The author' };
}

// ---- the dialog's state between its screens: the reporter's own, never in card data ------------------

const capturedSchema = z.object({
  id: z.string(),
  text: z.string(),
  authorName: z.string().optional(),
  authorAadObjectId: z.string().optional(),
  postedAt: z.string().optional(),
  where: z.string(),
  link: z.string().optional(),
  leftInTeams: z.number(),
});
const dialogSchema = z.object({
  flowId: z.string(),
  startedAt: z.string(),
  message: capturedSchema,
  /** answered on the first screen */
  dangerNow: z.boolean().optional(),
  aboutAuthor: z.boolean().optional(),
  alertCaseId: z.string().optional(),
});
export type MessageDialog = z.infer<typeof dialogSchema>;

/** where a message report in progress waits between its two screens; it expires with the rest of the state */
export class MessageDialogs {
  constructor(private readonly state: ConversationStateStore) {}
  private key = (reporter: string, messageId: string) => `message-report/${reporter}/${messageId}`;

  async read(reporter: string, messageId: string): Promise<MessageDialog | undefined> {
    const key = this.key(reporter, messageId);
    const parsed = dialogSchema.safeParse((await this.state.read([key]))[key]?.dialog);
    return parsed.success ? parsed.data : undefined;
  }
  async save(reporter: string, dialog: MessageDialog): Promise<void> {
    await this.state.write({ [this.key(reporter, dialog.message.id)]: { dialog } });
  }
  async remove(reporter: string, messageId: string): Promise<void> {
    await this.state.delete([this.key(reporter, messageId)]);
  }
}

/** the flow id a person's report of one message always has: the same person, the same message, one report */
export const flowIdOf = (messageId: string) => `message:${messageId}`;

export interface MessageReportContext {
  store: IncidentStore;
  profile: SchoolProfile;
  groups?: GroupMembership;
  reporter: Reporter;
  now: Date;
}

const reportedMessageOf = (r: IncidentRecord): string | undefined => {
  const m = (r.details as { reportedMessage?: { id?: unknown } } | null)?.reportedMessage;
  return typeof m?.id === 'string' ? m.id : undefined;
};

/** this person's report of this message, if they made one already */
export async function ownReportOf(store: IncidentStore, reporter: string, messageId: string): Promise<IncidentRecord | undefined> {
  return (await store.listByReporter(reporter, 200)).find((r) => reportedMessageOf(r) === messageId);
}

/** the report's answers: the kind, the author when the reporter says it is about them, and the message's day and time */
function answersFor(ctx: MessageReportContext, dialog: MessageDialog, kind: MessageKind, words: string): ReportAnswers {
  const author = dialog.aboutAuthor ? listedAuthor(ctx.profile, dialog.message, ctx.reporter.aadObjectId, ctx.groups) : undefined;
  const types = MESSAGE_KIND_INFO[kind].types;
  // the author as the one it is about: an adult of the school goes through the person-level exclusion
  const instigators: Party[] =
    author?.kind === 'adult' ? ['staff'] : author?.kind === 'pupil' ? ['pupil'] : kind === 'grooming' ? ['unknown-adult'] : [];
  const posted = dialog.message.postedAt ? new Date(dialog.message.postedAt) : ctx.now;
  const when = posted > ctx.now ? ctx.now : posted;
  const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'Europe/London' }).format(
    when,
  );
  return {
    immediateRisk: dialog.dangerNow === true,
    ...(dialog.alertCaseId ? { alertCaseId: dialog.alertCaseId } : {}),
    ...(author?.kind === 'adult' ? { about: author.aadObjectId, ...(dialog.dangerNow ? { dangerSource: author.aadObjectId } : {}) } : {}),
    ...(author?.kind === 'pupil' ? { childNames: author.name } : {}),
    victims: ['pupil'],
    instigators,
    witnesses: [],
    types,
    date: londonDate(when),
    time,
    platform: 'Microsoft Teams',
    description: words || 'Reported from a Teams message: the message is below.',
    evidence:
      dialog.message.leftInTeams > 0
        ? `The message's words are kept here. ${dialog.message.leftInTeams} picture(s) or file(s) in it were left in Teams, not copied.`
        : "The message's words are kept here.",
  };
}

const draftOf = (ctx: MessageReportContext, dialog: MessageDialog, answers: ReportAnswers): ReportDraft => ({
  ...newDraft(dialog.flowId, new Date(dialog.startedAt), ctx.reporter.aadObjectId),
  step: 'review',
  answers,
});

/** a child in danger now: the leads are alerted at once, before the rest of the dialog, as in the 1:1 report */
export async function alertNow(ctx: MessageReportContext, dialog: MessageDialog): Promise<IncidentRecord> {
  const author = dialog.aboutAuthor ? listedAuthor(ctx.profile, dialog.message, ctx.reporter.aadObjectId, ctx.groups) : undefined;
  const draft = draftOf(ctx, dialog, {
    immediateRisk: true,
    // an adult of the school the danger may come from is barred from the alert, as the 1:1 flow does
    dangerSource: author?.kind === 'adult' ? author.aadObjectId : 'unsure',
  });
  return raiseDangerAlert({ store: ctx.store, profile: ctx.profile, draft, reporter: ctx.reporter, now: ctx.now });
}

/** what the record keeps of the message (details only: never in a channel card) */
const messageDetails = (message: CapturedMessage): Record<string, Json> => ({ reportedMessage: { ...message } });

export interface MessageReportResult {
  record: IncidentRecord;
  /** the same person had reported this message already: nothing new was recorded */
  duplicate: boolean;
}

export async function submitMessageReport(
  ctx: MessageReportContext,
  dialog: MessageDialog,
  answer: { kind: MessageKind; words: string },
): Promise<MessageReportResult> {
  const earlier = await ownReportOf(ctx.store, ctx.reporter.aadObjectId, dialog.message.id);
  if (earlier) return { record: earlier, duplicate: true };
  const answers = answersFor(ctx, dialog, answer.kind, answer.words);
  const record = await submitReport({
    store: ctx.store,
    profile: ctx.profile,
    draft: draftOf(ctx, dialog, answers),
    reporter: ctx.reporter,
    now: ctx.now,
    extraDetails: messageDetails(dialog.message),
  });
  return { record: await linkOtherReports(ctx, record, dialog.message), duplicate: false };
}

/** a pupil's "I'm worried about this message": the message and their own words to the DSL */
export async function submitMessageWorry(
  ctx: Omit<MessageReportContext, 'reporter'> & { pupil: { aadObjectId: string; displayName: string } },
  message: CapturedMessage,
  answer: { words: string; dangerNow: boolean },
): Promise<WorryResult & { duplicate: boolean }> {
  const earlier = await ownReportOf(ctx.store, ctx.pupil.aadObjectId, message.id);
  if (earlier) return { record: earlier, recentCount: 1, rateLimited: false, duplicate: true };
  const result = await submitWorry({
    store: ctx.store,
    profile: ctx.profile,
    pupil: ctx.pupil,
    worry: { cardId: flowIdOf(message.id), choice: 'something-else', words: answer.words, dangerNow: answer.dangerNow },
    now: ctx.now,
    extraDetails: { ...messageDetails(message), pupilChoice: "I'm worried about this message" },
  });
  return { ...result, record: await linkOtherReports(ctx, result.record, message), duplicate: false };
}

// ---- two people, one message: two reports, linked both ways --------------------------------------------

/** each linked report by id and reference, in the record's details (the DSL reads "also reported by 1 other") */
export interface LinkedReport {
  id: string;
  reference: string;
}

const linksOf = (r: IncidentRecord): LinkedReport[] => {
  const links = (r.details as { linkedReports?: unknown } | null)?.linkedReports;
  return Array.isArray(links) ? links.filter((l): l is LinkedReport => typeof l?.id === 'string' && typeof l?.reference === 'string') : [];
};

async function addLinks(ctx: { store: IncidentStore; now: Date }, id: string, add: LinkedReport[]): Promise<IncidentRecord | undefined> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const record = await ctx.store.get(id);
    if (!record) return undefined;
    const have = linksOf(record);
    const fresh = add.filter((a) => a.id !== id && !have.some((h) => h.id === a.id));
    if (fresh.length === 0) return record;
    const details = { ...(record.details as Record<string, Json>), linkedReports: [...have, ...fresh].map((l) => ({ ...l })) };
    try {
      return await ctx.store.update(
        id,
        record.version,
        { details },
        {
          type: 'linked-report',
          at: ctx.now.toISOString(),
          actor: { system: 'message-report' },
          data: { references: fresh.map((l) => l.reference) },
        },
      );
    } catch (e) {
      // someone acted on the case meanwhile: read it again and add the link to what it is now
      if (!(e instanceof ConcurrencyError)) throw e;
    }
  }
  throw new Error('could not link the reports of one message: the case kept changing');
}

async function linkOtherReports(
  ctx: { store: IncidentStore; now: Date },
  record: IncidentRecord,
  message: CapturedMessage,
): Promise<IncidentRecord> {
  // every report of this message since it was posted (a year back when Teams gave no time)
  const from =
    message.postedAt && message.postedAt < ctx.now.toISOString()
      ? message.postedAt
      : new Date(ctx.now.getTime() - 366 * 86_400_000).toISOString();
  // the end is exclusive: a moment past now takes in a report made this very moment
  const reported = await ctx.store.listReportedBetween(from, new Date(ctx.now.getTime() + 1000).toISOString());
  const others = reported.filter(
    (r) => r.id !== record.id && reportedMessageOf(r) === message.id && r.reportedBy.aadObjectId !== record.reportedBy.aadObjectId,
  );
  if (others.length === 0) return record;
  for (const other of others) await addLinks(ctx, other.id, [{ id: record.id, reference: record.reference }]);
  return (
    (await addLinks(
      ctx,
      record.id,
      others.map((o) => ({ id: o.id, reference: o.reference })),
    )) ?? record
  );
}
