import { z } from 'zod';
import type pg from 'pg';
import type {
  AccountReview,
  AgreementRecord,
  ComplianceRecords,
  DigestPost,
  DigestRecord,
  ReviewKind,
  ReviewRecord,
  TrainingRecordRow,
} from '../../ports/compliance-records.js';
import type { NewChannelPost } from '../../ports/channel-post-outbox.js';
import { jsonSchema, parseStored } from '../../ports/stored-data.js';
import { inTransaction } from './database.js';
import { insertChannelPosts } from './pg-channel-post-outbox.js';

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
  reasons: unknown;
  decision: 'disable' | 'keep' | null;
  decided_by: string | null;
  decision_reason: unknown;
  decided_at: string | null;
}
interface ReviewRecordRow {
  review: ReviewKind;
  reviewed_on: string;
  person_id: string;
  person_name: string;
  recorded_at: string;
}
interface DigestRow {
  id: string;
  term_name: string;
  term_key: string | null;
  created_at: string;
  created_by: string;
  digest: unknown;
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
  reasons: parseStored(z.array(z.string()), r.reasons, {
    table: 'account_reviews',
    row: `${r.account_id}/${r.period_key}`,
    column: 'reasons',
  }),
  ...(r.decision ? { decision: r.decision } : {}),
  ...(r.decided_by ? { decidedBy: r.decided_by } : {}),
  ...(r.decision_reason !== null && r.decision_reason !== '' ? { decisionReason: decisionReason(r) } : {}),
  ...(r.decided_at ? { decidedAt: r.decided_at } : {}),
});
function decisionReason(r: ReviewRow): string {
  return parseStored(z.string(), r.decision_reason, {
    table: 'account_reviews',
    row: `${r.account_id}/${r.period_key}`,
    column: 'decision_reason',
  });
}
const toReviewRecord = (r: ReviewRecordRow): ReviewRecord => ({
  review: r.review,
  reviewedOn: r.reviewed_on,
  personId: r.person_id,
  personName: r.person_name,
  recordedAt: r.recorded_at,
});
const toDigest = (row: DigestRow): DigestRecord => ({
  id: row.id,
  termName: row.term_name,
  ...(row.term_key ? { termKey: row.term_key } : {}),
  createdAt: row.created_at,
  createdBy: row.created_by,
  digest: parseStored(jsonSchema, row.digest, { table: 'digests', row: row.id, column: 'digest' }),
});

export class PostgresComplianceRecords implements ComplianceRecords {
  constructor(private readonly pool: pg.Pool) {}

  async claimDigest(
    d: DigestRecord & { termKey: string },
    at: Date,
    options: { outbox?: readonly NewChannelPost[] } = {},
  ): Promise<{ claimed: true } | { claimed: false; existing: DigestRecord }> {
    // the unique term_key makes the check and the record one step: one digest a term, however many ask at once
    const claimed = await inTransaction(this.pool, async (client) => {
      const inserted = await client.query(
        `INSERT INTO digests (id, term_name, term_key, created_at, created_by, digest) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (term_key) DO NOTHING`,
        [d.id, d.termName, d.termKey, d.createdAt, d.createdBy, JSON.stringify(d.digest)],
      );
      if (inserted.rowCount === 0) return false;
      await client.query('INSERT INTO digest_posts (digest_id, seq, posted_by, started_at) VALUES ($1, 1, $2, $3)', [
        d.id,
        d.createdBy,
        at.toISOString(),
      ]);
      await insertChannelPosts(client, options.outbox ?? [], at);
      return true;
    });
    return claimed ? { claimed: true } : { claimed: false, existing: (await this.digestForTerm(d.termKey))! };
  }

  async digest(id: string): Promise<DigestRecord | undefined> {
    const { rows } = await this.pool.query<DigestRow>('SELECT * FROM digests WHERE id = $1', [id]);
    return rows[0] && toDigest(rows[0]);
  }

