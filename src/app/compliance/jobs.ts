// the scheduled compliance jobs (domain/compliance/periods.ts says when): each works out who is owed
// what from the profile and the records, and queues one reminder per person per period (the key names
// both, so a second run or a second instance queues nothing twice). a dry run queues nothing and says
// what it would send. no job ever disables an account or changes a record by itself.
import { TZDate } from '@date-fns/tz';
import {
  aupReminders,
  complianceJobsFor,
  jobCyclesOf,
  complianceRoster,
  overdueByPerson,
  pupilsWithoutAgreement,
  schoolYearOf,
  saferInternetDay,
  trainingDue,
  londonDate,
  rolesThatMay,
  type JobName,
  type RecurringCheck,
  type SchoolProfile,
} from '../../domain/index.js';
import { checkCycle, cycleBlock, halfwayThrough } from '../../domain/compliance/cycles.js';
import type { ComplianceRecords, ReviewKind } from '../../ports/compliance-records.js';
import type { Directory, DirectoryAccount } from '../../ports/directory.js';
import type { Json } from '../../ports/incident-store.js';
import type { NewReminder, ReminderOutbox } from '../../ports/reminder-outbox.js';
import { selectLeavers } from '../leavers/select-leavers.js';
import { syncDirectory, type DirectoryMirror } from '../leavers/sync-directory.js';
import type { JobContext, ScheduledJob } from '../scheduler/scheduler.js';
import { lastReview, reminderKindOf, reviewCycle, reviewDueOn, reviewEvery, reviewNow, reviewers } from './reviews.js';

export interface ComplianceDeps {
  profile: SchoolProfile;
  records: ComplianceRecords;
  reminders: ReminderOutbox;
  /** the tenant's directory (Graph); without it the leaver scan says it cannot run */
  directory?: Directory;
  /** the local copy of the directory the daily delta keeps fresh */
  mirror?: DirectoryMirror;
  /** the staff and pupil groups were read again: who is who may have changed */
  groupsChanged?: () => Promise<void>;
}

const WHY_AUP: Record<string, string> = {
  missing: 'We have no record of you agreeing to the acceptable use policy.',
  'new-starter': 'Welcome! Everyone agrees to the acceptable use policy when they start.',
  expiring: 'Your agreement to the acceptable use policy runs out soon: please agree again.',
  expired: 'Your agreement to the acceptable use policy has run out: please agree again.',
  'new-version': 'There is a new version of the acceptable use policy: please read it and agree.',
};

type Queue = (items: NewReminder[], context: JobContext) => Promise<number>;

/** 09:00 in London on a YYYY-MM-DD day, as an ISO instant */
const nineInTheMorning = (day: string): string => {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d, 9, 0, 'Europe/London').getTime()).toISOString();
};

