// the profile's contacts: the four every school gives, the optional ones, and plain messages for mistakes
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { loadSchoolProfile, parseSchoolProfile } from '../../src/config/profile-loader.js';

const example = () => parse(readFileSync('profiles/example-school.yaml', 'utf8')) as Record<string, unknown>;

describe('school profile: contacts', () => {
  it('reads every contact of the example school, the optional Prevent, HR provider and ICO ones too', async () => {
    const result = await loadSchoolProfile('profiles/example-school.yaml');
    if (!result.ok) throw new Error(result.errors.join('\n'));
    expect(result.value.contacts).toEqual({
      lado: { name: 'Local authority LADO', phone: '01632 960100', email: 'lado@example.org' },
      policeNonEmergency: { name: 'Police (non-emergency)', phone: '101' },
      childrensSocialCare: { name: "Children's social care (MASH)", phone: '01632 960200' },
      adviceLine: { name: 'NSPCC helpline for professionals', phone: '0808 800 5000' },
      ceop: { name: 'CEOP Safety Centre', url: 'https://www.ceop.police.uk/Safety-Centre/' },
      prevent: { name: 'Local authority Prevent lead', phone: '01632 960300', email: 'prevent@example.org' },
      hrProvider: { name: 'Oakfield HR provider', phone: '01632 960400' },
      ico: {
        name: "Information Commissioner's Office",
        phone: '0303 123 1113',
        url: 'https://ico.org.uk/for-organisations/report-a-breach/',
      },
    });
  });

  it('a profile written before the optional contacts existed still loads, unchanged', () => {
    const older = example();
    const contacts = older.contacts as Record<string, unknown>;
    for (const key of ['adviceLine', 'prevent', 'hrProvider', 'ico']) delete contacts[key];
    const result = parseSchoolProfile(older);
    if (!result.ok) throw new Error(result.errors.join('\n'));
    expect(Object.keys(result.value.contacts)).toEqual(['lado', 'policeNonEmergency', 'childrensSocialCare', 'ceop']);
  });

  it('a profile with no contacts at all is told which four are needed', () => {
    const broken = example();
    delete broken.contacts;
    const result = parseSchoolProfile(broken);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      "contacts: is needed: the school's LADO, police non-emergency, children's social care (MASH) and CEOP contacts",
    ]);
  });

  it('names each mistake in plain words', () => {
    const broken = example();
    const contacts = broken.contacts as Record<string, unknown>;
    delete contacts.lado;
    contacts.prevent = { name: 'Prevent lead', phone: 1012 };
    contacts.hrProvider = { name: '', email: 'hr at example.org' };
    contacts.ico = 'ring the ICO';
    contacts.ceop = { name: 'CEOP', url: 'ceop website' };
    const result = parseSchoolProfile(broken);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      'contacts.lado: is needed: give its name and phone number',
      'contacts.ceop.url: must be a web address, e.g. https://www.example.org/report',
      'contacts.prevent.phone: must be a phone number in quotes, e.g. "020 7974 3317"',
      'contacts.hrProvider.name: must not be empty',
      'contacts.hrProvider.email: must be an email address, e.g. lado@example.org',
      'contacts.ico: must be a name with a phone, email or web address',
    ]);
  });
});
