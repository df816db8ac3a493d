import type { SanctionCategory } from '../escalation-plan.js';
import { INCIDENT_TYPE_INFO } from '../incident-types.js';
import type { Severity } from '../severity.js';
import { APPROVER_WEIGHT } from './draft.js';
import type { Rule } from './rule.js';

export const R2_ALLEGATION_AGAINST_STAFF: Rule = {
  id: 'R2',
  name: 'Allegation against a member of staff',
  cites: 'Camden 4.1, 4.4, 5.2.2; trust "staff instigator"; Bentley 6',
  applies: (s) => s.staffCategory === 'B',
  apply: (s, d) => {
    d.raise('high').approvedBy('headteacher', APPROVER_WEIGHT.allegation).to('dsl', 'online-safety-lead');
    d.refer('lado', 'now').due('lado-consult', 'P1D');
    d.refer('police', s.facts.illegalSuspected ? 'now' : 'consider');
    d.guide('Do not tell the adult concerned or investigate it yourself: it is handled under the procedure for allegations against staff.');
    if (s.onSchoolSystems) {
      d.to('it-support').guide(
        'IT support takes the device out of use and stores it securely to preserve the evidence; staff do not examine it.',
      );
    }
    d.because(
      `R2 allegation against staff (Camden 4.1/4.4, trust "staff instigator", Bentley 6): high; headteacher approves; ` +
        `DSL informed; LADO consulted within one working day; police ${s.facts.illegalSuspected ? 'now: illegal material suspected' : 'to consider'}` +
        (s.onSchoolSystems ? '; device out of use, evidence preserved' : ''),
    );
  },
};

export const R11_STAFF_AUP: Rule = {
  id: 'R11',
  name: 'Staff acceptable-use categories',
  cites: 'Camden 5.2',
  applies: (s) => s.staffCategory !== undefined,
  apply: (s, d) => {
    const category = s.staffCategory ?? 'A';
    d.sanction = { subject: 'staff', category };
    if (category === 'A') {
      d.approvedBy('headteacher', APPROVER_WEIGHT.headteacher).to('online-safety-lead');
      d.guide('The headteacher deals with it as a low-level conduct matter and may issue a warning.');
      d.because(
        'R11 staff category A (Camden 5.2.1, 4.4): misconduct dealt with internally by the headteacher; online-safety lead informed; no LADO referral',
      );
    } else {
      d.because('R11 staff category B (Camden 5.2.2): gross misconduct; headteacher, with the LADO or police');
    }
  },
};

const THREATENING = ['chain-or-threatening-messages', 'hate-material'] as const;

export const R8_BULLYING_AND_HARASSMENT: Rule = {
  id: 'R8',
  name: 'Cyberbullying and sexual harassment',
  cites: 'Camden 4.5, 4.6; Bentley 6.1; first school app. 7',
  applies: (s) => s.hasAny(['cyberbullying', 'sexual-harassment']),
  apply: (s, d) => {
    const aggravated = s.facts.repeated === true || s.hasAny(THREATENING) || s.facts.illegalSuspected === true;
    if (s.has('sexual-harassment') || aggravated) {
      d.raise('high').approvedBy('dsl', APPROVER_WEIGHT.safeguarding).to('online-safety-lead');
    } else {
      d.raise('medium').approvedBy('online-safety-lead', APPROVER_WEIGHT.onlineSafety).to('dsl');
    }
    if (s.has('sexual-harassment')) d.refer('childrens-social-care', 'consider');
    if (aggravated) d.refer('police', 'consider');
    d.refer('platform-report', 'consider');
    d.guide(
      'Do not reply. Keep the messages or posts where they are, note the date and time, and do not forward them.',
      'Parents are told what happened and what the school is doing.',
    );
    d.because(
      `R8 ${s.has('sexual-harassment') ? 'sexual harassment (Camden 4.6)' : 'cyberbullying (Camden 4.5, Bentley 6.1)'}: ` +
        `${s.has('sexual-harassment') || aggravated ? 'high; DSL' : 'medium; online-safety lead, DSL informed'}; parents informed; ` +
        `platform report to consider${aggravated ? '; repeated, threatening or extreme: police to consider (Camden 4.5.2)' : ''}`,
    );
  },
};

