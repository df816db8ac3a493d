// the compliance cards' actions: agreeing to the acceptable use policy, recording training, the yearly
// reviews ("I've done it": the DSL or headteacher for the policy; IT support, the DSL or a governor for
// filtering) and the leaver review (IT support and the business manager only). the use cases
// (app/compliance/actions.ts) check the clicker on the server and record the fact; these routes read the
// card's data, call them and draw the answer. nothing is changed in Entra by the bot. a click in a
// person's card of reminders answers with that card as it now stands.
import { z } from 'zod';
import { tz } from '@date-fns/tz';
import { format } from 'date-fns';
import { londonDate, type SchoolProfile, type TrainingDue } from '../../domain/index.js';
import { type Identity, personById } from '../../app/identity.js';
import { Compliance, type PupilToConfirm } from '../../app/compliance/actions.js';
import type { ComplianceRecords, ReviewKind } from '../../ports/compliance-records.js';
import {
  checkOf,
  isReviewKind,
  recordReview,
  reviewEvery,
  reviewNow,
  reviewOfReminderKind,
  reviewers,
} from '../../app/compliance/reviews.js';
import type { Logger } from '../../observability/logger.js';
import type { AdaptiveCard } from './cards/card.js';
import { cardRoute, type CardRoute } from './turn.js';
import {
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
  type AupView,
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
}

const london = tz('Europe/London');
const day = (d: Date) => format(d, 'd MMM yyyy', { in: london });
const NOT_FOR_YOU = noticeCard({
  title: "You don't have permission to do that",
  lines: ['This is for staff and governors of the school. Nothing was changed.'],
});

/** the sections of a card of reminders that are drawn again from the records after a click */
const GROUP_KINDS = ['aup', 'training', 'policy-review', 'filtering-review'];
/** the card of reminders a click came from: its `group`, as the kinds it names (none: a card of its own); a named check's is check:<id> */
const groupOf = (group: string | undefined): string[] =>
  group !== undefined
    ? [...new Set(group.split(',').filter((k) => GROUP_KINDS.includes(k) || (k.startsWith('check:') && isReviewKind(k))))]
    : [];

// what each verb's card sends, parsed once here; the use cases check the values themselves
const field = z.string().optional();
const fromReminders = z.object({ group: field });
const pupilsForm = z.object({ schoolYear: field, signed: field });
const agreeForm = fromReminders.extend({ version: field });
const trainingForm = fromReminders.extend({ course: field, completedOn: field, provider: field });
const reviewForm = fromReminders.extend({ review: field });
// each account has its own reason box, `reason-<account id>`
const leaverForm = z.looseObject({ accountId: field, periodKey: field, decision: field });
const AUP_WHY: Record<string, string> = {
  missing: 'We have no record of you agreeing to the acceptable use policy.',
  expiring: 'Your agreement to the acceptable use policy runs out soon: please agree again.',
  expired: 'Your agreement to the acceptable use policy has run out: please agree again.',
  'old-version': 'There is a new version of the acceptable use policy: please read it and agree.',
};

const policyView = (policy: NonNullable<SchoolProfile['aup']>, why?: string): AupView => ({
  version: policy.version,
  summary: policy.summary,
  ...(policy.url ? { url: policy.url } : {}),
  ...(why ? { why } : {}),
});
const coursesView = (due: TrainingDue[]) => due.map((c) => ({ courseId: c.courseId, name: c.name, dueOn: c.dueOn ?? '-', state: c.state }));
const pupilsView = (missing: PupilToConfirm[]) =>
  missing.map((p) => ({ id: p.aadObjectId, name: p.displayName, ...(p.className ? { className: p.className } : {}) }));
type FormProblem = Pick<TrainingDueView, 'error' | 'errors' | 'values'>;

/** the typed commands: each answers the person who typed it */
export interface ComplianceFlow {
  pupils(who: Identity): Promise<AdaptiveCard>;
  aup(who: Identity): Promise<AdaptiveCard>;
  training(who: Identity): Promise<AdaptiveCard>;
  coverage(who: Identity): Promise<AdaptiveCard>;
  leavers(who: Identity): Promise<AdaptiveCard>;
}

