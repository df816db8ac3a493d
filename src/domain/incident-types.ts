import { z } from 'zod';
import type { RiskArea } from './risk-areas.js';

/** the first school's incident form (app. 9), widened with the other seeds; the order is the card's order */
export const INCIDENT_TYPES = [
  'inappropriate-website',
  'pornography',
  'violent-material',
  'hate-material',
  'terrorist-material',
  'self-harm-content',
  'drugs-or-weapons-material',
  'grooming',
  'radicalisation',
  'cyberbullying',
  'sexual-harassment',
  'nude-image-sharing',
  'child-abuse-images',
  'images-without-consent',
  'impersonation',
  'account-misuse',
  'chain-or-threatening-messages',
  'disrepute',
  'bypassing-security',
  'hacking-or-malware',
  'copyright-breach',
  'aup-breach',
  'harmful-challenge',
  'online-gambling',
  'scam-or-phishing',
  'unauthorised-purchase',
  'data-breach',
  'lost-device',
  'filtering-failure',
  'pupil-worry',
] as const;
export const incidentTypeSchema = z.enum(INCIDENT_TYPES);
export type IncidentType = z.infer<typeof incidentTypeSchema>;

export interface IncidentTypeInfo {
  label: string;
  description: string;
  /** the 4Cs area staff cards group it under; null for data security (lost devices, data breaches) */
  riskArea: RiskArea | null;
  /** simple words for the pupil card (a 6-11 year old can read them) */
  pupilLabel: string;
  pupilDescription: string;
  /** offered on the pupil "I'm worried" card; the rest are for staff to choose */
  shownToPupils: boolean;
  /** recorded only from a pupil's "I'm worried" card (a worry not yet put in a category); not on staff cards */
  pupilOnly?: true;
}

const t = (
  riskArea: RiskArea | null,
  label: string,
  description: string,
  pupilLabel: string,
  pupilDescription: string,
  shownToPupils = true,
): IncidentTypeInfo => ({ riskArea, label, description, pupilLabel, pupilDescription, shownToPupils });