export const R9_ACCIDENTAL_ACCESS: Rule = {
  id: 'R9',
  name: 'Accidental access to inappropriate content',
  cites: 'Camden 4.2; first school 14.2',
  applies: (s) => s.facts.deliberate === false && s.facts.types.some((t) => INCIDENT_TYPE_INFO[t].riskArea === 'content'),
  apply: (s, d) => {
    // low is R9's own level, the floor: another rule may set the case higher, so the line is written last
    d.raise('low').approvedBy('online-safety-lead', APPROVER_WEIGHT.onlineSafety);
    d.guide(
      'Calmly close or minimise the screen and reassure the child that they have done nothing wrong.',
      'Give the online-safety lead the website address (URL) and what was seen.',
    );
    if (s.onSchoolSystems) d.to('it-support').guide('IT support blocks the site and reviews the filtering.');
    d.because(
      ({ severity, setBy }) =>
        `R9 accidental access (Camden 4.2): ${severity === 'low' || !setBy ? severity : `${severity} (set by ${setBy})`}; no blame and no sanction; ` +
        `online-safety lead${s.onSchoolSystems ? ' and IT support block the URL and review filtering' : ''}`,
    );
  },
};

const SEVERITY_OF_CATEGORY = { A: 'low', B: 'low', C: 'medium', D: 'high' } as const satisfies Record<SanctionCategory, Severity>;

export const R10_PUPIL_AUP: Rule = {
  id: 'R10',
  name: 'Pupil acceptable-use categories',
  cites: 'Camden 5.1, 4.3',
  applies: (s) => s.pupilCategory !== undefined,
  apply: (s, d) => {
    const category = s.pupilCategory ?? 'A';
    if (d.sanction === undefined) d.sanction = { subject: 'pupil', category };
    const serious = category === 'C' || category === 'D';
    d.raise(SEVERITY_OF_CATEGORY[category]);
    if (serious) d.approvedBy('headteacher', APPROVER_WEIGHT.headteacher).to('online-safety-lead');
    else d.approvedBy('online-safety-lead', APPROVER_WEIGHT.onlineSafety);
    if (category === 'D') d.refer('police', 'consider');
    // Camden 4.3: a pupil who deliberately accessed inappropriate or banned material (any category)
    const siteAccess = s.facts.types.some((t) => INCIDENT_TYPE_INFO[t].riskArea === 'content');
    if (siteAccess && s.onSchoolSystems) d.to('it-support').guide('IT support blocks the site (Camden 4.3).');
    if (siteAccess) d.guide("Tell the pupil's parents about the incident and what action the school will take (Camden 4.3).");
    else if (category !== 'A') d.guide("Contact the pupil's parents about the breach and the sanction.");
    d.because(
      `R10 pupil category ${category} (Camden 5.1): ${SEVERITY_OF_CATEGORY[category]}; ` +
        {
          A: 'low-level breach; class teacher and online-safety lead',
          B: 'persistent breach after warnings; online-safety lead',
          C: 'deliberate serious breach; headteacher decides the sanction',
          D: 'continued or extreme breach; headteacher; police may be involved',
        }[category] +
        (siteAccess ? '; parents told of the incident and the action taken (Camden 4.3)' : category === 'A' ? '' : '; parents contacted'),
    );
  },
};

export const R14_STAFF_VICTIM: Rule = {
  id: 'R14',
  name: 'Staff as victims',
  cites: 'Camden 4.5.4; trust "staff victim"',
  applies: (s) => s.staffVictim,
  apply: (s, d) => {
    d.raise('medium').approvedBy('headteacher', APPROVER_WEIGHT.headteacher).refer('hr', 'consider');
    d.guide('Offer the member of staff support. They should not reply, and should report it to the headteacher.');
    if (s.instigator('parent')) d.guide('The headteacher contacts the parent about their conduct.');
    d.because('R14 staff as victims (Camden 4.5.4, trust "staff victim"): medium; headteacher; HR provider to consider; support offered');
  },
};
