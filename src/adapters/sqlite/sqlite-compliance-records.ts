import type {
  AccountReview,
  AgreementRecord,
  ComplianceRecords,
  DigestPost,
  DigestRecord,
  TrainingRecordRow,
} from '../../ports/compliance-records.js';
import type { ReviewKind, ReviewRecord } from '../../ports/compliance-records.js';
import { z } from 'zod';
import { jsonSchema, parseStoredJson } from '../../ports/stored-data.js';
import type { SqliteDatabase } from './database.js';
import type { NewChannelPost } from '../../ports/channel-post-outbox.js';
import { insertChannelPosts } from './sqlite-channel-post-outbox.js';

interface AgreementRow {
  person_id: string;
  person_name: string;
  version: string;
  agreed_at: string;
}
interface TrainingRow {
  person_id: string;
  person_name: string;
  course_id: string;
  completed_on: string;
  provider: string | null;
}
interface ReviewRow {
  account_id: string;
  account_name: string;
  period_key: string;
  reasons: string;
  decision: 'disable' | 'keep' | null;
  decided_by: string | null;
  decision_reason: string | null;
  decided_at: string | null;
}

const toAgreement = (r: AgreementRow): AgreementRecord => ({
  personId: r.person_id,
  personName: r.person_name,
  version: r.version,
  agreedAt: r.agreed_at,
});
const toTraining = (r: TrainingRow): TrainingRecordRow => ({
  personId: r.person_id,
  personName: r.person_name,
  courseId: r.course_id,
  completedOn: r.completed_on,
  ...(r.provider ? { provider: r.provider } : {}),
});
const toReview = (r: ReviewRow): AccountReview => ({
  accountId: r.account_id,
  accountName: r.account_name,
  periodKey: r.period_key,
  reasons: parseStoredJson(z.array(z.string()), r.reasons, {
    table: 'account_reviews',
    row: `${r.account_id}/${r.period_key}`,
    column: 'reasons',
  }),
  ...(r.decision ? { decision: r.decision } : {}),
  ...(r.decided_by ? { decidedBy: r.decided_by } : {}),
  ...(r.decision_reason ? { decisionReason: r.decision_reason } : {}),
  ...(r.decided_at ? { decidedAt: r.decided_at } : {}),
});

export class SqliteComplianceRecords implements ComplianceRecords {
  constructor(private readonly db: SqliteDatabase) {}

  async claimDigest(
    d: DigestRecord & { termKey: string },
    at: Date,
    options: { outbox?: readonly NewChannelPost[] } = {},
  ): Promise<{ claimed: true } | { claimed: false; existing: DigestRecord }> {
    // check and record in one write transaction, with the unique term_key behind it: one digest a term
    return this.db
      .transaction((): { claimed: true } | { claimed: false; existing: DigestRecord } => {
        const inserted = this.db
          .prepare(
            'INSERT INTO digests (id, term_name, term_key, created_at, created_by, digest) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (term_key) DO NOTHING',
          )
          .run(d.id, d.termName, d.termKey, d.createdAt, d.createdBy, JSON.stringify(d.digest));
        if (inserted.changes === 0) return { claimed: false, existing: this.digestWhere('term_key', d.termKey)! };
        this.db
          .prepare('INSERT INTO digest_posts (digest_id, seq, posted_by, started_at) VALUES (?, 1, ?, ?)')
          .run(d.id, d.createdBy, at.toISOString());
        insertChannelPosts(this.db, options.outbox ?? [], at);
        return { claimed: true };
      })
      .immediate();
  }

  async digest(id: string): Promise<DigestRecord | undefined> {
    return this.digestWhere('id', id);
  }

  async digestForTerm(termKey: string): Promise<DigestRecord | undefined> {
    return this.digestWhere('term_key', termKey);
  }

