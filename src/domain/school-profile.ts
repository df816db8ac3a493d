import { z } from 'zod';
import { ROLES, type Role } from './roles.js';

// the school profile: who holds each role, terms, closures, channels and external contacts.
// it is data the school owns; config/ loads it from a file and validates it with this schema.

const isoDate = z.iso.date({ message: 'must be a date written YYYY-MM-DD' });

export const personSchema = z.object({
  /** Entra (Azure AD) object id: the stable id Teams sends as `from.aadObjectId` */
  aadObjectId: z.guid({ message: 'must be an Entra object id (a GUID)' }),
  displayName: z.string().trim().min(1, 'must not be empty'),
  /** a phone number shown on the immediate-safety card, optional */
  phone: z.string().trim().min(1).optional(),
});
export type Person = z.infer<typeof personSchema>;

const contactSchema = z.object({
  name: z.string().trim().min(1),
  phone: z.string().trim().min(1).optional(),
  email: z.email().optional(),
  url: z.url().optional(),
});
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

export const schoolProfileSchema = z
  .object({
    school: z.object({
      name: z.string().trim().min(1),
      /** the short code used in reference numbers, e.g. OS */
      referencePrefix: z.string().regex(/^[A-Z]{2,6}$/, 'must be 2 to 6 capital letters').default('OS'),
      timezone: z.literal('Europe/London').default('Europe/London'),
      phone: z.string().trim().min(1).optional(),
    }),
    terms: z.array(termSchema).min(1, 'list at least one term'),
    /** INSET and other days the school is closed, beyond weekends and bank holidays */
    closureDays: z.array(isoDate).default([]),
    /** bank holidays; England and Wales by default, a school in Scotland or Northern Ireland lists its own */
    bankHolidays: z.array(isoDate).optional(),
    roles: z.object(rolesShape).strict(),
    /** members of these Entra groups / users are treated as pupils (issue: pupil card) */
    pupils: z
      .object({ groupIds: z.array(z.guid()).default([]), userIds: z.array(z.guid()).default([]) })
      .default({ groupIds: [], userIds: [] }),
    governors: z.array(personSchema).default([]),
    channels: z.object({ safeguarding: channelSchema, governors: channelSchema }),
    contacts: z.object({
      lado: contactSchema,
      policeNonEmergency: contactSchema,
      childrensSocialCare: contactSchema,
      adviceLine: contactSchema.optional(),
      ceop: contactSchema,
    }),
  });

export type SchoolProfile = z.infer<typeof schoolProfileSchema>;
export type SchoolProfileInput = z.input<typeof schoolProfileSchema>;
