// which of a trust's schools a turn belongs to. The server decides from what it knows (the channel the
// turn came from, the school a card was sent by, the profiles that list the person), never from what a
// card says alone: every school's own checks still run on the turn after it is routed there.
import { identify, type GroupMembership } from '../identity.js';
import type { SchoolProfile } from '../../domain/school-profile.js';

export interface SchoolListing {
  id: string;
  profile: SchoolProfile;
  groups: GroupMembership;
}

export type SchoolRoute = { to: string } | { choose: string[] };

/** the schools whose profile (or groups) list the person, in the trust file's order */
export function schoolsOf(schools: readonly SchoolListing[], aadObjectId: string | undefined): string[] {
  if (!aadObjectId) return [];
  return schools.filter((s) => identify(s.profile, aadObjectId, s.groups).kind !== 'unknown').map((s) => s.id);
}

/** the school whose safeguarding or governors channel this is; or whose team it is, when only one school's */
export function schoolOfChannel(schools: readonly SchoolListing[], channelId?: string, teamId?: string): string | undefined {
  const channels = (s: SchoolListing) => Object.values(s.profile.channels);
  const byChannel = channelId ? schools.find((s) => channels(s).some((c) => c.channelId === channelId)) : undefined;
  if (byChannel) return byChannel.id;
  const byTeam = teamId ? schools.filter((s) => channels(s).some((c) => c.teamId === teamId)) : [];
  return byTeam.length === 1 ? byTeam[0]!.id : undefined;
}

export interface TurnPlace {
  personal: boolean;
  channelId?: string;
  teamId?: string;
  aadObjectId?: string;
  /** the school that sent the card this turn comes from (the card's own tag) */
  tagged?: string;
  /** the school the person chose last (kept per person) */
  chosen?: string;
  /** outside their 1:1 chat, but about to tell the bot something (a message reported from a group chat): ask too */
  mayAsk?: boolean;
}

/**
 * the school for this turn: the card's school; a school's own channel; the person's only school; the one
 * they chose. In their 1:1 chat someone at several schools (or at none the bot knows) is asked to choose;
 * elsewhere the first of theirs takes it, whose app refuses anything private outside a 1:1 chat anyway.
 */
export function routeTurn(schools: readonly SchoolListing[], place: TurnPlace): SchoolRoute {
  const ids = schools.map((s) => s.id);
  if (place.tagged && ids.includes(place.tagged)) return { to: place.tagged };
  if (!place.personal) {
    const byChannel = schoolOfChannel(schools, place.channelId, place.teamId);
    if (byChannel) return { to: byChannel };
  }
  const mine = schoolsOf(schools, place.aadObjectId);
  const candidates = mine.length > 0 ? mine : ids;
  if (candidates.length === 1) return { to: candidates[0]! };
  if (place.chosen && candidates.includes(place.chosen)) return { to: place.chosen };
  return place.personal || place.mayAsk ? { choose: candidates } : { to: candidates[0]! };
}
