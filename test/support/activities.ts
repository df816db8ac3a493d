import type { Activity } from 'botbuilder';

export const SAM = { id: 'user-staff-sam', name: 'Sam Taylor', aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000001' };
export const AVA = { id: 'user-pupil-ava', name: 'Ava Brown', aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000006' };
export const BOT = { id: '28:online-safety-bot', name: 'Online Safety' };
export const TENANT = 'a1b2c3d4-0000-4000-8000-0000000000aa';

let counter = 0;

/** a Teams personal-chat message as the Bot Framework delivers it */
export function personalMessage(text: string, from = SAM, serviceUrl = 'https://smba.invalid/'): Partial<Activity> {
  return {
    type: 'message',
    id: `activity-${++counter}`,
    text,
    channelId: 'msteams',
    serviceUrl,
    timestamp: new Date('2026-11-24T09:00:00Z'),
    from,
    recipient: BOT,
    conversation: { id: `personal-${from.id}`, conversationType: 'personal', tenantId: TENANT, isGroup: false, name: '' },
    channelData: { tenant: { id: TENANT } },
  };
}

export function membersAdded(member = SAM, serviceUrl = 'https://smba.invalid/'): Partial<Activity> {
  return {
    type: 'conversationUpdate',
    id: `activity-${++counter}`,
    channelId: 'msteams',
    serviceUrl,
    from: member,
    recipient: BOT,
    membersAdded: [member, BOT],
    conversation: { id: `personal-${member.id}`, conversationType: 'personal', tenantId: TENANT, isGroup: false, name: '' },
    channelData: { tenant: { id: TENANT } },
  };
}
