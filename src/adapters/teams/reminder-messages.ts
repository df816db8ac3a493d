// draws a person's reminders from what the jobs queued (each reminder's data): one reminder, its own
// card; several, one card with a section each (the welcome is never buried under a pile of cards)
import type { ComposeReminder } from '../../app/compliance/reminder-dispatcher.js';
import type { Reminder } from '../../ports/reminder-outbox.js';
import type { OutgoingMessage } from '../../ports/messenger.js';
import { londonDate } from '../../domain/index.js';
import {
  aupCard,
  coverageCard,
  noticeCard,
  pupilAupCard,
  remindersCard,
  reviewCard,
  type AupView,
  type ReminderSection,
  type ReviewView,
} from './cards/compliance-cards.js';

type Data = Record<string, unknown>;
/** a named check's reminder (check:<id>, issue 16) is drawn as a review: the kind itself, for a switch case, when it is one */
const isCheck = (kind: string): string | undefined => (kind.startsWith('check:') ? kind : undefined);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const listOf = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);

export interface ReminderMessageOptions {
  /** the profile's training courses: a reminder names its courses, the card's choice needs their ids */
  courses?: readonly { id: string; name: string }[];
  now?: () => Date;
}

const aupView = (d: Data): AupView => ({
  version: str(d.version),
  summary: str(d.summary),
  ...(d.url ? { url: str(d.url) } : {}),
  ...(d.why ? { why: str(d.why) } : {}),
});
const reviewView = (d: Data, kind: string): ReviewView => ({
  review: kind === 'policy-review' ? 'policy' : kind === 'filtering-review' ? 'filtering' : (kind as `check:${string}`),
  ...(d.name ? { name: str(d.name) } : {}),
  ...(d.lastReviewedOn ? { last: { on: str(d.lastReviewedOn), ...(d.lastReviewedBy ? { by: str(d.lastReviewedBy) } : {}) } } : {}),
  ...(d.dueOn ? { dueOn: str(d.dueOn) } : {}),
  ...(d.every ? { every: str(d.every) } : {}),
});
const courses = (d: Data) => listOf<{ name: string; dueOn: string; state: string }>(d.courses);
const schoolYear = (start: string) => `${start}-${String(Number(start) + 1).slice(2)}`;

/** a reminder as the words of a section without buttons of its own (what has its own command says so) */
function noticeOf(r: Reminder): { title: string; lines: string[] } {
  const d = (r.data ?? {}) as Data;
  switch (r.kind) {
    case 'leavers':
      return {
        title: 'Accounts to review',
        lines: [
          "This month's scan found accounts of people who may have left or no longer use them.",
          'Type leavers to review them: choose Disable or Keep for each, with the reason.',
        ],
      };
    case 'pupil-aup-check':
      return {
        title: "Pupils' acceptable use agreements",
        lines: [
          `${listOf(d.missing).length} pupils' agreements for ${schoolYear(str(d.schoolYear))} are not confirmed yet.`,
          'Type pupils to tick off the ones whose signed agreement you have seen.',
        ],
      };
    case 'training-overdue-list': {
      const people = listOf<{ name: string; courses: string[] }>(d.people);
      return {
        title: 'Who is overdue on training',
        lines: [
          ...(people.length > 0 ? people.map((p) => `${p.name}: ${p.courses.join(', ')}`) : ['Nobody is overdue.']),
          'Type coverage to see it again.',
        ],
      };
    }
    default:
      return { title: str(d.title) || 'Reminder', lines: listOf(d.lines).map(String) };
  }
}

export function reminderMessages(options: ReminderMessageOptions = {}): ComposeReminder {
  const now = options.now ?? (() => new Date());
  const idOf = (name: string) => options.courses?.find((c) => c.name === name)?.id;

  const one = (r: Reminder): OutgoingMessage => {
    const d = (r.data ?? {}) as Data;
    switch (r.kind) {
      case 'aup':
        return { card: aupCard(aupView(d)), summary: 'Please agree to the acceptable use policy' };
      case 'training':
        return {
          card: noticeCard({
            title: 'Training due',
            lines: [
              ...courses(d).map((c) => `${c.name}: ${c.state === 'overdue' ? 'overdue' : 'due'}${c.dueOn ? ` (by ${c.dueOn})` : ''}`),
              'When you have done it, type training to record it.',
            ],
          }),
          summary: 'Training due',
        };
      case 'policy-review':
      case 'filtering-review': {
        const view = reviewView(d, r.kind);
        return {
          card: reviewCard(view),
          summary: view.review === 'policy' ? 'Review the online-safety policy' : 'Review filtering and monitoring',
        };
      }
      case isCheck(r.kind):
        return { card: reviewCard(reviewView(d, r.kind)), summary: `Time for the ${str(d.name) || 'check'}` };
      case 'training-overdue-list': {
        const people = listOf<{ name: string; courses: string[] }>(d.people);
        return { card: coverageCard({ aup: [], trainingOverdue: people }), summary: 'Who is overdue on training' };
      }
      case 'pupil-aup-check': {
        const missing = listOf<{ id: string; name: string; className?: string }>(d.missing);
        return { card: pupilAupCard({ schoolYear: str(d.schoolYear), missing }), summary: "Pupils' agreements to confirm" };
      }
      default: {
        const notice = noticeOf(r);
        return { card: noticeCard(notice), summary: notice.title };
      }
    }
  };

  const section = (r: Reminder): ReminderSection => {
    const d = (r.data ?? {}) as Data;
    switch (r.kind) {
      case 'aup':
        return { kind: 'aup', aup: aupView(d) };
      case 'training': {
        const due = courses(d).map((c) => ({ ...c, ...(idOf(c.name) ? { courseId: idOf(c.name)! } : {}) }));
        return { kind: 'training', training: { courses: due, today: londonDate(now()) } };
      }
      case 'policy-review':
      case 'filtering-review':
      case isCheck(r.kind):
        return { kind: 'review', review: reviewView(d, r.kind) };
      default:
        return { kind: 'notice', ...noticeOf(r) };
    }
  };

  return (reminders: readonly Reminder[]): OutgoingMessage => {
    // an AUP, training or review asked twice (two months' runs waiting together) is one section: the newest
    const newest = new Map<string, Reminder>();
    for (const r of reminders) newest.set(r.kind === 'notice' ? `notice:${r.id}` : r.kind, r);
    const kept = reminders.filter((r) => newest.get(r.kind === 'notice' ? `notice:${r.id}` : r.kind) === r);
    if (kept.length === 1) return one(kept[0]!);
    const sections = kept.map(section);
    const titles = sections.map((s) =>
      s.kind === 'aup'
        ? 'acceptable use agreement'
        : s.kind === 'training'
          ? 'training'
          : s.kind === 'review'
            ? (s.review.name ?? `${s.review.review} review`)
            : s.kind === 'notice'
              ? s.title.toLowerCase()
              : '',
    );
    return { card: remindersCard({ sections }), summary: `Your reminders: ${titles.filter(Boolean).join(', ')}` };
  };
}
