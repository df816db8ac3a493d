import { APPROVER_WEIGHT } from './draft.js';
import type { Rule } from './rule.js';

const SAFEGUARDING = APPROVER_WEIGHT.safeguarding;

export const R4_IMMEDIATE_DANGER: Rule = {
  id: 'R4',
  name: 'Immediate danger to a child',
  cites: 'Camden 4.7',
  applies: (s) => s.facts.immediateRisk === true,
  apply: (_s, d) => {
    d.raise('critical').approvedBy('dsl', SAFEGUARDING).to('deputy-dsl', 'headteacher').refer('police', 'now');
    d.guide('A child is in danger now: call 999, then tell the DSL. Stay with the child if you can.');
    d.because('R4 immediate danger (Camden 4.7): critical; police now (999); DSL, deputies and headteacher alerted at once');
  },
};

export const R3_INDECENT_IMAGES: Rule = {
  id: 'R3',
  name: 'Indecent images of children',
  cites: 'first school app. 7, Camden 4.6, Bentley 6',
  applies: (s) => s.hasAny(['child-abuse-images', 'nude-image-sharing']),
  apply: (s, d) => {
    d.raise('critical').approvedBy('dsl', SAFEGUARDING).refer('childrens-social-care', 'consider');
    d.guide(
      'Do not view, copy, print, screenshot or forward the image, and do not ask to see it.',
      'Secure the device without looking through it (switch it off or put it away) and give it to the DSL.',
      'If you have already been shown the image, tell the DSL or headteacher now so the circumstances are recorded.',
    );
    if (s.has('child-abuse-images') || s.adultInstigator) {
      d.to('headteacher').refer('police', 'now');
      d.because(
        'R3 indecent images of children (first school app. 7, Camden 4.6): critical; police now; ' +
          "headteacher informed; children's social care to consider; nobody views or forwards the image",
      );
    } else {
      d.refer('police', 'consider');
      d.guide('The DSL decides under the UKCIS guidance "Sharing nudes and semi-nudes"; children are not criminalised unnecessarily.');
      d.because(
        'R3 nudes shared between pupils (Camden 4.6, Bentley 6, UKCIS): critical; the DSL decides; ' +
          "police and children's social care to consider; avoid criminalising children",
      );
    }
  },
};

export const R5_GROOMING: Rule = {
  id: 'R5',
  name: 'Grooming or contact from an unknown adult',
  cites: 'Camden 4.7',
  // a meeting arranged with someone met online is this concern whatever else was ticked
  applies: (s) => s.has('grooming') || (s.instigator('unknown-adult') && s.pupilInvolved) || s.facts.meetingArranged === true,
  apply: (s, d) => {
    // Camden 4.7: a child arranging to meet the adult is at immediate risk: police always, the leads at once (as R4)
    const meeting = s.facts.meetingArranged === true;
    d.raise(meeting ? 'critical' : 'high')
      .approvedBy('dsl', SAFEGUARDING)
      .to('online-safety-lead');
    if (meeting) d.to('deputy-dsl', 'headteacher').refer('police', 'now');
    d.refer('ceop', 'consider').refer('childrens-social-care', 'consider').refer('police', 'consider');
    if (meeting) {
      // two lines: the case team's cards leave out the reporter's "tell the DSL" (guidanceForTheCase)
      d.guide(
        'A meeting with the adult has been arranged: tell the DSL in person now.',
        'The DSL contacts the police now about the arranged meeting (Camden 4.7: the police are always contacted when a child arranges to meet an adult).',
      );
    }
    d.guide(
      'Do not reply to or contact the adult, and do not delete anything: note the username, platform, dates and times.',
      'The DSL talks to the child, helps them stop the contact and tells their parents.',
    );
    if (s.onSchoolSystems) {
      d.to('it-support').guide('IT support preserves the evidence on school systems and audits them for other pupils at risk.');
    }
    d.because(
      'R5 grooming / unknown adult contact (Camden 4.7): ' +
        (meeting
          ? "critical: a meeting with the adult is arranged; police now; DSL, deputies and headteacher alerted at once; CEOP and children's social care to consider"
          : "high; DSL and online-safety lead; CEOP, children's social care and police to consider") +
        '; parents informed by the DSL; evidence preserved' +
        (s.onSchoolSystems ? ' by IT support' : ''),
    );
  },
};