export const INCIDENT_TYPE_INFO: Readonly<Record<IncidentType, IncidentTypeInfo>> = {
  'inappropriate-website': t(
    'content',
    'Age-inappropriate site or app',
    'Websites, apps or social media not suitable for the age of the user.',
    'A website or app not for my age',
    'I went on something that is for older people.',
  ),
  pornography: t(
    'content',
    'Pornography',
    'Accessing, sharing or creating pornographic images or media.',
    'Rude pictures or videos',
    'I saw pictures or videos of people with no clothes on.',
  ),
  'violent-material': t(
    'content',
    'Violent material',
    'Violent images or media.',
    'People getting hurt',
    'I saw pictures or videos of people being hurt.',
  ),
  'hate-material': t(
    'content',
    'Hate material',
    'Racist, sexist, homophobic, religious or other hate material.',
    'Nasty things about people',
    'I saw something nasty about people because of who they are.',
  ),
  'terrorist-material': t(
    'content',
    'Terrorist or extremist material',
    'Terrorist or violent-extremist material.',
    'Something about hurting lots of people',
    'I saw something that says it is good to hurt people.',
  ),
  'self-harm-content': t(
    'content',
    'Self-harm or suicide content',
    'Sites advocating suicide, self-harm or eating disorders.',
    'People hurting themselves',
    'I saw something about people hurting themselves or not eating.',
  ),
  'drugs-or-weapons-material': t(
    'content',
    'Drug or weapon making material',
    'Drug or bomb making material.',
    'Drugs or weapons',
    'I saw something about drugs, knives, guns or bombs.',
  ),
  grooming: t(
    'contact',
    'Grooming',
    'An adult seeking contact with a child online: asking to meet, for images or for secrecy.',
    'Someone online wants to meet or keep secrets',
    'Someone I only know online asked to meet me, asked for photos or said to keep it secret.',
  ),
  radicalisation: t(
    'contact',
    'Radicalisation',
    'Contact with people promoting violent extremism.',
    'Someone wants me to hate or hurt people',
    'Someone online is trying to make me hate a group of people or hurt people.',
  ),
  cyberbullying: t(
    'conduct',
    'Online bullying',
    'Online bullying or harassment.',
    'Someone is being mean to me online',
    'Someone keeps sending or posting unkind things.',
  ),
  'sexual-harassment': t(
    'conduct',
    'Sexual harassment',
    'Unwanted sexualised comments, messages or coercion between peers.',
    'Rude messages about my body',
    'Someone sent rude messages or said rude things about my body.',
  ),
  'nude-image-sharing': t(
    'conduct',
    'Sharing nudes or semi-nudes',
    'Sharing nude or semi-nude images ("sexting"), including self-generated ones.',
    'Photos with no clothes on',
    'Someone asked for, sent or shared a photo of someone with no clothes on.',
  ),
  'child-abuse-images': t(
    'content',
    'Indecent images of children',
    'Indecent images of children: illegal to make, hold or forward.',
    'A picture of a child with no clothes on',
    'I saw a picture or video of a child with no clothes on.',
  ),
  'images-without-consent': t(
    'conduct',
    'Images posted without consent',
    'Posting images without the permission of everyone in them.',
    'A photo of me without asking',
    'Someone put a photo or video of me online without asking me.',
  ),
  impersonation: t(
    'conduct',
    'Impersonation',
    "An account created in someone else's name.",
    'Someone is pretending to be me',
    'Someone made an account pretending to be me or someone else.',
  ),
  'account-misuse': t(
    'conduct',
    "Using someone else's account",
    "Using someone else's account or password without permission.",
    'Someone used my login',
    'Someone used my login or password.',
  ),
  'chain-or-threatening-messages': t(
    'conduct',
    'Chain or threatening messages',
    'Spreading chain messages or threatening material.',
    'A scary message',
    'I got a scary message, or one that says I must send it on.',
  ),
  disrepute: t(
    'conduct',
    'Bringing into disrepute',
    'Posting material that brings a person or the school into disrepute.',
    'Unkind posts about a person or school',
    'Someone posted something unkind about a person or our school.',
  ),
  'bypassing-security': t(
    'conduct',
    'Bypassing security',
    'Deliberately bypassing filtering or security.',
    'Getting round the school blocks',
    'Someone got round the school internet blocks.',
  ),
  'hacking-or-malware': t(
    'conduct',
    'Hacking or malware',
    'Hacking, spreading viruses or damaging data.',
    'Hacking or a virus',
    'Someone broke into a computer or spread a virus.',
  ),
  'copyright-breach': t(
    'conduct',
    'Copyright breach',
    'Breaching copyright or licences.',
    'Copying without asking',
    "Someone copied music, films, games or other people's work without asking.",
    false,
  ),
  'aup-breach': t(
    'conduct',
    'Other acceptable use breach',
    'Other breach of the acceptable use agreement (phones, non-educational sites, messaging in lessons).',
    'Breaking our computer rules',
    'Someone broke our rules for using computers, tablets or phones.',
  ),
  'harmful-challenge': t(
    'content',
    'Harmful challenge or hoax',
    'Harmful online challenges and hoaxes.',
    'A scary or dangerous challenge',
    'I saw a scary story or a challenge that could hurt someone.',
  ),
  'online-gambling': t(
    'commerce',
    'Online gambling',
    'Online gambling or betting.',
    'Betting for money',
    'I saw or played games where you bet money.',
  ),
  'scam-or-phishing': t(
    'commerce',
    'Scam or phishing',
    'Fraud, phishing or scams.',
    'A trick to get money or passwords',
    'Someone tried to trick me into giving money, passwords or secrets.',
  ),
  'unauthorised-purchase': t(
    'commerce',
    'Unauthorised purchase',
    'Buying or ordering items online without permission.',
    'Buying things without asking',
    'Something was bought online without asking a grown-up.',
  ),
  'data-breach': t(
    null,
    'Data breach',
    'Personal data sent to the wrong person, exposed or lost.',
    'Private details shared',
    'Private details about people were shared by mistake.',
    false,
  ),
  'lost-device': t(
    null,
    'Lost or stolen device',
    'Lost or stolen equipment, tokens or removable media.',
    'A lost school device',
    'A school computer, tablet, phone or memory stick is lost.',
    false,
  ),
  'filtering-failure': t(
    'content',
    'Filtering or monitoring failure',
    'Filtering or monitoring let something through.',
    'Something that should be blocked',
    'I could get to something at school that should have been blocked.',
  ),
  // a pupil's worry about a friend, or "something else": the DSL talks to the child and finds out more
  'pupil-worry': {
    ...t(
      null,
      "A pupil's worry (kind not yet known)",
      'A pupil told us something worries them without saying what kind; the DSL finds out more.',
      'Something else',
      'Something else worries me.',
      false,
    ),
    pupilOnly: true,
  },
};

/** staff cards group the types by the 4Cs, then data security */
export const INCIDENT_TYPE_GROUPS: readonly { group: RiskArea | 'data-security'; types: readonly IncidentType[] }[] = (
  ['content', 'contact', 'conduct', 'commerce', 'data-security'] as const
).map((group) => ({
  group,
  types: INCIDENT_TYPES.filter((id) => !INCIDENT_TYPE_INFO[id].pupilOnly && (INCIDENT_TYPE_INFO[id].riskArea ?? 'data-security') === group),
}));
