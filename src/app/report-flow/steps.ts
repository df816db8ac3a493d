import { z } from 'zod';
import {
  INCIDENT_TYPE_INFO,
  INCIDENT_TYPES,
  londonDate,
  parseIncidentFacts,
  type IncidentFacts,
  type IncidentType,
  type Party,
} from '../../domain/index.js';
import { rolesOf } from '../identity.js';
import type { SchoolProfile } from '../../domain/school-profile.js';
import { PRESET_INFO, isPreset, type PresetInfo } from './presets.js';
import {
  ABOUT_IN_PERSON,
  ABOUT_NOT_LISTED,
  FOLLOW_UPS,
  LIMITS,
  STAFF_PARTIES,
  type FieldErrors,
  type FollowUp,
  type ReportAnswers,
  type ReportDraft,
  type Step,
  type Tri,
} from './draft.js';

// the report flow as pure transitions: a draft and a card's inputs in, the next draft (or the
// step's errors, the reporter's values kept) out. Adaptive Card inputs arrive as strings.

export type StepResult =
  { ok: true; draft: ReportDraft } | { ok: false; draft: ReportDraft; errors: FieldErrors; values: Record<string, string> };

const IN_4CS = (t: IncidentType) => INCIDENT_TYPE_INFO[t].riskArea !== null;

/** the follow-up questions that change the engine's answer for these types, in card order */
export function followUpsFor(types: readonly IncidentType[]): FollowUp[] {
  const ask: Record<FollowUp, boolean> = {
    // accidental access to content, or a deliberate act someone is sanctioned for
    deliberate: types.some((t) => INCIDENT_TYPE_INFO[t].riskArea !== 'contact' && t !== 'lost-device'),
    repeated: types.some((t) => INCIDENT_TYPE_INFO[t].riskArea === 'conduct'),
    // already illegal by definition: no need to ask
    illegalSuspected: types.some(IN_4CS) && !types.includes('child-abuse-images') && !types.includes('terrorist-material'),
    // school systems or not: matters for everything but lost equipment and data
    outsideSchool: types.some(IN_4CS),
  };
  return FOLLOW_UPS.filter((f) => ask[f]);
}

/**
 * grooming: "has a meeting been arranged?" (Camden 4.7: a yes makes the case critical, police now).
 * Asked on the card that asks the follow-ups: the follow-ups card, or the details card on a short path.
 */
export function meetingAskedOn(answers: ReportAnswers): 'followups' | 'details' | undefined {
  if (!(answers.types ?? []).includes('grooming')) return undefined;
  return stepsFor(answers).includes('followups') ? 'followups' : 'details';
}

/**
 * parties whose holder the reporter must name (R1 by person): anyone who may be one of several people.
 * the headteacher is one person, so naming the party names them.
 */
const NAMED_ADULT_PARTIES: readonly Party[] = ['staff', 'dsl', 'governor'];

/** an adult connected with the school did it: the reporter is asked who, so that person is barred */
export const asksWhoItIsAbout = (answers: Pick<ReportAnswers, 'instigators'>): boolean =>
  (answers.instigators ?? []).some((p) => NAMED_ADULT_PARTIES.includes(p));

/** the preset chosen at the start, if any ('other' is the long path) */
export const presetOf = (answers: Pick<ReportAnswers, 'preset'>): PresetInfo | undefined =>
  isPreset(answers.preset) ? PRESET_INFO[answers.preset] : undefined;

/** the questions the details card asks too (a preset's short path): what the engine needs and the preset did not settle */
export function followUpsOnDetails(answers: ReportAnswers): FollowUp[] {
  const preset = presetOf(answers);
  if (!preset || preset.path === 'long') return [];
  return followUpsFor(answers.types ?? []).filter((f) => preset.answers[f] === undefined);
}

/**
 * the steps this draft goes through, in order. After a yes to danger: who the danger comes from (so
 * the alert that goes at once skips them), then the safety card. A preset's short path is then the
 * details and the review; "About a member of staff" asks who and what first; the long path asks all.
 */
export function stepsFor(answers: ReportAnswers): Step[] {
  const steps: Step[] = ['danger'];
  if (answers.immediateRisk) steps.push('danger-source', 'safety');
  const path = presetOf(answers)?.path ?? 'long';
  if (path === 'staff') steps.push('about', 'what');
  if (path === 'long') {
    steps.push('involved');
    if (asksWhoItIsAbout(answers)) steps.push('about');
    steps.push('what');
    if (followUpsFor(answers.types ?? []).length > 0) steps.push('followups');
  }
  steps.push('details', 'review');
  return steps;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '');
