import type { Role } from './roles.js';

/** what a role is called on a card, and one line on what it does with a case */
export interface RoleInfo {
  label: string;
  /** the role inside a sentence: "the DSL", "the trust CEO" */
  inSentence: string;
  description: string;
}

export const ROLE_INFO: Readonly<Record<Role, RoleInfo>> = {
  dsl: {
    inSentence: 'DSL',
    label: 'Designated safeguarding lead',
    description: 'Triages every safeguarding concern and decides on referrals (some schools say DSP).',
  },
  'deputy-dsl': {
    inSentence: 'deputy DSL',
    label: 'Deputy safeguarding lead',
    description: 'Acts for the DSL when they are not available and is alerted at once when a child is in danger.',
  },
  headteacher: {
    inSentence: 'headteacher',
    label: 'Headteacher',
    description: 'Deals with allegations against staff, sanctions and serious incidents; consults the LADO.',
  },
  'chair-of-governors': {
    inSentence: 'chair of governors',
    label: 'Chair of governors',
    description: 'Receives concerns that involve the headteacher or a governor.',
  },
  'online-safety-lead': {
    inSentence: 'online-safety lead',
    label: 'Online safety lead',
    description: 'Logs online-safety incidents, handles low-level AUP breaches and filtering issues.',
  },
  dpo: {
    inSentence: 'DPO',
    label: 'Data protection officer',
    description: 'Handles data breaches and lost devices; decides within 72 hours whether to tell the ICO.',
  },
  'it-support': {
    inSentence: 'IT support',
    label: 'IT support',
    description: 'Blocks sites, reviews filtering, takes devices out of use and preserves evidence.',
  },
  'business-manager': {
    inSentence: 'business manager',
    label: 'School business manager',
    description: 'Keeps the equipment inventory and, in some schools, the incident log.',
  },
  'trust-ceo': {
    inSentence: 'trust CEO',
    label: 'Trust CEO',
    description: 'In a multi-academy trust, receives concerns that involve the headteacher.',
  },
  'deputy-headteacher': {
    inSentence: 'deputy headteacher',
    label: 'Deputy headteacher',
    description: 'In some schools, is told at once of a password or account breach (with the business manager).',
  },
  'online-safety-governor': {
    inSentence: 'online-safety governor',
    label: 'Online safety governor',
    description: 'The governor who oversees online safety: reads the termly digest of the online safety log.',
  },
  siro: {
    inSentence: 'SIRO',
    label: 'Senior information risk owner (SIRO)',
    description: "Owns the school's information risk: told of data breaches and authorises exemptions from the policy.",
  },
};
