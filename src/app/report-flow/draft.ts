import { z } from 'zod';
import { incidentTypeSchema, partySchema, type IncidentType, type Party } from '../../domain/index.js';

// a report in progress: kept in the conversation's bot state (never in card data) until Submit

export const STEPS = ['danger', 'danger-source', 'safety', 'involved', 'about', 'what', 'followups', 'details', 'review'] as const;
export type Step = (typeof STEPS)[number];

/** yes / no / not sure: "not sure" leaves the fact unknown for the engine */
export type Tri = 'yes' | 'no' | 'unsure';

export const FOLLOW_UPS = ['deliberate', 'repeated', 'illegalSuspected', 'outsideSchool'] as const;
export type FollowUp = (typeof FOLLOW_UPS)[number];

export interface ReportAnswers {
  /** the one-tap start: fills the categorisation; 'other' (or none) is the long path */
  preset?: string;
  immediateRisk?: boolean;
  /**
   * a child is in danger: does the danger come from an adult of the school? 'no', 'unsure', or the
   * Entra object id of the school's person (then barred from the alert and the case, as `about`)
   */
  dangerSource?: string;
  /** the case the early danger alert opened: the finished report joins it */
  alertCaseId?: string;
  victims?: Party[];
  instigators?: Party[];
  witnesses?: Party[];
  /** names typed by the reporter: the record only, never shown anywhere else */
  childNames?: string;
  /**
   * R1 by person, asked when an adult connected with the school did it: the Entra object id of the
   * school's person it is about, NOT_LISTED or IN_PERSON
   */
  about?: string;
  types?: IncidentType[];
  deliberate?: Tri;
  repeated?: Tri;
  illegalSuspected?: Tri;
  outsideSchool?: Tri;
  /**
   * grooming: has the child arranged to meet the adult? Asked with the follow-ups but not one of them:
   * it may be left unanswered (the same as "not sure"), so a report is never bounced over it
   */
  meetingArranged?: Tri;
  date?: string;
  time?: string;
  platform?: string;
  description?: string;
  evidence?: string;
  actionTaken?: string;
}

export interface ReportDraft {
  flowId: string;
  step: Step;
  answers: ReportAnswers;
  startedAt: string;
  /** the Entra object id of the person reporting: only they may act on the draft */
  reporter?: string;
  /** the "Discard this report?" question is showing over the step */
  confirmingCancel?: boolean;
  /** each step the reporter completed, and when: written to the decision trail on Submit, never before */
  completed?: { step: Step; at: string }[];
}

/** "who is it about?": someone not among the school's people */
export const ABOUT_NOT_LISTED = 'not-listed';
/** "who is it about?": the reporter will name them to the headteacher in person */
export const ABOUT_IN_PERSON = 'in-person';

/** per-field messages, keyed by the card input id */
export type FieldErrors = Record<string, string>;

/** the parties staff choose from, in card order */
export const STAFF_PARTIES: readonly Party[] = ['pupil', 'staff', 'headteacher', 'dsl', 'governor', 'parent', 'unknown-adult', 'other'];

export const LIMITS = {
  childNames: 500,
  platform: 100,
  description: 4000,
  evidence: 1000,
  actionTaken: 1000,
  descriptionMin: 10,
} as const;

export function newDraft(flowId: string, startedAt: Date, reporter?: string): ReportDraft {
  return { flowId, step: 'danger', answers: {}, startedAt: startedAt.toISOString(), ...(reporter ? { reporter } : {}) };
}

const tri = z.enum(['yes', 'no', 'unsure']).optional();
const optionalString = z.string().optional();

/** the stored draft is re-read on every action: anything that no longer fits this shape is dropped */
const reportDraftSchema = z.object({
  flowId: z.string().min(1),
  step: z.enum(STEPS),
  startedAt: z.string(),
  reporter: optionalString,
  confirmingCancel: z.boolean().optional(),
  completed: z.array(z.object({ step: z.enum(STEPS), at: z.string() })).optional(),
  answers: z.object({
    preset: optionalString,
    immediateRisk: z.boolean().optional(),
    dangerSource: optionalString,
    alertCaseId: optionalString,
    victims: z.array(partySchema).optional(),
    instigators: z.array(partySchema).optional(),
    witnesses: z.array(partySchema).optional(),
    childNames: optionalString,
    about: optionalString,
    types: z.array(incidentTypeSchema).optional(),
    deliberate: tri,
    repeated: tri,
    illegalSuspected: tri,
    outsideSchool: tri,
    meetingArranged: tri,
    date: optionalString,
    time: optionalString,
    platform: optionalString,
    description: optionalString,
    evidence: optionalString,
    actionTaken: optionalString,
  }),
});

export function parseDraft(stored: unknown): ReportDraft | undefined {
  const parsed = reportDraftSchema.safeParse(stored);
  return parsed.success ? (parsed.data as ReportDraft) : undefined;
}
