// from the incident log to the digest's input: for each case only its kind, severity, dates and
// outcomes (DigestCase), never a name or a word of the report; then the domain aggregates.
import {
  AGENCIES,
  aupCoverage,
  buildDigest,
  complianceRoster,
  overdueByPerson,
  previousTerm,
  pupilsWithoutAgreement,
  schoolYearOf,
  sameTermLastYear,
  schoolCalendar,
  termContaining,
  DIGEST_SANCTIONS,
  lastTermEnded,
  type Agency,
  type Digest,
  type DigestCase,
  type DigestSanction,
  type IncidentType,
  type SchoolProfile,
  type Severity,
  type Term,
} from '../../domain/index.js';
import type { ComplianceRecords } from '../../ports/compliance-records.js';
import { lastReview, reviewDueOn } from '../compliance/reviews.js';
import type { IncidentEvent, IncidentRecord, IncidentStore } from '../../ports/incident-store.js';

export function toDigestCase(record: IncidentRecord, events: readonly IncidentEvent[]): DigestCase {
  const data = (e: IncidentEvent) =>
    e.data && typeof e.data === 'object' && !Array.isArray(e.data) ? (e.data as Record<string, unknown>) : {};
  const approved = events.find((e) => e.type === 'approved');
  const closed = events.find((e) => e.type === 'closed');
  const sanction = closed ? data(closed).sanction : undefined;
  return {
    reportedAt: record.reportedAt,
    types: (((record.facts as { types?: unknown[] } | null)?.types ?? []) as IncidentType[]).filter((t) => typeof t === 'string'),
    severity: record.severity as Severity,
    ...(approved ? { decidedAt: approved.at } : {}),
    slaMissed: events.some((e) => e.type === 'alert-sent'),
    referrals: events
      .filter((e) => e.type === 'referral-recorded')
      .map((e) => data(e).agency)
      .filter((a): a is Agency => typeof a === 'string' && (AGENCIES as readonly string[]).includes(a)),
    ...(typeof sanction === 'string' && (DIGEST_SANCTIONS as readonly string[]).includes(sanction)
      ? { sanction: sanction as DigestSanction }
      : {}),
    open: closed === undefined,
  };
}

const startOf = (date: string) => `${date}T00:00:00.000Z`;
const dayAfter = (date: string) => new Date(Date.parse(startOf(date)) + 86_400_000).toISOString();

/** the digest of the term containing `at` (or the term named), from the store and the compliance records */
export async function collectDigest(input: {
  store: IncidentStore;
  records?: ComplianceRecords;
  profile: SchoolProfile;
  at: Date;
  term?: Term;
}): Promise<Digest> {
  const { profile } = input;
  const calendar = schoolCalendar(profile);
  const term = input.term ?? termContaining(input.at, calendar) ?? lastTermEnded(input.at, calendar);
  if (!term) throw new Error('the school profile has no term on or before this date: add the terms to the profile');
  const earliest = [term, previousTerm(term, calendar), sameTermLastYear(term, calendar)]
    .filter((t): t is Term => t !== undefined)
    .map((t) => t.start)
    .sort()[0]!;
  // a day either side: London dates against UTC instants; the domain files each case by its London date
  const from = new Date(Date.parse(startOf(earliest)) - 86_400_000).toISOString();
  const records = new Map<string, IncidentRecord>();
  for (const r of await input.store.listReportedBetween(from, dayAfter(term.end))) records.set(r.id, r);
  for (const r of await input.store.listOpen(10_000)) records.set(r.id, r);
  const cases: DigestCase[] = [];
  for (const r of records.values()) cases.push(toDigestCase(r, await input.store.events(r.id)));

  const extra: Partial<Parameters<typeof buildDigest>[0]> = {};
  if (input.records) {
    const roster = complianceRoster(profile);
    const agreements = (await input.records.agreements()).map((a) => ({ personId: a.personId, version: a.version, agreedAt: a.agreedAt }));
    if (profile.aup) {
      const c = aupCoverage(roster, agreements, profile.aup, input.at);
      extra.aup = {
        staff: { total: c.staff.total, valid: c.staff.valid },
        governors: { total: c.governor.total, valid: c.governor.valid },
      };
      // pupils' paper agreements for the school year the term is in, as the online-safety lead confirmed them
      if (profile.pupils.roster.length > 0) {
        const missing = pupilsWithoutAgreement(profile.pupils.roster, agreements, schoolYearOf(new Date(`${term.start}T12:00:00Z`)));
        extra.aup.pupils = { total: profile.pupils.roster.length, valid: profile.pupils.roster.length - missing.length };
      }
    }
    const training = (await input.records.training()).map((t) => ({
      personId: t.personId,
      courseId: t.courseId,
      completedOn: t.completedOn,
    }));
    const overdue = overdueByPerson(roster, profile.training.courses, training, input.at);
    extra.training = { total: roster.length, upToDate: roster.length - overdue.length };
    const findings = await input.records.findings();
    extra.leavers = { found: findings.length, closed: findings.filter((f) => f.decision === 'disable').length };
  }
  const reviews: { policyDueOn?: string; filteringDueOn?: string } = {};
  // a year after the latest review recorded in Teams ("I've done it"), else after the profile's date
  const policyDueOn = reviewDueOn(await lastReview(input.records, profile, 'policy'));
  const filteringDueOn = reviewDueOn(await lastReview(input.records, profile, 'filtering'));
  if (policyDueOn) reviews.policyDueOn = policyDueOn;
  if (filteringDueOn) reviews.filteringDueOn = filteringDueOn;
  return buildDigest({ cases, term, calendar, reviews, ...extra });
}
