// draws each reminder's card from what the job queued (the reminder's data)
import type { ComposeReminder } from '../../app/compliance/reminder-dispatcher.js';
import type { Reminder } from '../../ports/reminder-outbox.js';
import type { OutgoingMessage } from '../../ports/messenger.js';
import { aupCard, coverageCard, noticeCard, pupilAupCard } from './cards/compliance-cards.js';

type Data = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export function reminderMessages(): ComposeReminder {
  return (r: Reminder): OutgoingMessage => {
    const d = (r.data ?? {}) as Data;
    switch (r.kind) {
      case 'aup':
        return {
          card: aupCard({ version: str(d.version), summary: str(d.summary), ...(d.url ? { url: str(d.url) } : {}), ...(d.why ? { why: str(d.why) } : {}) }),
          summary: 'Please agree to the acceptable use policy',
        };
      case 'training': {
        const courses = (Array.isArray(d.courses) ? d.courses : []) as { name: string; dueOn: string; state: string }[];
        return {
          card: noticeCard({
            title: 'Training due',
            lines: [...courses.map((c) => `${c.name}: ${c.state === 'overdue' ? 'overdue' : 'due'}${c.dueOn ? ` (by ${c.dueOn})` : ''}`), 'When you have done it, type training to record it.'],
          }),
          summary: 'Training due',
        };
      }
      case 'training-overdue-list': {
        const people = (Array.isArray(d.people) ? d.people : []) as { name: string; courses: string[] }[];
        return { card: coverageCard({ aup: [], trainingOverdue: people }), summary: 'Who is overdue on training' };
      }
      case 'leavers':
        return {
          card: noticeCard({ title: 'Accounts to review', lines: ['This month\'s scan found accounts of people who may have left or no longer use them.', 'Type leavers to review them: choose Disable or Keep for each, with the reason.'] }),
          summary: 'Accounts to review',
        };
      case 'pupil-aup-check': {
        const missing = (Array.isArray(d.missing) ? d.missing : []) as { id: string; name: string; className?: string }[];
        return { card: pupilAupCard({ schoolYear: str(d.schoolYear), missing }), summary: "Pupils' agreements to confirm" };
      }
      case 'notice':
      default:
        return { card: noticeCard({ title: str(d.title) || 'Reminder', lines: (Array.isArray(d.lines) ? d.lines : []).map(String) }), summary: str(d.title) || 'Reminder' };
    }
  };
}
