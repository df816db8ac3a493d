import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ComplianceRecords } from '../../src/ports/compliance-records.js';

// the yearly reviews' records ("I've done it"), for every adapter of ComplianceRecords
export function complianceRecordsContract(
  adapterName: string,
  open: () => Promise<{ records: ComplianceRecords; cleanup: () => Promise<void> }>,
): void {
  describe(`ComplianceRecords contract (the yearly reviews): ${adapterName}`, () => {
    let records: ComplianceRecords;
    let cleanup: () => Promise<void>;
    beforeEach(async () => ({ records, cleanup } = await open()));
    afterEach(async () => cleanup());

    const priya = { personId: 'a1b2c3d4-0000-4000-8000-000000000002', personName: 'Priya Shah' };
    const helen = { personId: 'a1b2c3d4-0000-4000-8000-000000000004', personName: 'Helen Marsh' };
    const chris = { personId: 'a1b2c3d4-0000-4000-8000-000000000008', personName: 'Chris Patel' };

    it('has no review on record at first', async () => {
      expect(await records.latestReview('policy')).toBeUndefined();
      expect(await records.latestReview('filtering')).toBeUndefined();
    });

    it('records who reviewed and when, and returns the record', async () => {
      const recorded = await records.recordReview({
        review: 'policy',
        reviewedOn: '2027-09-03',
        ...priya,
        recordedAt: '2027-09-03T08:15:00.000Z',
      });
      expect(recorded).toEqual({ review: 'policy', reviewedOn: '2027-09-03', ...priya, recordedAt: '2027-09-03T08:15:00.000Z' });
      expect(await records.latestReview('policy')).toEqual(recorded);
      // the other review is a record of its own
      expect(await records.latestReview('filtering')).toBeUndefined();
    });

    it('the same person pressing twice on one day records the first press only', async () => {
      await records.recordReview({ review: 'filtering', reviewedOn: '2027-09-03', ...chris, recordedAt: '2027-09-03T08:15:00.000Z' });
      const again = await records.recordReview({
        review: 'filtering',
        reviewedOn: '2027-09-03',
        ...chris,
        recordedAt: '2027-09-03T15:00:00.000Z',
      });
      expect(again.recordedAt).toBe('2027-09-03T08:15:00.000Z');
      expect(await records.latestReview('filtering')).toEqual(again);
    });

    it('the latest is the latest day, and on one day the last recorded, whatever order they were recorded in', async () => {
      await records.recordReview({ review: 'policy', reviewedOn: '2027-09-03', ...priya, recordedAt: '2027-09-03T08:15:00.000Z' });
      await records.recordReview({ review: 'policy', reviewedOn: '2026-07-08', ...helen, recordedAt: '2027-09-04T08:00:00.000Z' });
      expect(await records.latestReview('policy')).toMatchObject({ reviewedOn: '2027-09-03', personName: 'Priya Shah' });
      await records.recordReview({ review: 'policy', reviewedOn: '2027-09-03', ...helen, recordedAt: '2027-09-03T16:00:00.000Z' });
      expect(await records.latestReview('policy')).toMatchObject({ reviewedOn: '2027-09-03', personName: 'Helen Marsh' });
    });

    it('keeps each named check (check:<id>) as a record of its own, beside the policy and filtering reviews', async () => {
      const done = await records.recordReview({
        review: 'check:ict-security',
        reviewedOn: '2027-04-05',
        ...chris,
        recordedAt: '2027-04-05T10:30:00.000Z',
      });
      expect(done).toEqual({ review: 'check:ict-security', reviewedOn: '2027-04-05', ...chris, recordedAt: '2027-04-05T10:30:00.000Z' });
      expect(await records.latestReview('check:ict-security')).toEqual(done);
      expect(await records.latestReview('check:licences')).toBeUndefined();
      expect(await records.latestReview('policy')).toBeUndefined();
      expect(await records.latestReview('filtering')).toBeUndefined();
      await records.recordReview({ review: 'check:licences', reviewedOn: '2027-04-06', ...helen, recordedAt: '2027-04-06T09:00:00.000Z' });
      expect(await records.latestReview('check:licences')).toMatchObject({ reviewedOn: '2027-04-06', personName: 'Helen Marsh' });
      expect(await records.latestReview('check:ict-security')).toEqual(done);
    });

    it('keeps each agreement and training record once, the first standing, in date order', async () => {
      const first = await records.recordAgreement({ ...priya, version: '2027', agreedAt: '2027-09-04T08:00:00.000Z' });
      const again = await records.recordAgreement({ ...priya, version: '2027', agreedAt: '2027-09-05T08:00:00.000Z' });
      expect(again).toEqual(first);
      await records.recordAgreement({ ...helen, version: '2027', agreedAt: '2027-09-02T08:00:00.000Z' });
      expect((await records.agreements()).map((a) => a.personName)).toEqual(['Helen Marsh', 'Priya Shah']);
      expect(await records.agreements(priya.personId)).toEqual([{ ...priya, version: '2027', agreedAt: '2027-09-04T08:00:00.000Z' }]);
      const at = new Date('2027-09-06T08:00:00.000Z');
      await records.recordTraining({ ...chris, courseId: 'dsl-refresher', completedOn: '2027-06-01', provider: 'LA' }, at);
      await records.recordTraining({ ...chris, courseId: 'dsl-refresher', completedOn: '2027-06-01' }, at);
      await records.recordTraining({ ...chris, courseId: 'online-safety', completedOn: '2026-11-20' }, at);
      expect(await records.training(chris.personId)).toEqual([
        { ...chris, courseId: 'online-safety', completedOn: '2026-11-20' },
        { ...chris, courseId: 'dsl-refresher', completedOn: '2027-06-01', provider: 'LA' },
      ]);
      expect(await records.training(priya.personId)).toEqual([]);
    });

    it('a leaver finding is recorded once and decided once: the first decision stands, its reason kept as typed', async () => {
      const finding = {
        accountId: 'acc-1',
        accountName: 'Old Teacher',
        periodKey: '2027-10',
        reasons: ['left 2027-07-20', 'no sign-in for 90 days'],
      };
      await records.recordFinding(finding);
      await records.recordFinding({ ...finding, reasons: ['changed'] });
      await records.recordFinding({
        accountId: 'acc-2',
        accountName: 'Ann Supply',
        periodKey: '2027-10',
        reasons: ['no sign-in for 90 days'],
      });
      expect(await records.findings('2027-10')).toEqual([
        { accountId: 'acc-2', accountName: 'Ann Supply', periodKey: '2027-10', reasons: ['no sign-in for 90 days'] },
        finding,
      ]);
      const reason = 'left in July \u0000 — «keep» not needed';
      const decided = await records.decide('acc-1', '2027-10', {
        decision: 'disable',
        decidedBy: 'Chris Patel',
        reason,
        at: new Date('2027-10-02T09:00:00.000Z'),
      });
      expect(decided).toEqual({
        ...finding,
        decision: 'disable',
        decidedBy: 'Chris Patel',
        decisionReason: reason,
        decidedAt: '2027-10-02T09:00:00.000Z',
      });
      const late = await records.decide('acc-1', '2027-10', {
        decision: 'keep',
        decidedBy: 'Jo Lee',
        reason: 'still needed',
        at: new Date('2027-10-02T09:05:00.000Z'),
      });
      expect(late).toEqual(decided);
      expect(
        await records.decide('acc-9', '2027-10', { decision: 'keep', decidedBy: 'Jo Lee', reason: 'x', at: new Date() }),
      ).toBeUndefined();
      expect((await records.findings()).map((f) => f.accountId)).toEqual(['acc-2', 'acc-1']);
    });
  });
}
