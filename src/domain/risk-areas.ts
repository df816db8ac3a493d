import { z } from 'zod';

/** the 4Cs of KCSIE (Bentley 1, Camden 1.2) */
export const RISK_AREAS = ['content', 'contact', 'conduct', 'commerce'] as const;
export const riskAreaSchema = z.enum(RISK_AREAS);
export type RiskArea = z.infer<typeof riskAreaSchema>;

export interface RiskAreaInfo {
  label: string;
  description: string;
  pupilLabel: string;
  pupilDescription: string;
}

export const RISK_AREA_INFO: Readonly<Record<RiskArea, RiskAreaInfo>> = {
  content: {
    label: 'Content',
    description: 'Being exposed to illegal, inappropriate or harmful material.',
    pupilLabel: 'Something I saw',
    pupilDescription: 'A picture, video or words online that upset me.',
  },
  contact: {
    label: 'Contact',
    description: 'Harmful online interaction with other users, including adults seeking to groom or exploit.',
    pupilLabel: 'Someone who talked to me',
    pupilDescription: 'Someone online asked me things or said things that worried me.',
  },
  conduct: {
    label: 'Conduct',
    description: 'Online behaviour that increases the likelihood of, or causes, harm.',
    pupilLabel: 'Something someone did',
    pupilDescription: 'Someone was unkind, shared something or broke the rules online.',
  },
  commerce: {
    label: 'Commerce',
    description: 'Online gambling, inappropriate advertising, phishing or financial scams.',
    pupilLabel: 'Money or tricks',
    pupilDescription: 'Someone tried to get money, passwords or make me buy something.',
  },
};

/**
 * incident types that are about data rather than a child's online experience (lost devices, data
 * breaches) fall outside the 4Cs; staff cards show them as their own group
 */
export const DATA_SECURITY_GROUP = {
  id: 'data-security',
  label: 'Data security',
  description: 'Personal data exposed, sent to the wrong person, or equipment lost or stolen.',
} as const;
