import { describe, expect, it } from 'vitest';
import { planEscalation, profileRoles, resolveRecipients, type EscalationPlan, type SchoolProfile } from '../../src/domain/index.js';
import { facts } from './support/facts.js';
import { loadSeedProfile, names } from './support/seed-profiles.js';

const JO = 'a1b2c3d4-0000-4000-8000-000000000009'; // the example school's DPO, also its business manager

function plan(p: Partial<EscalationPlan> & Pick<EscalationPlan, 'notify'>): Pick<EscalationPlan, 'notify' | 'exclude' | 'approver'> {
  return { exclude: [], approver: null, ...p };
}

describe('resolveRecipients', () => {
  const example = loadSeedProfile('example-school');

  it('example school: the DPO who is also the business manager receives a lost-device case once', () => {
    const p = planEscalation(facts({ types: ['lost-device'] }), profileRoles(example));
    const r = resolveRecipients(p, example);
    expect(r.ok && r.value.recipients.map((x) => `${x.person.displayName} as ${x.role}`)).toEqual([
      // the DSL stands in for the empty online-safety lead and ranks above the headteacher
      'Jo Evans as dpo',
      'Priya Shah as dsl',
      'Helen Marsh as headteacher',
      'Chris Patel as it-support',
    ]);
  });

  it('example school: the online-safety lead is empty, so the DSL receives its share', () => {
    const r = resolveRecipients(plan({ notify: ['online-safety-lead', 'it-support'], approver: 'online-safety-lead' }), example);
    expect(r).toEqual({
      ok: true,
      value: {
        recipients: [
          { person: example.roles.dsl[0], role: 'dsl', standingInFor: 'online-safety-lead' },
          { person: example.roles['it-support'][0], role: 'it-support' },
        ],
        approvers: example.roles.dsl,
        approverRole: 'dsl',
        unresolved: [],
        notes: [
          'no one holds the online-safety lead role; the DSL receives it instead',
          'no one holds the online-safety lead role; the DSL receives it instead',
        ],
      },
    });
  });

  it('a person excluded by id receives nothing through any other role they hold', () => {
    const r = resolveRecipients(plan({ notify: ['dpo', 'business-manager', 'it-support'], approver: 'dpo' }), example, {
      excludePeople: [JO],
    });
    expect(
      r.ok && r.value.recipients.map((x) => `${x.person.displayName} as ${x.role}${x.standingInFor ? ` for ${x.standingInFor}` : ''}`),
    ).toEqual(['Helen Marsh as headteacher for dpo', 'Chris Patel as it-support']);
    expect(r.ok && names(r.value.approvers)).toEqual(['Helen Marsh']);
  });

  it('a person who holds an excluded role is barred from the roles they also hold', () => {
    const both = { ...example, roles: { ...example.roles, 'online-safety-lead': example.roles.dsl } } as SchoolProfile;
    const r = resolveRecipients(plan({ notify: ['headteacher', 'online-safety-lead'], exclude: ['dsl'], approver: 'headteacher' }), both);
    expect(r.ok && r.value.recipients.map((x) => `${x.person.displayName} as ${x.role}`)).toEqual([
      'Helen Marsh as headteacher',
      'Tom Okafor as deputy-dsl',
    ]);
  });

  it('no deputy: nothing extra, and it is noted rather than treated as a gap', () => {
    const noDeputy = { ...example, roles: { ...example.roles, 'deputy-dsl': [] } } as SchoolProfile;
    const r = resolveRecipients(plan({ notify: ['dsl', 'deputy-dsl', 'headteacher'], approver: 'dsl' }), noDeputy);
    expect(r.ok && r.value.recipients.map((x) => x.role)).toEqual(['dsl', 'headteacher']);
    expect(r.ok && r.value.notes).toEqual(['no one holds the deputy DSL role; nobody extra is alerted']);
    expect(r.ok && r.value.unresolved).toEqual([]);
  });

  it('reports, as a value, a profile that leaves a case about the headteacher with no one to approve it', () => {
    const noGovernors = { ...example, roles: { ...example.roles, 'chair-of-governors': [], 'trust-ceo': [] } } as SchoolProfile;
    const p = planEscalation(
      facts({ involved: ['headteacher:instigator'], types: ['pornography'], deliberate: true }),
      profileRoles(noGovernors),
    );
    expect(p.approver).toBe('chair-of-governors');
    const r = resolveRecipients(p, noGovernors);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.problems).toEqual(['no one in the school profile can approve this case as or for the chair of governors']);
      expect(r.error.partial.unresolved).toEqual(['chair-of-governors']);
      expect(r.error.partial.recipients.map((x) => x.person.displayName)).not.toContain('Helen Marsh');
    }
  });

  it('reports a case that reaches nobody at all', () => {
    const noDeputy = { ...example, roles: { ...example.roles, 'deputy-dsl': [] } } as SchoolProfile;
    const r = resolveRecipients(plan({ notify: ['deputy-dsl'] }), noDeputy);
    expect(r).toMatchObject({ ok: false, error: { problems: ['no one in the school profile can receive this case'] } });
  });

  it('trust CEO above the headteacher: falls back to the chair of governors when there is none', () => {
    const r = resolveRecipients(plan({ notify: ['trust-ceo'], approver: 'trust-ceo' }), example);
    expect(r.ok && r.value.recipients.map((x) => `${x.person.displayName} as ${x.role} for ${x.standingInFor}`)).toEqual([
      'David Rees as chair-of-governors for trust-ceo',
    ]);
  });
});
