import { z } from 'zod';
import { DEFAULT_TRAINING_COURSES } from './compliance/training-catalogue.js';
import { incidentLogSchema, sanctionsSchema } from './closing-settings.js';
import { INCIDENT_TYPES } from './incident-types.js';
import { ROLES, type Role } from './roles.js';
import { SEVERITIES } from './severity.js';

// the school profile: who holds each role, terms, closures, channels and external contacts.
// it is data the school owns; config/ loads it from a file and validates it with this schema.

const isoDate = z.iso.date({ message: 'must be a date written YYYY-MM-DD' });

export const personSchema = z.object({
  /** Entra (Azure AD) object id: the stable id Teams sends as `from.aadObjectId` */
  aadObjectId: z.guid({ message: 'must be an Entra object id (a GUID)' }),
  displayName: z.string().trim().min(1, 'must not be empty'),
  /** a phone number shown on the immediate-safety card, optional */
  phone: z.string().trim().min(1).optional(),
  /** the name pupils know them by, e.g. "Mrs Shah", shown on the pupils' cards; else their first name */
  pupilName: z.string().trim().min(1, 'must not be empty').max(40, 'keep it short (40 characters at most), e.g. "Mrs Shah"').optional(),
});
export type Person = z.infer<typeof personSchema>;

/** a member of staff or a governor on the roster the compliance reminders use, with the day they started */
export const rosterPersonSchema = personSchema.extend({
  /** the first day in post (YYYY-MM-DD): new starters are asked for their AUP and induction (Camden 3.3, Bentley 11) */
  startedOn: isoDate.optional(),
});
export type RosterPerson = z.infer<typeof rosterPersonSchema>;

const wholeMonths = (what: string) => z.number().int(`${what} must be a whole number of months`).min(1, `${what} must be 1 month or more`);

/** the staff and governors' acceptable use policy (Camden 3.3 and appendix 3, Bentley 3.1 and appendix 2) */
export const aupPolicySchema = z.object({
  /** the version people agree to, e.g. 2026-09; agreeing an earlier version does not count for this one */
  version: z.string().trim().min(1, 'must not be empty'),
  /** a few sentences shown on the card people agree from */
  summary: z.string().trim().min(1, 'must not be empty').max(1000, 'keep it to a few sentences (1000 characters at most)'),
  /** where the full policy is published */
  url: z.url({ protocol: /^https?$/, message: 'must be a web address starting https:// or http://' }).optional(),
  /** every internet user signs again each year (Camden 3.3) */
  renewEveryMonths: wholeMonths('renewEveryMonths').default(12),
  /** how many days before an agreement expires its holder is reminded */
  warnDays: z.number().int('warnDays must be a whole number of days').min(0, 'warnDays must be 0 or more').default(30),
});
export type AupPolicy = z.infer<typeof aupPolicySchema>;

// each profile gets its own copy of the catalogue
const defaultCourses = (): TrainingCourse[] => structuredClone([...DEFAULT_TRAINING_COURSES]);

// a course is for a group (every member of staff, every governor), the DSLs, or the holders of any role
// (issue 16: the online-safety co-ordinator's CEOP training, Camden 3.5.1; the business manager's)
export const TRAINING_AUDIENCES = ['staff', 'dsl', 'governor', ...ROLES.filter((r) => r !== 'dsl')] as readonly [
  'staff',
  'dsl',
  'governor',
  ...Exclude<Role, 'dsl'>[],
];
export type TrainingAudience = (typeof TRAINING_AUDIENCES)[number];

export const trainingCourseSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case words joined by hyphens, e.g. dsl-update'),
    name: z.string().trim().min(1, 'must not be empty'),
    /** 'staff': every member of staff; 'governor': every governor; 'dsl': the DSL and deputy DSLs; any other role id: who holds it */
    audience: z.array(z.enum(TRAINING_AUDIENCES)).min(1, 'name at least one audience: staff, governor, dsl or a role id'),
    /** how often it is repeated; without it the course is done once */
    everyMonths: wholeMonths('everyMonths').optional(),
    /** due within 30 days of a person starting (their startedOn) */
    atInduction: z.boolean().optional(),
    /** completing this course also counts as completing these (e.g. DSL training includes the annual update) */
    includes: z.array(z.string()).optional(),
  })
  .refine((c) => c.everyMonths !== undefined || c.atInduction === true, {
    message: 'a course needs everyMonths, atInduction: true, or both',
    path: ['everyMonths'],
  });
export type TrainingCourse = z.infer<typeof trainingCourseSchema>;

