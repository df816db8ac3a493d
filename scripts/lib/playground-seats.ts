import { stringify } from 'yaml';
import { ROLES, type Person, type SchoolProfile } from '../../src/domain/index.js';

// The Agents Playground's seats for any school profile (issue 16): `npm start -- --profile <file>` plays
// that school's own people, not the example school's. Each seat is one Playground config (version 0.1.1,
// ../shared/ENGINEERING.md): whom it plays (currentUser), five other people of the school, and the one
// channel it shows besides General. The example school keeps its hand-written files (.m365agentsplayground.yml
// and playground/*.yml), which the end-to-end tests use.

export const SEAT_NAMES = ['staff', 'dsl', 'deputy', 'head', 'pupil', 'governor'] as const;
export type SeatName = (typeof SEAT_NAMES)[number];

/** the same tenant and bot as the example school's seats: the local bot does not check them */
export const TENANT_ID = 'a1b2c3d4-0000-4000-8000-0000000000aa';
export const BOT = { id: 'a1b2c3d4-0000-4000-8000-0000000000b0', name: 'Online Safety' };
export const TEAM_GROUP_ID = 'a1b2c3d4-0000-4000-8000-0000000000c1';
/** the Playground (config 0.1.1) takes exactly five users besides the current one */
export const OTHER_USERS = 5;

export interface PlaygroundUser {
  id: string;
  name: string;
  userPrincipleName: string; // (sic): the Playground's own spelling
  aadObjectId: string;
  givenName: string;
  surname: string;
  email: string;
}

export interface PlaygroundConfig {
  version: '0.1.1';
  tenantId: string;
  bot: { id: string; name: string };
  currentUser: PlaygroundUser;
  users: PlaygroundUser[];
  personalChat: { id: string };
  groupChat: { id: string; name: string };
  team: { id: string; name: string; aadGroupId: string; channels: { id: string; name: string }[] };
}

export interface ProfileSeat {
  /** whom the seat plays and what they are, e.g. "Isla Grant, a member of staff" */
  describes: string;
  config: PlaygroundConfig;
}

type Seated = { person: Person; pupil: boolean; what: string };

export const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** who plays each seat: the first person the profile lists for it; a seat nobody fits is left out */
function whoSits(profile: SchoolProfile): Partial<Record<SeatName, Seated>> {
  const holdsRole = (id: string) => ROLES.some((r) => profile.roles[r].some((p) => p.aadObjectId === id));
  // a member of staff with no role is the plain teacher the staff seat is for; else the first one listed
  const staff = profile.staff.find((p) => !holdsRole(p.aadObjectId)) ?? profile.staff[0];
  const pupil =
    profile.pupils.roster[0] ?? (profile.pupils.userIds[0] ? { aadObjectId: profile.pupils.userIds[0], displayName: 'Pupil' } : undefined);
  const governor = profile.roles['chair-of-governors'][0] ?? profile.governors[0];
  const seated: Partial<Record<SeatName, Seated>> = {};
  const sit = (seat: SeatName, person: Person | undefined, what: string, isPupil = false) => {
    if (person) seated[seat] = { person, pupil: isPupil, what };
  };
  sit('staff', staff, 'a member of staff');
  sit('dsl', profile.roles.dsl[0], 'the DSL');
  sit('deputy', profile.roles['deputy-dsl'][0], 'a deputy DSL');
  sit('head', profile.roles.headteacher[0], 'the headteacher');
  sit('pupil', pupil, 'a pupil', true);
  sit('governor', governor, profile.roles['chair-of-governors'][0] ? 'the chair of governors' : 'a governor');
  return seated;
}

/** a person as the Playground lists them: `user-<aadObjectId>`, with a made-up address at the school's domain */
export function playgroundUser(person: Person, pupil: boolean, domain: string): PlaygroundUser {
  const words = person.displayName.trim().split(/\s+/);
  const givenName = words[0] ?? person.displayName;
  const surname = words.slice(1).join(' ');
  const email = `${[givenName, surname].filter(Boolean).map(slug).join('.')}@${pupil ? `pupils.${domain}` : domain}`;
  return {
    id: `user-${person.aadObjectId}`,
    name: person.displayName,
    userPrincipleName: email,
    aadObjectId: person.aadObjectId,
    givenName,
    surname,
    email,
  };
}

/**
 * The Playground configs for a profile's seats, by seat name: the staff seat (a member of staff), the
 * DSL, a deputy DSL, the headteacher, a pupil and a governor, each where the profile names someone for it.
 * The other users are the other seats' people first, then the rest of the school, five in all where the
 * school has that many. The governor seat shows the governors' channel, the others the safeguarding one.
 */
export function profileSeats(profile: SchoolProfile): Partial<Record<SeatName, ProfileSeat>> {
  const domain = `${slug(profile.school.name)}.example`;
  const seated = whoSits(profile);
  const everyone: { person: Person; pupil: boolean }[] = [
    ...SEAT_NAMES.flatMap((s) => (seated[s] ? [seated[s]] : [])),
    ...ROLES.flatMap((r) => profile.roles[r].map((person) => ({ person, pupil: false }))),
    ...profile.staff.map((person) => ({ person, pupil: false })),
    ...profile.governors.map((person) => ({ person, pupil: false })),
    ...profile.pupils.roster.map((person) => ({ person, pupil: true })),
  ];
  const out: Partial<Record<SeatName, ProfileSeat>> = {};
  for (const seat of SEAT_NAMES) {
    const me = seated[seat];
    if (!me) continue;
    const others: PlaygroundUser[] = [];
    for (const { person, pupil } of everyone) {
      if (others.length === OTHER_USERS) break;
      if (person.aadObjectId === me.person.aadObjectId || others.some((u) => u.aadObjectId === person.aadObjectId)) continue;
      others.push(playgroundUser(person, pupil, domain));
    }
    const channel = seat === 'governor' ? profile.channels.governors : profile.channels.safeguarding;
    out[seat] = {
      describes: `${me.person.displayName}, ${me.what}`,
      config: {
        version: '0.1.1',
        tenantId: TENANT_ID,
        bot: { ...BOT },
        currentUser: playgroundUser(me.person, me.pupil, domain),
        users: others,
        personalChat: { id: `personal-chat-${seat}` },
        groupChat: { id: 'group-chat-staffroom', name: 'Staffroom' },
        team: {
          id: channel.teamId,
          name: `${profile.school.name} staff`,
          aadGroupId: TEAM_GROUP_ID,
          channels: [{ id: channel.channelId, name: channel.name ?? (seat === 'governor' ? 'Governors' : 'Safeguarding') }],
        },
      },
    };
  }
  return out;
}

/** a seat's config as the file the Playground reads, with a comment saying where it came from */
export function seatFileText(profilePath: string, seat: string, s: ProfileSeat): string {
  return `# Made by npm start from ${profilePath}: the Agents Playground seen as ${s.describes} (seat "${seat}").\n# Written afresh on each start; edit the profile, not this file.\n${stringify(s.config)}`;
}
