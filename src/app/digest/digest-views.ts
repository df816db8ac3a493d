// what the DSL and headteacher see of a term's digest once it is posted, as plain data for
// src/adapters/teams/cards/digest-card.ts: when, by whom, and how many governors have read it.
import { tz } from '@date-fns/tz';
import { format } from 'date-fns';
import type { DigestStatus } from './post-digest.js';

const london = tz('Europe/London');

/** a post begun this long ago and never confirmed did not reach the channel (the bot stopped midway) */
const UNCONFIRMED_AFTER_MS = 10 * 60_000;

export interface DigestPostedView {
  digestId: string;
  termName: string;
  /** "The digest for Autumn 2026 was posted on 18 Dec at 16:00 by Priya Shah." */
  posted: string;
  /** "Posted again on 5 Jan at 09:12 by Helen Marsh." */
  again: string[];
  /** "read by 3 of 5 governors" */
  read: string;
  /** the last post's number: "post it again" makes the next one, and a second confirmation of the same card does not */
  posts: number;
  /** the governors' channel by name */
  channel: string;
  notice?: string;
}

/** "18 Dec at 16:00", with the year when it is not this year's */
export function whenPosted(iso: string, now: Date): string {
  const sameYear = format(new Date(iso), 'yyyy', { in: london }) === format(now, 'yyyy', { in: london });
  return format(new Date(iso), sameYear ? "d MMM 'at' HH:mm" : "d MMM yyyy 'at' HH:mm", { in: london });
}

export const readCount = (read: { count: number; of: number }): string =>
  `read by ${read.count} of ${read.of} governor${read.of === 1 ? '' : 's'}`;

export function digestPostedView(status: DigestStatus, now: Date, channel: string, notice?: string): DigestPostedView {
  const { first, termName } = status;
  const posted = first.postedAt
    ? `The digest for ${termName} was posted on ${whenPosted(first.postedAt, now)} by ${first.by}.`
    : now.getTime() - Date.parse(first.startedAt) < UNCONFIRMED_AFTER_MS
      ? `The digest for ${termName} is being posted now: ${first.by} asked for it on ${whenPosted(first.startedAt, now)}.`
      : `The digest for ${termName} was sent on ${whenPosted(first.startedAt, now)} by ${first.by}, but the channel never confirmed it: if the governors cannot see it, post it again.`;
  return {
    digestId: status.digestId,
    termName,
    posted,
    again: status.again.map((p) =>
      p.postedAt
        ? `Posted again on ${whenPosted(p.postedAt, now)} by ${p.by}.`
        : `Being posted again: ${p.by} asked on ${whenPosted(p.startedAt, now)}.`,
    ),
    read: readCount(status.read),
    posts: Math.max(first.seq, ...status.again.map((p) => p.seq)),
    channel,
    ...(notice ? { notice } : {}),
  };
}