const trainingSchema = z.object({ courses: z.array(trainingCourseSchema).default(defaultCourses) }).superRefine(({ courses }, ctx) => {
  const ids = courses.map((c) => c.id);
  courses.forEach((c, i) => {
    if (ids.indexOf(c.id) !== i)
      ctx.addIssue({ code: 'custom', message: `course id "${c.id}" is listed twice`, path: ['courses', i, 'id'] });
    (c.includes ?? []).forEach((id, j) => {
      if (!ids.includes(id))
        ctx.addIssue({ code: 'custom', message: `"${id}" is not a course in this list`, path: ['courses', i, 'includes', j] });
    });
  });
});
export type TrainingSettings = z.infer<typeof trainingSchema>;

/** who a compliance duty is asked of: the same audiences a training course can name (staff, governor, dsl, a role id) */
const dutyAudience = (example: string) =>
  z
    .array(
      z.enum(TRAINING_AUDIENCES, {
        error: (i) => `"${String(i.input)}" is not an audience; use staff, governor, dsl or a role id (${ROLES.join(', ')})`,
      }),
      { error: `must be a list of role ids, e.g. ${example}` },
    )
    .min(1, `name at least one, e.g. ${example}`);

/**
 * a recurring check the school names (issue 16): Bentley 3.4's monthly ICT security check by the ICT
 * technician, Bawtry's licence check by the business manager and IT. each period its audience is
 * reminded, and again halfway through unless one of them has pressed "I've done it"
 */
export const recurringCheckSchema = z.object({
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case words joined by hyphens, e.g. ict-security'),
  /** as people see it, e.g. "ICT security check" */
  name: z.string().trim().min(1, 'must not be empty').max(80, 'keep it short (80 characters at most)'),
  /** monthly, termly (the profile's terms) or every N months (counted from September) */
  every: z.union([z.literal('monthly'), z.literal('termly'), z.object({ months: wholeMonths('every.months') }).strict()], {
    error: 'must be monthly, termly, or { months: N } (e.g. { months: 3 })',
  }),
  /** who is reminded and may record it done: role ids, or staff, governor, dsl as for training */
  audience: dutyAudience('[it-support]'),
});
export type RecurringCheck = z.infer<typeof recurringCheckSchema>;

const checksSchema = z
  .array(recurringCheckSchema)
  .default([])
  .superRefine((checks, ctx) => {
    const ids = checks.map((c) => c.id);
    checks.forEach((c, i) => {
      if (ids.indexOf(c.id) !== i) ctx.addIssue({ code: 'custom', message: `check id "${c.id}" is listed twice`, path: [i, 'id'] });
    });
  });

/** when reviews were last done, and the periods the account checks use */
const reviewsSchema = z
  .object({
    /** the online-safety policy: annually and after a serious incident (Camden 2.3.2, Bentley 12) */
    policyReviewedOn: isoDate.optional(),
    /** filtering and monitoring, annually with governors (Camden 2.3.2) */
    filteringReviewedOn: isoDate.optional(),
    /** the policy is reviewed every this many months: 12 unless set (Camden 2.3.2); the first school's is 24 */
    policyEveryMonths: wholeMonths('policyEveryMonths').optional(),
    /** 'termly': a light-touch review each term of `terms` (Bentley 3.1), instead of policyEveryMonths */
    policyReview: z.literal('termly', { error: 'must be termly, or leave it out and set policyEveryMonths' }).optional(),
    /**
     * who is asked to review the policy and may record it done (the trust: its board). without it, the DSL
     * and the headteacher, as the permission table says; audiences as for training (dsl: the DSL and deputies)
     */
    policyReviewers: dutyAudience('[trust-ceo, dsl, headteacher]').optional(),
    /** staff change their password every 6 months (Camden 3.1); the password reminder comes round this often */
    passwordEveryMonths: wholeMonths('passwordEveryMonths').default(6),
    /** an account unused this many days is a possible leaver ("zombie") account (first school 19) */
    dormantAfterDays: z
      .number()
      .int('dormantAfterDays must be a whole number of days')
      .min(1, 'dormantAfterDays must be 1 or more')
      .default(90),
  })
  .refine((r) => !(r.policyReview === 'termly' && r.policyEveryMonths !== undefined), {
    message: 'give either policyReview: termly or policyEveryMonths, not both',
    path: ['policyReview'],
  });
export type ReviewSettings = z.infer<typeof reviewsSchema>;

/** an outside agency as the school reaches it: shown on the cards wherever the bot says to contact that agency */
const contactSchema = z.object(
  {
    name: z.string({ error: 'must be the name people will see, e.g. "Camden LADO"' }).trim().min(1, 'must not be empty'),
    phone: z.string({ error: 'must be a phone number in quotes, e.g. "020 7974 3317"' }).trim().min(1, 'must not be empty').optional(),
    email: z.email({ error: 'must be an email address, e.g. lado@example.org' }).optional(),
    url: z.url({ error: 'must be a web address, e.g. https://www.example.org/report' }).optional(),
  },
  {
    error: (issue) =>
      issue.input === undefined ? 'is needed: give its name and phone number' : 'must be a name with a phone, email or web address',
  },
);
export type ExternalContact = z.infer<typeof contactSchema>;

