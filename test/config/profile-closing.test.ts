// the closing settings (issue 16): each school's own sanctions per category and the incident-log keeper,
// with today's behaviour when a profile leaves them out, and a plain message for each mistake
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { parseSchoolProfile } from '../../src/config/profile-loader.js';
import { SANCTION_CATEGORIES, sanctionChoices } from '../../src/domain/index.js';

const example = () => parse(readFileSync('profiles/example-school.yaml', 'utf8')) as Record<string, unknown>;

describe('school profile: sanctions and the incident log', () => {
  it('left out: the close form offers the six categories alone, as before, and nobody keeps an incident log', () => {
    const result = parseSchoolProfile(example());
    if (!result.ok) throw new Error(result.errors.join('\n'));
    expect(result.value.sanctions).toEqual({ pupil: { A: [], B: [], C: [], D: [] }, staff: { A: [], B: [] } });
    expect(sanctionChoices(result.value.sanctions)).toEqual(SANCTION_CATEGORIES.map((category) => ({ value: category, category })));
    expect(result.value.incidentLog).toEqual({});
  });

  it("a school's own list replaces its category's single choice; the other categories stay as they were", () => {
    const result = parseSchoolProfile({ ...example(), sanctions: { staff: { A: ['A warning from the head teacher'] } } });
    if (!result.ok) throw new Error(result.errors.join('\n'));
    expect(sanctionChoices(result.value.sanctions).map((c) => c.value)).toEqual([
      'pupil-A',
      'pupil-B',
      'pupil-C',
      'pupil-D',
      'staff-A:A warning from the head teacher',
      'staff-B',
    ]);
  });

  it.each<[string, Record<string, unknown>, string]>([
    [
      'a sanction listed twice',
      { sanctions: { pupil: { B: ['Contact with parents', 'Contact with parents'] } } },
      'sanctions.pupil.B.1: "Contact with parents" is listed twice',
    ],
    ['an empty sanction', { sanctions: { pupil: { A: ['  '] } } }, 'sanctions.pupil.A.0: must not be empty'],
    [
      'a staff category C',
      { sanctions: { staff: { C: ['Dismissal'] } } },
      'sanctions.staff.C: "C" is not a key the profile knows; the keys allowed here are A, B',
    ],
    [
      'a list where the categories go',
      { sanctions: { pupil: ['Contact with parents'] } },
      'sanctions.pupil: must be the pupil sanctions: A, B, C and D',
    ],
    [
      'a keeper that is not a role',
      { incidentLog: { keeper: 'bursar' } },
      'incidentLog.keeper: "bursar" is not a role id; use one of dsl, deputy-dsl',
    ],
  ])('%s: a plain message naming the key', (_, change, message) => {
    const result = parseSchoolProfile({ ...example(), ...change });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.join('\n')).toContain(message);
  });
});
