import type {
  CaseAlertView,
  CaseDetailsView,
  CaseSummaryView,
  ReporterUpdateView,
  RoutedNoticeView,
} from '../../../app/casework/case-views.js';
import {
  attention,
  card,
  execute,
  facts,
  heading,
  text,
  typed,
  typedFacts,
  typedLines,
  type AdaptiveCard,
  type CardAction,
  type CardElement,
} from './card.js';
import { VERB_STATUS_SHOW } from './welcome-card.js';
import { referralPairs, type ReferralLine } from './report-result-cards.js';

// the cards of a case after it is reported: the shared channel card (the same for everyone, with the
// safeguarding team's buttons arriving through the Universal Actions refresh), the 1:1 cards for the
// team, the people on the route and the reporter. The forms are in case-form-cards.ts.
//
// privacy: the channel cards are drawn from a CaseSummaryView by summaryBody, which names every field it
// shows. Never spread a view into a card: a CaseDetailsView is also a CaseSummaryView, and must draw
// the same channel card. Button data is the caseId (plus formId or requestId on forms), never content.
// what a person typed (the report, questions, answers, reasons, referral details) is drawn with typed(),
// typedFacts() or typedLines() from card.ts, so it is never read as markdown or made into a link.

export const VERB_CASE_OPEN = 'case.open';
export const VERB_CASE_ACKNOWLEDGE = 'case.acknowledge';
export const VERB_CASE_APPROVE = 'case.approve';
export const VERB_CASE_ROUTE = 'case.route';
export const VERB_CASE_ROUTE_SUBMIT = 'case.route.submit';
export const VERB_CASE_ASK = 'case.ask';
export const VERB_CASE_ASK_SUBMIT = 'case.ask.submit';
export const VERB_CASE_DETAILS = 'case.details';
export const VERB_CASE_REFERRAL = 'case.referral';
export const VERB_CASE_REFERRAL_SUBMIT = 'case.referral.submit';
export const VERB_CASE_CLOSE = 'case.close';
export const VERB_CASE_CLOSE_SUBMIT = 'case.close.submit';
export const VERB_CASE_ANSWER_SUBMIT = 'case.answer.submit';

const CONFIDENTIAL = 'Confidential: do not copy or forward.';

/** a small bold heading for a section of a card */
export const section = (title: string): CardElement => text(title, { weight: 'Bolder', spacing: 'Medium' });

export const bullets = (lines: readonly string[]): CardElement => text(lines.map((l) => `- ${l}`).join('\n'));

const subtle = (value: string): CardElement => text(value, { isSubtle: true, size: 'Small' });

/** a card shows this much of a reported message (Teams' limit on a card's size); the record keeps all of it */
const MESSAGE_SHOWN = 4000;

/** the Teams message a report was made from, for the people entitled to the details, with Teams' link back to it */
function reportedMessageSection(details: Pick<CaseDetailsView, 'reportedMessage' | 'alsoReportedBy'>): CardElement[] {
  const out: CardElement[] = [];
  if (details.alsoReportedBy) out.push(attention(details.alsoReportedBy));
  const m = details.reportedMessage;
  if (!m) return out;
  const shown =
    m.text.length > MESSAGE_SHOWN ? `${m.text.slice(0, MESSAGE_SHOWN)} [shortened here: open the message to read it all]` : m.text;
  out.push(
    section('The Teams message, as posted'),
    typedFacts([
      ['Posted by', m.postedBy],
      ['When', m.postedAt],
      ['Where', m.where],
    ]),
    typed(shown || '(No words: only a picture or a file)'),
  );
  if (m.leftInTeams > 0)
    out.push(text(`${m.leftInTeams} picture(s) or file(s) in it were left in Teams, not copied. Look at them there.`, { isSubtle: true }));
  // Teams' own link to the message (its address was checked when the message was captured)
  if (m.link) out.push({ type: 'ActionSet', actions: [{ type: 'Action.OpenUrl', title: 'Open the message in Teams', url: m.link }] });
  return out;
}

/** the severity, made to stand out for critical and high cases while they are open */
export function severityLine(severity: CaseSummaryView['severity'] | undefined, severityLabel: string, closed = false): CardElement {
  const line = `Severity: ${severityLabel}`;
  return !closed && (severity === 'critical' || severity === 'high') ? attention(line) : text(line, { weight: 'Bolder' });
}

/** the button that opens a case for the safeguarding team, carrying its id alone */
export const openCase = (caseId: string): CardAction => execute('Open case', VERB_CASE_OPEN, { caseId });

/** the first deliberate look: stops the 15-minute alert and shows the case's actions in place */
export const acknowledgeCase = (caseId: string): CardAction => execute('Acknowledge', VERB_CASE_ACKNOWLEDGE, { caseId }, 'positive');