export function complianceJobs(deps: ComplianceDeps): ScheduledJob[] {
  const { profile } = deps;
  // the profile's cycles (password change, policy review) decide the periods
  const jobs = complianceJobsFor(jobCyclesOf(profile));
  const roster = () => complianceRoster(profile);
  /** the profile's roster plus anyone in the staff groups (read from the directory), as staff */
  const fullRoster = async () => {
    const people = roster();
    if (!deps.mirror) return people;
    for (const m of await deps.mirror.groupMembers(deps.profile.staffGroupIds)) {
      if (!people.some((p) => p.aadObjectId === m.id))
        people.push({
          aadObjectId: m.id,
          displayName: m.displayName,
          group: 'staff',
          roles: [],
          startedOn: londonDate(new Date(m.firstSeen)),
        });
    }
    return people;
  };
  const holders = (...roles: readonly (keyof SchoolProfile['roles'])[]) => {
    const seen = new Map<string, string>();
    for (const role of roles) for (const p of profile.roles[role]) seen.set(p.aadObjectId, p.displayName);
    return [...seen].map(([id, name]) => ({ id, name }));
  };
  const nameOf = (id: string) => roster().find((p) => p.aadObjectId === id)?.displayName ?? id;

  /** queues (or, on a dry run, lists) the reminders; returns how many were new */
  const queue: Queue = async (items, context) => {
    for (const r of items)
      context.detail?.(
        `${context.dryRun ? 'would remind' : 'reminding'} ${nameOf(r.recipient)}: ${r.kind}${typeof (r.data as { why?: string }).why === 'string' ? ` (${(r.data as { why: string }).why})` : ''}`,
      );
    context.report(`${context.dryRun ? 'would remind' : 'reminding'} ${items.length} ${items.length === 1 ? 'person' : 'people'}`);
    if (context.dryRun) return items.length;
    return deps.reminders.enqueue(items, context.now);
  };
  const reminder = (context: JobContext, kind: string, recipient: string, data: Json): NewReminder => ({
    key: `${context.periodKey}:${recipient}`,
    kind,
    recipient,
    notBefore: context.now.toISOString(),
    data,
  });

  /**
   * a review, asked of its reviewers a cycle after it was last done (the latest "I've done it", else the
   * profile's date; a year unless the profile sets the policy's cycle): the reminder is queued now and
   * waits for that day; asked at once when it is overdue or was never done. when it is not due until a
   * later period, that period's run asks (queuing it now too would send it twice)
   */
  const reviewRun =
    (review: ReviewKind, jobName: JobName) =>
    async (context: JobContext): Promise<Record<string, Json>> => {
      const last = await lastReview(deps.records, profile, review);
      const dueOn = reviewDueOn(last, reviewCycle(profile, review));
      const { nextStartsOn } = jobs[jobName].periodOf(context.now);
      if (last && dueOn !== undefined && nextStartsOn !== undefined && dueOn >= nextStartsOn) {
        context.report(`last reviewed on ${last.on}; due on ${dueOn}, a later period's run will ask`);
        return { reminded: 0, notDueUntil: dueOn };
      }
      const waitsUntil = dueOn !== undefined && dueOn > londonDate(context.now) ? dueOn : undefined;
      context.report(
        last
          ? `last reviewed on ${last.on}; ${waitsUntil ? `the reminder waits until ${waitsUntil}` : 'due now'}`
          : 'no review on record: due now',
      );
      const data = {
        review,
        ...(last ? { lastReviewedOn: last.on, ...(last.by ? { lastReviewedBy: last.by } : {}) } : {}),
        ...(dueOn ? { dueOn } : {}),
        ...(reviewEvery(profile, review) ? { every: reviewEvery(profile, review)! } : {}),
      };
      const items = reviewers(profile, review).map((p) => ({
        ...reminder(context, `${review}-review`, p.id, data),
        ...(waitsUntil ? { notBefore: nineInTheMorning(waitsUntil) } : {}),
      }));
      return { reminded: await queue(items, context), ...(waitsUntil ? { waitsUntil } : {}) };
    };

  /**
   * a named check (issue 16): looked at daily, it reminds its audience on the first day of each period and
   * again halfway through, unless one of them has pressed "I've done it" in that period. each reminder's
   * key names the period and the round, so a day's second run (or a second instance) queues nothing twice
   */
  const checkJob = (check: RecurringCheck): ScheduledJob => {
    const review: ReviewKind = `check:${check.id}`;
    const cycle = checkCycle(check, profile.terms);
    return {
      name: `check-${check.id}`,
      description: `Daily, at 08:20: reminds ${check.audience.join(', ')} of the ${check.name} (${reviewEvery(profile, review)}) at the start of each period and again halfway through, unless it is recorded as done in that period.`,
      cron: '20 8 * * *',
      periodKey: (now: Date) => `check-${check.id}-${londonDate(now)}`,
      run: async (context): Promise<Record<string, Json>> => {
        const today = londonDate(context.now);
        const period = cycleBlock(today, cycle);
        const state = await reviewNow(deps.records, profile, review, today);
        if (state.done) {
          context.report(`done on ${state.last!.on}, in this period (from ${period.startsOn}): nothing to send`);
          return { reminded: 0, periodStartsOn: period.startsOn, doneOn: state.last!.on };
        }
        const round = today >= halfwayThrough(period) ? 'again' : 'first';
        const data = {
          review,
          name: check.name,
          ...(state.every ? { every: state.every } : {}),
          ...(state.last ? { lastReviewedOn: state.last.on, ...(state.last.by ? { lastReviewedBy: state.last.by } : {}) } : {}),
          ...(period.nextStartsOn ? { dueOn: period.nextStartsOn } : {}),
        };
        const items = reviewers(profile, review).map((p) => ({
          ...reminder(context, reminderKindOf(review), p.id, data),
          key: `${review}:${period.startsOn}:${round}:${p.id}`,
        }));
        return { reminded: await queue(items, context), periodStartsOn: period.startsOn, round };
      },
    };
  };

  const runs: Record<JobName, (context: JobContext) => Promise<Record<string, Json>>> = {
    aup: async (context) => {
      const policy = profile.aup;
      if (!policy) {
        context.report('the school profile has no acceptable use policy (aup): nothing to ask');
        return { reminded: 0, due: 0, skipped: 'no aup in the profile' };
      }
      const agreements = await deps.records.agreements();
      const due = aupReminders(await fullRoster(), agreements, policy, context.now);
      const items = due.map((d) =>
        reminder(context, 'aup', d.person.aadObjectId, {
          version: policy.version,
          summary: policy.summary,
          ...(policy.url ? { url: policy.url } : {}),
          why: WHY_AUP[d.reason] ?? d.reason,
          reason: d.reason,
        }),
      );
      // pupils sign on paper with their parents: each September the online-safety lead (or the DSL) gets the
      // list of pupils whose agreement for the new school year is not confirmed yet, to tick off
      const september = londonDate(context.now).slice(5, 7) === '09';
      const checkers = holders('online-safety-lead').length > 0 ? holders('online-safety-lead') : holders('dsl');
      if (september && profile.pupils.roster.length > 0) {
        const schoolYear = schoolYearOf(context.now);
        const missing = pupilsWithoutAgreement(profile.pupils.roster, agreements, schoolYear);
        context.report(
          `${missing.length} of ${profile.pupils.roster.length} pupils' agreements for ${schoolYear}-${Number(schoolYear.slice(2)) + 1} not confirmed yet`,
        );
        if (missing.length > 0) {
          for (const c of checkers) {
            items.push({
              ...reminder(context, 'pupil-aup-check', c.id, {
                schoolYear,
                missing: missing.map((p) => ({
                  id: p.aadObjectId,
                  name: p.displayName,
                  ...(p.className ? { className: p.className } : {}),
                })),
              }),
              key: `${context.periodKey}:pupil-aup:${c.id}`,
            });
          }
        }
      }
      return { reminded: await queue(items, context), due: due.length, skipped: false };
    },

    training: async (context) => {
      const records = await deps.records.training();
      const courses = profile.training.courses;
      const items: NewReminder[] = [];
      for (const person of roster()) {
        const due = trainingDue(person, courses, records, context.now).filter((c) => c.state !== 'ok');
        if (due.length > 0)
          items.push(
            reminder(context, 'training', person.aadObjectId, {
              courses: due.map((c) => ({ name: c.name, dueOn: c.dueOn ?? '', state: c.state })),
            }),
          );
      }
      const overdue = overdueByPerson(roster(), courses, records, context.now);
      for (const head of holders('headteacher')) {
        items.push({
          ...reminder(context, 'training-overdue-list', head.id, {
            people: overdue.map((o) => ({ name: o.person.displayName, courses: o.overdue.map((c) => c.name) })),
          }),
          key: `${context.periodKey}:overdue-list:${head.id}`,
        });
      }
      return { reminded: await queue(items, context), overdue: overdue.length };
    },

    leavers: async (context) => {
      if (!deps.directory) {
        context.report('no directory is configured (Graph): the leaver scan needs Graph settings (GRAPH_AUTH or AZURE_*); nothing scanned');
        return { scanned: 0, requests: 0, found: 0, reminded: 0, skipped: 'no directory' };
      }
      // monthly: a full scan (the only one that carries sign-in times) refreshes the local copy; a dry
      // run reads the directory but keeps nothing
      let accounts: DirectoryAccount[];
      let signInActivityAvailable: boolean;
      let requests: number;
      if (deps.mirror && !context.dryRun) {
        const synced = await syncDirectory(deps.directory, deps.mirror, { now: context.now, full: true });
        accounts = await deps.mirror.accounts();
        signInActivityAvailable = (await deps.mirror.state('signInActivityAvailable')) === 'true';
        requests = synced.requests;
      } else {
        const scan = await deps.directory.scanAccounts({});
        ({ accounts, signInActivityAvailable, requests } = scan);
      }
      const known = new Set([...roster().map((p) => p.aadObjectId), ...profile.pupils.userIds]);
      const findings = selectLeavers(accounts, {
        today: context.now,
        dormantAfterDays: profile.reviews.dormantAfterDays,
        roster: known,
        signInActivityAvailable,
      });
      context.report(`scanned ${accounts.length} accounts in ${requests} requests; ${findings.length} to review`);
      if (!context.dryRun) {
        for (const f of findings)
          await deps.records.recordFinding({
            accountId: f.account.id,
            accountName: f.account.displayName,
            periodKey: context.periodKey,
            reasons: f.reasons,
          });
      }
      const items =
        findings.length === 0
          ? []
          : holders(...rolesThatMay('review-leavers')).map((h) => reminder(context, 'leavers', h.id, { periodKey: context.periodKey }));
      return { scanned: accounts.length, requests, found: findings.length, reminded: await queue(items, context), skipped: false };
    },

    passwords: async (context) => {
      const staff = roster().filter((p) => p.group === 'staff');
      const items = staff.map((p) =>
        reminder(context, 'notice', p.aadObjectId, {
          title: 'Time to change your password',
          lines: [
            `Please change your school password now: the school asks everyone to change it every ${profile.reviews.passwordEveryMonths} months.`,
            'Use a long passphrase you do not use anywhere else, and never share it.',
          ],
        }),
      );
      return { reminded: await queue(items, context) };
    },

    'policy-review': reviewRun('policy', 'policy-review'),
    'filtering-review': reviewRun('filtering', 'filtering-review'),

    'safer-internet-day': async (context) => {
      const day = saferInternetDay(Number(londonDate(context.now).slice(0, 4)));
      if (londonDate(context.now) > day) {
        context.report(`Safer Internet Day (${day}) has passed: nothing to send`);
        return { reminded: 0, day };
      }
      const items = roster()
        .filter((p) => p.group === 'staff')
        .map((p) =>
          reminder(context, 'notice', p.aadObjectId, {
            title: `Safer Internet Day is on ${day}`,
            lines: ['Plan a lesson or an assembly on staying safe online. Resources: https://saferinternet.org.uk'],
          }),
        );
      return { reminded: await queue(items, context), day };
    },
  };

  const scheduled: ScheduledJob[] = (Object.keys(runs) as JobName[]).map((name) => ({
    name,
    description: jobs[name].description,
    cron: jobs[name].cron,
    periodKey: (now: Date) => jobs[name].periodKey(now),
    run: runs[name],
  }));
  for (const check of profile.checks) scheduled.push(checkJob(check));
  const { directory, mirror } = deps;
  if (directory && mirror) {
    // Graph keeps a delta token for 7 days: a daily delta keeps the local copy (and the token) alive
    scheduled.push({
      name: 'directory-sync',
      description:
        'Daily, at 07:00: reads what changed in the directory since yesterday (Graph delta query), or everything when the token has expired.',
      cron: '0 7 * * *',
      periodKey: (now: Date) => `directory-sync-${londonDate(now)}`,
      run: async (context) => {
        if (context.dryRun) {
          context.report('would read the directory changes since the last sync');
          return { kind: 'none', changed: 0, requests: 0, appointed: 0, reminded: 0 };
        }
        const synced = await syncDirectory(directory, mirror, { now: context.now });
        context.report(`${synced.kind} sync: ${synced.changed} accounts in ${synced.requests} requests`);
        // someone new in a staff group has just been appointed: they are asked for the AUP today (Camden 3.3)
        const appointed: { id: string; displayName: string }[] = [];
        for (const groupId of profile.staffGroupIds) {
          const { members } = await directory.groupMembers(groupId);
          appointed.push(...(await mirror.updateGroup(groupId, members, context.now)));
        }
        // the pupil groups too: who is a pupil is read from them (identity fails closed without them)
        for (const groupId of profile.pupils.groupIds) {
          const { members } = await directory.groupMembers(groupId);
          await mirror.updateGroup(groupId, members, context.now);
        }
        await deps.groupsChanged?.();
        const policy = profile.aup;
        let reminded = 0;
        if (policy && appointed.length > 0) {
          const agreed = new Set((await deps.records.agreements()).filter((a) => a.version === policy.version).map((a) => a.personId));
          const items = appointed
            .filter((m, i) => !agreed.has(m.id) && appointed.findIndex((x) => x.id === m.id) === i)
            .map((m) => ({
              ...reminder(context, 'aup', m.id, {
                version: policy.version,
                summary: policy.summary,
                ...(policy.url ? { url: policy.url } : {}),
                why: WHY_AUP['new-starter']!,
                reason: 'new-starter',
              }),
              key: `aup-appointed:${m.id}:${policy.version}`,
            }));
          for (const item of items)
            context.detail?.(`new in a staff group: ${appointed.find((m) => m.id === item.recipient)?.displayName ?? item.recipient}`);
          context.report(`${items.length} new in the staff groups`);
          reminded = await deps.reminders.enqueue(items, context.now);
        }
        return { kind: synced.kind, changed: synced.changed, requests: synced.requests, appointed: appointed.length, reminded };
      },
    });
  }
  return scheduled;
}