  async digestForTerm(termKey: string): Promise<DigestRecord | undefined> {
    const { rows } = await this.pool.query<DigestRow>('SELECT * FROM digests WHERE term_key = $1', [termKey]);
    return rows[0] && toDigest(rows[0]);
  }

  async claimDigestPost(
    digestId: string,
    seq: number,
    by: string,
    at: Date,
    options: { outbox?: readonly NewChannelPost[] } = {},
  ): Promise<boolean> {
    return inTransaction(this.pool, async (client) => {
      const inserted = await client.query(
        `INSERT INTO digest_posts (digest_id, seq, posted_by, started_at) SELECT id, $1, $2, $3 FROM digests WHERE id = $4
         ON CONFLICT (digest_id, seq) DO NOTHING`,
        [seq, by, at.toISOString(), digestId],
      );
      if (inserted.rowCount === 1) await insertChannelPosts(client, options.outbox ?? [], at);
      return inserted.rowCount === 1;
    });
  }

  async digestPosted(digestId: string, seq: number, at: Date): Promise<void> {
    await this.pool.query('UPDATE digest_posts SET posted_at = $1 WHERE digest_id = $2 AND seq = $3 AND posted_at IS NULL', [
      at.toISOString(),
      digestId,
      seq,
    ]);
  }