  private digestWhere(column: 'id' | 'term_key', value: string): DigestRecord | undefined {
    const row = this.db
      .prepare<
        [string],
        { id: string; term_name: string; term_key: string | null; created_at: string; created_by: string; digest: string }
      >(`SELECT * FROM digests WHERE ${column} = ?`)
      .get(value);
    return (
      row && {
        id: row.id,
        termName: row.term_name,
        ...(row.term_key ? { termKey: row.term_key } : {}),
        createdAt: row.created_at,
        createdBy: row.created_by,
        digest: parseStoredJson(jsonSchema, row.digest, { table: 'digests', row: row.id, column: 'digest' }),
      }
    );
  }

  async claimDigestPost(
    digestId: string,
    seq: number,
    by: string,
    at: Date,
    options: { outbox?: readonly NewChannelPost[] } = {},
  ): Promise<boolean> {
    return this.db.transaction(() => {
      const inserted = this.db
        .prepare(
          'INSERT INTO digest_posts (digest_id, seq, posted_by, started_at) SELECT id, ?, ?, ? FROM digests WHERE id = ? ON CONFLICT (digest_id, seq) DO NOTHING',
        )
        .run(seq, by, at.toISOString(), digestId);
      if (inserted.changes === 1) insertChannelPosts(this.db, options.outbox ?? [], at);
      return inserted.changes === 1;
    })();
  }

  async digestPosted(digestId: string, seq: number, at: Date): Promise<void> {
    this.db
      .prepare('UPDATE digest_posts SET posted_at = ? WHERE digest_id = ? AND seq = ? AND posted_at IS NULL')
      .run(at.toISOString(), digestId, seq);
  }

  async digestPostFailed(digestId: string, seq: number): Promise<void> {
    this.db
      .transaction(() => {
        this.db.prepare('DELETE FROM digest_posts WHERE digest_id = ? AND seq = ? AND posted_at IS NULL').run(digestId, seq);
        const left = this.db
          .prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM digest_posts WHERE digest_id = ?')
          .get(digestId)!.n;
        if (left > 0) return;
        // never in the channel, so never read: the next `digest` makes the term's digest afresh
        this.db.prepare('DELETE FROM digest_reads WHERE digest_id = ?').run(digestId);
        this.db.prepare('DELETE FROM digests WHERE id = ?').run(digestId);
      })
      .immediate();
  }

  async digestPosts(digestId: string): Promise<DigestPost[]> {
    return this.db
      .prepare<[string], { seq: number; posted_by: string; started_at: string; posted_at: string | null }>(
        'SELECT seq, posted_by, started_at, posted_at FROM digest_posts WHERE digest_id = ? ORDER BY seq',
      )
      .all(digestId)
      .map((r) => ({ seq: r.seq, by: r.posted_by, startedAt: r.started_at, ...(r.posted_at ? { postedAt: r.posted_at } : {}) }));
  }

  async recordRead(digestId: string, person: { id: string; name: string }, at: Date): Promise<void> {
    this.db
      .prepare('INSERT INTO digest_reads (digest_id, person_id, person_name, read_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING')
      .run(digestId, person.id, person.name, at.toISOString());
  }

  async reads(digestId: string): Promise<{ personId: string; personName: string; readAt: string }[]> {
    return this.db
      .prepare<[string], { person_id: string; person_name: string; read_at: string }>(
        'SELECT person_id, person_name, read_at FROM digest_reads WHERE digest_id = ? ORDER BY read_at',
      )
      .all(digestId)
      .map((r) => ({ personId: r.person_id, personName: r.person_name, readAt: r.read_at }));
  }

  async recordAgreement(a: AgreementRecord): Promise<AgreementRecord> {
    this.db
      .prepare(
        'INSERT INTO aup_agreements (person_id, person_name, version, agreed_at) VALUES (?, ?, ?, ?) ON CONFLICT (person_id, version) DO NOTHING',
      )
      .run(a.personId, a.personName, a.version, a.agreedAt);
    return toAgreement(
      this.db
        .prepare<[string, string], AgreementRow>('SELECT * FROM aup_agreements WHERE person_id = ? AND version = ?')
        .get(a.personId, a.version)!,
    );
  }

