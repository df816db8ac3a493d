// SharePoint lists through Microsoft Graph, played by nock for one site (https://graph.microsoft.com/v1.0):
// the site, its lists and columns, list items (fake-sharepoint-list.ts) and $batch of at most 20, in
// Graph's documented shapes. every request is recorded (`requests`; sub-requests of a $batch in
// `subRequests`), and faults can be injected: failNext (whole requests), failInBatch (sub-requests)
// and down()/up() (every request 503 with Retry-After). one fake at a time: it answers every Graph
// request, so a request for another site gets Graph's 404.
import nock from 'nock';
import { LISTS, TITLE_KEYS, columnDefinition, type ListKey } from '../../src/adapters/sharepoint/lists.js';
import { FakeList, GRAPH_ORIGIN, ROOT, graphError, selected, type Answer, type RecordedRequest } from './fake-sharepoint-list.js';
import { evaluate, ODataError, parseFilter } from './fake-sharepoint-odata.js';

export { GRAPH_ORIGIN, type Answer, type RecordedRequest } from './fake-sharepoint-list.js';

type SubRequestMatch = (r: RecordedRequest) => boolean;

const injected = (status: number, headers?: Record<string, string>) =>
  graphError(status, status === 429 ? 'TooManyRequests' : status === 503 ? 'serviceNotAvailable' : `http-${status}`, 'injected by the test', headers);

/** a request as recorded: path without /v1.0, the query decoded, header names in lower case */
function recorded(method: string, url: URL, body: unknown, headers: Record<string, unknown>, batch?: number): RecordedRequest {
  return {
    method,
    path: url.pathname.slice(ROOT.length),
    query: Object.fromEntries(url.searchParams),
    ...(body !== undefined && body !== '' ? { body } : {}),
    headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(', ') : String(v)])),
    status: 0,
    ...(batch !== undefined ? { batch } : {}),
  };
}

export class FakeSharePoint {
  readonly requests: RecordedRequest[] = [];
  readonly subRequests: RecordedRequest[] = [];
  /** Graph's page of list items when $top does not set one */
  pageSize = 200;
  private readonly lists = new Map<string, FakeList>();
  private readonly faults: Answer[] = [];
  private readonly batchFaults: { match: SubRequestMatch; remaining: number; answer: Answer }[] = [];
  private isDown = false;
  private readonly interceptors: nock.Interceptor[] = [];

