import { describe, expect, it } from 'vitest';
import {
  AGENCIES,
  AGENCY_INFO,
  INCIDENT_TYPES,
  INCIDENT_TYPE_GROUPS,
  INCIDENT_TYPE_INFO,
  PARTIES,
  PARTY_INFO,
  RISK_AREAS,
  RISK_AREA_INFO,
  ROLES,
  ROLE_INFO,
  agencySchema,
  incidentTypeSchema,
  partySchema,
  riskAreaSchema,
  roleSchema,
} from '../../src/domain/index.js';

const longestWord = (text: string) =>
  Math.max(
    ...text
      .replace(/[^A-Za-z' -]/g, ' ')
      .split(/\s+/)
      .map((w) => w.length),
  );

describe('taxonomy', () => {
  it('keeps the DOMAIN.md ids exactly', () => {
    expect(ROLES).toEqual([
      'dsl',
      'deputy-dsl',
      'headteacher',
      'chair-of-governors',
      'online-safety-lead',
      'dpo',
      'it-support',
      'business-manager',
      'trust-ceo',
      // then the roles only some schools name (issue 16: first school 18.1, Bentley 3.1 and app. 2)
      'deputy-headteacher',
      'online-safety-governor',
      'siro',
    ]);
    expect(PARTIES).toEqual(['pupil', 'staff', 'headteacher', 'dsl', 'governor', 'chair-of-governors', 'parent', 'unknown-adult', 'other']);
    expect(RISK_AREAS).toEqual(['content', 'contact', 'conduct', 'commerce']);
    expect(AGENCIES).toEqual(['police', 'ceop', 'childrens-social-care', 'lado', 'prevent', 'ico', 'hr', 'platform-report']);
    expect(INCIDENT_TYPES).toHaveLength(30);
  });

  it.each([
    ['roles', roleSchema, 'trust-ceo', 'ceo'],
    ['parties', partySchema, 'unknown-adult', 'stranger'],
    ['risk areas', riskAreaSchema, 'commerce', 'culture'],
    ['agencies', agencySchema, 'childrens-social-care', 'mash'],
    ['incident types', incidentTypeSchema, 'nude-image-sharing', 'sexting'],
  ] as const)('the %s schema accepts its ids and rejects others', (_name, schema, good, bad) => {
    expect(schema.safeParse(good).success).toBe(true);
    expect(schema.safeParse(bad).success).toBe(false);
  });

  it('labels and describes every id in one line', () => {
    const all = [
      ...Object.values(ROLE_INFO),
      ...Object.values(PARTY_INFO),
      ...Object.values(RISK_AREA_INFO),
      ...Object.values(AGENCY_INFO),
      ...Object.values(INCIDENT_TYPE_INFO),
    ];
    expect(Object.keys(ROLE_INFO)).toEqual([...ROLES]);
    expect(Object.keys(PARTY_INFO)).toEqual([...PARTIES]);
    expect(Object.keys(AGENCY_INFO)).toEqual([...AGENCIES]);
    expect(Object.keys(INCIDENT_TYPE_INFO)).toEqual([...INCIDENT_TYPES]);
    for (const info of all) {
      expect(info.label.length).toBeGreaterThan(2);
      expect(info.description).toMatch(/^[A-Z].{10,130}\.$/);
      expect(info.description).not.toContain('\n');
    }
  });

  it('gives pupils short, simple words (no word over 10 letters, labels under 45 characters)', () => {
    for (const info of [...Object.values(INCIDENT_TYPE_INFO), ...Object.values(RISK_AREA_INFO)]) {
      expect(info.pupilLabel.length).toBeLessThan(45);
      expect(longestWord(`${info.pupilLabel} ${info.pupilDescription}`)).toBeLessThanOrEqual(10);
    }
    for (const info of Object.values(PARTY_INFO)) expect(longestWord(info.pupilLabel)).toBeLessThanOrEqual(10);
  });

  it('groups every incident type once for staff cards by the 4Cs, then data security (a pupil-only worry is not offered to staff)', () => {
    expect(INCIDENT_TYPE_GROUPS.map((g) => g.group)).toEqual(['content', 'contact', 'conduct', 'commerce', 'data-security']);
    expect(INCIDENT_TYPE_GROUPS.flatMap((g) => g.types).sort()).toEqual(INCIDENT_TYPES.filter((t) => t !== 'pupil-worry').sort());
    expect(INCIDENT_TYPE_GROUPS.find((g) => g.group === 'data-security')?.types).toEqual(['data-breach', 'lost-device']);
    expect(INCIDENT_TYPE_GROUPS.find((g) => g.group === 'contact')?.types).toEqual(['grooming', 'radicalisation']);
  });
});
