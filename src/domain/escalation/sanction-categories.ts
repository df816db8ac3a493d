import type { SanctionCategory } from '../escalation-plan.js';
import type { IncidentType } from '../incident-types.js';
import type { BaseSituation } from './situation.js';

/**
 * Camden 5.1 pupil categories by incident type, before aggravation. Types not listed carry no pupil
 * sanction: nude-image sharing and indecent images (UKCIS guidance, Bentley 6: avoid criminalising
 * children), grooming, radicalisation, self-harm content and harmful challenges (safeguarding and
 * pastoral support, Camden 4.8-4.9), and what happens *to* a pupil (scams, lost devices, filtering).
 */
export const PUPIL_CATEGORY: Readonly<Partial<Record<IncidentType, SanctionCategory>>> = {
  // 5.1.1 A: non-educational sites, unauthorised email, phones, messaging or social networking
  'aup-breach': 'A',
  'inappropriate-website': 'A',
  // 5.1.3 C: deliberate bypassing, corrupting data or violating privacy, online bullying,
  // offensive or pornographic material, purchasing, commercial material
  'bypassing-security': 'C',
  'hacking-or-malware': 'C',
  'account-misuse': 'C',
  impersonation: 'C',
  'images-without-consent': 'C',
  cyberbullying: 'C',
  'sexual-harassment': 'C',
  'chain-or-threatening-messages': 'C',
  pornography: 'C',
  'online-gambling': 'C',
  'unauthorised-purchase': 'C',
  'scam-or-phishing': 'C',
  // 5.1.4 D: racist, homophobic or violent material, copyright or data-protection breaches, disrepute
  'hate-material': 'D',
  'violent-material': 'D',
  'terrorist-material': 'D',
  'drugs-or-weapons-material': 'D',
  'copyright-breach': 'D',
  'data-breach': 'D',
  disrepute: 'D',
};

/**
 * Camden 5.2 staff categories. A is misconduct the headteacher deals with internally (5.2.1:
 * excessive personal use, sharing passwords, unlicensed software); anything else a school adult
 * does deliberately calls their suitability into question and is B (5.2.2). Lost devices and
 * filtering failures are not conduct; an accidental data breach is the DPO's, not a sanction.
 */
export const STAFF_CATEGORY_A: readonly IncidentType[] = [
  'aup-breach',
  'inappropriate-website',
  'account-misuse',
  'copyright-breach',
  'online-gambling',
  'unauthorised-purchase',
];
const NOT_STAFF_CONDUCT: readonly IncidentType[] = ['lost-device', 'filtering-failure'];

const ORDER: readonly SanctionCategory[] = ['A', 'B', 'C', 'D'];
const worse = (a: SanctionCategory | undefined, b: SanctionCategory) => (a === undefined || ORDER.indexOf(b) > ORDER.indexOf(a) ? b : a);

/** the pupil category, or undefined when no pupil is an instigator or it was an accident */
export function pupilCategory(s: BaseSituation): SanctionCategory | undefined {
  if (!s.pupilInstigator || !s.notAccidental) return undefined;
  let category: SanctionCategory | undefined;
  for (const type of s.facts.types) {
    const base = PUPIL_CATEGORY[type];
    if (base) category = worse(category, base);
  }
  if (category === undefined) return undefined;
  // 5.1.2: persistent A after warnings is B; 5.1.4: continued serious breaches after warnings are D
  if (s.facts.repeated) category = category === 'A' ? 'B' : category === 'C' ? 'D' : category;
  // 5.1.4: extreme bullying, and material that may be a criminal offence
  const extremeBullying = s.hasAny(['cyberbullying', 'sexual-harassment']) && s.has('chain-or-threatening-messages');
  if (extremeBullying || s.facts.illegalSuspected) category = 'D';
  return category;
}

/** the staff category, or undefined when no school adult is an instigator or it was an accident */
export function staffCategory(s: BaseSituation): 'A' | 'B' | undefined {
  if (!s.schoolAdultInstigator || !s.notAccidental) return undefined;
  let category: 'A' | 'B' | undefined;
  for (const type of s.facts.types) {
    if (NOT_STAFF_CONDUCT.includes(type)) continue;
    if (type === 'data-breach' && s.facts.deliberate !== true) continue;
    category = STAFF_CATEGORY_A.includes(type) && category !== 'B' ? 'A' : 'B';
  }
  if (category === 'A' && s.facts.illegalSuspected) category = 'B';
  return category;
}
