// draws each outbox message from the case as it stands when it is sent (the dispatcher's Compose).
import {
  AGENCY_INFO,
  DEADLINE_ACTION_INFO,
  DEADLINE_AGENCY,
  ROLE_INFO,
  adviceLineWords,
  howToContact,
  mayAs,
  type DeadlineAction,
  type Role,
  type SchoolProfile,
} from '../../domain/index.js';
import { detailsView, routedNoticeView, summaryView, teamTodo, whenShort } from '../../app/casework/build-views.js';
import type { CaseFile } from '../../app/casework/case-file.js';
import { incidentLogLines } from '../../app/casework/incident-log.js';
import { CHANNEL_REFUSED, type Compose, type Composed } from '../../app/casework/dispatcher.js';
import type { OutgoingMessage } from '../../ports/messenger.js';
import type { Notification } from '../../ports/notification-outbox.js';
import {
  approverCard,
  caseActionsCard,
  caseAlertCard,
  caseDetailsCard,
  caseStatusCard,
  reporterUpdateCard,
  routedNoticeCard,
  type OutsideContacts,
} from './cards/case-cards.js';
import { reporterQuestionCard } from './cards/case-form-cards.js';
import { PUPIL_UPDATES, pupilUpdateCard } from './cards/worried-cards.js';

const REPORTER_WORDS: Record<string, { stateWords: string; message: string }> = {
  escalated: {
    stateWords: 'Being dealt with',
    message:
      'The safeguarding lead has looked at your report and decided who deals with it. You may be asked for more detail. Thank you for reporting it.',
  },
  closed: {
    stateWords: 'Closed',
    message: 'The safeguarding lead has closed this report. If you have new worries, report them as a new concern.',
  },
};

const dataOf = (n: Notification): Record<string, unknown> => (n.data && typeof n.data === 'object' && !Array.isArray(n.data) ? n.data : {});

