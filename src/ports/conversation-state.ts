// small state kept per conversation between turns (a report draft and the last report sent from it).
// the shape is botbuilder's Storage (read / write / delete of JSON items with eTags), so the same adapter
// can serve the SDK, but nothing outside the Teams adapter needs to know that.

/** a stored item: any JSON object; `eTag` is set by the store on each write */
export type StateItem = Record<string, unknown> & { eTag?: string };

export interface ConversationStateStore {
  /** the items stored under these keys; a key with nothing stored (or expired) is left out */
  read(keys: string[]): Promise<Record<string, StateItem>>;
  /**
   * writes each item. an item carrying the eTag it was read with is written only if nobody wrote it
   * since (else the write throws and nothing is written); no eTag, or '*', always writes
   */
  write(changes: Record<string, StateItem>): Promise<void>;
  delete(keys: string[]): Promise<void>;
}

/** a store whose state expires: a draft abandoned half way names children */
export interface ExpiringStateStore extends ConversationStateStore {
  /** removes what nobody wrote for the store's time to live; returns how many items went */
  sweepExpired(now: Date): Promise<number>;
}
