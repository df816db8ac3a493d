import { z } from 'zod';
import { INCIDENT_TYPES, type IncidentType } from './incident-types.js';
import { PARTIES, PARTS, type Party, type Part } from './parties.js';
import { factContradictions } from './incident-fact-contradictions.js';
import { err, ok, type Result } from './result.js';
import { ROLES, type Role } from './roles.js';

/**
 * R1 by person: an adult connected with the school whom the reporter named as someone the concern is
 * about, with every role they hold in the school profile (the app looks the roles up; the engine
 * excludes each of them and moves the case up the chain).
 */
export interface ImplicatedPerson {
  /** Entra object id */
  aadObjectId: string;
  roles: Role[];
}

/** what a reporter tells the bot beyond the free text; the input of planEscalation (DOMAIN.md contract) */
export interface IncidentFacts {
  reportedBy: 'staff' | 'pupil';
  involved: { party: Party; part: Part }[];
  /** at least one; ids from INCIDENT_TYPES */
  types: IncidentType[];
  /** undefined = not known */
  deliberate?: boolean;
  /** continued after warnings */
  repeated?: boolean;
  /**
   * a child is in danger now. Camden 4.7's example counts: a child arranging to meet an adult
   * they met online. The card asks it in those words and sets this flag.
   */
  immediateRisk?: boolean;
  illegalSuspected?: boolean;
  outsideSchool?: boolean;
  /**
   * the child has arranged to meet an adult they met online (Camden 4.7: "the police should always be
   * contacted ... if they are arranging to meet the adult"): R5 makes the case critical, police now.
   * undefined = not known
   */
  meetingArranged?: boolean;
  /** R1 by person: the school's people the concern is about; never told, never on the case team */
  implicatedPeople?: ImplicatedPerson[];
  /**
   * the reporter would not name the adult here and will tell the headteacher in person: the case goes
   * to the headteacher alone, 1:1 (the safeguarding team could include the person)
   */
  adultNamedInPerson?: boolean;
}

export const REPORTERS = ['staff', 'pupil'] as const;

/** one thing wrong with a set of facts: where, and what to change */
export interface FactProblem {
  path: string;
  message: string;
}

const quoted = (v: unknown) => (typeof v === 'string' ? `"${v}"` : (JSON.stringify(v) ?? String(v)));

/** zod schema of the facts' shape; parseIncidentFacts adds the checks across fields */
export const incidentFactsSchema = z.strictObject(
  {
    reportedBy: z.enum(REPORTERS, { error: (i) => `${quoted(i.input)} is not a reporter: use "staff" or "pupil"` }),
    involved: z.array(
      z.strictObject({
        party: z.enum(PARTIES, { error: (i) => `${quoted(i.input)} is not a party id` }),
        part: z.enum(PARTS, { error: (i) => `${quoted(i.input)} is not a part: use victim, instigator or witness` }),
      }),
      { error: 'must be a list of { party, part }' },
    ),
    types: z
      .array(z.enum(INCIDENT_TYPES, { error: (i) => `${quoted(i.input)} is not an incident type id` }), {
        error: 'must be a list of incident type ids',
      })
      .min(1, 'list at least one incident type'),
    deliberate: z.boolean({ error: 'must be true, false or left out (not known)' }).optional(),
    repeated: z.boolean({ error: 'must be true, false or left out' }).optional(),
    immediateRisk: z.boolean({ error: 'must be true, false or left out' }).optional(),
    illegalSuspected: z.boolean({ error: 'must be true, false or left out' }).optional(),
    outsideSchool: z.boolean({ error: 'must be true, false or left out' }).optional(),
    meetingArranged: z.boolean({ error: 'must be true, false or left out' }).optional(),
    implicatedPeople: z
      .array(
        z.strictObject({
          aadObjectId: z
            .string({ error: 'must be an Entra object id' })
            .min(1, 'must be an Entra object id')
            .max(100, 'must be an Entra object id'),
          roles: z.array(z.enum(ROLES, { error: (i) => `${quoted(i.input)} is not a role id` }), { error: 'must be a list of role ids' }),
        }),
        { error: 'must be a list of { aadObjectId, roles }' },
      )
      .optional(),
    adultNamedInPerson: z.boolean({ error: 'must be true, false or left out' }).optional(),
  },
  { error: (i) => (i.code === 'unrecognized_keys' ? `unknown field: ${i.keys.join(', ')}` : 'facts must be an object') },
);

