// the evidence of compliance duties: who agreed to which acceptable use policy and when, training
// completed, leaver accounts reviewed, and the yearly policy and filtering reviews. each row a fact,
// added, never edited.
import type { Json } from './incident-store.js';
import type { NewChannelPost } from './channel-post-outbox.js';

// adapters: sqlite and postgres (replicated to SharePoint's AUP, training and account-review lists in a later step;
// the yearly reviews have no SharePoint list yet).

export interface AgreementRecord {
  personId: string;
  personName: string;
  version: string;
  /** ISO instant */
  agreedAt: string;
}

export interface TrainingRecordRow {
  personId: string;
  personName: string;
  courseId: string;
  /** YYYY-MM-DD */
  completedOn: string;
  provider?: string;
}

export interface AccountReview {
  accountId: string;
  accountName: string;
  periodKey: string;
  reasons: string[];
  decision?: 'disable' | 'keep';
  decidedBy?: string;
  decisionReason?: string;
  decidedAt?: string;
}

export interface DigestRecord {
  id: string;
  termName: string;
  /** the term's first day (YYYY-MM-DD): a term has one digest. absent only on a second digest of a term from before that rule */
  termKey?: string;
  createdAt: string;
  createdBy: string;
  /** the aggregates as posted (the domain's Digest): no names, no free text */
  digest: Json;
}

/** one posting of a digest to the governors' channel: the first (seq 1), or a school's "post it again" */
export interface DigestPost {
  seq: number;
  /** who asked for it (a name, or the bot) */
  by: string;
  /** ISO instant the post was begun */
  startedAt: string;
  /** ISO instant the channel took it; absent while it is being posted (or if the bot stopped midway) */
  postedAt?: string;
}

export interface ComplianceRecords {
  /**
   * records a term's digest and its first post (seq 1, not yet posted) as one step, unless the term
   * (`termKey`) has a digest already: then that one is returned and nothing is written. two callers at
   * once: exactly one is `claimed`. `outbox`: the post's message, queued in the same step when claimed.
   */
  claimDigest(
    d: DigestRecord & { termKey: string },
    at: Date,
    options?: { outbox?: readonly NewChannelPost[] },
  ): Promise<{ claimed: true } | { claimed: false; existing: DigestRecord }>;
  digest(id: string): Promise<DigestRecord | undefined>;
  digestForTerm(termKey: string): Promise<DigestRecord | undefined>;
  /**
   * claims post number `seq` of a digest (one more than the posts seen); false when it is taken already.
   * `outbox`: the post's message, queued in the same step when claimed
   */
  claimDigestPost(digestId: string, seq: number, by: string, at: Date, options?: { outbox?: readonly NewChannelPost[] }): Promise<boolean>;
  /** the channel took post `seq` */
  digestPosted(digestId: string, seq: number, at: Date): Promise<void>;
  /** post `seq` never reached the channel: it is forgotten, and with it a digest no one has seen (no post left) */
  digestPostFailed(digestId: string, seq: number): Promise<void>;
  /** a digest's posts, first first */
  digestPosts(digestId: string): Promise<DigestPost[]>;
  /** a governor read it; the first read counts, whichever post of the digest they read */
  recordRead(digestId: string, person: { id: string; name: string }, at: Date): Promise<void>;
  reads(digestId: string): Promise<{ personId: string; personName: string; readAt: string }[]>;
  /** the same person and version twice records the first agreement only */
  recordAgreement(a: AgreementRecord): Promise<AgreementRecord>;
  agreements(personId?: string): Promise<AgreementRecord[]>;
  recordTraining(t: TrainingRecordRow, at: Date): Promise<void>;
  training(personId?: string): Promise<TrainingRecordRow[]>;
  /** a leaver account found in a scan; finding it again in the same period changes nothing */
  recordFinding(r: Omit<AccountReview, 'decision' | 'decidedBy' | 'decisionReason' | 'decidedAt'>): Promise<void>;
  /** a person's decision; only the first decision for a finding counts */
  decide(
    accountId: string,
    periodKey: string,
    decision: { decision: 'disable' | 'keep'; decidedBy: string; reason: string; at: Date },
  ): Promise<AccountReview | undefined>;
  findings(periodKey?: string): Promise<AccountReview[]>;
  /** a review or named check done ("I've done it"); the same review, person and day twice records the first only */
  recordReview(r: ReviewRecord): Promise<ReviewRecord>;
  /** the review of this kind done most recently (the latest day; on one day, the last recorded), if any */
  latestReview(review: ReviewKind): Promise<ReviewRecord | undefined>;
}

/**
 * the reviews the school records: the online-safety policy, filtering and monitoring, and each named
 * check of the profile's `checks` as check:<its id> (e.g. check:ict-security)
 */
export type ReviewKind = 'policy' | 'filtering' | `check:${string}`;

export interface ReviewRecord {
  review: ReviewKind;
  /** YYYY-MM-DD, the London day it was recorded as done */
  reviewedOn: string;
  /** who recorded it */
  personId: string;
  personName: string;
  /** ISO instant */
  recordedAt: string;
}
