import { describe, expect, it } from 'vitest';
import { DEFAULT_END_OF_DAY, dueBy, parseIsoDuration, schoolCalendar } from '../../src/domain/index.js';
import { loadSeedProfile } from './support/seed-profiles.js';

const calendar = schoolCalendar(loadSeedProfile('example-school'));

describe('dueBy: service levels as instants (end of the school day 18:00 London)', () => {
  it.each([
    ['critical PT15M across the spring clock change (00:50 GMT -> 02:05 BST)', 'PT15M', '2026-03-29T00:50:00Z', '2026-03-29T01:05:00.000Z'],
    ['critical PT15M at night on a Saturday: clock time, not working time', 'PT15M', '2026-03-28T22:00:00Z', '2026-03-28T22:15:00.000Z'],
    ['ICO PT72H across the autumn clock change: 72 real hours', 'PT72H', '2026-10-23T12:00:00Z', '2026-10-26T12:00:00.000Z'],
    ['ICO PT72H over the Easter weekend ignores bank holidays', 'PT72H', '2026-04-02T16:00:00Z', '2026-04-05T16:00:00.000Z'],
    ['high P0D: reported Monday morning, due 18:00 BST the same day', 'P0D', '2026-03-30T09:00:00Z', '2026-03-30T17:00:00.000Z'],
    ['high P0D: reported after 18:00, due at the end of the next working day', 'P0D', '2026-03-30T18:00:00Z', '2026-03-31T17:00:00.000Z'],
    [
      'high P0D: reported on Saturday before the clock change, due Monday 18:00 BST',
      'P0D',
      '2026-03-28T10:00:00Z',
      '2026-03-30T17:00:00.000Z',
    ],
    ['high P0D: reported on Good Friday 2026, due Tuesday after Easter Monday', 'P0D', '2026-04-03T09:00:00Z', '2026-04-07T17:00:00.000Z'],
    ['high P0D: reported on an INSET closure day, due the next working day', 'P0D', '2026-09-01T09:00:00Z', '2026-09-02T17:00:00.000Z'],
    ['medium P1D: Friday 27 March 2026 (GMT) -> Monday 30 March 18:00 BST', 'P1D', '2026-03-27T12:00:00Z', '2026-03-30T17:00:00.000Z'],
    [
      'medium P1D: the Thursday before Good Friday 2026 -> the Tuesday after Easter Monday',
      'P1D',
      '2026-04-02T09:00:00Z',
      '2026-04-07T17:00:00.000Z',
    ],
    [
      'LADO P1D: Thursday 25 March 2027 over Good Friday, the clock change and Easter Monday',
      'P1D',
      '2027-03-25T10:00:00Z',
      '2027-03-30T17:00:00.000Z',
    ],
    ['LADO P1D: Friday 23 October 2026 (BST) -> Monday 26 October 18:00 GMT', 'P1D', '2026-10-23T11:00:00Z', '2026-10-26T18:00:00.000Z'],
    ['LADO P1D: half-term days are working days', 'P1D', '2026-10-27T10:00:00Z', '2026-10-28T18:00:00.000Z'],
    [
      'medium P1D: Christmas Eve 2026 -> Tuesday 29 December (28th is the substitute day)',
      'P1D',
      '2026-12-24T10:00:00Z',
      '2026-12-29T18:00:00.000Z',
    ],
    ['high P0D: the evening of Christmas Eve 2027 -> Wednesday 29 December', 'P0D', '2027-12-24T19:00:00Z', '2027-12-29T18:00:00.000Z'],
    [
      'high P0D: Saturday 30 October 2027, the night before the clock change -> Monday 18:00 GMT',
      'P0D',
      '2027-10-30T10:00:00Z',
      '2027-11-01T18:00:00.000Z',
    ],
    ['low P1W: five working days, Monday to Monday across the clock change', 'P1W', '2026-03-23T09:00:00Z', '2026-03-30T17:00:00.000Z'],
  ])('%s', (_name, within, from, expected) => {
    expect(dueBy({ within }, new Date(from), calendar).toISOString()).toBe(expected);
  });

  it("takes a plain duration string and a school's own end of day", () => {
    expect(DEFAULT_END_OF_DAY).toEqual({ hours: 18, minutes: 0 });
    const early = schoolCalendar({ terms: [], closureDays: [] }, { endOfDay: { hours: 16, minutes: 30 } });
    expect(dueBy('P0D', new Date('2026-06-10T09:00:00Z'), early).toISOString()).toBe('2026-06-10T15:30:00.000Z');
    expect(dueBy('P0D', new Date('2026-06-10T15:45:00Z'), early).toISOString()).toBe('2026-06-11T15:30:00.000Z');
  });

  it.each([
    ['a month (not a fixed number of working days)', 'P1M'],
    ['days mixed with clock time', 'P1DT2H'],
    ['not a duration', 'tomorrow'],
    ['an empty time part', 'PT'],
  ])('throws on %s', (_name, within) => {
    expect(() => dueBy(within, new Date('2026-06-10T09:00:00Z'), calendar)).toThrow(within);
  });
});

describe('parseIsoDuration', () => {
  it.each([
    ['PT15M', { weeks: 0, days: 0, hours: 0, minutes: 15, seconds: 0 }],
    ['PT72H', { weeks: 0, days: 0, hours: 72, minutes: 0, seconds: 0 }],
    ['P1W', { weeks: 1, days: 0, hours: 0, minutes: 0, seconds: 0 }],
    ['P0D', { weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0 }],
  ])('%s', (text, value) => {
    expect(parseIsoDuration(text)).toEqual({ ok: true, value });
  });

  it('rejects with a message naming the text', () => {
    expect(parseIsoDuration('P')).toEqual({
      ok: false,
      error: '"P" is not an ISO-8601 duration of weeks, days, hours, minutes or seconds (e.g. PT15M, P1D, PT72H)',
    });
  });
});
