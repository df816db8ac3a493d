// the compliance duties as use cases: agreeing to the acceptable use policy, recording training,
// confirming pupils' paper agreements, the coverage the DSL sees and the leaver review. like the
// casework (case-actions.ts), each one re-reads the records, checks the person on the server (the
// profile and the permission table, never the card), records a fact, and answers with a value: what is
// now so, or why nothing was recorded, with the form's problems and what goes back into it.
import { z } from 'zod';
import {
  aupStatus,
  complianceCoverage,
  complianceRoster,
  londonDate,
  may,
  pupilAgreementVersion,
  pupilsWithoutAgreement,
  schoolYearOf,
  trainingDue,
  type AupPolicy,
  type AupStatus,
  type ComplianceCoverage,
  type CompliancePerson,
  type SchoolProfile,
  type TrainingCourse,
  type TrainingDue,
} from '../../domain/index.js';
import type { AccountReview, AgreementRecord, ComplianceRecords } from '../../ports/compliance-records.js';
import { tooLongMessage } from '../casework/case-actions.js';
import type { FormErrors, FormValues } from '../casework/case-views.js';
import { personById, type Identity } from '../identity.js';
import { COMPLIANCE_TEXT_LIMITS } from './text-limits.js';

export type ComplianceResult<T> =
  | { ok: true; value: T; notice: string }
  /** not for this person (not on the school's lists, or not in a role the table allows), or not set up */
  | { ok: false; reason: 'not-permitted' | 'not-set-up' | 'not-found'; message: string }
  /** the card was for something that has since changed (a policy version): nothing was recorded */
  | { ok: false; reason: 'not-now'; message: string }
  | { ok: false; reason: 'invalid'; message: string; errors: FormErrors; values: FormValues };

export const NOT_PERMITTED = { ok: false, reason: 'not-permitted', message: "You don't have permission to do that." } as const;

/** a pupil on the list to tick off */
export interface PupilToConfirm {
  aadObjectId: string;
  displayName: string;
  className?: string | undefined;
}

/** typed text as the record takes it: trimmed, and no longer than the card's maxLength; too long is refused, never cut */
const typedText = (limit: number) =>
  z
    .string()
    .trim()
    .max(limit, { error: (issue) => tooLongMessage(limit, typeof issue.input === 'string' ? issue.input.length : 0) });
const PROVIDER = typedText(COMPLIANCE_TEXT_LIMITS.provider);
const LEAVER_REASON = typedText(COMPLIANCE_TEXT_LIMITS.leaverReason);

const ok = <T>(value: T, notice = ''): ComplianceResult<T> => ({ ok: true, value, notice });
const invalid = (message: string, errors: FormErrors, values: FormValues) =>
  ({ ok: false, reason: 'invalid', message, errors, values }) as const;

export class Compliance {
  constructor(private readonly deps: { records: ComplianceRecords; profile: SchoolProfile; now: () => Date }) {}

  /** someone the duties are about: on the staff roster, in a role or a governor (complianceRoster) */
  person(who: Pick<Identity, 'aadObjectId'>): CompliancePerson | undefined {
    return complianceRoster(this.deps.profile).find((p) => p.aadObjectId === who.aadObjectId);
  }

  /** a person's agreement as it stands: the policy, their status, and their agreement to this version if any */
  async aup(who: Identity): Promise<ComplianceResult<{ policy: AupPolicy; status: AupStatus; agreed?: AgreementRecord }>> {
    const p = this.person(who);
    const policy = this.deps.profile.aup;
    if (!p) return NOT_PERMITTED;
    if (!policy)
      return {
        ok: false,
        reason: 'not-set-up',
        message: 'The school has not set up its acceptable use policy in the bot yet. Ask the online-safety lead.',
      };
    const agreements = await this.deps.records.agreements(p.aadObjectId);
    const agreed = agreements.find((a) => a.version === policy.version);
    return ok({ policy, status: aupStatus(agreements, policy, this.deps.now()), ...(agreed ? { agreed } : {}) });
  }