  async digestPostFailed(digestId: string, seq: number): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      // the digest row locked first, so a post claimed at the same moment is seen or waits
      await client.query('SELECT 1 FROM digests WHERE id = $1 FOR UPDATE', [digestId]);
      await client.query('DELETE FROM digest_posts WHERE digest_id = $1 AND seq = $2 AND posted_at IS NULL', [digestId, seq]);
      const { rows } = await client.query<{ n: number }>('SELECT COUNT(*) AS n FROM digest_posts WHERE digest_id = $1', [digestId]);
      if (rows[0]!.n > 0) return;
      // never in the channel, so never read: the next `digest` makes the term's digest afresh
      await client.query('DELETE FROM digest_reads WHERE digest_id = $1', [digestId]);
      await client.query('DELETE FROM digests WHERE id = $1', [digestId]);
    });
  }

  async digestPosts(digestId: string): Promise<DigestPost[]> {
    const { rows } = await this.pool.query<{ seq: number; posted_by: string; started_at: string; posted_at: string | null }>(
      'SELECT seq, posted_by, started_at, posted_at FROM digest_posts WHERE digest_id = $1 ORDER BY seq',
      [digestId],
    );
    return rows.map((r) => ({ seq: r.seq, by: r.posted_by, startedAt: r.started_at, ...(r.posted_at ? { postedAt: r.posted_at } : {}) }));
  }

  async recordRead(digestId: string, person: { id: string; name: string }, at: Date): Promise<void> {
    await this.pool.query(
      'INSERT INTO digest_reads (digest_id, person_id, person_name, read_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
      [digestId, person.id, person.name, at.toISOString()],
    );
  }

  async reads(digestId: string): Promise<{ personId: string; personName: string; readAt: string }[]> {
    const { rows } = await this.pool.query<{ person_id: string; person_name: string; read_at: string }>(
      'SELECT person_id, person_name, read_at FROM digest_reads WHERE digest_id = $1 ORDER BY read_at',
      [digestId],
    );
    return rows.map((r) => ({ personId: r.person_id, personName: r.person_name, readAt: r.read_at }));
  }

  async recordAgreement(a: AgreementRecord): Promise<AgreementRecord> {
    // the first agreement to a version stands; a repeat returns it
    const { rows } = await this.pool.query<AgreementRow>(
      `WITH added AS (
         INSERT INTO aup_agreements (person_id, person_name, version, agreed_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (person_id, version) DO NOTHING RETURNING *
       )
       SELECT * FROM added UNION ALL SELECT * FROM aup_agreements WHERE person_id = $1 AND version = $3 LIMIT 1`,
      [a.personId, a.personName, a.version, a.agreedAt],
    );
    return toAgreement(rows[0]!);
  }

  async agreements(personId?: string): Promise<AgreementRecord[]> {
    const { rows } = personId
      ? await this.pool.query<AgreementRow>('SELECT * FROM aup_agreements WHERE person_id = $1 ORDER BY agreed_at, id', [personId])
      : await this.pool.query<AgreementRow>('SELECT * FROM aup_agreements ORDER BY agreed_at, id');
    return rows.map(toAgreement);
  }

  async recordTraining(t: TrainingRecordRow, at: Date): Promise<void> {
    await this.pool.query(
      `INSERT INTO training_records (person_id, person_name, course_id, completed_on, provider, recorded_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (person_id, course_id, completed_on) DO NOTHING`,
      [t.personId, t.personName, t.courseId, t.completedOn, t.provider ?? null, at.toISOString()],
    );
  }

  async training(personId?: string): Promise<TrainingRecordRow[]> {
    const { rows } = personId
      ? await this.pool.query<TrainingRow>('SELECT * FROM training_records WHERE person_id = $1 ORDER BY completed_on, id', [personId])
      : await this.pool.query<TrainingRow>('SELECT * FROM training_records ORDER BY completed_on, id');
    return rows.map(toTraining);
  }

  async recordFinding(r: Omit<AccountReview, 'decision' | 'decidedBy' | 'decisionReason' | 'decidedAt'>): Promise<void> {
    await this.pool.query(
      `INSERT INTO account_reviews (account_id, account_name, period_key, reasons) VALUES ($1, $2, $3, $4)
       ON CONFLICT (account_id, period_key) DO NOTHING`,
      [r.accountId, r.accountName, r.periodKey, JSON.stringify(r.reasons)],
    );
  }

  async decide(
    accountId: string,
    periodKey: string,
    d: { decision: 'disable' | 'keep'; decidedBy: string; reason: string; at: Date },
  ): Promise<AccountReview | undefined> {
    // the first decision stands
    await this.pool.query(
      `UPDATE account_reviews SET decision = $1, decided_by = $2, decision_reason = $3, decided_at = $4
       WHERE account_id = $5 AND period_key = $6 AND decision IS NULL`,
      [d.decision, d.decidedBy, JSON.stringify(d.reason), d.at.toISOString(), accountId, periodKey],
    );
    const { rows } = await this.pool.query<ReviewRow>('SELECT * FROM account_reviews WHERE account_id = $1 AND period_key = $2', [
      accountId,
      periodKey,
    ]);
    return rows[0] && toReview(rows[0]);
  }

  async findings(periodKey?: string): Promise<AccountReview[]> {
    const { rows } = periodKey
      ? await this.pool.query<ReviewRow>('SELECT * FROM account_reviews WHERE period_key = $1 ORDER BY account_name, id', [periodKey])
      : await this.pool.query<ReviewRow>('SELECT * FROM account_reviews ORDER BY period_key, account_name, id');
    return rows.map(toReview);
  }

  async recordReview(r: ReviewRecord): Promise<ReviewRecord> {
    const { rows } = await this.pool.query<ReviewRecordRow>(
      `WITH added AS (
         INSERT INTO compliance_reviews (review, reviewed_on, person_id, person_name, recorded_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (review, reviewed_on, person_id) DO NOTHING RETURNING *
       )
       SELECT * FROM added UNION ALL SELECT * FROM compliance_reviews WHERE review = $1 AND reviewed_on = $2 AND person_id = $3 LIMIT 1`,
      [r.review, r.reviewedOn, r.personId, r.personName, r.recordedAt],
    );
    return toReviewRecord(rows[0]!);
  }

  async latestReview(review: ReviewKind): Promise<ReviewRecord | undefined> {
    const { rows } = await this.pool.query<ReviewRecordRow>(
      'SELECT * FROM compliance_reviews WHERE review = $1 ORDER BY reviewed_on DESC, id DESC LIMIT 1',
      [review],
    );
    return rows[0] && toReviewRecord(rows[0]);
  }
}
