import { z } from 'zod';
import type { DeadlineAction } from './escalation-plan.js';
import type { ExternalContact, SchoolProfile } from './school-profile.js';

/** outside bodies a person refers to; the bot prompts and records, it never contacts them itself */
export const AGENCIES = ['police', 'ceop', 'childrens-social-care', 'lado', 'prevent', 'ico', 'hr', 'platform-report'] as const;
export const agencySchema = z.enum(AGENCIES);
export type Agency = z.infer<typeof agencySchema>;

export interface AgencyInfo {
  label: string;
  description: string;
  /** how to reach them when the school profile has no contact of its own */
  howToContact: string;
}

export const AGENCY_INFO: Readonly<Record<Agency, AgencyInfo>> = {
  police: {
    label: 'Police',
    description: 'For a child in immediate danger or suspected illegal activity.',
    howToContact: 'Call 999 if a child is in immediate danger; otherwise 101.',
  },
  ceop: {
    label: 'CEOP',
    description: "The National Crime Agency's child protection command, for online sexual abuse and grooming.",
    howToContact: 'Report at https://www.ceop.police.uk/Safety-Centre/',
  },
  'childrens-social-care': {
    label: "Children's social care (MASH)",
    description: 'The local authority team that decides on child-protection referrals.',
    howToContact: "Ring the local authority's MASH / children's social care front door.",
  },
  lado: {
    label: 'LADO',
    description: 'The local authority designated officer, for allegations against adults who work with children.',
    howToContact: "Ring the local authority's LADO within one working day.",
  },
  prevent: {
    label: 'Prevent (Channel)',
    description: 'For a child at risk of radicalisation or drawn towards violent extremism.',
    howToContact: "Contact the local authority's Prevent lead; the DSL refers through the MASH.",
  },
  ico: {
    label: "Information Commissioner's Office",
    description: 'The regulator told of a reportable personal data breach within 72 hours.',
    howToContact: 'Report at https://ico.org.uk/for-organisations/report-a-breach/ or ring 0303 123 1113.',
  },
  hr: {
    label: 'HR provider',
    description: "The school's HR provider, for advice when a member of staff is harmed or accused.",
    howToContact: "Ring the school's HR provider.",
  },
  'platform-report': {
    label: "The platform's report route",
    description: 'The site, app or phone company, to remove content or block an account.',
    howToContact: "Use the platform's own report button or abuse form.",
  },
};

type Contacts = SchoolProfile['contacts'];

/**
 * which of the profile's contacts reaches each agency: the one place the two meet. the police entry is
 * the non-emergency line (999 is everyone's); a platform's report route is each platform's own
 */
export const AGENCY_CONTACT: Readonly<Record<Agency, keyof Contacts | undefined>> = {
  police: 'policeNonEmergency',
  ceop: 'ceop',
  'childrens-social-care': 'childrensSocialCare',
  lado: 'lado',
  prevent: 'prevent',
  ico: 'ico',
  hr: 'hrProvider',
  'platform-report': undefined,
};

/** the school's own contact for an agency, when its profile names one */
export function contactFor(profile: Pick<SchoolProfile, 'contacts'>, agency: Agency): ExternalContact | undefined {
  const key = AGENCY_CONTACT[agency];
  return key ? profile.contacts[key] : undefined;
}

/** "Camden LADO, 020 7974 3317, lado@camden.gov.uk"; a contact with only a name reads as the name alone */
export function contactWords(contact: ExternalContact): string {
  return [contact.name, contact.phone, contact.email, contact.url].filter(Boolean).join(', ');
}

/**
 * how to reach an agency, in one line: the school's own contact where the profile names one, else the
 * generic words. for the police 999 always comes first, and the school's number is the non-emergency one
 */
export function howToContact(profile: Pick<SchoolProfile, 'contacts'>, agency: Agency): string {
  const contact = contactFor(profile, agency);
  const generic = AGENCY_INFO[agency].howToContact;
  if (!contact) return generic;
  // a name alone reaches nobody: the generic words still say how. no full stop after a web address
  if (!(contact.phone ?? contact.email ?? contact.url)) return agency === 'police' ? generic : `${contact.name}: ${generic}`;
  return agency === 'police' ? `Call 999 if a child is in immediate danger; otherwise ${contactWords(contact)}` : contactWords(contact);
}

/** where staff ask for advice when unsure, when the profile names one: "NSPCC helpline for professionals, 0808 800 5000" */
export const adviceLineWords = (profile: Pick<SchoolProfile, 'contacts'>): string | undefined =>
  profile.contacts.adviceLine ? contactWords(profile.contacts.adviceLine) : undefined;

/** a deadline whose action is to contact an agency: the reminder when it passes carries that agency's contact */
export const DEADLINE_AGENCY: Readonly<Partial<Record<DeadlineAction, Agency>>> = { 'lado-consult': 'lado', 'ico-decision': 'ico' };