const channelSchema = z.object({
  /** the team's thread id, e.g. 19:...@thread.tacv2 */
  teamId: z.string().min(1),
  /** the channel's conversation id, e.g. 19:...@thread.tacv2 */
  channelId: z.string().min(1),
  name: z.string().min(1).optional(),
});
export type ChannelRef = z.infer<typeof channelSchema>;

const termSchema = z
  .object({
    name: z.string().trim().min(1),
    start: isoDate,
    end: isoDate,
    /** the half-term break inside the term, when pupils are not in school */
    halfTerm: z.object({ start: isoDate, end: isoDate }).optional(),
  })
  .refine((t) => t.start <= t.end, { message: 'a term must end on or after the day it starts', path: ['end'] });
export type Term = z.infer<typeof termSchema>;

// every role key may be listed; each holds zero or more people. a school cannot run without a DSL
// and a headteacher, so those two must name someone (checked in the shape, so zod reports it
// together with every other problem rather than after them).
const rolesShape = {
  ...Object.fromEntries(ROLES.map((r) => [r, z.array(personSchema).default([])])),
  dsl: z.array(personSchema).min(1, 'a school must name at least one designated safeguarding lead'),
  headteacher: z.array(personSchema).min(1, 'a school must name its headteacher'),
} as { [K in Role]: z.ZodDefault<z.ZodArray<typeof personSchema>> | z.ZodArray<typeof personSchema> };

// who else a school tells (issue 16): roles informed on top of the engine's own routing. the engine
// adds them after its rules and before R1, so an implicated role or person is never reached by them.
const quotedList = (keys: readonly PropertyKey[]) => keys.map((k) => `"${String(k)}"`).join(', ');
const routedRoles = z
  .array(z.enum(ROLES, { error: (i) => `"${String(i.input)}" is not a role id; use one of ${ROLES.join(', ')}` }), {
    error: 'must be a list of role ids, e.g. [headteacher, online-safety-lead]',
  })
  .superRefine((roles, ctx) => {
    roles.forEach((role, i) => {
      if (roles.indexOf(role) !== i) ctx.addIssue({ code: 'custom', message: `"${role}" is listed twice`, path: [i] });
    });
  });
const routedBy = <const K extends readonly [string, ...string[]]>(what: string, keys: K, hint = `use one of ${keys.join(', ')}`) =>
  z
    .partialRecord(z.enum(keys), routedRoles, {
      // zod's types leave out the unrecognized_keys issue a record with enum keys raises for an unknown key
      error: (issue) => {
        const { code, keys: unknown } = issue as unknown as { code: string; keys?: PropertyKey[] };
        if (code !== 'unrecognized_keys' || !unknown) return `must map each ${what} to a list of role ids`;
        return `${quotedList(unknown)} ${unknown.length > 1 ? 'are not' : 'is not'} ${what}; ${hint}`;
      },
    })
    .default({});

/**
 * The roles a school may make approver of a type: those the engine itself has approve or stand in for an
 * approver, and the deputy headteacher. Not IT support, the business manager, the SIRO or the
 * online-safety governor: approving a case would show them a case's details no seed gives them.
 */
export const APPROVER_ROLES = [
  'dsl',
  'deputy-dsl',
  'headteacher',
  'deputy-headteacher',
  'online-safety-lead',
  'dpo',
  'chair-of-governors',
  'trust-ceo',
] as const satisfies readonly Role[];

