import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabaseFile, type SqliteDatabase } from '../../src/adapters/sqlite/database.js';
import { SqliteComplianceRecords } from '../../src/adapters/sqlite/sqlite-compliance-records.js';
import { Compliance } from '../../src/app/compliance/actions.js';
import { identify } from '../../src/app/identity.js';
import { exampleProfile } from '../support/test-bot.js';

// the compliance use cases over the SQLite records on a temp file, as the bot runs them: Oakfield's
// profile (profiles/example-school.yaml), on Tuesday 24 November 2026.
const T0 = new Date('2026-11-24T10:00:00Z');
const id = (n: string) => `a1b2c3d4-0000-4000-8000-0000000000${n}`;
const SAM = id('01'); // a teacher
const PRIYA = id('02'); // the DSL
const TOM = id('03'); // the deputy DSL
const AVA = id('06'); // a pupil
const LEO = id('07'); // a pupil
const CHRIS = id('08'); // IT support
const JO = id('09'); // the DPO and business manager

let dir: string;
let db: SqliteDatabase;
let records: SqliteComplianceRecords;
let compliance: Compliance;
const profile = exampleProfile();
const who = (aadObjectId: string | undefined) => identify(profile, aadObjectId);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'compliance-actions-'));
  db = openDatabaseFile(join(dir, 'records.sqlite'));
  records = new SqliteComplianceRecords(db);
  compliance = new Compliance({ records, profile, now: () => T0 });
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const notPermitted = { ok: false, reason: 'not-permitted', message: "You don't have permission to do that." };

describe('agreeing to the acceptable use policy', () => {
  it('records who agreed to which version and when, renewable a year on; a second press records nothing new', async () => {
    const agreed = await compliance.agree(who(SAM), '2026-09');
    expect(agreed).toMatchObject({
      ok: true,
      value: {
        person: { aadObjectId: SAM, displayName: 'Sam Taylor' },
        agreement: { personId: SAM, personName: 'Sam Taylor', version: '2026-09', agreedAt: T0.toISOString() },
        status: { state: 'valid', version: '2026-09', agreedOn: '2026-11-24', expiresOn: '2027-11-24' },
      },
    });
    await compliance.agree(who(SAM), '2026-09');
    expect(await records.agreements(SAM)).toEqual([
      { personId: SAM, personName: 'Sam Taylor', version: '2026-09', agreedAt: T0.toISOString() },
    ]);
    expect(await compliance.aup(who(SAM))).toMatchObject({
      ok: true,
      value: { status: { state: 'valid' }, agreed: { version: '2026-09' } },
    });
  });

  it('an old card for another version records nothing and says the policy changed', async () => {
    expect(await compliance.agree(who(SAM), '2025-09')).toEqual({
      ok: false,
      reason: 'not-now',
      message: 'The policy has changed since this card was sent: please read the current version.',
    });
    expect(await records.agreements()).toEqual([]);
  });

  it('a pupil, someone unknown and nobody at all are refused and nothing is recorded', async () => {
    for (const someone of [AVA, 'not-on-any-list', undefined]) {
      expect(await compliance.agree(who(someone), '2026-09')).toEqual(notPermitted);
      expect(await compliance.aup(who(someone))).toEqual(notPermitted);
    }
    expect(await records.agreements()).toEqual([]);
  });

  it('a school without a policy in the profile: the card says so, and agreeing records nothing', async () => {
    const without = new Compliance({ records, profile: { ...profile, aup: undefined }, now: () => T0 });
    expect(await without.aup(who(SAM))).toMatchObject({ ok: false, reason: 'not-set-up' });
    expect(await without.agree(who(SAM), '2026-09')).toEqual(notPermitted);
  });
});

