// every Microsoft Graph failure, as one error type: the status, Graph's error code, the request id
// (what Microsoft support asks for) and how long Graph asked us to wait.
import { parseRetryAfter } from '../../app/retry.js';

export class GraphRequestError extends Error {
  constructor(
    message: string,
    /** HTTP status; 0 when the request never got an answer (network, DNS, timeout) */
    readonly status: number,
    /** Graph's error code, e.g. 'itemNotFound', 'TooManyRequests', 'InvalidAuthenticationToken' */
    readonly code: string,
    readonly requestId?: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'GraphRequestError';
  }

  /** worth trying again later: throttled (429), busy (503), gateway timeout (504), other 5xx, or no answer */
  get transient(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

interface GraphErrorBody {
  error?: { code?: string; message?: string; innerError?: { 'request-id'?: string; requestId?: string } };
}

/** builds the error from a Graph answer that is not 2xx */
export function graphError(status: number, body: unknown, headers: { get(name: string): string | null }, what: string): GraphRequestError {
  const e = (body as GraphErrorBody | undefined)?.error;
  const requestId = headers.get('request-id') ?? e?.innerError?.['request-id'] ?? e?.innerError?.requestId ?? undefined;
  return new GraphRequestError(
    `${what}: Graph answered ${status} ${e?.code ?? ''}${e?.message ? `: ${e.message}` : ''}`.trim(),
    status,
    e?.code ?? `http-${status}`,
    requestId ?? undefined,
    parseRetryAfter(headers.get('retry-after')),
  );
}

/** a request that got no answer at all */
export function networkError(error: unknown, what: string): GraphRequestError {
  const message = error instanceof Error ? error.message : String(error);
  return new GraphRequestError(`${what}: no answer from Graph (${message})`, 0, 'network');
}