const FLAGS = [
  'deliberate',
  'repeated',
  'immediateRisk',
  'illegalSuspected',
  'outsideSchool',
  'meetingArranged',
  'adultNamedInPerson',
] as const;
const FIELDS = new Set<string>(['reportedBy', 'involved', 'types', 'implicatedPeople', ...FLAGS]);
const ROLE_IDS: ReadonlySet<unknown> = new Set(ROLES);

function wellFormedPeople(value: unknown): boolean {
  if (value === undefined) return true;
  if (!Array.isArray(value)) return false;
  for (const p of value as unknown[]) {
    if (typeof p !== 'object' || p === null || Array.isArray(p)) return false;
    const o = p as Record<string, unknown>;
    for (const key in o) if (key !== 'aadObjectId' && key !== 'roles') return false;
    if (typeof o.aadObjectId !== 'string' || o.aadObjectId.length === 0 || o.aadObjectId.length > 100) return false;
    if (!Array.isArray(o.roles) || !(o.roles as unknown[]).every((r) => ROLE_IDS.has(r))) return false;
  }
  return true;
}
const PARTY_IDS: ReadonlySet<unknown> = new Set(PARTIES);
const PART_IDS: ReadonlySet<unknown> = new Set(PARTS);
const TYPE_IDS: ReadonlySet<unknown> = new Set(INCIDENT_TYPES);

/**
 * True exactly when incidentFactsSchema accepts the input (a test holds the two together). It lets
 * planEscalation, which runs on every card action, skip building zod's issue list for facts that
 * are well formed; anything it rejects goes through zod for the messages.
 */
export function isWellFormedFacts(input: unknown): input is IncidentFacts {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return false;
  const o = input as Record<string, unknown>;
  for (const key in o) if (!FIELDS.has(key)) return false;
  if (o.reportedBy !== 'staff' && o.reportedBy !== 'pupil') return false;
  if (!Array.isArray(o.involved) || !Array.isArray(o.types) || o.types.length === 0) return false;
  for (const e of o.involved as unknown[]) {
    if (typeof e !== 'object' || e === null || Array.isArray(e)) return false;
    const entry = e as Record<string, unknown>;
    for (const key in entry) if (key !== 'party' && key !== 'part') return false;
    if (!PARTY_IDS.has(entry.party) || !PART_IDS.has(entry.part)) return false;
  }
  for (const t of o.types as unknown[]) if (!TYPE_IDS.has(t)) return false;
  for (const flag of FLAGS) if (o[flag] !== undefined && typeof o[flag] !== 'boolean') return false;
  return wellFormedPeople(o.implicatedPeople);
}

/** a copy, so the caller's object is never shared with (or changed through) a plan */
function copyFacts(f: IncidentFacts): IncidentFacts {
  const out: IncidentFacts = {
    reportedBy: f.reportedBy,
    involved: f.involved.map((e) => ({ party: e.party, part: e.part })),
    types: f.types.slice(),
  };
  for (const flag of FLAGS) if (f[flag] !== undefined) out[flag] = f[flag];
  if (f.implicatedPeople) out.implicatedPeople = f.implicatedPeople.map((p) => ({ aadObjectId: p.aadObjectId, roles: p.roles.slice() }));
  return out;
}

/** every problem with the input, shape and contradictions together; empty when the facts are valid */
export function incidentFactProblems(input: unknown): FactProblem[] {
  if (isWellFormedFacts(input)) return factContradictions(input as unknown as Record<string, unknown>);
  const parsed = incidentFactsSchema.safeParse(input);
  const problems: FactProblem[] = parsed.success
    ? []
    : parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(facts)', message: i.message }));
  if (typeof input === 'object' && input !== null && !Array.isArray(input)) {
    problems.push(...factContradictions(input as Record<string, unknown>));
  }
  return problems;
}

/** validates untrusted facts (card data, stored records) and lists every problem, never the first only */
export function parseIncidentFacts(input: unknown): Result<IncidentFacts, FactProblem[]> {
  const problems = incidentFactProblems(input);
  return problems.length === 0 ? ok(copyFacts(input as IncidentFacts)) : err(problems);
}

/** one readable line per problem, for error messages and cards */
export function describeFactProblems(problems: readonly FactProblem[]): string {
  return problems.map((p) => `${p.path}: ${p.message}`).join('; ');
}
