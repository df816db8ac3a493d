// SharePoint lists through Microsoft Graph, played by nock for the bot's sites (https://graph.microsoft.com/v1.0):
// the shared site and, when given, the restricted one; their lists and columns, list items
// (fake-sharepoint-list.ts) and $batch of at most 20, in Graph's documented shapes. every request is
// recorded (`requests`; sub-requests of a $batch in `subRequests`; `toSite` picks those for one site),
// and faults can be injected: failNext (whole requests), failInBatch (sub-requests) and down()/up()
// (every request 503 with Retry-After). one fake at a time: it answers every Graph request, so a
// request for any other site gets Graph's 404.
import nock from 'nock';
import { LISTS, TITLE_KEYS, columnDefinition, type ListKey, type SiteRole } from '../../src/adapters/sharepoint/lists.js';
import { FakeList, GRAPH_ORIGIN, ROOT, graphError, selected, type Answer, type RecordedRequest } from './fake-sharepoint-list.js';
import { evaluate, ODataError, parseFilter } from './fake-sharepoint-odata.js';

export { GRAPH_ORIGIN, type Answer, type RecordedRequest } from './fake-sharepoint-list.js';

type SubRequestMatch = (r: RecordedRequest) => boolean;

const injected = (status: number, headers?: Record<string, string>) =>
  graphError(
    status,
    status === 429 ? 'TooManyRequests' : status === 503 ? 'serviceNotAvailable' : `http-${status}`,
    'injected by the test',
    headers,
  );

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
  /** each site's lists by id */
  private readonly sites = new Map<string, Map<string, FakeList>>();
  private readonly faults: Answer[] = [];
  private readonly batchFaults: { match: SubRequestMatch; remaining: number; answer: Answer }[] = [];
  private isDown = false;
  private readonly interceptors: nock.Interceptor[] = [];

  constructor(
    readonly siteId: string,
    /** the restricted site; without it, only the shared site exists */
    readonly restrictedSiteId?: string,
  ) {
    this.sites.set(siteId, new Map());
    if (restrictedSiteId) this.sites.set(restrictedSiteId, new Map());
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

  /** the site's id for a role, if there is such a site */
  site(role: SiteRole): string | undefined {
    return role === 'shared' ? this.siteId : this.restrictedSiteId;
  }

  /** every list of LISTS as provisioning leaves it, on its site (the restricted site's only if there is one) */
  provisioned(): this {
    for (const spec of LISTS) {
      const site = this.site(spec.site);
      if (!site) continue;
      const list = this.addList(site, spec.displayName, spec.description, true);
      if (TITLE_KEYS[spec.key] !== undefined) Object.assign(list.columns[0]!, { indexed: true, unique: true });
      for (const c of spec.columns) list.addColumn(columnDefinition(c));
    }
    return this;
  }

  /** the ids of the lists there are (none of the restricted site's without one) */
  listIds(): Partial<Record<ListKey, string>> {
    return Object.fromEntries(LISTS.filter((spec) => this.site(spec.site)).map((spec) => [spec.key, this.list(spec.displayName).id]));
  }

  /** both sites' list ids, for a store that needs both */
  allListIds(): Record<ListKey, string> {
    const ids = this.listIds();
    for (const spec of LISTS) if (!ids[spec.key]) throw new Error(`the fake SharePoint has no list '${spec.displayName}'`);
    return ids as Record<ListKey, string>;
  }

  /** the fields of a list's items (by display name, on whichever site has it), in id order: for assertions */
  items(displayName: string): Record<string, unknown>[] {
    return [...this.list(displayName).items.values()].map((i) => ({ ...i.fields }));
  }

  /** whether a site has a list of that name (any case) */
  hasList(siteId: string, displayName: string): boolean {
    return [...(this.sites.get(siteId)?.values() ?? [])].some((l) => l.displayName.toLowerCase() === displayName.toLowerCase());
  }

  /** every request and $batch sub-request addressed to one site, in order */
  toSite(siteId: string): RecordedRequest[] {
    const prefix = `/sites/${siteId}`;
    return [...this.requests, ...this.subRequests].filter((r) => r.path === prefix || r.path.startsWith(`${prefix}/`));
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
    this.batchFaults.push(
      typeof match === 'number'
        ? { match: () => true, remaining: match, answer: injected(status, headers) }
        : { match, remaining: times, answer: injected(status, headers) },
    );
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
      : (this.faults.shift() ??
        (r.method === 'POST' && r.path === '/$batch' ? this.batch(r.body, this.requests.length - 1) : this.route(r)));
    r.status = answer.status;
    return answer;
  }

  private batch(body: unknown, index: number): Answer {
    const requests =
      (body as { requests?: { id: string; method: string; url: string; body?: unknown; headers?: Record<string, string> }[] } | undefined)
        ?.requests ?? [];
    if (requests.length > 20) return graphError(400, 'invalidRequest', 'The number of batch requests exceeds 20.');
    const responses = requests.map((s) => {
      const sub = recorded(s.method, new URL(s.url.replace(/^\/?/, `${ROOT}/`), GRAPH_ORIGIN), s.body, s.headers ?? {}, index);
      this.subRequests.push(sub);
      const fault = this.batchFaults.find((f) => f.remaining > 0 && f.match(sub));
      if (fault) fault.remaining--;
      const answer = fault?.answer ?? this.route(sub);
      sub.status = answer.status;
      return {
        id: s.id,
        status: answer.status,
        headers: { 'Content-Type': 'application/json', ...answer.headers },
        ...(answer.body !== undefined ? { body: answer.body } : {}),
      };
    });
    // Graph promises no order; answering backwards keeps callers honest
    return { status: 200, body: { responses: responses.reverse() } };
  }

  private route(r: RecordedRequest): Answer {
    const [sites, site, lists, listRef, collection, itemId, leaf, ...rest] = r.path.split('/').filter(Boolean).map(decodeURIComponent);
    const unsupported = () => graphError(400, 'invalidRequest', `the fake SharePoint does not do ${r.method} ${r.path}`);
    if (sites !== 'sites' || !site || rest.length > 0) return unsupported();
    const siteLists = this.sites.get(site);
    if (!siteLists) return graphError(404, 'itemNotFound', 'Requested site could not be found');
    try {
      if (!lists) {
        const json =
          site === this.siteId
            ? { id: site, displayName: 'Online Safety', webUrl: 'https://example.sharepoint.com/sites/online-safety' }
            : { id: site, displayName: 'Safeguarding cases', webUrl: 'https://example.sharepoint.com/sites/safeguarding-cases' };
        return r.method === 'GET' ? { status: 200, body: selected(json, r.query) } : unsupported();
      }
      if (lists !== 'lists') return unsupported();
      if (!listRef && r.method === 'GET') {
        const filter = r.query.$filter ? parseFilter(r.query.$filter, '') : undefined;
        const value = [...siteLists.values()].map((l) => l.json()).filter((l) => !filter || evaluate(filter, l, () => 'text'));
        return { status: 200, body: { value: value.map((l) => selected(l, r.query)) } };
      }
      if (!listRef && r.method === 'POST') return this.createList(siteLists, r.body);
      // a list by id, or by its title (GET /sites/{site}/lists/{list-title})
      const list =
        listRef && (siteLists.get(listRef) ?? [...siteLists.values()].find((l) => l.displayName.toLowerCase() === listRef.toLowerCase()));
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

  private addList(siteId: string, displayName: string, description: string, hidden = false): FakeList {
    const list = new FakeList(displayName, description, hidden);
    this.sites.get(siteId)!.set(list.id, list);
    return list;
  }

  private list(displayName: string): FakeList {
    const list = [...this.sites.values()].flatMap((lists) => [...lists.values()]).find((l) => l.displayName === displayName);
    if (!list) throw new Error(`the fake SharePoint has no list '${displayName}'`);
    return list;
  }

  private createList(siteLists: Map<string, FakeList>, body: unknown): Answer {
    const b = (body ?? {}) as {
      displayName?: string;
      description?: string;
      list?: { hidden?: boolean };
      columns?: Record<string, unknown>[];
    };
    if (!b.displayName) return graphError(400, 'invalidRequest', 'displayName is required');
    if ([...siteLists.values()].some((l) => l.displayName.toLowerCase() === b.displayName!.toLowerCase())) {
      return graphError(
        409,
        'nameAlreadyExists',
        'A list, survey, discussion board, or document library with the specified title already exists in this Web site.',
      );
    }
    const list = new FakeList(b.displayName, b.description ?? '', b.list?.hidden === true);
    siteLists.set(list.id, list);
    for (const c of b.columns ?? []) list.addColumn(c);
    return { status: 201, body: list.json() };
  }
}
