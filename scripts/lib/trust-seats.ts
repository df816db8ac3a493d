// The Agents Playground's seats for a trust (`npm start -- --trust profiles/trust.yaml`): each school's own
// seats as `<school id>:<seat>` (rowan:staff, larch-hill:dsl, ...; scripts/lib/playground-seats.ts), and the
// people who work across the schools: the trust's CEO and safeguarding lead, and a member of staff shared
// by several schools (they are asked which school a report is about). The Playground shows one team with
// one channel (its config refuses more): a school's seat shows that school's channel, the trust's seats
// the first school's.
import type { Person } from '../../src/domain/index.js';
import type { Trust } from '../../src/config/trust-file.js';
import { BOT, OTHER_USERS, TEAM_GROUP_ID, TENANT_ID, playgroundUser, profileSeats, slug, type ProfileSeat } from './playground-seats.js';

export const TRUST_SEATS = ['trust-ceo', 'trust-lead', 'shared-staff'] as const;

/** a school's safeguarding channel, named with its school */
function safeguardingChannel(school: Trust['schools'][number]): { id: string; name: string } {
  return {
    id: school.profile.channels.safeguarding.channelId,
    name: `${school.profile.channels.safeguarding.name ?? 'Safeguarding'} (${school.profile.school.name})`,
  };
}

/** someone on the staff of two schools or more, who is not the trust's CEO (the trust file's sharedStaff) */
function sharedStaff(trust: Trust): Person | undefined {
  const ceo = new Set(trust.ceo.map((p) => p.aadObjectId));
  const count = new Map<string, number>();
  for (const s of trust.schools)
    for (const id of new Set(s.profile.staff.map((p) => p.aadObjectId))) count.set(id, (count.get(id) ?? 0) + 1);
  for (const s of trust.schools)
    for (const p of s.profile.staff) if ((count.get(p.aadObjectId) ?? 0) > 1 && !ceo.has(p.aadObjectId)) return p;
  return undefined;
}

/**
 * The trust's seats by name, in order: each school's (`<id>:<seat>`), then trust-ceo, trust-lead and
 * shared-staff where the trust names someone for them.
 */
export function trustSeats(trust: Trust): Record<string, ProfileSeat> {
  const out: Record<string, ProfileSeat> = {};
  for (const school of trust.schools) {
    for (const [seat, s] of Object.entries(profileSeats(school.profile))) {
      out[`${school.id}:${seat}`] = {
        describes: `${s.describes} at ${school.profile.school.name}`,
        // a personal chat of its own: two schools' staff seats must not share one conversation
        config: {
          ...s.config,
          personalChat: { id: `personal-chat-${school.id}-${seat}` },
        },
      };
    }
  }
  const domain = `${slug(trust.name)}.example`;
  // the other users (the Playground takes five): each school's DSL, the trust's people, then the schools' heads, deputies and staff
  const leads = [
    ...trust.schools.flatMap((s) => s.profile.roles.dsl.slice(0, 1)),
    ...trust.ceo,
    ...trust.safeguardingLead,
    ...trust.schools.flatMap((s) => [...s.profile.roles.headteacher, ...s.profile.roles['deputy-dsl'], ...s.profile.staff]),
  ];
  const across = (seat: string, person: Person | undefined, what: string) => {
    if (!person) return;
    const others: Person[] = [];
    for (const p of leads)
      if (others.length < OTHER_USERS && p.aadObjectId !== person.aadObjectId && !others.some((o) => o.aadObjectId === p.aadObjectId))
        others.push(p);
    const first = trust.schools[0]!;
    out[seat] = {
      describes: `${person.displayName}, ${what}`,
      config: {
        version: '0.1.1',
        tenantId: TENANT_ID,
        bot: { ...BOT },
        currentUser: playgroundUser(person, false, domain),
        users: others.map((p) => playgroundUser(p, false, domain)),
        personalChat: { id: `personal-chat-${seat}` },
        groupChat: { id: 'group-chat-trust', name: `${trust.name} leads` },
        team: {
          id: first.profile.channels.safeguarding.teamId,
          name: `${trust.name} staff`,
          aadGroupId: TEAM_GROUP_ID,
          channels: [safeguardingChannel(first)],
        },
      },
    };
  };
  across('trust-ceo', trust.ceo[0], `the trust's CEO (at ${trust.schools.length} schools)`);
  across('trust-lead', trust.safeguardingLead[0], "the trust's safeguarding lead");
  const shared = sharedStaff(trust);
  const where = shared ? trust.schools.filter((s) => s.profile.staff.some((p) => p.aadObjectId === shared.aadObjectId)) : [];
  across('shared-staff', shared, `staff at ${where.map((s) => s.profile.school.name).join(' and ')}`);
  return out;
}
