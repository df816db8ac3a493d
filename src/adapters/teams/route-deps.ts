import type { SchoolProfile } from '../../domain/index.js';
import type { IncidentStore } from '../../ports/incident-store.js';
import type { Logger } from '../../observability/logger.js';

/** what the report, case and pupil routes share */
export interface RouteDeps {
  store: IncidentStore;
  profile: SchoolProfile;
  logger: Logger;
  now: () => Date;
  /** ids for drafts and forms (tests pass a counter) */
  newId?: () => string;
  /** a change queued messages in the outbox: send them now */
  delivered: () => void;
}