  /** "I agree" to the version the card showed; an old card for another version records nothing */
  async agree(
    who: Identity,
    version: unknown,
  ): Promise<ComplianceResult<{ person: CompliancePerson; agreement: AgreementRecord; status: AupStatus }>> {
    const p = this.person(who);
    const policy = this.deps.profile.aup;
    if (!p || !policy) return NOT_PERMITTED;
    if (version !== policy.version)
      return { ok: false, reason: 'not-now', message: 'The policy has changed since this card was sent: please read the current version.' };
    const agreement = await this.deps.records.recordAgreement({
      personId: p.aadObjectId,
      personName: p.displayName,
      version: policy.version,
      agreedAt: this.deps.now().toISOString(),
    });
    const status = aupStatus(await this.deps.records.agreements(p.aadObjectId), policy, this.deps.now());
    return ok({ person: p, agreement, status });
  }

  /** each course that applies to the person, with when it is due */
  async training(who: Identity): Promise<ComplianceResult<{ person: CompliancePerson; due: TrainingDue[] }>> {
    const p = this.person(who);
    if (!p) return NOT_PERMITTED;
    return ok({ person: p, due: await this.dueFor(p) });
  }

  /** a course done: a known course, a date not in the future, and who provided it (optional, not too long) */
  async recordTraining(
    who: Identity,
    input: { course?: unknown; completedOn?: unknown; provider?: unknown },
  ): Promise<ComplianceResult<{ course: TrainingCourse; completedOn: string; nextDueOn?: string }>> {
    const p = this.person(who);
    if (!p) return NOT_PERMITTED;
    const course = this.deps.profile.training.courses.find((c) => c.id === input.course);
    const completedOn = typeof input.completedOn === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(input.completedOn) ? input.completedOn : '';
    const provider = typeof input.provider === 'string' ? input.provider : '';
    // what goes back into the card: only a known course, a date, and no more of the provider than the box takes
    const values = { course: course?.id ?? '', completedOn, provider: provider.slice(0, COMPLIANCE_TEXT_LIMITS.provider) };
    if (!course) return invalid('Choose the course you completed.', { course: 'Choose the course you completed.' }, values);
    if (!completedOn || completedOn > londonDate(this.deps.now())) {
      const message = 'Give the date you completed it (not in the future).';
      return invalid(message, { completedOn: message }, values);
    }
    const checked = PROVIDER.safeParse(provider);
    if (!checked.success) {
      const message = checked.error.issues[0]!.message;
      return invalid(message, { provider: message }, values);
    }
    await this.deps.records.recordTraining(
      {
        personId: p.aadObjectId,
        personName: p.displayName,
        courseId: course.id,
        completedOn,
        ...(checked.data ? { provider: checked.data } : {}),
      },
      this.deps.now(),
    );
    const next = (await this.dueFor(p)).find((c) => c.courseId === course.id);
    return ok({ course, completedOn, ...(next?.dueOn ? { nextDueOn: next.dueOn } : {}) });
  }

  /** the pupils whose paper agreement for this school year is not confirmed yet */
  async pupils(who: Identity): Promise<ComplianceResult<{ schoolYear: string; missing: PupilToConfirm[] }>> {
    if (!may(who, 'confirm-pupil-agreements')) return NOT_PERMITTED;
    const schoolYear = schoolYearOf(this.deps.now());
    return ok({ schoolYear, missing: await this.pupilsMissing(schoolYear) });
  }