/** a closed case's only button: the record, for the team (the default style, nothing to act on) */
const viewDetails = (caseId: string): CardAction => execute('View details', VERB_CASE_DETAILS, { caseId });

const DEADLINE_MARK = { open: '', met: ' (met)', overdue: ' (OVERDUE)' } as const;

/** "Police (now)", "CEOP (consider)", "CEOP: referred 24 Nov 10:05" */
const agencyWords = (a: CaseSummaryView['agencies'][number]): string =>
  a.when === 'referred' ? `${a.label}: referred ${a.at}` : `${a.label} (${a.when})`;

/** the case as the channel may see it, under its heading: a closed case says so first */
export function summaryBody(view: CaseSummaryView): CardElement[] {
  return [
    heading(view.state === 'closed' ? `Closed: online-safety case ${view.reference}` : `Online-safety case ${view.reference}`),
    ...summarySections(view),
  ];
}

/**
 * the case as the channel may see it. every field is picked by name: nothing else of the view can appear,
 * and none of it was typed by a person (the details card adds the referrals' typed parts itself). a
 * closed case has nothing left to chase: no attention colour, no deadlines
 */
export function summarySections(view: CaseSummaryView): CardElement[] {
  const {
    types,
    severity,
    severityLabel,
    reportedAt,
    reportedBy,
    route,
    routeChanged,
    agencies,
    deadlines,
    status,
    acknowledged,
    notes,
    state,
  } = view;
  const closed = state === 'closed';
  const pairs: [string, string][] = [
    ['What', types.join(', ')],
    ['Reported', `${reportedAt}, by ${reportedBy}`],
    ['Route', `${route.length > 0 ? route.join(', ') : 'Nobody yet'}${routeChanged ? ' (changed by the approver)' : ''}`],
  ];
  if (agencies.length > 0) pairs.push(['Agencies', agencies.map(agencyWords).join(', ')]);
  if (deadlines.length > 0 && !closed)
    pairs.push(['Deadlines', deadlines.map((d) => `${d.label}: ${d.due}${DEADLINE_MARK[d.state]}`).join('; ')]);
  pairs.push(['Status', status]);
  if (acknowledged) pairs.push(['Acknowledged', acknowledged]);
  const body: CardElement[] = [severityLine(severity, severityLabel, closed), facts(pairs)];
  if (notes.length > 0) body.push(section('Notes'), bullets(notes));
  return body;
}

const summaryFallback = (view: CaseSummaryView): string =>
  `Online-safety case ${view.reference} (${view.severityLabel}): ${view.status}. Only the safeguarding team can act on it.`;

/** the team get their buttons through the refresh; everyone else keeps the shared card. a closed case has none to give */
function withTeamRefresh(c: AdaptiveCard, view: CaseSummaryView): AdaptiveCard {
  if (view.teamUserIds.length === 0 || view.state === 'closed') return c;
  return { ...c, refresh: { action: openCase(view.caseId), userIds: [...view.teamUserIds] } };
}

/** the card posted to the safeguarding channel: the same for everyone who sees it */
export function caseStatusCard(view: CaseSummaryView): AdaptiveCard {
  if (view.state === 'closed') {
    return card(
      summaryFallback(view),
      [...summaryBody(view), subtle('This case is closed. Only the safeguarding team can view its details.')],
      [viewDetails(view.caseId)],
    );
  }
  return withTeamRefresh(
    card(
      summaryFallback(view),
      [...summaryBody(view), subtle('Only the safeguarding team can act on this case.')],
      [openCase(view.caseId)],
    ),
    view,
  );
}

/** the buttons for each state of a case, in order */
function stateActions(view: CaseSummaryView): CardAction[] {
  const caseId = { caseId: view.caseId };
  const details = execute('Open details', VERB_CASE_DETAILS, caseId);
  switch (view.state) {
    case 'awaiting-approval':
      return [
        execute('Approve route', VERB_CASE_APPROVE, caseId, 'positive'),
        execute('Change route', VERB_CASE_ROUTE, caseId),
        // a child who reported is talked to in person, not questioned through the bot
        ...(view.reportedBy === 'a pupil' ? [] : [execute('Ask the reporter for more', VERB_CASE_ASK, caseId)]),
        details,
      ];
    case 'escalated':
      return [execute('Record referral', VERB_CASE_REFERRAL, caseId), execute('Close case', VERB_CASE_CLOSE, caseId), details];
    case 'closed':
      return [viewDetails(view.caseId)];
  }
}

/** what can be done from the details card itself: the state's actions, without the one that opened it */
const decisionActions = (view: CaseSummaryView): CardAction[] =>
  view.state === 'closed' ? [] : stateActions(view).filter((a) => a.verb !== VERB_CASE_DETAILS);