  constructor(readonly siteId: string) {
    const scope = nock(GRAPH_ORIGIN).persist();
    for (const method of ['GET', 'POST', 'PATCH', 'PUT', 'DELETE']) {
      const interceptor = scope.intercept(/^\/v1\.0\//, method).query(true);
      // eslint-disable-next-line @typescript-eslint/no-this-alias
      const fake = this;
      interceptor.reply(function (uri, body) {
        const answer = fake.http(recorded(method, new URL(uri, GRAPH_ORIGIN), body, this.req.headers));
        return [answer.status, answer.body === undefined ? '' : (answer.body as nock.Body), answer.headers ?? {}];
      });
      this.interceptors.push(interceptor);
    }
  }

  /** every list of LISTS as provisioning leaves it: its columns, and Title indexed and unique where it is the key */
  provisioned(): this {
    for (const spec of LISTS) {
      const list = this.addList(spec.displayName, spec.description);
      if (TITLE_KEYS[spec.key] !== undefined) Object.assign(list.columns[0]!, { indexed: true, unique: true });
      for (const c of spec.columns) list.addColumn(columnDefinition(c));
    }
    return this;
  }

  listIds(): Record<ListKey, string> {
    return Object.fromEntries(LISTS.map((spec) => [spec.key, this.list(spec.displayName).id])) as Record<ListKey, string>;
  }

  /** the fields of a list's items (by display name), in id order: for assertions */
  items(displayName: string): Record<string, unknown>[] {
    return [...this.list(displayName).items.values()].map((i) => ({ ...i.fields }));
  }

  /** HTTP requests so far (a $batch counts once) */
  get count(): number {
    return this.requests.length;
  }

  /** the next `count` requests answer `status` (with these headers, e.g. Retry-After) */
  failNext(count: number, status: number, headers?: Record<string, string>): void {
    for (let i = 0; i < count; i++) this.faults.push(injected(status, headers));
  }

  /** sub-requests of a $batch answer `status`: the next `match` of them, or the next `times` that match */
  failInBatch(match: number | SubRequestMatch, status = 429, headers: Record<string, string> = { 'Retry-After': '1' }, times = 1): void {
    this.batchFaults.push(typeof match === 'number' ? { match: () => true, remaining: match, answer: injected(status, headers) } : { match, remaining: times, answer: injected(status, headers) });
  }

  /** every request answers 503 with Retry-After until up() */
  down(): void {
    this.isDown = true;
  }

  up(): void {
    this.isDown = false;
  }

  close(): void {
    for (const interceptor of this.interceptors) nock.removeInterceptor(interceptor);
  }

  private http(r: RecordedRequest): Answer {
    this.requests.push(r);
    const answer = this.isDown
      ? graphError(503, 'serviceNotAvailable', 'The service is temporarily unavailable.', { 'Retry-After': '5' })
      : (this.faults.shift() ?? (r.method === 'POST' && r.path === '/$batch' ? this.batch(r.body, this.requests.length - 1) : this.route(r)));
    r.status = answer.status;
    return answer;
  }

  private batch(body: unknown, index: number): Answer {
    const requests = (body as { requests?: { id: string; method: string; url: string; body?: unknown; headers?: Record<string, string> }[] } | undefined)?.requests ?? [];
    if (requests.length > 20) return graphError(400, 'invalidRequest', 'The number of batch requests exceeds 20.');
    const responses = requests.map((s) => {
      const sub = recorded(s.method, new URL(s.url.replace(/^\/?/, `${ROOT}/`), GRAPH_ORIGIN), s.body, s.headers ?? {}, index);
      this.subRequests.push(sub);
      const fault = this.batchFaults.find((f) => f.remaining > 0 && f.match(sub));
      if (fault) fault.remaining--;
      const answer = fault?.answer ?? this.route(sub);
      sub.status = answer.status;
      return { id: s.id, status: answer.status, headers: { 'Content-Type': 'application/json', ...answer.headers }, ...(answer.body !== undefined ? { body: answer.body } : {}) };
    });
    // Graph promises no order; answering backwards keeps callers honest
    return { status: 200, body: { responses: responses.reverse() } };
  }

  private route(r: RecordedRequest): Answer {
    const [sites, site, lists, listRef, collection, itemId, leaf, ...rest] = r.path.split('/').filter(Boolean).map(decodeURIComponent);
    const unsupported = () => graphError(400, 'invalidRequest', `the fake SharePoint does not do ${r.method} ${r.path}`);
    if (sites !== 'sites' || !site || rest.length > 0) return unsupported();
    if (site !== this.siteId) return graphError(404, 'itemNotFound', 'Requested site could not be found');
    try {
      if (!lists) return r.method === 'GET' ? { status: 200, body: selected({ id: this.siteId, displayName: 'Online Safety', webUrl: 'https://example.sharepoint.com/sites/online-safety' }, r.query) } : unsupported();
      if (lists !== 'lists') return unsupported();
      if (!listRef && r.method === 'GET') {
        const filter = r.query.$filter ? parseFilter(r.query.$filter, '') : undefined;
        const value = [...this.lists.values()].map((l) => l.json()).filter((l) => !filter || evaluate(filter, l, () => 'text'));
        return { status: 200, body: { value: value.map((l) => selected(l, r.query)) } };
      }
      if (!listRef && r.method === 'POST') return this.createList(r.body);
      const list = listRef && (this.lists.get(listRef) ?? [...this.lists.values()].find((l) => l.displayName === listRef));
      if (!list) return graphError(404, 'itemNotFound', 'The specified list was not found');
      if (!collection) return r.method === 'GET' ? { status: 200, body: selected(list.json(), r.query) } : unsupported();
      if (collection === 'columns' && !leaf) return list.columnsRequest(r, itemId);
      if (collection !== 'items') return unsupported();
      if (!itemId) return r.method === 'GET' ? list.query(r, this.pageSize) : r.method === 'POST' ? list.create(r.body) : unsupported();
      const item = list.items.get(itemId);
      if (!item) return graphError(404, 'itemNotFound', 'The resource could not be found.');
      if (!leaf && r.method === 'GET') return { status: 200, body: list.itemJson(item, r.query) };
      if (!leaf && r.method === 'DELETE') return list.items.delete(item.id) ? { status: 204 } : unsupported();
      if (leaf === 'fields' && r.method === 'PATCH') return list.patch(item, r);
      return unsupported();
    } catch (e) {
      if (e instanceof ODataError) return graphError(400, 'invalidRequest', e.message);
      throw e;
    }
  }

  private addList(displayName: string, description: string): FakeList {
    const list = new FakeList(displayName, description);
    this.lists.set(list.id, list);
    return list;
  }

  private list(displayName: string): FakeList {
    const list = [...this.lists.values()].find((l) => l.displayName === displayName);
    if (!list) throw new Error(`the fake SharePoint has no list '${displayName}'`);
    return list;
  }

  private createList(body: unknown): Answer {
    const b = (body ?? {}) as { displayName?: string; description?: string; columns?: Record<string, unknown>[] };
    if (!b.displayName) return graphError(400, 'invalidRequest', 'displayName is required');
    if ([...this.lists.values()].some((l) => l.displayName.toLowerCase() === b.displayName!.toLowerCase())) {
      return graphError(409, 'nameAlreadyExists', 'A list, survey, discussion board, or document library with the specified title already exists in this Web site.');
    }
    const list = this.addList(b.displayName, b.description ?? '');
    for (const c of b.columns ?? []) list.addColumn(c);
    return { status: 201, body: list.json() };
  }
}