describe('recording training', () => {
  const done = { course: 'online-safety-refresher', completedOn: '2026-11-20', provider: 'The local authority' };

  it('a course done: recorded with the provider, and the next one due a year on', async () => {
    expect(await compliance.recordTraining(who(SAM), done)).toMatchObject({
      ok: true,
      value: { course: { id: 'online-safety-refresher' }, completedOn: '2026-11-20', nextDueOn: '2027-11-20' },
    });
    expect(await records.training(SAM)).toEqual([
      {
        personId: SAM,
        personName: 'Sam Taylor',
        courseId: 'online-safety-refresher',
        completedOn: '2026-11-20',
        provider: 'The local authority',
      },
    ]);
  });

  it.each([
    [
      'an unknown course',
      { ...done, course: 'juggling' },
      { course: 'Choose the course you completed.' },
      { course: '', completedOn: '2026-11-20', provider: 'The local authority' },
    ],
    [
      'a date in the future',
      { ...done, completedOn: '2026-11-25' },
      { completedOn: 'Give the date you completed it (not in the future).' },
      { course: 'online-safety-refresher', completedOn: '2026-11-25', provider: 'The local authority' },
    ],
    [
      'no date',
      { ...done, completedOn: 'last week' },
      { completedOn: 'Give the date you completed it (not in the future).' },
      { course: 'online-safety-refresher', completedOn: '', provider: 'The local authority' },
    ],
    [
      'a provider longer than the box',
      { ...done, provider: 'x'.repeat(101) },
      { provider: 'Please keep this to 100 characters or fewer (it has 101). Nothing was saved.' },
      { course: 'online-safety-refresher', completedOn: '2026-11-20', provider: 'x'.repeat(100) },
    ],
  ])('%s: invalid, with the problem and what goes back into the form; nothing recorded', async (_case, input, errors, values) => {
    expect(await compliance.recordTraining(who(SAM), input)).toEqual({
      ok: false,
      reason: 'invalid',
      message: Object.values(errors)[0],
      errors,
      values,
    });
    expect(await records.training()).toEqual([]);
  });

  it('someone not on the school lists is refused', async () => {
    expect(await compliance.recordTraining(who(AVA), done)).toEqual(notPermitted);
    expect(await compliance.training(who('not-on-any-list'))).toEqual(notPermitted);
  });
});

describe("confirming pupils' paper agreements", () => {
  it('the deputy DSL ticks pupils: only pupils on the list are recorded, for the school year, and the rest are listed', async () => {
    const result = await compliance.confirmPupils(who(TOM), { schoolYear: '2026', signed: `${AVA}, made-up-id` });
    expect(result).toMatchObject({
      ok: true,
      notice: 'Recorded 1 signed agreement.',
      value: { schoolYear: '2026', confirmed: 1, missing: [{ aadObjectId: LEO, displayName: 'Leo Green', className: 'Year 3' }] },
    });
    expect(await records.agreements()).toEqual([
      { personId: AVA, personName: 'Ava Brown', version: 'pupils-2026', agreedAt: T0.toISOString() },
    ]);
  });

  it('nothing ticked and a made-up year: the current school year, and a prompt to tick', async () => {
    expect(await compliance.confirmPupils(who(PRIYA), { schoolYear: '26', signed: '' })).toMatchObject({
      ok: true,
      notice: 'Tick the pupils whose signed agreement you have seen.',
      value: { schoolYear: '2026', confirmed: 0 },
    });
  });

  it('a teacher and IT support may not see or confirm the list', async () => {
    for (const someone of [SAM, CHRIS]) {
      expect(await compliance.pupils(who(someone))).toEqual(notPermitted);
      expect(await compliance.confirmPupils(who(someone), { signed: AVA })).toEqual(notPermitted);
    }
    expect(await records.agreements()).toEqual([]);
  });
});

