import type { TrainingCourse } from '../school-profile.js';

/**
 * The training a school's profile starts from when it lists no courses of its own, from the seeds:
 * - induction: every new member of staff is trained on safe internet use and online safeguarding as
 *   part of their induction (Bentley 11; Camden 3.5.1, with a meeting with the online-safety co-ordinator).
 * - refresher: every member of staff at least once each academic year (Bentley 11), taken as every 12 months.
 * - DSL: child protection and safeguarding training including online safety at least every 2 years, and an
 *   update of their online-safety knowledge at least annually (Bentley 11); the DSL's full training counts
 *   as that year's update. Deputy DSLs are trained as DSLs.
 * - governors: at induction (Camden 3.5.1) and as part of their safeguarding training (Bentley 11). The seeds
 *   set no cycle for governors, so none is assumed: a school that refreshes governors yearly sets everyMonths.
 */
export const DEFAULT_TRAINING_COURSES: readonly TrainingCourse[] = Object.freeze([
  { id: 'induction', name: 'Online safety induction', audience: ['staff'], atInduction: true },
  { id: 'online-safety-refresher', name: 'Online safety refresher', audience: ['staff'], everyMonths: 12 },
  {
    id: 'dsl-training',
    name: 'DSL child protection and online safety training',
    audience: ['dsl'],
    everyMonths: 24,
    includes: ['dsl-update'],
  },
  { id: 'dsl-update', name: 'DSL online safety update', audience: ['dsl'], everyMonths: 12 },
  { id: 'governor-online-safety', name: 'Online safety training for governors', audience: ['governor'], atInduction: true },
] satisfies TrainingCourse[]);