/** "What to do now", first on every 1:1 alert to the case team */
const todoSection = (todo: readonly string[] = []): CardElement[] => (todo.length > 0 ? [section('What to do now'), bullets(todo)] : []);

/** the channel card as the safeguarding team sees it: the same case, with what they can do now */
export function caseActionsCard(view: CaseSummaryView, notice?: string): AdaptiveCard {
  const body: CardElement[] = [
    ...(notice ? [{ type: 'Container', style: 'good', items: [text(notice, { weight: 'Bolder' })] }] : []),
    ...summaryBody(view),
  ];
  return withTeamRefresh(card(summaryFallback(view), body, stateActions(view)), view);
}

export function noPermissionCard(view?: CaseSummaryView): AdaptiveCard {
  return card('You do not have permission to do that. Nothing was changed.', [
    heading("You don't have permission to do that"),
    text('Only the safeguarding team for this case can act on it. Nothing was changed.'),
    ...(view ? [{ type: 'Container', separator: true, spacing: 'Medium', items: summaryBody(view) }] : []),
  ]);
}

export function caseNotFoundCard(): AdaptiveCard {
  return card('This case could not be found. Nothing was changed.', [
    heading('Case not found'),
    text('This case could not be found. Nothing was changed.'),
  ]);
}

/** the whole record, for the safeguarding team in their 1:1 chat with the bot */
export function caseDetailsCard(view: CaseDetailsView): AdaptiveCard {
  const {
    reference,
    reporterName,
    happenedAt,
    description,
    childNames,
    platform,
    evidence,
    actionTaken,
    guidance,
    trail,
    referralRecords,
  } = view;
  const about: [string, string][] = [
    ['Reported by', reporterName],
    ['When it happened', happenedAt],
  ];
  if (childNames) about.push(['Children involved', childNames]);
  if (platform) about.push(['Platform', platform]);
  const closed = view.state === 'closed';
  const body: CardElement[] = [
    heading(closed ? `Closed case ${reference}: details` : `Case ${reference}: details`),
    closed ? text(CONFIDENTIAL, { weight: 'Bolder' }) : attention(CONFIDENTIAL),
    ...summarySections(view),
  ];
  if (referralRecords.length > 0) {
    body.push(
      section('Referrals'),
      typedLines(referralRecords.map((r) => `${r.agency}: ${r.at}, made by ${r.madeBy}${r.reference ? `, reference ${r.reference}` : ''}`)),
    );
  }
  body.push(section('What was reported'), typedFacts(about), section('Description'), typed(description));
  body.push(...reportedMessageSection(view));
  if (evidence) body.push(section('Evidence described'), typed(evidence));
  if (actionTaken) body.push(section('Action taken'), typed(actionTaken));
  if (guidance.length > 0) body.push(section('What to do'), bullets(guidance));
  if (trail.length > 0) body.push(section('Decision trail'), typedLines(trail));
  body.push(subtle(CONFIDENTIAL));
  // the decision buttons come with the details, so the team can act where they read them (their 1:1 chat)
  return card(`Case ${reference}: details. Open it in Teams to read them.`, body, decisionActions(view));
}

/** to a person on the route: told only what their part needs, the details only when entitled */
/**
 * the outside agencies a routed person reads, with the school's own contacts; the advice line for the case
 * team. drawn as plain text like typed words: a case card has no links of ours, and the profile's words are
 * a technician's, not the bot's
 */
export interface OutsideContacts {
  referrals: ReferralLine[];
  adviceLine?: string;
}

