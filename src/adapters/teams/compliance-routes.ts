// the compliance cards' actions: agreeing to the acceptable use policy, recording training, the yearly
// reviews ("I've done it": the DSL or headteacher for the policy; IT support, the DSL or a governor for
// filtering) and the leaver review (IT support and the business manager only). every action checks the
// clicker on the server against the school profile, and records a fact; nothing is changed in Entra by
// the bot. a click in a person's card of reminders answers with that card as it now stands.
import type { TurnContext } from 'botbuilder';
import type { Application, TurnState } from '@microsoft/teams-ai';
import { tz } from '@date-fns/tz';
import { format } from 'date-fns';
import { z } from 'zod';
import {
  aupCoverage,
  aupStatus,
  complianceRoster,
  londonDate,
  overdueByPerson,
  pupilAgreementVersion,
  pupilsWithoutAgreement,
  schoolYearOf,
  trainingDue,
  type SchoolProfile,
} from '../../domain/index.js';
import { identify, type GroupMembership, personById } from '../../app/identity.js';
import { tooLongMessage } from '../../app/casework/case-actions.js';
import type { ComplianceRecords, ReviewKind } from '../../ports/compliance-records.js';
import { isReviewKind, lastReview, recordReview, reviewDueOn, reviewers } from '../../app/compliance/reviews.js';
import type { Logger } from '../../observability/logger.js';
import type { AdaptiveCard } from './cards/card.js';
import { onCardAction } from './card-actions.js';
import {
  COMPLIANCE_TEXT_LIMITS,
  VERB_PUPIL_AUP_CONFIRM,
  pupilAupCard,
  VERB_AUP_AGREE,
  VERB_LEAVER_DECIDE,
  VERB_TRAINING_DONE,
  aupAgreedCard,
  aupCard,
  coverageCard,
  leaversCard,
  noticeCard,
  trainingCard,
  trainingRecordedCard,
  remindersCard,
  reviewCard,
  VERB_REVIEW_DONE,
  type LeaverView,
  type ReminderSection,
  type TrainingDueView,
  type TrainingPartView,
} from './cards/compliance-cards.js';

export interface ComplianceRouteDeps {
  records: ComplianceRecords;
  profile: SchoolProfile;
  logger: Logger;
  now: () => Date;
  /** the staff groups' members count as staff */
  groups?: GroupMembership;
}

const london = tz('Europe/London');
const day = (d: Date) => format(d, 'd MMM yyyy', { in: london });
const NOT_FOR_YOU = noticeCard({
  title: "You don't have permission to do that",
  lines: ['This is for staff and governors of the school. Nothing was changed.'],
});

const PUPIL_CHECKERS = ['online-safety-lead', 'dsl', 'deputy-dsl', 'headteacher'] as const;

/** the sections of a card of reminders that are drawn again from the records after a click */
const GROUP_KINDS = ['aup', 'training', 'policy-review', 'filtering-review'];
/** the card of reminders a click came from: its `group`, as the kinds it names (none: a card of its own) */
const groupOf = (data: unknown): string[] => {
  const group = (data as { group?: unknown } | undefined)?.group;
  return typeof group === 'string' ? [...new Set(group.split(',').filter((k) => GROUP_KINDS.includes(k)))] : [];
};
const AUP_WHY: Record<string, string> = {
  missing: 'We have no record of you agreeing to the acceptable use policy.',
  expiring: 'Your agreement to the acceptable use policy runs out soon: please agree again.',
  expired: 'Your agreement to the acceptable use policy has run out: please agree again.',
  'old-version': 'There is a new version of the acceptable use policy: please read it and agree.',
};

/** typed text as the record takes it: trimmed, and no longer than the card's maxLength; too long is refused, never cut */
const typedText = (limit: number) =>
  z
    .string()
    .trim()
    .max(limit, { error: (issue) => tooLongMessage(limit, typeof issue.input === 'string' ? issue.input.length : 0) });
const PROVIDER = typedText(COMPLIANCE_TEXT_LIMITS.provider);
const LEAVER_REASON = typedText(COMPLIANCE_TEXT_LIMITS.leaverReason);

