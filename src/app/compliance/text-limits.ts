/**
 * the longest text each compliance card takes: the cards' Input.Text maxLength and the use cases' check
 * (actions.ts) both read it, since a client, an old card or a crafted invoke need not honour maxLength
 */
export const COMPLIANCE_TEXT_LIMITS = {
  /** training: who provided it */
  provider: 100,
  /** a leaver account: the reason for disabling or keeping it */
  leaverReason: 300,
} as const;
