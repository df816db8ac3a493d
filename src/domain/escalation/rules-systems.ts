import { APPROVER_WEIGHT } from './draft.js';
import type { Rule } from './rule.js';

export const R12_DATA_BREACH: Rule = {
  id: 'R12',
  name: 'Data breach or lost device',
  cites: 'first school 3.1, 13.1; Bentley app. 2; Camden 3.2',
  applies: (s) => s.hasAny(['data-breach', 'lost-device']),
  apply: (s, d) => {
    d.raise('medium').approvedBy('dpo', APPROVER_WEIGHT.dataProtection).to('headteacher', 'it-support');
    d.refer('ico', 'consider').due('ico-decision', 'PT72H');
    d.guide('Tell the DPO now: the school has 72 hours from becoming aware to decide whether to report to the ICO.');
    if (s.has('lost-device')) {
      d.to('business-manager').guide('IT support locks or wipes the device remotely where possible and resets the passwords it used.');
    }
    d.because(
      `R12 ${s.has('data-breach') ? 'data breach' : 'lost device'} (first school 3.1, Bentley app. 2): medium; DPO and IT support; ` +
        `headteacher informed (Camden 3.2)${s.has('lost-device') ? '; business manager updates the inventory' : ''}; ` +
        'the DPO decides within 72 hours whether to report to the ICO',
    );
  },
};

export const R13_SECURITY: Rule = {
  id: 'R13',
  name: 'Security: bypassing, hacking, malware, phishing, filtering failure',
  cites: 'Camden 2.3.4, 4.4; first school 3.1, 6',
  applies: (s) => s.hasAny(['bypassing-security', 'hacking-or-malware', 'filtering-failure', 'scam-or-phishing']),
  apply: (s, d) => {
    const level =
      s.has('scam-or-phishing') && !s.hasAny(['bypassing-security', 'hacking-or-malware', 'filtering-failure']) ? 'low' : 'medium';
    d.raise(level);
    d.approvedBy('online-safety-lead', APPROVER_WEIGHT.onlineSafety).to('it-support');
    if (s.hasAny(['hacking-or-malware', 'scam-or-phishing'])) {
      d.to('dpo').guide('Stop using the device, do not click any links, and contact IT support now.');
    }
    if (s.has('filtering-failure')) d.guide('IT support and the online-safety lead review the filtering and monitoring.');
    if (s.schoolAdultInstigator) {
      d.guide('Take the device out of use and store it securely so the evidence is preserved.');
    }
    d.because(
      `R13 security (Camden 2.3.4, first school 3.1/6): ${level}; IT support and online-safety lead` +
        (s.hasAny(['hacking-or-malware', 'scam-or-phishing']) ? '; DPO told of a possible breach (first school 3.1)' : '') +
        (s.schoolAdultInstigator ? '; staff involved: device out of use, evidence preserved (Camden 4.4)' : ''),
    );
  },
};
