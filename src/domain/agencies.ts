import { z } from 'zod';

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
