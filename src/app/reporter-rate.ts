// every reporter, pupil or adult, is rate-limited the same way: everything is recorded, but past the
// limit a report no longer pages anyone 1:1 (the team sees it, with the count, on the case card).
import type { IncidentRecord, IncidentStore } from '../ports/incident-store.js';

/** more than this many reports from one person in RATE_WINDOW_MS: recorded, not paged */
export const RATE_LIMIT = 5;
export const RATE_WINDOW_MS = 10 * 60_000;

/** this person's reports in the window before `now`, not counting the ones `same` recognises as this report */
export async function recentReports(
  store: IncidentStore,
  reporterId: string,
  now: Date,
  same: (r: IncidentRecord) => boolean = () => false,
): Promise<number> {
  const mine = await store.listByReporter(reporterId, 50);
  return mine.filter((r) => now.getTime() - new Date(r.reportedAt).getTime() < RATE_WINDOW_MS && !same(r)).length;
}
