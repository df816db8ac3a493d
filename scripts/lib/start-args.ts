import { parseArgs } from 'node:util';

// `npm start -- --as staff,dsl --profile profiles/000-bawtry.yaml` (or `--trust profiles/trust.yaml --as
// rowan:staff,trust-ceo`), read without starting anything so a test can check it. Unknown arguments are
// ignored, as they always were.

export interface StartArgs {
  /** the Playground seats, in the order given, each once */
  seats: string[];
  /** --profile, else SCHOOL_PROFILE from the environment, else undefined (the bot's own default) */
  schoolProfile: string | undefined;
  /**
   * --trust, else TRUST_FILE from the environment (unless --profile is given): the trust's seats are read
   * from its file, so `seats` is then checked by the caller (trustSeatChoice); empty means the default
   */
  trustFile?: string;
}

export type StartArgsResult = { ok: true; value: StartArgs } | { ok: false; error: string };

export function parseStartArgs(argv: readonly string[], env: NodeJS.ProcessEnv, seatNames: readonly string[]): StartArgsResult {
  const { values } = parseArgs({
    args: [...argv],
    options: { as: { type: 'string' }, profile: { type: 'string' }, trust: { type: 'string' } },
    strict: false,
    allowPositionals: true,
  });
  if (values.trust !== undefined && (typeof values.trust !== 'string' || values.trust.trim() === ''))
    return { ok: false, error: '--trust takes the path of a trust file (e.g. --trust profiles/trust.yaml).' };
  if (values.trust !== undefined && values.profile !== undefined)
    return { ok: false, error: '--trust or --profile, not both: a trust file names each school’s profile itself.' };
  const trustFile =
    typeof values.trust === 'string' ? values.trust : values.profile === undefined && env.TRUST_FILE ? env.TRUST_FILE : undefined;
  // without strict, a flag given no value reads as true
  const raw = values.as === undefined ? (trustFile ? '' : 'staff') : typeof values.as === 'string' ? values.as : '';
  const seats = [
    ...new Set(
      raw
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    ),
  ];
  if (trustFile) {
    if (values.as !== undefined && seats.length === 0)
      return { ok: false, error: '--as takes one or more of the trust’s seats, comma-separated (e.g. --as rowan:staff,trust-ceo).' };
    return { ok: true, value: { seats, schoolProfile: undefined, trustFile } };
  }
  const unknown = seats.filter((s) => !seatNames.includes(s));
  if (seats.length === 0 || unknown.length > 0) {
    return {
      ok: false,
      error: `${unknown.length > 0 ? `Unknown seat ${unknown.join(', ')}. ` : ''}--as takes one or more of ${seatNames.join(', ')}, comma-separated (e.g. --as staff,dsl).`,
    };
  }
  if (values.profile !== undefined && (typeof values.profile !== 'string' || values.profile.trim() === '')) {
    return { ok: false, error: '--profile takes the path of a school profile (e.g. --profile profiles/000-bawtry.yaml).' };
  }
  const fromEnv = env.SCHOOL_PROFILE === '' ? undefined : env.SCHOOL_PROFILE;
  return { ok: true, value: { seats, schoolProfile: typeof values.profile === 'string' ? values.profile : fromEnv } };
}

/**
 * the trust's seats asked for, checked against those its file gives (trustSeats): the first school's staff
 * seat when none were asked for
 */
export function trustSeatChoice(
  asked: readonly string[],
  available: readonly string[],
): { ok: true; seats: string[] } | { ok: false; error: string } {
  const seats = asked.length > 0 ? [...asked] : available.filter((s) => s.endsWith(':staff')).slice(0, 1);
  const unknown = seats.filter((s) => !available.includes(s));
  if (seats.length === 0 || unknown.length > 0)
    return {
      ok: false,
      error: `${unknown.length > 0 ? `Unknown seat ${unknown.join(', ')}. ` : ''}With a trust, --as takes one or more of ${available.join(', ')}, comma-separated.`,
    };
  return { ok: true, seats };
}
