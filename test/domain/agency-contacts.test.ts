// each agency the engine can name, as the school reaches it: the profile's contacts mapped in one place
import { describe, expect, it } from 'vitest';
import {
  AGENCIES,
  AGENCY_CONTACT,
  adviceLineWords,
  contactFor,
  howToContact,
  type Agency,
  type SchoolProfile,
} from '../../src/domain/index.js';

type Contacts = SchoolProfile['contacts'];
const REQUIRED: Contacts = {
  lado: { name: 'Camden LADO', phone: '020 7974 3317', email: 'lado@camden.example.org' },
  policeNonEmergency: { name: 'Police (non-emergency)', phone: '101' },
  childrensSocialCare: { name: 'Camden MASH', phone: '020 7974 1553' },
  ceop: { name: 'CEOP Safety Centre', url: 'https://www.ceop.police.uk/Safety-Centre/' },
};
const FULL: Contacts = {
  ...REQUIRED,
  adviceLine: { name: 'Education Child Protection Service helpline', phone: '01223 712096' },
  prevent: { name: 'Prevent Education Manager', phone: '020 7974 0000' },
  hrProvider: { name: 'Trust HR provider', email: 'hr@trust.example.org' },
  ico: { name: "Information Commissioner's Office", phone: '0303 123 1113' },
};

describe('contactFor and howToContact: the school own contact for each agency', () => {
  it('maps every agency the engine can name, and only the platform report route has no school contact', () => {
    expect(Object.keys(AGENCY_CONTACT)).toEqual([...AGENCIES]);
    expect(AGENCIES.filter((a) => contactFor({ contacts: FULL }, a) === undefined)).toEqual(['platform-report']);
  });

  it.each<[Agency, string]>([
    ['lado', 'Camden LADO, 020 7974 3317, lado@camden.example.org'],
    ['police', 'Call 999 if a child is in immediate danger; otherwise Police (non-emergency), 101'],
    ['childrens-social-care', 'Camden MASH, 020 7974 1553'],
    ['ceop', 'CEOP Safety Centre, https://www.ceop.police.uk/Safety-Centre/'],
    ['prevent', 'Prevent Education Manager, 020 7974 0000'],
    ['hr', 'Trust HR provider, hr@trust.example.org'],
    ['ico', "Information Commissioner's Office, 0303 123 1113"],
    ['platform-report', "Use the platform's own report button or abuse form."],
  ])('a profile with every contact: %s reads "%s"', (agency, words) => {
    expect(howToContact({ contacts: FULL }, agency)).toBe(words);
  });

  it.each<[Agency, string]>([
    ['prevent', "Contact the local authority's Prevent lead; the DSL refers through the MASH."],
    ['hr', "Ring the school's HR provider."],
    ['ico', 'Report at https://ico.org.uk/for-organisations/report-a-breach/ or ring 0303 123 1113.'],
  ])('a profile without the optional contacts: %s keeps the general words "%s"', (agency, words) => {
    expect(contactFor({ contacts: REQUIRED }, agency)).toBeUndefined();
    expect(howToContact({ contacts: REQUIRED }, agency)).toBe(words);
  });

  it('a contact with only a name keeps the general words after it; the police keep 999 and 101', () => {
    const nameOnly: Contacts = { ...REQUIRED, lado: { name: 'Camden LADO' }, policeNonEmergency: { name: 'Met Police' } };
    expect(howToContact({ contacts: nameOnly }, 'lado')).toBe("Camden LADO: Ring the local authority's LADO within one working day.");
    expect(howToContact({ contacts: nameOnly }, 'police')).toBe('Call 999 if a child is in immediate danger; otherwise 101.');
  });

  it('the advice line, when the profile names one', () => {
    expect(adviceLineWords({ contacts: FULL })).toBe('Education Child Protection Service helpline, 01223 712096');
    expect(adviceLineWords({ contacts: REQUIRED })).toBeUndefined();
  });
});
