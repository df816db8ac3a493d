// the governors' digest goes to their channel once a term. the `digest` command and the end-of-term job
// both come through postTermDigest: the term's one row in the records (claimed in one transaction, under
// a unique key) decides who posts it, however many ask at once. "post it again" posts that same digest,
// so governors keep one read list whichever copy they read. each post is queued in the channel-post
// outbox in the same step as its record, then sent straight away when the bot can (digest-sender.ts):
// what Teams does not take now goes with the outbox's retries.
import { randomUUID } from 'node:crypto';
import {
  lastTermEnded,
  rolesThatMay,
  schoolCalendar,
  termContaining,
  type Digest,
  type SchoolProfile,
  type Term,
} from '../../domain/index.js';
import type { ComplianceRecords, DigestPost, DigestRecord } from '../../ports/compliance-records.js';
import type { IncidentStore } from '../../ports/incident-store.js';
import { toJson } from '../../ports/stored-data.js';
import { collectDigest } from './collect.js';
import { digestPost, digestPostKey, type SendOutcome } from './digest-sender.js';

export interface DigestPostingDeps {
  store: IncidentStore;
  records: ComplianceRecords;
  profile: SchoolProfile;
  now: () => Date;
  /**
   * sends a post just queued, now, and says how it went (DigestSender.sendNow); without it (`npm run
   * job`) the post waits in the outbox for the bot's sender
   */
  sendNow?: (key: string) => Promise<SendOutcome>;
  newId?: () => string;
}

/** Teams refused the post for good: nothing reached the governors, and the post was forgotten */
export class DigestPostRefused extends Error {
  constructor(why: string) {
    super(why);
    this.name = 'DigestPostRefused';
  }
}

/** a term's digest as it stands: when and by whom it was posted, and how many governors have read it */
export interface DigestStatus {
  digestId: string;
  termName: string;
  digest: Digest;
  first: DigestPost;
  /** the school's "post it again"s, oldest first */
  again: DigestPost[];
  /** governors on the profile who have read it (any copy), of how many */
  read: { count: number; of: number };
}

/**
 * posted; or not posted because the term's digest exists already (`queued: false`); or queued and not
 * taken by Teams yet (`queued: true`), sent with the outbox's retries
 */
export type PostResult =
  | { posted: true; digestId: string; digest: Digest }
  | { posted: false; queued: false; status: DigestStatus }
  | { posted: false; queued: true; digestId: string; digest: Digest; status: DigestStatus };

export type PostAgainResult =
  | { ok: true; queued: boolean; status: DigestStatus }
  | { ok: false; why: 'not-found' }
  | { ok: false; why: 'posted-meanwhile'; status: DigestStatus };

import { digestOf } from './stored-digest.js';

export { digestOf };

/** the term a digest asked for at `at` is about: the one it falls in, or in the holidays the one just ended */
export function digestTermAt(profile: SchoolProfile, at: Date): Term | undefined {
  const calendar = schoolCalendar(profile);
  return termContaining(at, calendar) ?? lastTermEnded(at, calendar);
}

/** the governors the profile names and the holders of the roles that read the digest (the chair, an online-safety governor), each once */
export function governorIds(profile: SchoolProfile): Set<string> {
  return new Set([...profile.governors, ...rolesThatMay('read-digest').flatMap((r) => profile.roles[r])].map((p) => p.aadObjectId));
}

/**
 * posts the digest of the term `at` falls in, unless that term's digest is posted (or being posted)
 * already: then it posts nothing and says when, by whom, and how many have read it. `at` picks the term
 * and the figures (the job passes the term's last day); `by` is a name, never logged.
 */
export async function postTermDigest(deps: DigestPostingDeps, at: Date, by: string): Promise<PostResult> {
  const term = digestTermAt(deps.profile, at);
  if (!term) throw new Error('the school profile has no term on or before this date: add the terms to the profile');
  const known = await deps.records.digestForTerm(term.start);
  if (known) return { posted: false, queued: false, status: await digestStatus(deps, known) };
  const digest = await collectDigest({ store: deps.store, records: deps.records, profile: deps.profile, at, term });
  const digestId = deps.newId?.() ?? randomUUID();
  const now = deps.now();
  const claim = await deps.records.claimDigest(
    {
      id: digestId,
      termName: term.name,
      termKey: term.start,
      createdAt: now.toISOString(),
      createdBy: by,
      digest: toJson(digest),
    },
    now,
    { outbox: [digestPost(digestId, 1, now)] },
  );
  // someone else asked a moment ago: theirs is the term's digest
  if (!claim.claimed) return { posted: false, queued: false, status: await digestStatus(deps, claim.existing) };
  if (await sent(deps, digestId, 1)) return { posted: true, digestId, digest };
  const record = (await deps.records.digest(digestId))!;
  return { posted: false, queued: true, digestId, digest, status: await digestStatus(deps, record) };
}

/**
 * "post it again", confirmed on a card that showed `seen` posts: the same digest (its id, so its read
 * list) goes to the channel once more. two confirmations of the same card post once.
 */
export async function postDigestAgain(deps: DigestPostingDeps, digestId: string, seen: number, by: string): Promise<PostAgainResult> {
  const record = await deps.records.digest(digestId);
  if (!record) return { ok: false, why: 'not-found' };
  const seq = Math.max(seen, 1) + 1;
  const now = deps.now();
  if (!(await deps.records.claimDigestPost(digestId, seq, by, now, { outbox: [digestPost(digestId, seq, now)] })))
    return { ok: false, why: 'posted-meanwhile', status: await digestStatus(deps, record) };
  const queued = !(await sent(deps, digestId, seq));
  return { ok: true, queued, status: await digestStatus(deps, record) };
}

export async function digestStatus(deps: Pick<DigestPostingDeps, 'records' | 'profile'>, record: DigestRecord): Promise<DigestStatus> {
  const [posts, reads] = await Promise.all([deps.records.digestPosts(record.id), deps.records.reads(record.id)]);
  const governors = governorIds(deps.profile);
  const [first = { seq: 1, by: record.createdBy, startedAt: record.createdAt }, ...again] = posts;
  return {
    digestId: record.id,
    termName: record.termName,
    digest: digestOf(record),
    first,
    again,
    read: { count: new Set(reads.map((r) => r.personId).filter((id) => governors.has(id))).size, of: governors.size },
  };
}

/** sends the post just queued when the bot can: true when Teams took it, false when it waits; throws when it was refused for good */
async function sent(deps: DigestPostingDeps, digestId: string, seq: number): Promise<boolean> {
  if (!deps.sendNow) return false;
  const result = await deps.sendNow(digestPostKey(digestId, seq));
  if (result.outcome === 'refused') throw new DigestPostRefused(result.why);
  return result.outcome === 'sent';
}
