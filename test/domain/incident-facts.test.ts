import { describe, expect, it } from 'vitest';
import { InvalidIncidentFactsError, parseIncidentFacts, planEscalation, type IncidentFacts } from '../../src/domain/index.js';

const valid = { reportedBy: 'staff', involved: [{ party: 'pupil', part: 'victim' }], types: ['cyberbullying'] };

describe('parseIncidentFacts', () => {
  it.each([
    ['no types', { ...valid, types: [] }, [['types', 'list at least one incident type']]],
    ['an unknown type id', { ...valid, types: ['sexting'] }, [['types.0', '"sexting" is not an incident type id']]],
    [
      'an unknown party and part',
      { ...valid, involved: [{ party: 'teacher', part: 'bully' }] },
      [
        ['involved.0.party', '"teacher" is not a party id'],
        ['involved.0.part', '"bully" is not a part: use victim, instigator or witness'],
      ],
    ],
    ['an unknown reporter', { ...valid, reportedBy: 'parent' }, [['reportedBy', '"parent" is not a reporter: use "staff" or "pupil"']]],
    ['a misspelt field', { ...valid, immediateRisks: true }, [['(facts)', 'unknown field: immediateRisks']]],
    ['a flag that is not a boolean', { ...valid, deliberate: 'yes' }, [['deliberate', 'must be true, false or left out (not known)']]],
    ['a type listed twice', { ...valid, types: ['grooming', 'grooming'] }, [['types.1', '"grooming" is listed more than once']]],
    [
      'a party listed twice in the same part',
      {
        ...valid,
        involved: [
          { party: 'pupil', part: 'victim' },
          { party: 'pupil', part: 'victim' },
        ],
      },
      [['involved.1', '"pupil" as "victim" is listed more than once']],
    ],
    [
      'the headteacher as both target and instigator',
      {
        ...valid,
        involved: [
          { party: 'headteacher', part: 'victim' },
          { party: 'headteacher', part: 'instigator' },
        ],
      },
      [['involved', 'the headteacher cannot be both the target and the instigator']],
    ],
    [
      'a pupil report with no pupil involved',
      { ...valid, reportedBy: 'pupil', involved: [{ party: 'staff', part: 'instigator' }] },
      [['involved', 'a pupil report must list the pupil (as victim, instigator or witness)']],
    ],
    [
      'repeated after warnings but accidental',
      { ...valid, repeated: true, deliberate: false },
      [['deliberate', 'something repeated after warnings cannot be accidental (deliberate: false)']],
    ],
    [
      'accidental bypassing of security',
      { ...valid, types: ['bypassing-security'], deliberate: false },
      [['deliberate', '"bypassing-security" is deliberate by definition; it cannot be accidental']],
    ],
    ['not an object', 'grooming', [['(facts)', 'facts must be an object']]],
  ])('rejects %s', (_name, input, problems) => {
    const result = parseIncidentFacts(input);
    expect(result).toEqual({ ok: false, error: problems.map(([path, message]) => ({ path, message })) });
  });

  it('lists every problem at once, shape and contradictions together', () => {
    const result = parseIncidentFacts({
      reportedBy: 'pupil',
      involved: [
        { party: 'staff', part: 'witness' },
        { party: 'staff', part: 'witness' },
      ],
      types: ['grooming', 'nonsense', 'grooming'],
      repeated: true,
      deliberate: false,
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.map((p) => p.path)).toEqual(['types.1', 'types.2', 'involved.1', 'involved', 'deliberate']);
    }
  });

  it('accepts valid facts and returns a copy, not the input', () => {
    const input = { ...valid, deliberate: true, outsideSchool: undefined };
    const result = parseIncidentFacts(input);
    expect(result).toEqual({ ok: true, value: { ...valid, deliberate: true } });
    if (result.ok) {
      expect(result.value).not.toBe(input);
      expect(result.value.involved).not.toBe(input.involved);
    }
  });

  it('lets an emergency through even when the child is not listed', () => {
    expect(parseIncidentFacts({ reportedBy: 'staff', involved: [], types: ['grooming'], immediateRisk: true }).ok).toBe(true);
  });
});

describe('planEscalation on invalid facts', () => {
  it('throws a clear error listing every problem, never guesses', () => {
    const bad = { reportedBy: 'pupil', involved: [], types: [] } as unknown as IncidentFacts;
    expect(() => planEscalation(bad)).toThrow(
      new InvalidIncidentFactsError([
        { path: 'types', message: 'list at least one incident type' },
        { path: 'involved', message: 'a pupil report must list the pupil (as victim, instigator or witness)' },
      ]),
    );
    expect(() => planEscalation(bad)).toThrow(
      'Invalid incident facts: types: list at least one incident type; involved: a pupil report must list the pupil (as victim, instigator or witness)',
    );
  });
});
