// where a report in progress waits between clicks: the conversation's state, through its port. the
// draft is read and checked on every click (never taken from card data) and expires with the state.
import { z } from 'zod';
import type { ConversationStateStore, StateItem } from '../../ports/conversation-state.js';
import { parseDraft, type ReportDraft } from './draft.js';

// the property names the first versions stored under, kept so a draft under way at an upgrade survives it
const DRAFT = 'reportDraft';
const LAST_SUBMITTED = 'lastSubmittedReport';

const lastSubmittedSchema = z.object({ flowId: z.string(), incidentId: z.string() });
/** the report a conversation sent last: a click on its old card shows what was sent, not "expired" */
export type LastSubmitted = z.infer<typeof lastSubmittedSchema>;

export interface ConversationDrafts {
  draft: ReportDraft | undefined;
  lastSubmitted: LastSubmitted | undefined;
}

export class ReportDrafts {
  constructor(private readonly state: ConversationStateStore) {}

  /** the conversation's draft and last sent report; anything stored that no longer parses counts as none */
  async read(key: string): Promise<ConversationDrafts & { eTag?: string }> {
    const item = (await this.state.read([key]))[key];
    const last = lastSubmittedSchema.safeParse(item?.[LAST_SUBMITTED]);
    return {
      draft: parseDraft(item?.[DRAFT]),
      lastSubmitted: last.success ? last.data : undefined,
      ...(item?.eTag ? { eTag: item.eTag } : {}),
    };
  }

  /** saves the draft (undefined removes it), keeping the last sent report unless a new one is given */
  async save(key: string, draft: ReportDraft | undefined, lastSubmitted?: LastSubmitted): Promise<void> {
    const current = (await this.state.read([key]))[key] ?? {};
    const next: StateItem = { ...current, [DRAFT]: draft, ...(lastSubmitted ? { [LAST_SUBMITTED]: lastSubmitted } : {}) };
    if (draft === undefined) delete next[DRAFT];
    await this.state.write({ [key]: next });
  }
}
