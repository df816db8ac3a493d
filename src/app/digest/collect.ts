// from the incident log to the digest's input: for each case only its kind, severity, dates and
// outcomes (DigestCase), never a name or a word of the report; then the domain aggregates.
import {
  AGENCIES,
  buildDigest,
  complianceCoverage,
  complianceRoster,
  previousTerm,
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
import { lastReview, reviewCycle, reviewDueOn } from '../compliance/reviews.js';
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
    // pupils' paper agreements count for the school year the term is in, as the online-safety lead confirmed them
    const c = complianceCoverage(
      {
        people: complianceRoster(profile),
        agreements: await input.records.agreements(),
        training: await input.records.training(),
        courses: profile.training.courses,
        aup: profile.aup,
        pupils: { roster: profile.pupils.roster, schoolYear: schoolYearOf(new Date(`${term.start}T12:00:00Z`)) },
      },
      input.at,
    );
    if (c.aup) {
      extra.aup = {
        staff: { total: c.aup.staff.total, valid: c.aup.staff.valid },
        governors: { total: c.aup.governor.total, valid: c.aup.governor.valid },
        ...(c.pupils ? { pupils: c.pupils } : {}),
      };
    }
    extra.training = { total: c.training.total, upToDate: c.training.upToDate };
    const findings = await input.records.findings();
    extra.leavers = { found: findings.length, closed: findings.filter((f) => f.decision === 'disable').length };
  }
  const reviews: { policyDueOn?: string; filteringDueOn?: string } = {};
  // a cycle (the profile's for the policy, a year unless set) after the latest review recorded in Teams ("I've done it"), else after the profile's date
  const policyDueOn = reviewDueOn(await lastReview(input.records, profile, 'policy'), reviewCycle(profile, 'policy'));
  const filteringDueOn = reviewDueOn(await lastReview(input.records, profile, 'filtering'));
  if (policyDueOn) reviews.policyDueOn = policyDueOn;
  if (filteringDueOn) reviews.filteringDueOn = filteringDueOn;
  return buildDigest({ cases, term, calendar, reviews, ...extra });
}
