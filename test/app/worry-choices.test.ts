import { describe, expect, it } from 'vitest';
import { parseIncidentFacts, planEscalation, profileRoles, type EscalationPlan, type IncidentFacts } from '../../src/domain/index.js';
import {
  isWorryChoice,
  RETIRED_WORRY_CHOICES,
  WORRY_CHOICES,
  WORRY_CHOICE_INFO,
  type WorryChoice,
} from '../../src/app/worried/worry-choices.js';
import { exampleProfile } from '../support/test-bot.js';

const roles = profileRoles(exampleProfile());

/** the plan a pupil's choice gets, as submitWorry builds it */
function planFor(choice: WorryChoice, dangerNow = false): EscalationPlan {
  const facts: IncidentFacts = { reportedBy: 'pupil', ...WORRY_CHOICE_INFO[choice].facts, ...(dangerNow ? { immediateRisk: true } : {}) };
  const parsed = parseIncidentFacts(facts);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return planEscalation(parsed.value, roles);
}

const GROOMING_REFERRALS = ['police consider', 'ceop consider', 'childrens-social-care consider'];

describe('the "I\'m worried" choices and the plan each gives (DOMAIN R5, R15)', () => {
  it.each([
    ['asked-for-pictures', 'high', GROOMING_REFERRALS],
    ['asked-to-meet', 'high', GROOMING_REFERRALS],
    ['keep-secret', 'high', GROOMING_REFERRALS],
    ['unkind', 'medium', ['platform-report consider']],
    ['picture', 'medium', []],
    ['upset', 'medium', []],
    ['friend', 'medium', []],
    ['something-else', 'medium', []],
    // retired from the card, still read for past records and old cards
    ['stranger', 'high', GROOMING_REFERRALS],
  ] as const)('%s: %s, the DSL first and the DSL decides, referrals %j', (choice, severity, referrals) => {
    const plan = planFor(choice);
    expect(plan.severity).toBe(severity);
    expect(plan.notify[0]).toBe('dsl');
    expect(plan.approver).toBe('dsl');
    expect(plan.referrals.map((r) => `${r.agency} ${r.when}`)).toEqual(referrals);
    expect(plan.exclude).toEqual([]);
  });

  it('the card offers every choice in the table, and only the retired one is left off', () => {
    expect([...WORRY_CHOICES].sort()).toEqual(
      ['asked-for-pictures', 'asked-to-meet', 'keep-secret', 'unkind', 'picture', 'upset', 'friend', 'something-else'].sort(),
    );
    expect(Object.keys(WORRY_CHOICE_INFO).sort()).toEqual([...WORRY_CHOICES, ...RETIRED_WORRY_CHOICES].sort());
  });

  it('R5: the three contact choices are grooming by someone not assumed to be a stranger, so it fits an "online friend" too', () => {
    for (const choice of ['asked-for-pictures', 'asked-to-meet', 'keep-secret'] as const) {
      const { facts, words } = WORRY_CHOICE_INFO[choice];
      expect(facts.types).toEqual(['grooming']);
      expect(facts.involved).toContainEqual({ party: 'other', part: 'instigator' });
      expect(facts.involved.some((e) => e.party === 'unknown-adult')).toBe(false);
      expect(words).toMatch(/^Someone online /);
      expect(words).not.toMatch(/know/i);
    }
  });

  it.each(['asked-for-pictures', 'asked-to-meet', 'keep-secret', 'unkind', 'something-else'] as const)(
    'R4 with R15: %s with "I am in danger now" is critical, police now, the DSL first with the deputy and head alerted',
    (choice) => {
      const plan = planFor(choice, true);
      expect(plan.severity).toBe('critical');
      expect(plan.notify[0]).toBe('dsl');
      expect(plan.notify).toEqual(expect.arrayContaining(['deputy-dsl', 'headteacher']));
      expect(plan.referrals[0]).toEqual({ agency: 'police', when: 'now' });
    },
  );

  it('every choice, retired ones too, is read; anything else is not', () => {
    for (const choice of [...WORRY_CHOICES, ...RETIRED_WORRY_CHOICES]) expect(isWorryChoice(choice)).toBe(true);
    for (const v of ['', 'Stranger', 'grooming', undefined, 3, 'toString', '__proto__']) expect(isWorryChoice(v)).toBe(false);
  });
});