export function routedNoticeCard(view: RoutedNoticeView, outside: OutsideContacts = { referrals: [] }): AdaptiveCard {
  const { caseId, reference, asRole, severityLabel, types, stage, decidedBy, reason, guidance, details, todo, acknowledged } = view;
  const body: CardElement[] =
    stage === 'pupil' && view.notListed
      ? [
          heading(`Someone not on the school's lists is worried: case ${reference}`),
          text(
            `Someone the school has not listed (a guest, a parent, or a pupil nobody added yet) used the card for anyone. You are told first, as ${asRole}. Their words are below, exactly as they wrote them. Find out who they are and follow it up soon.`,
          ),
        ]
      : stage === 'alert'
        ? [heading(`Urgent: critical case ${reference}`), text(`You are alerted as ${asRole}. Nobody has decided the route yet.`)]
        : stage === 'pupil'
          ? [
              heading(`A pupil is worried: case ${reference}`),
              text(
                `A pupil used the "I'm worried" card. You are told first, as ${asRole}. Their words are below, exactly as they wrote them. Talk to them soon.`,
              ),
            ]
          : [
              heading(`Case ${reference} passed to you`),
              text(`${decidedBy ?? 'The designated safeguarding lead'} decided you receive this case as ${asRole}.`),
              ...(reason ? [typed(reason, {}, { text: 'Reason: ' })] : []),
            ];
  body.push(...todoSection(todo));
  const about: [string, string][] = [['What', types.join(', ')]];
  if (view.childClass) about.push(['Class', view.childClass]);
  if (acknowledged) about.push(['Acknowledged', acknowledged]);
  body.push(severityLine(stage === 'alert' ? 'critical' : undefined, severityLabel), facts(about));
  if (guidance.length > 0) body.push(section(stage === 'decided' ? 'What you need to do' : 'The policy says'), bullets(guidance));
  if (outside.referrals.length > 0) body.push(section('Outside agencies'), typedFacts(referralPairs(outside.referrals)));
  if (outside.adviceLine) body.push(typedFacts([['Advice if unsure', outside.adviceLine]]));
  if (details) {
    const reported: [string, string][] = [
      ['Reported by', details.reporterName],
      ['When it happened', details.happenedAt],
    ];
    if (details.childNames) reported.push(['Children involved', details.childNames]);
    if (details.platform) reported.push(['Platform', details.platform]);
    body.push(section('Details'), typedFacts(reported), typed(details.description), ...reportedMessageSection(details));
    if (details.evidence) body.push(section('Evidence described'), typed(details.evidence));
    if (details.actionTaken) body.push(section('Action taken'), typed(details.actionTaken));
    body.push(subtle(CONFIDENTIAL));
  } else {
    body.push(subtle('You are told only what you need for your part. Ask the designated safeguarding lead if you need more.'));
  }
  const fallback =
    stage === 'alert'
      ? `Urgent: critical case ${reference} needs you as ${asRole}.`
      : stage === 'pupil'
        ? `A pupil is worried: case ${reference}.`
        : `Case ${reference} has been passed to you.`;
  // before a decision it goes to the case team, who act on it from here
  return card(fallback, body, stage === 'decided' ? [] : teamAlertActions(caseId, acknowledged));
}

/** the buttons of a 1:1 alert to the case team: Acknowledge until someone has, and Open case */
const teamAlertActions = (caseId: string, acknowledged: string | undefined): CardAction[] => [
  ...(acknowledged ? [] : [acknowledgeCase(caseId)]),
  openCase(caseId),
];

/**
 * the case 1:1 to an approver outside the channel, or to the team when the channel cannot be used:
 * what to do first, the case as the channel would show it, Acknowledge, the decision and Open case.
 * no refresh: Teams would swap it for the actions card before the Acknowledge could be pressed
 */
export function approverCard(view: CaseSummaryView, notice: string, todo: readonly string[]): AdaptiveCard {
  const decide =
    view.state === 'awaiting-approval'
      ? [
          execute('Approve route', VERB_CASE_APPROVE, { caseId: view.caseId }),
          execute('Change route', VERB_CASE_ROUTE, { caseId: view.caseId }),
        ]
      : [];
  return card(
    summaryFallback(view),
    [text(notice, { weight: 'Bolder' }), ...todoSection(todo), ...summaryBody(view)],
    [...(view.acknowledged ? [] : [acknowledgeCase(view.caseId)]), ...decide, openCase(view.caseId)],
  );
}

/** to the reporter, about their own report: never anyone else's name */
export function reporterUpdateCard(view: ReporterUpdateView): AdaptiveCard {
  return card(
    `Your report ${view.reference}: ${view.stateWords}.`,
    [heading(`Your report ${view.reference}`), text(`Status: ${view.stateWords}`, { weight: 'Bolder' }), text(view.message)],
    [execute('My reports', VERB_STATUS_SHOW)],
  );
}

/** a critical case nobody acknowledged, or a deadline passed */
/** `contacts`: the agency an overdue deadline is about ("LADO", "Local authority LADO, 01632 960100"), as plain text */
export function caseAlertCard(view: CaseAlertView, contacts: [string, string][] = []): AdaptiveCard {
  const title = view.kind === 'unacknowledged' ? 'Critical case not acknowledged' : 'Deadline passed';
  return card(
    `${title}: case ${view.reference}. Open the case in Teams.`,
    [
      heading(title),
      attention(view.message),
      ...todoSection(view.todo),
      facts([
        ['Case', view.reference],
        ['Severity', view.severityLabel],
        ['What', view.types.join(', ')],
        ...(view.acknowledged ? [['Acknowledged', view.acknowledged] as [string, string]] : []),
      ]),
      ...(contacts.length > 0 ? [section('How to reach them'), typedFacts(contacts)] : []),
    ],
    view.kind === 'unacknowledged' ? teamAlertActions(view.caseId, view.acknowledged) : [openCase(view.caseId)],
  );
}
