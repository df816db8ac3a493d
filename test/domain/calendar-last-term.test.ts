import { describe, expect, it } from 'vitest';
import { lastTermEnded, schoolCalendar } from '../../src/domain/index.js';

// the term the termly digest is about once it is over: on the London wall clock, and over at 16:00 on
// its last day (when the job posts), whatever the server's zone or the UTC date says
const calendar = schoolCalendar({
  terms: [
    { name: 'Autumn 2026', start: '2026-09-02', end: '2026-12-18' },
    { name: 'Spring 2026', start: '2026-01-05', end: '2026-03-27' },
    { name: 'Summer 2026', start: '2026-04-13', end: '2026-07-22' },
  ],
  closureDays: [],
});

describe('lastTermEnded: the term that ended most recently, on the London clock', () => {
  it.each([
    ['before any term ended', '2026-01-10T12:00:00Z', undefined],
    ['in the summer term', '2026-06-01T12:00:00Z', 'Spring 2026'],
    // British Summer Time: London is UTC+1
    ['the last day of the summer term at 15:59 London (14:59 UTC)', '2026-07-22T14:59:00Z', 'Spring 2026'],
    ['the last day of the summer term at 16:00 London (15:00 UTC)', '2026-07-22T15:00:00Z', 'Summer 2026'],
    ['00:30 London on the last day, still the day before in UTC', '2026-07-21T23:30:00Z', 'Spring 2026'],
    ['00:30 London the day after the last day, still the last day in UTC', '2026-07-22T23:30:00Z', 'Summer 2026'],
    ['in the summer holidays', '2026-08-10T09:00:00Z', 'Summer 2026'],
    // Greenwich Mean Time: London is UTC
    ['the last day of the autumn term at 15:59 London', '2026-12-18T15:59:59Z', 'Summer 2026'],
    ['the last day of the autumn term at 16:00 London', '2026-12-18T16:00:00Z', 'Autumn 2026'],
    ['in the Christmas holidays', '2027-01-02T09:00:00Z', 'Autumn 2026'],
  ])('%s (%s): %s', (_what, iso, expected) => {
    expect(lastTermEnded(new Date(iso), calendar)?.name).toBe(expected);
  });
});
