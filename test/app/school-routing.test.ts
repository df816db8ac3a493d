// issue 16: a school's routing settings reach the reporter's review card through the report flow
// (planFor passes the profile's routing to the engine with its filled roles)
import { describe, expect, it } from 'vitest';
import { planFor, reviewOf } from '../../src/app/report-flow/index.js';
import type { SchoolProfile } from '../../src/domain/index.js';
import { exampleProfile } from '../support/test-bot.js';

const accidental = { victims: ['pupil' as const], types: ['inappropriate-website' as const], deliberate: 'no' as const };

describe('the report flow with routing settings', () => {
  it('Bawtry "Safe Use: Incidents": the headteacher is told of a low accidental access, and the review says so', () => {
    const profile: SchoolProfile = { ...exampleProfile(), routing: { alwaysInform: ['headteacher'], byType: {}, bySeverity: {} } };
    const plan = planFor(accidental, profile);
    expect(plan.notify).toContain('headteacher');
    expect(reviewOf(plan, profile).toldPeople).toContain('Helen Marsh (Headteacher)');
  });

  it('without settings the headteacher is not told of it', () => {
    const profile = exampleProfile();
    const plan = planFor(accidental, profile);
    expect(plan.notify).not.toContain('headteacher');
    expect(reviewOf(plan, profile).toldPeople).not.toContain('Helen Marsh (Headteacher)');
  });
});
