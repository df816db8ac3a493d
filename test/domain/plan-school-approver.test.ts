// issue 16: who approves, per school (`routing.approverByType`), with concrete plans on the Bentley-like
// ready profile: the setting takes a type's approval from the rules' approver, except over an adult of the
// school, a safeguarding concern, an implicated role or a role nobody holds; R1 still runs after it.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  planEscalation,
  profileRoles,
  APPROVER_ROLES,
  routingSchema,
  schoolProfileSchema,
  type IncidentFacts,
  type RoutingSettings,
  type SchoolProfile,
} from '../../src/domain/index.js';
import { facts } from './support/facts.js';

const BENTLEY: SchoolProfile = schoolProfileSchema.parse(
  parse(readFileSync(new URL('../../profiles/004-bentley.yaml', import.meta.url), 'utf8')),
);
const DSL_ID = 'be4e0004-0000-4000-8000-000000000001';
const HEAD_ID = 'be4e0004-0000-4000-8000-000000000003';

function plan(approverByType: RoutingSettings['approverByType'], f: IncidentFacts) {
  const profile: SchoolProfile = { ...BENTLEY, routing: { alwaysInform: [], byType: {}, bySeverity: {}, approverByType } };
  const p = planEscalation(f, profileRoles(profile));
  return { approver: p.approver, notify: p.notify.join(', '), profileLines: p.rationale.filter((l) => l.startsWith('Profile: the ')) };
}

describe('routing.approverByType', () => {
  it.each<[string, RoutingSettings['approverByType'], IncidentFacts, ReturnType<typeof plan>]>([
    [
      "a pupil's cyberbullying: the DSL approves instead of the headteacher (Camden 5.1 category C)",
      { cyberbullying: 'dsl' },
      facts({ involved: ['pupil:instigator', 'pupil:victim'], types: ['cyberbullying'] }),
      { approver: 'dsl', notify: 'dsl, headteacher', profileLines: ['Profile: the DSL approves cyberbullying (routing)'] },
    ],
    [
      "a member of staff's cyberbullying stays with the headteacher (staff conduct)",
      { cyberbullying: 'dsl' },
      facts({ involved: ['staff:instigator', 'pupil:victim'], types: ['cyberbullying'], deliberate: true }),
      {
        approver: 'headteacher',
        notify: 'headteacher, dsl, it-support',
        profileLines: [
          'Profile: the DSL approves cyberbullying (routing), but the case is about an adult of the school, so the headteacher approves',
        ],
      },
    ],
    [
      'repeated cyberbullying is a safeguarding concern: the DSL keeps it',
      { cyberbullying: 'headteacher' },
      facts({ involved: ['pupil:instigator', 'pupil:victim'], types: ['cyberbullying'], repeated: true }),
      {
        approver: 'dsl',
        notify: 'dsl, headteacher',
        profileLines: [
          'Profile: the headteacher approves cyberbullying (routing), but the case is a safeguarding concern, so the DSL approves',
        ],
      },
    ],
    [
      "the DSL named as the one it is about: the rules' approver stands, never the DSL",
      { cyberbullying: 'dsl' },
      facts({
        involved: ['pupil:instigator', 'pupil:victim'],
        types: ['cyberbullying'],
        implicatedPeople: [{ aadObjectId: DSL_ID, roles: ['dsl'] }],
      }),
      {
        approver: 'headteacher',
        notify: 'headteacher, deputy-dsl',
        profileLines: ['Profile: the DSL approves cyberbullying (routing), but the DSL is implicated, so the headteacher approves'],
      },
    ],
    [
      "the headteacher named: the online-safety lead's share (the DSL here) approves, never the headteacher",
      { 'inappropriate-website': 'headteacher' },
      facts({
        involved: ['pupil:victim'],
        types: ['inappropriate-website'],
        deliberate: false,
        implicatedPeople: [{ aadObjectId: HEAD_ID, roles: ['headteacher'] }],
      }),
      {
        approver: 'dsl',
        notify: 'dsl, chair-of-governors, it-support',
        profileLines: [
          'Profile: the headteacher approves inappropriate-website (routing), but the headteacher is implicated, so the online-safety lead approves',
        ],
      },
    ],
    [
      'a role nobody holds is not made approver',
      { 'inappropriate-website': 'deputy-headteacher' },
      facts({ involved: ['pupil:victim'], types: ['inappropriate-website'], deliberate: false }),
      {
        approver: 'dsl',
        notify: 'dsl, it-support',
        profileLines: [
          'Profile: the deputy headteacher approves inappropriate-website (routing), but no one holds the role of deputy headteacher, so the online-safety lead approves',
        ],
      },
    ],
    [
      'a type the case is not: no change',
      { 'data-breach': 'headteacher' },
      facts({ involved: ['pupil:instigator', 'pupil:victim'], types: ['cyberbullying'] }),
      { approver: 'headteacher', notify: 'headteacher, dsl', profileLines: [] },
    ],
  ])('%s', (_, approverByType, f, expected) => {
    expect(plan(approverByType, f)).toEqual(expected);
  });

  it('says in plain words what is wrong with a setting', () => {
    const parsed = routingSchema.safeParse({
      approverByType: { cyberbulling: 'dsl', 'data-breach': ['dpo'], 'lost-device': 'bursar', 'aup-breach': 'it-support' },
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'approverByType.data-breach: give one role id, not a list: one role approves, e.g. cyberbullying: dsl',
      `approverByType.lost-device: "bursar" is not a role id; use one of ${APPROVER_ROLES.join(', ')}`,
      `approverByType.aup-breach: "it-support" cannot approve cases; use one of ${APPROVER_ROLES.join(', ')}`,
      'approverByType: "cyberbulling" is not an incident type; ids are written like cyberbullying or data-breach (src/domain/incident-types.ts lists them)',
    ]);
  });
});
