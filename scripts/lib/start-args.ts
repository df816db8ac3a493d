import { parseArgs } from 'node:util';

// `npm start -- --as staff,dsl --profile profiles/000-bawtry.yaml`, read without starting anything so a
// test can check it. Unknown arguments are ignored, as they always were.

export interface StartArgs {
  /** the Playground seats, in the order given, each once */
  seats: string[];
  /** --profile, else SCHOOL_PROFILE from the environment, else undefined (the bot's own default) */
  schoolProfile: string | undefined;
}

export type StartArgsResult = { ok: true; value: StartArgs } | { ok: false; error: string };

export function parseStartArgs(argv: readonly string[], env: NodeJS.ProcessEnv, seatNames: readonly string[]): StartArgsResult {
  const { values } = parseArgs({
    args: [...argv],
    options: { as: { type: 'string' }, profile: { type: 'string' } },
    strict: false,
    allowPositionals: true,
  });
  // without strict, a flag given no value reads as true
  const raw = values.as === undefined ? 'staff' : typeof values.as === 'string' ? values.as : '';
  const seats = [
    ...new Set(
      raw
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    ),
  ];
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
