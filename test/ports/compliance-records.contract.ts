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
  });
}
