// the evidence of compliance duties: who agreed to which acceptable use policy and when, training
// completed, and leaver accounts reviewed. each row a fact, added, never edited.
import type { Json } from './incident-store.js';

// adapters: sqlite (replicated to SharePoint's AUP, training and account-review lists in a later step).

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
  createdAt: string;
  createdBy: string;
  /** the aggregates as posted (the domain's Digest): no names, no free text */
  digest: Json;
}

export interface ComplianceRecords {
  saveDigest(d: DigestRecord): Promise<void>;
  digest(id: string): Promise<DigestRecord | undefined>;
  /** a governor read it; the first read counts */
  recordRead(digestId: string, person: { id: string; name: string }, at: Date): Promise<void>;
  reads(digestId: string): Promise<{ personName: string; readAt: string }[]>;
  /** the same person and version twice records the first agreement only */
  recordAgreement(a: AgreementRecord): Promise<AgreementRecord>;
  agreements(personId?: string): Promise<AgreementRecord[]>;
  recordTraining(t: TrainingRecordRow, at: Date): Promise<void>;
  training(personId?: string): Promise<TrainingRecordRow[]>;
  /** a leaver account found in a scan; finding it again in the same period changes nothing */
  recordFinding(r: Omit<AccountReview, 'decision' | 'decidedBy' | 'decisionReason' | 'decidedAt'>): Promise<void>;
  /** a person's decision; only the first decision for a finding counts */
  decide(accountId: string, periodKey: string, decision: { decision: 'disable' | 'keep'; decidedBy: string; reason: string; at: Date }): Promise<AccountReview | undefined>;
  findings(periodKey?: string): Promise<AccountReview[]>;
}
