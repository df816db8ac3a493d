import { describe, expect, it } from 'vitest';
import { planEscalation, profileRoles, resolveRecipients, type IncidentFacts, type ResolvedRecipients } from '../../src/domain/index.js';
import { facts } from './support/facts.js';
import { SEED_SCHOOLS, loadSeedProfile, names, type SeedSchool } from './support/seed-profiles.js';

const show = (r: ResolvedRecipients) => ({
  recipients: r.recipients.map((x) => `${x.person.displayName} as ${x.role}${x.standingInFor ? ` for ${x.standingInFor}` : ''}`),
  approvers: names(r.approvers),
  approverRole: r.approverRole,
});

function route(school: SeedSchool, f: IncidentFacts, excludePeople: string[] = []) {
  const profile = loadSeedProfile(school);
  const plan = planEscalation(f, profileRoles(profile));
  const resolved = resolveRecipients(plan, profile, { excludePeople });
  if (!resolved.ok) throw new Error(resolved.error.problems.join('; '));
  return { plan, resolved: show(resolved.value) };
}

describe('the five seed schools as profiles', () => {
  it.each(SEED_SCHOOLS)('%s parses with the real profile schema', (school) => {
    expect(() => loadSeedProfile(school)).not.toThrow();
  });

  it.each([
    [
      'Bawtry "Online Safety Lead": a pupil\'s accidental access goes to the online-safety lead and IT support',
      'primary-online-safety-lead' as const,
      facts({ involved: ['pupil:victim'], types: ['inappropriate-website'], deliberate: false }),
      {
        recipients: ['Online Safety Lead as online-safety-lead', 'Managed IT Service as it-support'],
        approvers: ['Online Safety Lead'],
        approverRole: 'online-safety-lead',
      },
    ],
    [
      'Bawtry: the head is also the DSL; an allegation against the DSL reaches the chair, never the head',
      'primary-online-safety-lead' as const,
      facts({ involved: ['dsl:instigator'], types: ['pornography'], deliberate: true }),
      {
        recipients: [
          'Chair as chair-of-governors for headteacher',
          'Online Safety Lead as online-safety-lead',
          'Managed IT Service as it-support',
        ],
        approvers: ['Chair'],
        approverRole: 'chair-of-governors',
      },
    ],
    [
      'Bawtry: no DPO named, so a lost device goes to the headteacher (Camden 3.2)',
      'primary-online-safety-lead' as const,
      facts({ types: ['lost-device'] }),
      {
        recipients: [
          'Head and DSL as headteacher',
          'Online Safety Lead as online-safety-lead',
          'Managed IT Service as it-support',
          'Business Manager as business-manager',
        ],
        approvers: ['Head and DSL'],
        approverRole: 'headteacher',
      },
    ],
    [
      'trust policy: the headteacher implicated goes to the chair and the trust CEO',
      'two-school-trust' as const,
      facts({ involved: ['headteacher:instigator'], types: ['disrepute'], deliberate: true, outsideSchool: true }),
      {
        recipients: ['Chair as chair-of-governors', 'Trust DSL as dsl', 'Trust CEO as trust-ceo'],
        approvers: ['Chair'],
        approverRole: 'chair-of-governors',
      },
    ],
    [
      'trust policy: no online-safety lead, so the DSL handles anonymous bullying',
      'two-school-trust' as const,
      facts({ involved: ['pupil:victim'], types: ['cyberbullying'] }),
      { recipients: ['Trust DSL as dsl'], approvers: ['Trust DSL'], approverRole: 'dsl' },
    ],
    [
      'trust "staff victim": the executive head, with HR to consider',
      'two-school-trust' as const,
      facts({ involved: ['staff:victim', 'parent:instigator'], types: ['disrepute'] }),
      { recipients: ['Executive Head as headteacher', 'Trust DSL as dsl'], approvers: ['Executive Head'], approverRole: 'headteacher' },
    ],
    [
      "Camden 2.3.3: the DSL who is also the co-ordinator is implicated; the deputy takes the co-ordinator's share",
      'local-authority-model' as const,
      facts({ involved: ['dsl:instigator', 'pupil:victim'], types: ['sexual-harassment'], deliberate: true }),
      {
        recipients: ['Headteacher as headteacher', 'Deputy DSL as deputy-dsl for online-safety-lead', 'Network Manager as it-support'],
        approvers: ['Headteacher'],
        approverRole: 'headteacher',
      },
    ],
    [
      'Camden 4.7: a child meeting an adult today: DSL, deputy and headteacher at once',
      'local-authority-model' as const,
      facts({ involved: ['pupil:victim', 'unknown-adult:instigator'], types: ['grooming'], immediateRisk: true, outsideSchool: true }),
      {
        recipients: ['DSL and Co-ordinator as dsl', 'Deputy DSL as deputy-dsl', 'Headteacher as headteacher'],
        approvers: ['DSL and Co-ordinator'],
        approverRole: 'dsl',
      },
    ],
    [
      'Camden 4.4: the headteacher implicated in a school with no trust: the chair approves',
      'local-authority-model' as const,
      facts({ involved: ['headteacher:instigator'], types: ['hate-material'], deliberate: true }),
      {
        recipients: ['Chair as chair-of-governors', 'DSL and Co-ordinator as dsl', 'Network Manager as it-support'],
        approvers: ['Chair'],
        approverRole: 'chair-of-governors',
      },
    ],
    [
      'first school 3.1: a child at immediate risk reaches the DSP, all three deputies and the headteacher',
      'first-school-dsp' as const,
      facts({ involved: ['pupil:victim'], types: ['self-harm-content'], immediateRisk: true }),
      {
        recipients: [
          'DSP as dsl',
          'Deputy DSP One as deputy-dsl',
          'Deputy DSP Two as deputy-dsl',
          'Deputy DSP Three as deputy-dsl',
          'Headteacher as headteacher',
        ],
        approvers: ['DSP'],
        approverRole: 'dsl',
      },
    ],
    [
      'first school 3.1-3.2: lost equipment goes to the DPO; the business manager keeps the log and inventory',
      'first-school-dsp' as const,
      facts({ types: ['lost-device'] }),
      {
        recipients: [
          'External DPO as dpo',
          'Headteacher as headteacher',
          'Computing Lead as online-safety-lead',
          'ICT Support as it-support',
          'Business Manager as business-manager',
        ],
        approvers: ['External DPO'],
        approverRole: 'dpo',
      },
    ],
    [
      'first school app. 9: a deputy DSP named as the instigator receives nothing',
      'first-school-dsp' as const,
      facts({ involved: ['staff:instigator', 'pupil:victim'], types: ['grooming'], immediateRisk: true }),
      {
        recipients: [
          'Headteacher as headteacher',
          'DSP as dsl',
          'Deputy DSP Two as deputy-dsl',
          'Deputy DSP Three as deputy-dsl',
          'Computing Lead as online-safety-lead',
          'ICT Support as it-support',
        ],
        approvers: ['Headteacher'],
        approverRole: 'headteacher',
      },
      ['5eed0003-0000-4000-8000-000000000002'],
    ],
    [
      'Bentley 3.3: the DSL leads online safety, so a filtering failure goes to the DSL and ICT support',
      'primary-dsl-online-safety' as const,
      facts({ types: ['filtering-failure'] }),
      { recipients: ['DSL as dsl', 'ICT Support Officer as it-support'], approvers: ['DSL'], approverRole: 'dsl' },
    ],
    [
      'Bentley 6: a concern about the headteacher is reported to the chair of governors',
      'primary-dsl-online-safety' as const,
      facts({ involved: ['headteacher:instigator'], types: ['account-misuse'], deliberate: true }),
      { recipients: ['Chair as chair-of-governors', 'DSL as dsl'], approvers: ['Chair'], approverRole: 'chair-of-governors' },
    ],
    [
      "Bentley 6: a pupil's own report reaches the DSL first",
      'primary-dsl-online-safety' as const,
      facts({ reportedBy: 'pupil', involved: ['pupil:instigator'], types: ['nude-image-sharing'] }),
      { recipients: ['DSL as dsl'], approvers: ['DSL'], approverRole: 'dsl' },
    ],
  ] as const)('%s', (_name, school, f, want, excludePeople?: readonly string[]) => {
    expect(route(school, f, [...(excludePeople ?? [])]).resolved).toEqual(want);
  });
});