export function complianceRoutes(deps: ComplianceRouteDeps): ComplianceFlow & { routes: CardRoute[] } {
  const { profile, records } = deps;
  const compliance = new Compliance({ records, profile, now: deps.now });

  const trainingView = async (who: Identity, extra: FormProblem = {}): Promise<AdaptiveCard> => {
    const result = await compliance.training(who);
    if (!result.ok) return NOT_FOR_YOU;
    const { person, due } = result.value;
    return trainingCard({ name: person.displayName, today: londonDate(deps.now()), courses: coursesView(due), ...extra });
  };

  /** a click in a person's card of reminders: the card again, each section as the records now stand */
  const remindersNow = async (
    who: Identity,
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
      if (kind === 'aup') {
        const aup = await compliance.aup(who);
        if (aup.ok) {
          const { policy, status, agreed } = aup.value;
          if (status.state === 'valid' && agreed) {
            const name = compliance.person(who)!.displayName;
            sections.push({
              kind: 'aup-agreed',
              agreed: { name, version: policy.version, agreedOn: day(new Date(agreed.agreedAt)), renewBy: status.expiresOn },
            });
          } else sections.push({ kind: 'aup', aup: policyView(policy, answered.aupWhy ?? AUP_WHY[status.state]) });
        }
      }
      if (kind === 'training') {
        const training = await compliance.training(who);
        const due = training.ok ? training.value.due.filter((c) => c.state !== 'ok') : [];
        sections.push({ kind: 'training', training: { courses: coursesView(due), today, ...answered.training } });
      }
      const review = reviewOfReminderKind(kind);
      if (review && reviewers(profile, review).some((r) => r.id === who.aadObjectId)) {
        const { last, dueOn, every, done } = await reviewNow(records, profile, review, today);
        const name = checkOf(profile, review)?.name;
        sections.push({
          kind: 'review',
          review: {
            review,
            ...(name ? { name } : {}),
            ...(every ? { every } : {}),
            ...(last ? { last } : {}),
            ...(dueOn ? { dueOn } : {}),
            done,
            justRecorded: answered.recorded === review,
          },
        });
      }
    }
    return remindersCard({ sections });
  };

  /** the latest scan's accounts, with a problem and what was typed at one account's reason when there is one */
  const leaverReview = async (who: Identity, field: Pick<LeaverView, 'errors' | 'values'> = {}): Promise<AdaptiveCard> => {
    const result = await compliance.leavers(who);
    if (!result.ok) return NOT_FOR_YOU;
    if (!result.value) return noticeCard({ title: 'Accounts to review', lines: ['No scan has found any accounts to review yet.'] });
    return leaversCard({
      periodKey: result.value.periodKey,
      accounts: result.value.accounts.map((f) => ({
        id: f.accountId,
        name: f.accountName,
        reasons: f.reasons,
        ...(f.decision ? { decision: `${f.decision} (${f.decidedBy}: ${f.decisionReason})` } : {}),
      })),
      ...field,
    });
  };

  const flow: ComplianceFlow = {
    async pupils(who) {
      const result = await compliance.pupils(who);
      if (!result.ok) return NOT_FOR_YOU;
      return pupilAupCard({ schoolYear: result.value.schoolYear, missing: pupilsView(result.value.missing) });
    },
    async aup(who) {
      const result = await compliance.aup(who);
      if (!result.ok)
        return result.reason === 'not-set-up' ? noticeCard({ title: 'Acceptable use agreement', lines: [result.message] }) : NOT_FOR_YOU;
      const { policy, status } = result.value;
      const why =
        status.state === 'valid'
          ? `You agreed to version ${status.version} on ${status.agreedOn}; it runs until ${status.expiresOn}.`
          : undefined;
      return aupCard(policyView(policy, why));
    },
    training: (who) => trainingView(who),
    async coverage(who) {
      const result = await compliance.coverage(who);
      if (!result.ok) return NOT_FOR_YOU;
      const { aup, training } = result.value;
      return coverageCard({
        aup: aup
          ? Object.entries(aup).map(([group, c]) => ({
              group: group === 'staff' ? 'Staff' : 'Governors',
              total: c.total,
              valid: c.valid,
              expiring: c.expiring,
              missing: c.missing + c.expired + c.oldVersion,
            }))
          : [],
        trainingOverdue: training.overdue.map((o) => ({ name: o.person.displayName, courses: o.overdue.map((c) => c.name) })),
      });
    },
    leavers: (who) => leaverReview(who),
  };

  const confirmPupils = cardRoute(VERB_PUPIL_AUP_CONFIRM, pupilsForm, async ({ who }, input) => {
    const result = await compliance.confirmPupils(who, input);
    if (!result.ok) return NOT_FOR_YOU;
    const listed = personById(profile, who.aadObjectId) !== undefined;
    deps.logger.info(
      { event: 'pupil-aup-confirmed', count: result.value.confirmed, by: listed ? 'staff' : 'unknown' },
      'pupil agreements confirmed',
    );
    return pupilAupCard({ schoolYear: result.value.schoolYear, missing: pupilsView(result.value.missing), notice: result.notice });
  });

  const agree = cardRoute(VERB_AUP_AGREE, agreeForm, async ({ who }, input) => {
    const group = groupOf(input.group);
    const result = await compliance.agree(who, input.version);
    // an old card for a version that has since changed: the current one is shown instead of recording the old
    if (!result.ok && result.reason === 'not-now' && profile.aup)
      return group.length > 0 ? remindersNow(who, group, { aupWhy: result.message }) : aupCard(policyView(profile.aup, result.message));
    if (!result.ok) return NOT_FOR_YOU;
    const { person, agreement, status } = result.value;
    deps.logger.info({ event: 'aup-agreed', version: agreement.version }, 'acceptable use agreement recorded');
    if (group.length > 0) return remindersNow(who, group);
    return aupAgreedCard({
      name: person.displayName,
      version: agreement.version,
      agreedOn: day(new Date(agreement.agreedAt)),
      renewBy: status.state === 'missing' ? '-' : status.expiresOn,
    });
  });

  const trainingDone = cardRoute(VERB_TRAINING_DONE, trainingForm, async ({ who }, input) => {
    const result = await compliance.recordTraining(who, { course: input.course, completedOn: input.completedOn, provider: input.provider });
    // from a card of reminders, the problem is shown in that card, beside its other reminders
    const group = groupOf(input.group);
    if (!result.ok && result.reason === 'invalid') {
      // the card has a box for the provider's problem; the course's and the date's are said above the form
      const { provider } = result.errors;
      const problem: FormProblem = provider
        ? { errors: { provider }, values: result.values }
        : { error: result.message, values: result.values };
      return group.length > 0 ? remindersNow(who, group, { training: problem }) : trainingView(who, problem);
    }
    if (!result.ok) return NOT_FOR_YOU;
    const { course, completedOn, nextDueOn } = result.value;
    deps.logger.info({ event: 'training-recorded', course: course.id }, 'training recorded');
    if (group.length > 0) return remindersNow(who, group, { training: { recorded: { course: course.name, completedOn } } });
    return trainingRecordedCard({
      name: compliance.person(who)!.displayName,
      course: course.name,
      completedOn,
      ...(nextDueOn ? { nextDueOn } : {}),
    });
  });

  const reviewDone = cardRoute(VERB_REVIEW_DONE, reviewForm, async ({ who }, input) => {
    const { review } = input;
    const check = isReviewKind(review) ? checkOf(profile, review) : undefined;
    if (!isReviewKind(review) || (review.startsWith('check:') && !check))
      return noticeCard({ title: 'Nothing was recorded', lines: ['The bot does not know this review. Nothing was recorded.'] });
    const result = await recordReview({ records, profile, now: deps.now() }, review, who.aadObjectId || undefined);
    if (!result.ok) {
      if (check || (review === 'policy' && profile.reviews.policyReviewers))
        return noticeCard({
          title: "You don't have permission to do that",
          lines: [`Only the people it is asked of can record ${check ? `the ${check.name}` : 'this review'}. Nothing was recorded.`],
        });
      const who = review === 'policy' ? 'the DSL or the headteacher' : 'IT support, the DSL or a governor';
      return noticeCard({
        title: "You don't have permission to do that",
        lines: [`Only ${who} can record this review. Nothing was recorded.`],
      });
    }
    deps.logger.info({ event: 'review-recorded', review }, check ? 'check recorded' : 'yearly review recorded');
    const group = groupOf(input.group);
    if (compliance.person(who) && group.length > 0) return remindersNow(who, group, { recorded: review });
    const { record, dueOn } = result.value;
    const every = reviewEvery(profile, review);
    return reviewCard({
      review,
      ...(check ? { name: check.name } : {}),
      ...(every ? { every } : {}),
      last: { on: record.reviewedOn, by: record.personName },
      dueOn,
      done: true,
      justRecorded: true,
    });
  });

  const decideLeaver = cardRoute(VERB_LEAVER_DECIDE, leaverForm, async ({ who }, input) => {
    const accountId = input.accountId ?? '';
    const reason = input[`reason-${accountId}`];
    const result = await compliance.decideLeaver(who, {
      accountId,
      periodKey: input.periodKey ?? '',
      decision: input.decision,
      reason: typeof reason === 'string' ? reason : '',
    });
    if (!result.ok && result.reason === 'not-permitted') return NOT_FOR_YOU;
    // a problem at one account's box is shown there; any other answer goes above the review
    const atBox = !result.ok && result.reason === 'invalid' && Object.keys(result.errors).length > 0;
    const card = await leaverReview(who, atBox ? { errors: result.errors, values: result.values } : {});
    const notice = atBox ? '' : result.ok ? result.notice : result.message;
    if (result.ok && result.value.decided)
      deps.logger.info({ event: 'leaver-decided', decision: result.value.decided.decision }, 'leaver account decided');
    return notice ? { ...card, body: [noticeCard({ title: notice, lines: [] }).body[0]!, ...card.body] } : card;
  });

  return { ...flow, routes: [confirmPupils, agree, trainingDone, reviewDone, decideLeaver] };
}