export const routingSchema = z
  .object({
    /** told of every incident, e.g. Bawtry "Safe Use: Incidents": the head teacher and the online safety officer */
    alwaysInform: routedRoles.default([]),
    /** told of an incident of this type */
    byType: routedBy(
      'an incident type',
      INCIDENT_TYPES,
      'ids are written like cyberbullying or data-breach (src/domain/incident-types.ts lists them)',
    ),
    /** told of an incident of this severity (the engine's, before these roles are added) */
    bySeverity: routedBy('a severity', SEVERITIES),
    /**
     * who approves an incident of this type instead of the role the engine's rules chose, e.g. Bentley 6:
     * a pupil's cyberbullying is managed by the DSL. Never for an allegation against an adult of the
     * school, a member of staff's conduct or a safeguarding concern the DSL leads, and never an implicated role.
     */
    approverByType: z
      .partialRecord(
        z.enum(INCIDENT_TYPES),
        z.enum(APPROVER_ROLES, {
          error: (i) => {
            if (Array.isArray(i.input)) return 'give one role id, not a list: one role approves, e.g. cyberbullying: dsl';
            const known = (ROLES as readonly unknown[]).includes(i.input);
            return `"${String(i.input)}" ${known ? 'cannot approve cases' : 'is not a role id'}; use one of ${APPROVER_ROLES.join(', ')}`;
          },
        }),
        {
          // as routedBy: zod's types leave out the unrecognized_keys issue an unknown incident type raises
          error: (issue) => {
            const { code, keys: unknown } = issue as unknown as { code: string; keys?: PropertyKey[] };
            if (code !== 'unrecognized_keys' || !unknown) return 'must map each incident type to one role id, e.g. cyberbullying: dsl';
            return `${quotedList(unknown)} ${unknown.length > 1 ? 'are not incident types' : 'is not an incident type'}; ids are written like cyberbullying or data-breach (src/domain/incident-types.ts lists them)`;
          },
        },
      )
      .optional(),
  })
  .strict();
export type RoutingSettings = z.infer<typeof routingSchema>;

export const schoolProfileSchema = z.object({
  school: z.object({
    name: z.string().trim().min(1),
    /** the short code used in reference numbers, e.g. OS */
    referencePrefix: z
      .string()
      .regex(/^[A-Z]{2,6}$/, 'must be 2 to 6 capital letters')
      .default('OS'),
    timezone: z.literal('Europe/London').default('Europe/London'),
    phone: z.string().trim().min(1).optional(),
  }),
  terms: z.array(termSchema).min(1, 'list at least one term'),
  /** INSET and other days the school is closed, beyond weekends and bank holidays */
  closureDays: z.array(isoDate).default([]),
  /** bank holidays; England and Wales by default, a school in Scotland or Northern Ireland lists its own */
  bankHolidays: z.array(isoDate).optional(),
  roles: z.object(rolesShape).strict(),
  routing: routingSchema.default(() => ({ alwaysInform: [], byType: {}, bySeverity: {} })),
  /** members of these Entra groups / users are treated as pupils (issue: pupil card) */
  pupils: z
    .object({
      groupIds: z.array(z.guid()).default([]),
      userIds: z.array(z.guid()).default([]),
      /** names and classes, for the yearly check of paper acceptable use agreements (staff see it 1:1 only) */
      roster: z
        .array(z.object({ aadObjectId: z.guid(), displayName: z.string().trim().min(1), className: z.string().trim().min(1).optional() }))
        .default([]),
    })
    .default({ groupIds: [], userIds: [], roster: [] }),
  /** members of these Entra groups are staff: someone new in them is asked for the AUP on appointment */
  staffGroupIds: z.array(z.guid()).default([]),
  /** the staff roster the compliance reminders use; people who hold a role are staff too */
  staff: z.array(rosterPersonSchema).default([]),
  governors: z.array(rosterPersonSchema).default([]),
  /** without it there is no AUP to remind anyone about */
  aup: aupPolicySchema.optional(),
  training: trainingSchema.default(() => ({ courses: defaultCourses() })),
  reviews: reviewsSchema.default(() => ({ passwordEveryMonths: 6, dormantAfterDays: 90 })),
  /** the school's own sanctions per category, offered when a case is closed; a category without a list is offered alone */
  sanctions: sanctionsSchema,
  /** who keeps the incident log: they are sent each closed case's summary, without names */
  incidentLog: incidentLogSchema,
  /** the school's own recurring checks, each a reminder with an "I've done it" record; none by default */
  checks: checksSchema,
  channels: z.object({ safeguarding: channelSchema, governors: channelSchema }),
  /** each agency the engine can name, as this school reaches it; agencies.ts's contactFor maps one to the other */
  contacts: z.object(
    {
      lado: contactSchema,
      policeNonEmergency: contactSchema,
      childrensSocialCare: contactSchema,
      /** where staff ask for advice when unsure (the trust's step 2: its child protection helpline) */
      adviceLine: contactSchema.optional(),
      ceop: contactSchema,
      /** the local Prevent lead or Channel panel; without it the cards say to refer through the MASH */
      prevent: contactSchema.optional(),
      /** the school's HR provider, for a member of staff harmed or accused */
      hrProvider: contactSchema.optional(),
      /** the Information Commissioner's Office; without it the cards give the ICO's national number */
      ico: contactSchema.optional(),
    },
    { error: "is needed: the school's LADO, police non-emergency, children's social care (MASH) and CEOP contacts" },
  ),
});

export type SchoolProfile = z.infer<typeof schoolProfileSchema>;
export type SchoolProfileInput = z.input<typeof schoolProfileSchema>;