export function caseMessages(profile: SchoolProfile, now: () => Date): Compose {
  const channelName = profile.channels.safeguarding.name ?? 'Safeguarding';
  return (n, file: CaseFile): Composed => {
    const summary = () => summaryView(file, profile, now());
    const d = dataOf(n);
    switch (n.kind) {
      case 'channel-card': {
        const view = summary();
        return { message: { card: caseStatusCard(view), summary: `Online-safety case ${view.reference}: ${view.status}` } };
      }
      case 'approver-card': {
        const view = summary();
        const notice =
          d.why === CHANNEL_REFUSED
            ? `The bot could not post this case to the ${channelName} channel, so it is sent to you here.`
            : 'You are asked to decide on this case.';
        return { message: { card: approverCard(view, notice, teamTodo(file)), summary: `Case ${view.reference} needs your decision` } };
      }
      case 'routed': {
        const role = (typeof d.role === 'string' ? d.role : 'dsl') as Role;
        const stage = d.stage === 'alert' || d.stage === 'pupil' ? d.stage : 'decided';
        const view = routedNoticeView(file, role, stage, profile);
        return {
          message: {
            card: routedNoticeCard(view, outsideContacts(file, role, profile)),
            summary: stage === 'decided' ? `Case ${view.reference} passed to you` : `Urgent: case ${view.reference}`,
          },
        };
      }
      case 'reporter-update': {
        const state = typeof d.state === 'string' ? d.state : '';
        if (file.record.reportedBy.kind === 'pupil') {
          const update = PUPIL_UPDATES[state];
          return update
            ? { message: { card: pupilUpdateCard(update), summary: update.stateWords } }
            : { cancel: 'no words for this state' };
        }
        const words = REPORTER_WORDS[state];
        if (!words) return { cancel: 'no words for this state' };
        return {
          message: {
            card: reporterUpdateCard({ reference: file.record.reference, ...words }),
            summary: `Your report ${file.record.reference}: ${words.stateWords}`,
          },
        };
      }
      case 'reporter-question': {
        const requestId = typeof d.requestId === 'string' ? d.requestId : '';
        const question = file.openQuestions.get(requestId);
        if (question === undefined) return { cancel: 'the question was already answered' };
        return {
          message: {
            card: reporterQuestionCard({ caseId: file.record.id, reference: file.record.reference, requestId, question }),
            summary: `A question about your report ${file.record.reference}`,
          },
        };
      }
      case 'answer-received': {
        const view = summary();
        return {
          message: {
            card: caseActionsCard(view, 'The reporter answered your question. Open details to read it.'),
            summary: `Case ${view.reference}: the reporter answered`,
          },
        };
      }
      case 'case-details': {
        const view = detailsView(file, profile, now());
        return { message: { card: caseDetailsCard(view), summary: `Case ${view.reference}: details` } };
      }
      case 'unacknowledged-alert':
      case 'deadline-overdue': {
        const view = summary();
        const overdue = view.deadlines.filter((x) => x.state === 'overdue').map((x) => `${x.label} (due ${x.due})`);
        const role = typeof d.role === 'string' && Object.hasOwn(ROLE_INFO, d.role) ? ROLE_INFO[d.role as Role].label : undefined;
        const message =
          n.kind === 'unacknowledged-alert'
            ? `${view.reference} is critical and nobody has acknowledged it since ${whenShort(file.record.reportedAt)}. You are alerted${role ? ` as ${role}` : ''}.`
            : `${view.reference}: ${overdue.join('; ') || 'a deadline'} has passed. Open the case and record what was done.`;
        const unacknowledged = n.kind === 'unacknowledged-alert';
        // each overdue deadline that is a call to an agency (the LADO, the ICO) comes with the school's contact
        const overdueLabels = view.deadlines.filter((x) => x.state === 'overdue').map((x) => x.label);
        const contacts: [string, string][] = unacknowledged
          ? []
          : Object.entries(DEADLINE_AGENCY)
              .filter(([action]) => overdueLabels.includes(DEADLINE_ACTION_INFO[action as DeadlineAction].label))
              .map(([, agency]) => [AGENCY_INFO[agency].label, howToContact(profile, agency)]);
        return {
          message: {
            card: caseAlertCard(
              {
                caseId: view.caseId,
                reference: view.reference,
                kind: unacknowledged ? 'unacknowledged' : 'overdue',
                message,
                severityLabel: view.severityLabel,
                types: view.types,
                todo: unacknowledged ? teamTodo(file) : [],
                ...(view.acknowledged ? { acknowledged: view.acknowledged } : {}),
              },
              contacts,
            ),
            summary:
              n.kind === 'unacknowledged-alert'
                ? `Critical case ${view.reference} not acknowledged`
                : `Case ${view.reference}: deadline passed`,
          },
        };
      }
      case 'delivery-broken':
        return { message: deliveryBrokenNotice(typeof d.channelName === 'string' ? d.channelName : channelName) };
      case 'incident-log': {
        const lines = incidentLogLines(file, profile, now());
        if (!lines) return { cancel: 'the case is not closed' };
        return { message: { text: lines.join('\n\n'), summary: `For the incident log: ${file.record.reference} closed` } };
      }
    }
  };
}

/**
 * the plan's outside agencies with the school's own contacts, for a routed notice. agencies are on the
 * channel's summary card already; only where the case is kept out of the channel (an adult is implicated)
 * are they, like the reason, for the people entitled to the details. the advice line is for them too
 */
export function outsideContacts(file: CaseFile, role: Role, profile: SchoolProfile): OutsideContacts {
  const entitled = mayAs(role, 'see-case-details');
  if (!entitled && file.plan.oneToOneOnly) return { referrals: [] };
  const referrals = file.plan.referrals.map((r) => ({
    label: AGENCY_INFO[r.agency].label,
    when: r.when,
    howToContact: howToContact(profile, r.agency),
  }));
  const advice = entitled ? adviceLineWords(profile) : undefined;
  return { referrals, ...(advice ? { adviceLine: advice } : {}) };
}

/**
 * to IT support and the DSLs: the bot can no longer post to a channel. about the bot, never a case:
 * no reference, no count, nothing an implicated reader could learn a case from
 */
export function deliveryBrokenNotice(channelName: string): OutgoingMessage {
  const text =
    `The bot can no longer post to the ${channelName} channel: it may have been removed from the team, or the channel deleted. ` +
    'Please check the bot is in the team. Until then, the safeguarding team get new cases in their chats with the bot.';
  return { text, summary: `The bot can no longer post to the ${channelName} channel` };
}