/** a multi-select ChoiceSet sends "a,b"; an unticked one sends nothing */
const list = (v: unknown): string[] =>
  str(v)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

const optionalText = (max: number, what: string) =>
  z
    .string()
    .trim()
    .max(max, `${what} is too long: keep it under ${max} characters`)
    .transform((s) => (s === '' ? undefined : s));
const tri = z.enum(['yes', 'no', 'unsure'], { error: 'Choose yes, no or not sure' });
const partyList = z.array(z.enum(STAFF_PARTIES as [Party, ...Party[]], { error: 'Choose from the list' }));

/** runs one zod schema per field and keeps the first message of each */
function parseFields<S extends Record<string, z.ZodType>>(
  shape: S,
  raw: Record<string, unknown>,
): { values: { [K in keyof S]: z.output<S[K]> }; errors: FieldErrors } {
  const values = {} as { [K in keyof S]: z.output<S[K]> };
  const errors: FieldErrors = {};
  for (const key of Object.keys(shape) as (keyof S & string)[]) {
    const parsed = shape[key]!.safeParse(raw[key]);
    if (parsed.success) values[key] = parsed.data as z.output<S[typeof key]>;
    else errors[key] = parsed.error.issues[0]?.message ?? 'Check this answer';
  }
  return { values, errors };
}

/** the raw values as strings, to show the reporter what they typed next to the errors */
function echo(raw: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) if (k !== 'flowId') out[k] = str(v);
  return out;
}

type Validated = { ok: true; answers: ReportAnswers } | { ok: false; errors: FieldErrors };

function validateDanger(raw: Record<string, unknown>, answers: ReportAnswers): Validated {
  const { values, errors } = parseFields(
    {
      danger: z.enum(['yes', 'no'], { error: 'Answer yes or no' }),
      // optional: a report started by typing keeps the long path; in an emergency nothing is bounced
      preset: z
        .string()
        .refine((p) => p === '' || isPreset(p), 'Choose from the list')
        .optional(),
    },
    { danger: str(raw.danger) || undefined, preset: str(raw.preset) || undefined },
  );
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const preset = values.preset && isPreset(values.preset) ? values.preset : undefined;
  const next: ReportAnswers = { immediateRisk: values.danger === 'yes' };
  if (preset !== answers.preset) {
    // a new choice replaces what the last one filled in; the reporter's own answers elsewhere stay
    next.preset = preset;
    for (const key of ['victims', 'instigators', 'witnesses', 'types', ...FOLLOW_UPS, 'meetingArranged'] as const) next[key] = undefined;
    Object.assign(next, structuredClone(preset ? PRESET_INFO[preset].answers : {}));
  }
  return { ok: true, answers: next };
}

function validateDangerSource(raw: Record<string, unknown>, answers: ReportAnswers, people: NameablePeople): Validated {
  const source = str(raw.dangerSource).trim();
  if (source === '') return { ok: false, errors: { dangerSource: 'Choose No, Not sure, or the adult it comes from' } };
  if (source !== 'no' && source !== 'unsure' && !people.has(source)) return { ok: false, errors: { dangerSource: 'Choose from the list' } };
  if (source === 'no' || source === 'unsure') return { ok: true, answers: { dangerSource: source } };
  // an adult of the school: they are who it is about, and never alerted
  const instigators = [...new Set([...(answers.instigators ?? []), 'staff' as Party])];
  return { ok: true, answers: { dangerSource: source, about: source, instigators } };
}

function validateInvolved(raw: Record<string, unknown>): Validated {
  const { values, errors } = parseFields(
    { victims: partyList, instigators: partyList, witnesses: partyList, childNames: optionalText(LIMITS.childNames, 'Names') },
    { victims: list(raw.victims), instigators: list(raw.instigators), witnesses: list(raw.witnesses), childNames: str(raw.childNames) },
  );
  if (!errors.victims && !errors.instigators && !errors.witnesses) {
    if (values.victims.length + values.instigators.length + values.witnesses.length === 0) {
      errors.victims = 'Choose at least one person involved';
    } else if (values.victims.includes('headteacher') && values.instigators.includes('headteacher')) {
      errors.instigators = 'The headteacher cannot be both the person harmed and the person it is about';
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    answers: { victims: values.victims, instigators: values.instigators, witnesses: values.witnesses, childNames: values.childNames },
  };
}

/** the people the reporter may name: the profile's adults (the card lists the same) */
export type NameablePeople = ReadonlySet<string>;

function validateAbout(raw: Record<string, unknown>, people: NameablePeople): Validated {
  const about = str(raw.about).trim();
  if (about === '') return { ok: false, errors: { about: 'Choose who it is about, or one of the last two choices' } };
  if (about !== ABOUT_NOT_LISTED && about !== ABOUT_IN_PERSON && !people.has(about))
    return { ok: false, errors: { about: 'Choose from the list' } };
  return { ok: true, answers: { about } };
}

function validateWhat(raw: Record<string, unknown>): Validated {
  const { values, errors } = parseFields(
    { types: z.array(z.enum(INCIDENT_TYPES, { error: 'Choose from the list' })).min(1, 'Choose at least one thing that happened') },
    // one multi-select per group on the card (types-content, types-contact, ...), or one list
    {
      types: Object.keys(raw)
        .filter((k) => k === 'types' || k.startsWith('types-'))
        .flatMap((k) => list(raw[k])),
    },
  );
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, answers: { types: [...new Set(values.types)] } };
}