  /** the ticked pupils' agreements seen: only pupils on the school's list are recorded, a made-up id records nothing */
  async confirmPupils(
    who: Identity,
    input: { schoolYear?: unknown; signed?: unknown },
  ): Promise<ComplianceResult<{ schoolYear: string; missing: PupilToConfirm[]; confirmed: number }>> {
    if (!may(who, 'confirm-pupil-agreements')) return NOT_PERMITTED;
    const { profile, records } = this.deps;
    const schoolYear =
      typeof input.schoolYear === 'string' && /^\d{4}$/.test(input.schoolYear) ? input.schoolYear : schoolYearOf(this.deps.now());
    const ticked = String(input.signed ?? '')
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean);
    const byId = new Map(profile.pupils.roster.map((p) => [p.aadObjectId, p]));
    let confirmed = 0;
    for (const id of ticked) {
      const pupil = byId.get(id);
      if (!pupil) continue;
      await records.recordAgreement({
        personId: id,
        personName: pupil.displayName,
        version: pupilAgreementVersion(schoolYear),
        agreedAt: this.deps.now().toISOString(),
      });
      confirmed++;
    }
    const notice =
      confirmed > 0
        ? `Recorded ${confirmed} signed agreement${confirmed === 1 ? '' : 's'}.`
        : 'Tick the pupils whose signed agreement you have seen.';
    return ok({ schoolYear, missing: await this.pupilsMissing(schoolYear), confirmed }, notice);
  }

  /** the staff and governors' agreements and overdue training, for the DSL and the headteacher */
  async coverage(who: Identity): Promise<ComplianceResult<ComplianceCoverage<CompliancePerson>>> {
    if (!may(who, 'see-compliance-coverage')) return NOT_PERMITTED;
    const { profile, records } = this.deps;
    return ok(
      complianceCoverage(
        {
          people: complianceRoster(profile),
          agreements: await records.agreements(),
          training: await records.training(),
          courses: profile.training.courses,
          aup: profile.aup,
        },
        this.deps.now(),
      ),
    );
  }

  /** the latest scan's accounts, each with its decision once made; undefined before any scan found one */
  async leavers(who: Identity): Promise<ComplianceResult<{ periodKey: string; accounts: AccountReview[] } | undefined>> {
    if (!may(who, 'review-leavers')) return NOT_PERMITTED;
    const all = await this.deps.records.findings();
    const latest = all
      .map((f) => f.periodKey)
      .sort()
      .at(-1);
    return ok(latest ? { periodKey: latest, accounts: all.filter((f) => f.periodKey === latest) } : undefined);
  }

  /**
   * keep or disable one account, with the reason the record needs. the first decision counts: a later
   * one is told who decided. no choice made: nothing recorded and no notice (the review as it stands)
   */
  async decideLeaver(
    who: Identity,
    input: { accountId: string; periodKey: string; decision?: unknown; reason?: string },
  ): Promise<ComplianceResult<{ decided?: AccountReview }>> {
    if (!may(who, 'review-leavers')) return NOT_PERMITTED;
    const { accountId, periodKey } = input;
    const decision = input.decision === 'disable' ? 'disable' : input.decision === 'keep' ? 'keep' : undefined;
    const reason = (input.reason ?? '').trim();
    if (!decision) return ok({});
    // the reason belongs to the whole decision: it is said above the list, not at a box
    if (!reason) return invalid('Give the reason for your decision: the record needs it. Nothing was changed.', {}, {});
    const checked = LEAVER_REASON.safeParse(reason);
    if (!checked.success) {
      const message = checked.error.issues[0]!.message;
      return invalid(message, { [accountId]: message }, { [accountId]: reason.slice(0, COMPLIANCE_TEXT_LIMITS.leaverReason) });
    }
    const name = personById(this.deps.profile, who.aadObjectId)?.displayName ?? 'Unknown';
    const decided = await this.deps.records.decide(accountId, periodKey, {
      decision,
      decidedBy: name,
      reason: checked.data,
      at: this.deps.now(),
    });
    if (!decided) return { ok: false, reason: 'not-found', message: 'That account is not in the review. Nothing was changed.' };
    const notice =
      decided.decision === decision && decided.decidedBy === name
        ? `Recorded: ${decision}. ${decision === 'disable' ? 'Now disable the account in Entra.' : ''}`
        : `Already decided by ${decided.decidedBy}.`;
    return ok({ decided }, notice);
  }

  private async dueFor(p: CompliancePerson): Promise<TrainingDue[]> {
    return trainingDue(p, this.deps.profile.training.courses, await this.deps.records.training(p.aadObjectId), this.deps.now());
  }

  private async pupilsMissing(schoolYear: string): Promise<PupilToConfirm[]> {
    return pupilsWithoutAgreement(this.deps.profile.pupils.roster, await this.deps.records.agreements(), schoolYear);
  }
}