export interface ComplianceFlow {
  pupils(context: TurnContext): Promise<AdaptiveCard>;
  aup(context: TurnContext): Promise<AdaptiveCard>;
  training(context: TurnContext): Promise<AdaptiveCard>;
  coverage(context: TurnContext): Promise<AdaptiveCard>;
  leavers(context: TurnContext): Promise<AdaptiveCard>;
}

export function registerComplianceRoutes(app: Application<TurnState>, deps: ComplianceRouteDeps): ComplianceFlow {
  const { profile, records } = deps;
  const person = (context: TurnContext) => {
    const id = context.activity.from?.aadObjectId;
    return complianceRoster(profile).find((p) => p.aadObjectId === id);
  };
  const agreementsOf = async (id: string) =>
    (await records.agreements(id)).map((a) => ({ personId: a.personId, version: a.version, agreedAt: a.agreedAt }));
  const trainingView = async (
    p: NonNullable<ReturnType<typeof person>>,
    extra: Pick<TrainingDueView, 'error' | 'errors' | 'values'> = {},
  ) => {
    const done = (await records.training(p.aadObjectId)).map((t) => ({
      personId: t.personId,
      courseId: t.courseId,
      completedOn: t.completedOn,
    }));
    const due = trainingDue(p, profile.training.courses, done, deps.now());
    return trainingCard({
      name: p.displayName,
      today: londonDate(deps.now()),
      courses: due.map((c) => ({ courseId: c.courseId, name: c.name, dueOn: c.dueOn ?? '-', state: c.state })),
      ...extra,
    });
  };

  /** a click in a person's card of reminders: the card again, each section as the records now stand */
  const remindersNow = async (
    p: NonNullable<ReturnType<typeof person>>,
    kinds: string[],
    answered: {
      aupWhy?: string;
      training?: Pick<TrainingPartView, 'recorded' | 'error' | 'errors' | 'values'>;
      recorded?: ReviewKind;
    } = {},
  ): Promise<AdaptiveCard> => {
    const sections: ReminderSection[] = [];
    const today = londonDate(deps.now());
    for (const kind of kinds) {
      const policy = profile.aup;
      if (kind === 'aup' && policy) {
        const agreements = await agreementsOf(p.aadObjectId);
        const status = aupStatus(agreements, policy, deps.now());
        const agreed = agreements.find((a) => a.version === policy.version);
        if (status.state === 'valid' && agreed)
          sections.push({
            kind: 'aup-agreed',
            agreed: { name: p.displayName, version: policy.version, agreedOn: day(new Date(agreed.agreedAt)), renewBy: status.expiresOn },
          });
        else {
          const why = answered.aupWhy ?? AUP_WHY[status.state];
          sections.push({
            kind: 'aup',
            aup: { version: policy.version, summary: policy.summary, ...(policy.url ? { url: policy.url } : {}), ...(why ? { why } : {}) },
          });
        }
      }
      if (kind === 'training') {
        const done = (await records.training(p.aadObjectId)).map((t) => ({
          personId: t.personId,
          courseId: t.courseId,
          completedOn: t.completedOn,
        }));
        const due = trainingDue(p, profile.training.courses, done, deps.now()).filter((c) => c.state !== 'ok');
        sections.push({
          kind: 'training',
          training: {
            courses: due.map((c) => ({ courseId: c.courseId, name: c.name, dueOn: c.dueOn ?? '-', state: c.state })),
            today,
            ...answered.training,
          },
        });
      }
      const review = kind === 'policy-review' ? 'policy' : kind === 'filtering-review' ? 'filtering' : undefined;
      if (review && reviewers(profile, review).some((r) => r.id === p.aadObjectId)) {
        const last = await lastReview(records, profile, review);
        const dueOn = reviewDueOn(last);
        sections.push({
          kind: 'review',
          review: {
            review,
            ...(last ? { last } : {}),
            ...(dueOn ? { dueOn } : {}),
            done: dueOn !== undefined && dueOn > today,
            justRecorded: answered.recorded === review,
          },
        });
      }
    }
    return remindersCard({ sections });
  };

  const pupilsMissing = async (schoolYear: string) => {
    return pupilsWithoutAgreement(profile.pupils.roster, await records.agreements(), schoolYear).map((p) => ({
      id: p.aadObjectId,
      name: p.displayName,
      ...(p.className ? { className: p.className } : {}),
    }));
  };
  const mayCheckPupils = (context: TurnContext) =>
    identify(profile, context.activity.from?.aadObjectId, deps.groups).roles.some((r) => (PUPIL_CHECKERS as readonly string[]).includes(r));

  /** the latest scan's accounts, with a problem and what was typed at one account's reason when there is one */
  const leaverReview = async (context: TurnContext, field: Pick<LeaverView, 'errors' | 'values'> = {}): Promise<AdaptiveCard> => {
    const who = identify(profile, context.activity.from?.aadObjectId, deps.groups);
    if (!who.roles.some((r) => r === 'it-support' || r === 'business-manager')) return NOT_FOR_YOU;
    const all = await records.findings();
    const latest = all
      .map((f) => f.periodKey)
      .sort()
      .at(-1);
    if (!latest) return noticeCard({ title: 'Accounts to review', lines: ['No scan has found any accounts to review yet.'] });
    const findings = all.filter((f) => f.periodKey === latest);
    return leaversCard({
      periodKey: latest,
      accounts: findings.map((f) => ({
        id: f.accountId,
        name: f.accountName,
        reasons: f.reasons,
        ...(f.decision ? { decision: `${f.decision} (${f.decidedBy}: ${f.decisionReason})` } : {}),
      })),
      ...field,
    });
  };

  const flow: ComplianceFlow = {
    async pupils(context) {
      if (!mayCheckPupils(context)) return NOT_FOR_YOU;
      const schoolYear = schoolYearOf(deps.now());
      return pupilAupCard({ schoolYear, missing: await pupilsMissing(schoolYear) });
    },
    async aup(context) {
      const p = person(context);
      const policy = profile.aup;
      if (!p) return NOT_FOR_YOU;
      if (!policy)
        return noticeCard({
          title: 'Acceptable use agreement',
          lines: ['The school has not set up its acceptable use policy in the bot yet. Ask the online-safety lead.'],
        });
      const status = aupStatus(await agreementsOf(p.aadObjectId), policy, deps.now());
      const why =
        status.state === 'valid'
          ? `You agreed to version ${status.version} on ${status.agreedOn}; it runs until ${status.expiresOn}.`
          : undefined;
      return aupCard({
        version: policy.version,
        summary: policy.summary,
        ...(policy.url ? { url: policy.url } : {}),
        ...(why ? { why } : {}),
      });
    },
    async training(context) {
      const p = person(context);
      return p ? trainingView(p) : NOT_FOR_YOU;
    },
    async coverage(context) {
      const who = identify(profile, context.activity.from?.aadObjectId, deps.groups);
      if (!who.roles.some((r) => r === 'dsl' || r === 'deputy-dsl' || r === 'headteacher')) return NOT_FOR_YOU;
      const roster = complianceRoster(profile);
      const agreements = (await records.agreements()).map((a) => ({ personId: a.personId, version: a.version, agreedAt: a.agreedAt }));
      const counts = profile.aup ? aupCoverage(roster, agreements, profile.aup, deps.now()) : undefined;
      const done = (await records.training()).map((t) => ({ personId: t.personId, courseId: t.courseId, completedOn: t.completedOn }));
      const overdue = overdueByPerson(roster, profile.training.courses, done, deps.now());
      return coverageCard({
        aup: counts
          ? Object.entries(counts).map(([group, c]) => ({
              group: group === 'staff' ? 'Staff' : 'Governors',
              total: c.total,
              valid: c.valid,
              expiring: c.expiring,
              missing: c.missing + c.expired + c.oldVersion,
            }))
          : [],
        trainingOverdue: overdue.map((o) => ({ name: o.person.displayName, courses: o.overdue.map((c) => c.name) })),
      });
    },
    leavers: (context) => leaverReview(context),
  };

  onCardAction(app, VERB_PUPIL_AUP_CONFIRM, async (context, _state, data) => {
    if (!mayCheckPupils(context)) return NOT_FOR_YOU;
    const input = (data ?? {}) as Record<string, unknown>;
    const schoolYear =
      typeof input.schoolYear === 'string' && /^\d{4}$/.test(input.schoolYear) ? input.schoolYear : schoolYearOf(deps.now());
    const ticked = String(input.signed ?? '')
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean);
    const byId = new Map(profile.pupils.roster.map((p) => [p.aadObjectId, p]));
    const who = personById(profile, context.activity.from?.aadObjectId)?.displayName ?? 'Unknown';
    let confirmed = 0;
    for (const id of ticked) {
      const pupil = byId.get(id);
      // only pupils on the school's list: a made-up id records nothing
      if (!pupil) continue;
      await records.recordAgreement({
        personId: id,
        personName: pupil.displayName,
        version: pupilAgreementVersion(schoolYear),
        agreedAt: deps.now().toISOString(),
      });
      confirmed++;
    }
    deps.logger.info(
      { event: 'pupil-aup-confirmed', count: confirmed, by: who === 'Unknown' ? 'unknown' : 'staff' },
      'pupil agreements confirmed',
    );
    return pupilAupCard({
      schoolYear,
      missing: await pupilsMissing(schoolYear),
      notice:
        confirmed > 0
          ? `Recorded ${confirmed} signed agreement${confirmed === 1 ? '' : 's'}.`
          : 'Tick the pupils whose signed agreement you have seen.',
    });
  });

  onCardAction(app, VERB_AUP_AGREE, async (context, _state, data) => {
    const p = person(context);
    const policy = profile.aup;
    const version = (data as { version?: unknown } | undefined)?.version;
    const group = groupOf(data);
    if (!p || !policy) return NOT_FOR_YOU;
    // an old card for a version that has since changed: show the current one instead of recording the old
    const changed = 'The policy has changed since this card was sent: please read the current version.';
    if (version !== policy.version)
      return group.length > 0
        ? remindersNow(p, group, { aupWhy: changed })
        : aupCard({ version: policy.version, summary: policy.summary, ...(policy.url ? { url: policy.url } : {}), why: changed });
    const recorded = await records.recordAgreement({
      personId: p.aadObjectId,
      personName: p.displayName,
      version: policy.version,
      agreedAt: deps.now().toISOString(),
    });
    const status = aupStatus(await agreementsOf(p.aadObjectId), policy, deps.now());
    deps.logger.info({ event: 'aup-agreed', version: policy.version }, 'acceptable use agreement recorded');
    if (group.length > 0) return remindersNow(p, group);
    return aupAgreedCard({
      name: p.displayName,
      version: recorded.version,
      agreedOn: day(new Date(recorded.agreedAt)),
      renewBy: status.state === 'missing' ? '-' : status.expiresOn,
    });
  });

  onCardAction(app, VERB_TRAINING_DONE, async (context, _state, data) => {
    const p = person(context);
    if (!p) return NOT_FOR_YOU;
    const input = (data ?? {}) as Record<string, unknown>;
    const course = profile.training.courses.find((c) => c.id === input.course);
    const completedOn = typeof input.completedOn === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(input.completedOn) ? input.completedOn : '';
    const provider = typeof input.provider === 'string' ? input.provider : '';
    // what goes back into the card: only a known course, a date, and no more of the provider than the box takes
    const values = { course: course?.id ?? '', completedOn, provider: provider.slice(0, COMPLIANCE_TEXT_LIMITS.provider) };
    const today = londonDate(deps.now());
    // from a card of reminders, the problem is shown in that card, beside its other reminders
    const group = groupOf(data);
    const again = (extra: Pick<TrainingDueView, 'error' | 'errors' | 'values'>) =>
      group.length > 0 ? remindersNow(p, group, { training: extra }) : trainingView(p, extra);
    if (!course) return again({ error: 'Choose the course you completed.', values });
    if (!completedOn || completedOn > today) return again({ error: 'Give the date you completed it (not in the future).', values });
    const checked = PROVIDER.safeParse(provider);
    if (!checked.success) return again({ errors: { provider: checked.error.issues[0]!.message }, values });
    await records.recordTraining(
      {
        personId: p.aadObjectId,
        personName: p.displayName,
        courseId: course.id,
        completedOn,
        ...(checked.data ? { provider: checked.data } : {}),
      },
      deps.now(),
    );
    const done = (await records.training(p.aadObjectId)).map((t) => ({
      personId: t.personId,
      courseId: t.courseId,
      completedOn: t.completedOn,
    }));
    const next = trainingDue(p, profile.training.courses, done, deps.now()).find((c) => c.courseId === course.id);
    deps.logger.info({ event: 'training-recorded', course: course.id }, 'training recorded');
    if (group.length > 0) return remindersNow(p, group, { training: { recorded: { course: course.name, completedOn } } });
    return trainingRecordedCard({
      name: p.displayName,
      course: course.name,
      completedOn: values.completedOn,
      ...(next?.dueOn ? { nextDueOn: next.dueOn } : {}),
    });
  });

  onCardAction(app, VERB_REVIEW_DONE, async (context, _state, data) => {
    const review = (data as { review?: unknown } | undefined)?.review;
    if (!isReviewKind(review))
      return noticeCard({ title: 'Nothing was recorded', lines: ['The bot does not know this review. Nothing was recorded.'] });
    const result = await recordReview({ records, profile, now: deps.now() }, review, context.activity.from?.aadObjectId);
    if (!result.ok) {
      const who = review === 'policy' ? 'the DSL or the headteacher' : 'IT support, the DSL or a governor';
      return noticeCard({
        title: "You don't have permission to do that",
        lines: [`Only ${who} can record this review. Nothing was recorded.`],
      });
    }
    deps.logger.info({ event: 'review-recorded', review }, 'yearly review recorded');
    const p = person(context);
    const group = groupOf(data);
    if (p && group.length > 0) return remindersNow(p, group, { recorded: review });
    const { record, dueOn } = result.value;
    return reviewCard({ review, last: { on: record.reviewedOn, by: record.personName }, dueOn, done: true, justRecorded: true });
  });

  onCardAction(app, VERB_LEAVER_DECIDE, async (context, _state, data) => {
    const who = identify(profile, context.activity.from?.aadObjectId, deps.groups);
    if (!who.roles.some((r) => r === 'it-support' || r === 'business-manager')) return NOT_FOR_YOU;
    const input = (data ?? {}) as Record<string, unknown>;
    const accountId = String(input.accountId ?? '');
    const periodKey = String(input.periodKey ?? '');
    const decision = input.decision === 'disable' ? 'disable' : input.decision === 'keep' ? 'keep' : undefined;
    const reason = String(input[`reason-${accountId}`] ?? '').trim();
    const current = async (notice?: string, field?: { error: string; value: string }) => {
      const card = await leaverReview(context, field ? { errors: { [accountId]: field.error }, values: { [accountId]: field.value } } : {});
      return notice ? { ...card, body: [noticeCard({ title: notice, lines: [] }).body[0]!, ...card.body] } : card;
    };
    if (!decision) return current();
    if (!reason) return current('Give the reason for your decision: the record needs it. Nothing was changed.');
    const checked = LEAVER_REASON.safeParse(reason);
    if (!checked.success) {
      const error = checked.error.issues[0]!.message;
      return current(undefined, { error, value: reason.slice(0, COMPLIANCE_TEXT_LIMITS.leaverReason) });
    }
    const name = personById(profile, who.aadObjectId)?.displayName ?? 'Unknown';
    const decided = await records.decide(accountId, periodKey, { decision, decidedBy: name, reason: checked.data, at: deps.now() });
    if (!decided) return current('That account is not in the review. Nothing was changed.');
    deps.logger.info({ event: 'leaver-decided', decision: decided.decision }, 'leaver account decided');
    return current(
      decided.decision === decision && decided.decidedBy === name
        ? `Recorded: ${decision}. ${decision === 'disable' ? 'Now disable the account in Entra.' : ''}`
        : `Already decided by ${decided.decidedBy}.`,
    );
  });

  return flow;
}