export const R6_RADICALISATION: Rule = {
  id: 'R6',
  name: 'Radicalisation or terrorist material',
  cites: 'Bawtry PREVENT, Camden 4.8',
  applies: (s) => s.hasAny(['radicalisation', 'terrorist-material']),
  apply: (s, d) => {
    // Bawtry: material met at school is an online-safety incident, exposure outside school a safeguarding one
    const safeguarding = s.has('radicalisation') || !s.onSchoolSystems;
    d.raise(safeguarding ? 'high' : 'medium')
      .approvedBy('dsl', SAFEGUARDING)
      .to('online-safety-lead')
      .refer('prevent', 'consider');
    if (s.has('radicalisation')) d.refer('childrens-social-care', 'consider');
    if (s.onSchoolSystems) d.to('it-support').guide('IT support reviews the filtering that let the material through.');
    d.guide('Do not share or forward the material. The DSL decides whether to refer to Prevent through the MASH.');
    d.because(
      `R6 ${s.has('radicalisation') ? 'radicalisation' : 'terrorist material'} (Bawtry PREVENT, Camden 4.8): ` +
        `${safeguarding ? 'high, a safeguarding concern' : 'medium, an online-safety incident at school'}; DSL and ` +
        `online-safety lead; Prevent to consider${s.has('radicalisation') ? " with children's social care (MASH)" : ''}` +
        `${s.onSchoolSystems ? '; filtering reviewed' : ''}; police now only if a child is in immediate danger`,
    );
  },
};

export const R7_HARMFUL_CONTENT: Rule = {
  id: 'R7',
  name: 'Self-harm content, harmful challenges and hoaxes',
  cites: 'Camden 4.9; Bentley 2 (DfE 2021 harmful online challenges)',
  applies: (s) => s.hasAny(['self-harm-content', 'harmful-challenge']),
  apply: (s, d) => {
    d.approvedBy('dsl', SAFEGUARDING);
    if (s.has('self-harm-content')) {
      d.raise('high').guide('Offer the child pastoral support; the DSL decides whether they need a referral for help.');
      d.because('R7 self-harm content (Camden 4.9): high; DSL; pastoral support; critical if the child is at immediate risk');
    }
    if (s.has('harmful-challenge')) {
      d.raise('medium').guide('Do not name or show the challenge to other pupils or parents; the DSL decides what to share.');
      d.because('R7 harmful challenge or hoax (Bentley 2, DfE 2021 guidance): medium; DSL decides what to share so it does not spread');
    }
  },
};

const SEXUAL = ['sexual-harassment', 'nude-image-sharing', 'child-abuse-images'] as const;

export const R15_PUPIL_REPORT: Rule = {
  id: 'R15',
  name: 'A pupil\'s "I\'m worried" report',
  cites: 'Bentley 6, Camden 4.1',
  applies: (s) => s.byPupil,
  apply: (s, d) => {
    const serious = s.hasAny(['grooming', 'radicalisation', 'self-harm-content', ...SEXUAL]);
    d.raise(serious ? 'high' : 'medium').approvedBy('dsl', SAFEGUARDING);
    d.guide('Thank you for telling us. You did the right thing. A grown-up who keeps children safe will talk to you soon.');
    d.because(
      `R15 pupil report (Bentley 6, Camden 4.1): reaches the DSL first; ${serious ? 'high: a contact, sexual or self-harm concern' : 'at least medium'}`,
    );
  },
};

export const R17_ILLEGAL: Rule = {
  id: 'R17',
  name: 'Suspected illegal activity',
  cites: 'Bawtry "Illegal Incidents", trust step 2, Camden 4.4, Bentley 6',
  applies: (s) => s.facts.illegalSuspected === true,
  apply: (s, d) => {
    // Bentley 6 and Camden 4.6: children are not criminalised for what may be ignorance or curiosity
    const childrenOnly = s.pupilInstigator && !s.adultInstigator;
    d.raise('high')
      .to('headteacher')
      .refer('police', childrenOnly ? 'consider' : 'now');
    // trust: illegal activity involving a child is a child-protection issue, the DSL's; otherwise
    // the headteacher contacts the police (Bentley 6)
    if (s.pupilInvolved) d.approvedBy('dsl', SAFEGUARDING);
    else d.approvedBy('headteacher', APPROVER_WEIGHT.headteacher);
    d.guide('Do not investigate, open, copy or delete the material; keep the device secure for the police.');
    d.because(
      childrenOnly
        ? 'R17 suspected illegal activity by pupils (Bentley 6, Camden 4.6): high; headteacher informed; police to consider, the DSL decides'
        : 'R17 suspected illegal activity (Bawtry "Illegal Incidents", trust step 2, Bentley 6): high; police now; the headteacher contacts them',
    );
  },
};