function validateFollowUps(
  raw: Record<string, unknown>,
  answers: ReportAnswers,
  asked: FollowUp[] = followUpsFor(answers.types ?? []),
): Validated {
  const shape = Object.fromEntries(asked.map((f) => [f, tri])) as Record<FollowUp, typeof tri>;
  const { values, errors } = parseFields(shape, Object.fromEntries(asked.map((f) => [f, str(raw[f]) || undefined])));
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const next: ReportAnswers = {};
  // a question not asked keeps what a preset settled
  for (const f of FOLLOW_UPS) next[f] = asked.includes(f) ? (values[f] as Tri) : presetOf(answers)?.answers[f];
  // the engine's own contradiction checks, shown on the question they are about
  const facts = parseIncidentFacts(buildFacts({ ...answers, ...next }));
  if (!facts.ok) {
    for (const p of facts.error)
      if (p.path === 'deliberate')
        errors.deliberate = p.message.includes('repeated')
          ? 'You said it carried on after warnings, so it cannot have been an accident'
          : 'What you chose is deliberate by definition: it cannot have been an accident';
    if (Object.keys(errors).length > 0) return { ok: false, errors };
  }
  return { ok: true, answers: next };
}

function validateDetails(raw: Record<string, unknown>, now: Date, answers: ReportAnswers): Validated {
  // a preset's short path asks its few follow-up questions on this card
  const asked = followUpsOnDetails(answers);
  const followUps: Validated = asked.length > 0 ? validateFollowUps(raw, answers, asked) : { ok: true, answers: {} };
  const details = validateDetailsOnly(raw, now);
  if (!followUps.ok || !details.ok)
    return { ok: false, errors: { ...(followUps.ok ? {} : followUps.errors), ...(details.ok ? {} : details.errors) } };
  return { ok: true, answers: { ...followUps.answers, ...details.answers } };
}

function validateDetailsOnly(raw: Record<string, unknown>, now: Date): Validated {
  const today = londonDate(now);
  const { values, errors } = parseFields(
    {
      date: z
        .string({ error: 'Enter the date it happened' })
        .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter the date as a date, for example 2026-11-24')
        .refine(
          (d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
          'That is not a real date',
        )
        .refine((d) => d <= today, 'The date cannot be in the future'),
      time: z
        .string()
        .regex(/^(?:$|(?:[01]\d|2[0-3]):[0-5]\d)$/, 'Enter the time as hours and minutes, for example 14:30')
        .transform((s) => (s === '' ? undefined : s)),
      platform: optionalText(LIMITS.platform, 'The app or website'),
      description: z
        .string()
        .trim()
        .min(1, 'Describe what happened')
        .min(LIMITS.descriptionMin, `Describe what happened in a little more detail (at least ${LIMITS.descriptionMin} characters)`)
        .max(LIMITS.description, `The description is too long: keep it under ${LIMITS.description} characters`),
      evidence: optionalText(LIMITS.evidence, 'The evidence description'),
      actionTaken: optionalText(LIMITS.actionTaken, 'What you have done'),
    },
    {
      date: str(raw.date) || undefined,
      time: str(raw.time),
      platform: str(raw.platform),
      description: str(raw.description),
      evidence: str(raw.evidence),
      actionTaken: str(raw.actionTaken),
    },
  );
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, answers: values };
}

/** the meeting question, where this step's card asks it: yes, no, not sure, or left unanswered (not known) */
function validateMeeting(step: Step, raw: Record<string, unknown>, answers: ReportAnswers): Validated {
  if (meetingAskedOn(answers) !== step) return { ok: true, answers: {} };
  const given = str(raw.meetingArranged) || undefined;
  const parsed = tri.optional().safeParse(given);
  if (!parsed.success) return { ok: false, errors: { meetingArranged: 'Choose yes, no or not sure' } };
  return { ok: true, answers: { meetingArranged: parsed.data } };
}

