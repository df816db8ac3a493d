import type { SchoolProfile } from '../../domain/index.js';
import type { IncidentStore } from '../../ports/incident-store.js';
import type { Logger } from '../../observability/logger.js';
import type { GroupMembership } from '../../app/identity.js';

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
  /** send what is queued and wait (briefly) until it has gone: the danger alert, before the next screen */
  deliverNow?: () => Promise<void>;
  /** the staff and pupil groups' members, as the directory copy last read them (kept current in place) */
  groups?: GroupMembership;
}