  async agreements(personId?: string): Promise<AgreementRecord[]> {
    const rows = personId
      ? this.db.prepare<[string], AgreementRow>('SELECT * FROM aup_agreements WHERE person_id = ? ORDER BY agreed_at').all(personId)
      : this.db.prepare<[], AgreementRow>('SELECT * FROM aup_agreements ORDER BY agreed_at').all();
    return rows.map(toAgreement);
  }

  async recordTraining(t: TrainingRecordRow, at: Date): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO training_records (person_id, person_name, course_id, completed_on, provider, recorded_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (person_id, course_id, completed_on) DO NOTHING`,
      )
      .run(t.personId, t.personName, t.courseId, t.completedOn, t.provider ?? null, at.toISOString());
  }

  async training(personId?: string): Promise<TrainingRecordRow[]> {
    const rows = personId
      ? this.db.prepare<[string], TrainingRow>('SELECT * FROM training_records WHERE person_id = ? ORDER BY completed_on').all(personId)
      : this.db.prepare<[], TrainingRow>('SELECT * FROM training_records ORDER BY completed_on').all();
    return rows.map(toTraining);
  }

  async recordFinding(r: Omit<AccountReview, 'decision' | 'decidedBy' | 'decisionReason' | 'decidedAt'>): Promise<void> {
    this.db
      .prepare(
        'INSERT INTO account_reviews (account_id, account_name, period_key, reasons) VALUES (?, ?, ?, ?) ON CONFLICT (account_id, period_key) DO NOTHING',
      )
      .run(r.accountId, r.accountName, r.periodKey, JSON.stringify(r.reasons));
  }

  async decide(
    accountId: string,
    periodKey: string,
    d: { decision: 'disable' | 'keep'; decidedBy: string; reason: string; at: Date },
  ): Promise<AccountReview | undefined> {
    this.db
      .prepare(
        `UPDATE account_reviews SET decision = ?, decided_by = ?, decision_reason = ?, decided_at = ?
         WHERE account_id = ? AND period_key = ? AND decision IS NULL`,
      )
      .run(d.decision, d.decidedBy, d.reason, d.at.toISOString(), accountId, periodKey);
    const row = this.db
      .prepare<[string, string], ReviewRow>('SELECT * FROM account_reviews WHERE account_id = ? AND period_key = ?')
      .get(accountId, periodKey);
    return row && toReview(row);
  }

  async findings(periodKey?: string): Promise<AccountReview[]> {
    const rows = periodKey
      ? this.db.prepare<[string], ReviewRow>('SELECT * FROM account_reviews WHERE period_key = ? ORDER BY account_name').all(periodKey)
      : this.db.prepare<[], ReviewRow>('SELECT * FROM account_reviews ORDER BY period_key, account_name').all();
    return rows.map(toReview);
  }

  async recordReview(r: ReviewRecord): Promise<ReviewRecord> {
    this.db
      .prepare(
        'INSERT INTO compliance_reviews (review, reviewed_on, person_id, person_name, recorded_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (review, reviewed_on, person_id) DO NOTHING',
      )
      .run(r.review, r.reviewedOn, r.personId, r.personName, r.recordedAt);
    return toReviewRecord(
      this.db
        .prepare<[string, string, string], ReviewRecordRow>(
          'SELECT * FROM compliance_reviews WHERE review = ? AND reviewed_on = ? AND person_id = ?',
        )
        .get(r.review, r.reviewedOn, r.personId)!,
    );
  }

  async latestReview(review: ReviewKind): Promise<ReviewRecord | undefined> {
    const row = this.db
      .prepare<[string], ReviewRecordRow>('SELECT * FROM compliance_reviews WHERE review = ? ORDER BY reviewed_on DESC, id DESC LIMIT 1')
      .get(review);
    return row && toReviewRecord(row);
  }
}

interface ReviewRecordRow {
  review: ReviewKind;
  reviewed_on: string;
  person_id: string;
  person_name: string;
  recorded_at: string;
}
const toReviewRecord = (r: ReviewRecordRow): ReviewRecord => ({
  review: r.review,
  reviewedOn: r.reviewed_on,
  personId: r.person_id,
  personName: r.person_name,
  recordedAt: r.recorded_at,
});