describe('coverage', () => {
  it("the DSL sees each group's agreements and who is overdue on training; a teacher is refused", async () => {
    await compliance.agree(who(SAM), '2026-09');
    await compliance.recordTraining(who(SAM), { course: 'online-safety-refresher', completedOn: '2026-11-20' });
    const result = await compliance.coverage(who(PRIYA));
    if (!result.ok) throw new Error(result.message);
    expect(result.value.aup).toEqual({
      staff: { total: 8, valid: 1, expiring: 0, expired: 0, oldVersion: 0, missing: 7 },
      governor: { total: 1, valid: 0, expiring: 0, expired: 0, oldVersion: 0, missing: 1 },
    });
    // Sam's refresher is recorded, his induction never was; Nia started this month, so hers is not due yet
    expect(result.value.training.total).toBe(9);
    expect(result.value.training.upToDate).toBe(1);
    expect(result.value.training.overdue.map((o) => [o.person.displayName, o.overdue.map((c) => c.courseId)])).toEqual([
      ['Sam Taylor', ['induction']],
      ['Omar Ali', ['induction', 'online-safety-refresher']],
      ['Priya Shah', ['induction', 'online-safety-refresher', 'dsl-training', 'dsl-update']],
      ['Tom Okafor', ['induction', 'online-safety-refresher', 'dsl-training', 'dsl-update']],
      ['Helen Marsh', ['induction', 'online-safety-refresher']],
      ['David Rees', ['governor-online-safety']],
      ['Jo Evans', ['induction', 'online-safety-refresher']],
      ['Chris Patel', ['induction', 'online-safety-refresher']],
    ]);
    expect(await compliance.coverage(who(SAM))).toEqual(notPermitted);
  });
});

describe('the leaver review', () => {
  const finding = { accountId: 'acc-1', accountName: 'Old Account', periodKey: '2026-11', reasons: ['disabled in the MIS'] };

  it('before any scan: nothing to review', async () => {
    expect(await compliance.leavers(who(CHRIS))).toEqual({ ok: true, value: undefined, notice: '' });
  });

  it('IT support decides with a reason; the business manager is then told who decided; the first decision counts', async () => {
    await records.recordFinding(finding);
    const decide = (by: string, decision: string, reason: string, accountId = 'acc-1') =>
      compliance.decideLeaver(who(by), { accountId, periodKey: '2026-11', decision, reason });
    expect(await decide(CHRIS, 'disable', '  ')).toEqual({
      ok: false,
      reason: 'invalid',
      message: 'Give the reason for your decision: the record needs it. Nothing was changed.',
      errors: {},
      values: {},
    });
    const tooLong = 'y'.repeat(301);
    expect(await decide(CHRIS, 'disable', tooLong)).toEqual({
      ok: false,
      reason: 'invalid',
      message: 'Please keep this to 300 characters or fewer (it has 301). Nothing was saved.',
      errors: { 'acc-1': 'Please keep this to 300 characters or fewer (it has 301). Nothing was saved.' },
      values: { 'acc-1': 'y'.repeat(300) },
    });
    expect(await decide(CHRIS, 'maybe', 'left in July')).toEqual({ ok: true, value: {}, notice: '' });
    expect(await decide(CHRIS, 'disable', 'left in July')).toMatchObject({
      ok: true,
      notice: 'Recorded: disable. Now disable the account in Entra.',
      value: { decided: { decision: 'disable', decidedBy: 'Chris Patel', decisionReason: 'left in July' } },
    });
    expect(await decide(JO, 'keep', 'still needed')).toMatchObject({ ok: true, notice: 'Already decided by Chris Patel.' });
    expect(await decide(JO, 'keep', 'still needed', 'acc-404')).toEqual({
      ok: false,
      reason: 'not-found',
      message: 'That account is not in the review. Nothing was changed.',
    });
    expect(await compliance.leavers(who(JO))).toMatchObject({
      ok: true,
      value: { periodKey: '2026-11', accounts: [{ accountId: 'acc-1', decision: 'disable', decidedBy: 'Chris Patel' }] },
    });
  });

  it('the DSL may neither see nor decide', async () => {
    await records.recordFinding(finding);
    expect(await compliance.leavers(who(PRIYA))).toEqual(notPermitted);
    expect(await compliance.decideLeaver(who(PRIYA), { accountId: 'acc-1', periodKey: '2026-11', decision: 'keep', reason: 'x' })).toEqual(
      notPermitted,
    );
    expect((await records.findings())[0]!.decision).toBeUndefined();
  });
});