/** the answers a step owns, for validating that step's card, with the meeting question where it is asked */
function validateStep(step: Step, raw: Record<string, unknown>, answers: ReportAnswers, now: Date, people: NameablePeople): Validated {
  const own = validateOwnStep(step, raw, answers, now, people);
  const meeting = validateMeeting(step, raw, answers);
  if (!own.ok || !meeting.ok) return { ok: false, errors: { ...(own.ok ? {} : own.errors), ...(meeting.ok ? {} : meeting.errors) } };
  return { ok: true, answers: { ...own.answers, ...meeting.answers } };
}

function validateOwnStep(step: Step, raw: Record<string, unknown>, answers: ReportAnswers, now: Date, people: NameablePeople): Validated {
  switch (step) {
    case 'about':
      return validateAbout(raw, people);
    case 'danger-source':
      return validateDangerSource(raw, answers, people);
    case 'danger':
      return validateDanger(raw, answers);
    case 'involved':
      return validateInvolved(raw);
    case 'what':
      return validateWhat(raw);
    case 'followups':
      return validateFollowUps(raw, answers);
    case 'details':
      return validateDetails(raw, now, answers);
    case 'safety':
    case 'review':
      return { ok: true, answers: {} };
  }
}

/** Next: validate the step's inputs; if they are fine store them and move on */
export function nextStep(draft: ReportDraft, raw: Record<string, unknown>, now: Date, people: NameablePeople = new Set()): StepResult {
  const checked = validateStep(draft.step, raw, draft.answers, now, people);
  if (!checked.ok) return { ok: false, draft, errors: checked.errors, values: echo(raw) };
  const answers = { ...draft.answers, ...checked.answers };
  // nobody to name any more: a name given earlier must not bar someone from a case not about them
  if (!asksWhoItIsAbout(answers)) delete answers.about;
  const steps = stepsFor(answers);
  const at = steps.indexOf(draft.step);
  const step = at < 0 ? 'danger' : (steps[Math.min(at + 1, steps.length - 1)] ?? 'review');
  const completed = [...(draft.completed ?? []), { step: draft.step, at: now.toISOString() }];
  return { ok: true, draft: { ...draft, answers, step, confirmingCancel: false, completed } };
}

/** Back: the previous step, every answer kept (the safety card is not shown twice) */
export function previousStep(draft: ReportDraft): ReportDraft {
  // the danger question's follow-ups are not asked twice once the alert has gone
  const steps: Step[] = stepsFor(draft.answers).filter((s) => s !== 'safety' && !(s === 'danger-source' && draft.answers.alertCaseId));
  const at = steps.indexOf(draft.step);
  return { ...draft, step: at > 0 ? (steps[at - 1] ?? 'danger') : 'danger', confirmingCancel: false };
}

export const askToCancel = (draft: ReportDraft): ReportDraft => ({ ...draft, confirmingCancel: true });
export const keepGoing = (draft: ReportDraft): ReportDraft => ({ ...draft, confirmingCancel: false });

const TRI_FACT: Record<Tri, boolean | undefined> = { yes: true, no: false, unsure: undefined };

/**
 * the engine's input from the answers given so far (a staff report). with the profile, the person the
 * reporter named is looked up with every role they hold (R1 by person)
 */
export function buildFacts(answers: ReportAnswers, profile?: Pick<SchoolProfile, 'roles'>): IncidentFacts {
  const involved: IncidentFacts['involved'] = [
    ...(answers.victims ?? []).map((party) => ({ party, part: 'victim' as const })),
    ...(answers.instigators ?? []).map((party) => ({ party, part: 'instigator' as const })),
    ...(answers.witnesses ?? []).map((party) => ({ party, part: 'witness' as const })),
  ];
  const facts: IncidentFacts = { reportedBy: 'staff', involved, types: [...(answers.types ?? [])] };
  if (answers.immediateRisk) facts.immediateRisk = true;
  const asked = followUpsFor(facts.types);
  for (const f of FOLLOW_UPS) {
    const value = answers[f];
    const fact = value && asked.includes(f) ? TRI_FACT[value] : undefined;
    if (fact !== undefined) facts[f] = fact;
  }
  const meeting = facts.types.includes('grooming') && answers.meetingArranged ? TRI_FACT[answers.meetingArranged] : undefined;
  if (meeting !== undefined) facts.meetingArranged = meeting;
  const about = asksWhoItIsAbout(answers) ? answers.about : undefined;
  if (about === ABOUT_IN_PERSON) facts.adultNamedInPerson = true;
  else if (about && about !== ABOUT_NOT_LISTED) {
    facts.implicatedPeople = [{ aadObjectId: about, roles: profile ? rolesOf(profile, about) : [] }];
  }
  return facts;
}
