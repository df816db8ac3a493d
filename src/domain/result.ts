// the domain reports failures as values; exceptions are for the edges (and for planEscalation,
// whose public contract is to throw on facts it was never meant to see)

export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
export const err = <E>(error: E): { ok: false; error: E } => ({ ok: false, error });
