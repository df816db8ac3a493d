import { err, ok, type Result } from './result.js';

/** the parts of an ISO-8601 duration that service levels use */
export interface IsoDuration {
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

// years and months are left out on purpose: a month is not a fixed number of working days
const PATTERN = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

export function parseIsoDuration(text: string): Result<IsoDuration, string> {
  const m = PATTERN.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) {
    return err(`"${text}" is not an ISO-8601 duration of weeks, days, hours, minutes or seconds (e.g. PT15M, P1D, PT72H)`);
  }
  const n = (i: number) => Number(m[i] ?? 0);
  return ok({ weeks: n(1), days: n(2), hours: n(3), minutes: n(4), seconds: n(5) });
}
