// a stand-in for the part of Microsoft Graph the SharePoint replicator uses (src/adapters/sharepoint/
// replicator.ts), in Graph's shapes: POST /v1.0/sites/{site}/lists/{list}/items { fields } (201 with
// the item and its fields), PATCH .../items/{id}/fields (200 with the fields), GET .../items with
// $filter "fields/X eq 'v'" (the look-up of a retried create) and POST /v1.0/$batch of at most 20 of
// those (200 { responses }). lists are made on first use, so any list id works; Title is unique in
// each (409 nameAlreadyExists, as on the provisioned lists). it keeps the items in memory and counts
// the requests per list. run it as its own process: `PORT=0 tsx bench/stub-graph.ts` (prints
// `listening <port>`); GET /_stats returns the counts, GET /healthz answers ok. The test suite's
// emulator (test/support/fake-sharepoint.ts) checks far more, but runs in-process on nock.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { pathToFileURL } from 'node:url';
import { exitWithParent, readJsonBody } from './lib.js';

export interface StubGraphListStats {
  items: number;
  /** requests of each kind, at the top level or inside a $batch */
  creates: number;
  patches: number;
  lookups: number;
  /** of the creates, those inside a $batch */
  batchedCreates: number;
  /** creates refused because the Title was taken */
  conflicts: number;
}

export interface StubGraphStats {
  /** HTTP requests (a $batch counts once) */
  requests: number;
  batches: number;
  subRequests: number;
  lists: Record<string, StubGraphListStats>;
  /** requests the stub did not recognise (the first few), so a caller doing something else is visible */
  unhandled: string[];
  unhandledCount: number;
}

interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}
interface Item {
  id: string;
  etag: string;
  version: number;
  created: string;
  fields: Record<string, unknown>;
}
interface List {
  nextId: number;
  items: Map<string, Item>;
  byTitle: Map<string, Item>;
  stats: StubGraphListStats;
}

const ORIGIN = 'https://graph.microsoft.com';
const itemsPath = /^\/sites\/([^/]+)\/lists\/([^/]+)\/items(?:\/([^/]+)(\/fields)?)?\/?$/;
const eqFilter = /^fields\/(\w+) eq '((?:[^']|'')*)'$/;

const error = (status: number, code: string, message: string): Answer => ({
  status,
  body: { error: { code, message, innerError: { 'request-id': randomUUID(), date: new Date().toISOString() } } },
});

export function createStubGraph(): http.Server {
  const stats: StubGraphStats = { requests: 0, batches: 0, subRequests: 0, lists: {}, unhandled: [], unhandledCount: 0 };
  const lists = new Map<string, List>();
  const listOf = (id: string): List => {
    let list = lists.get(id);
    if (!list) {
      list = {
        nextId: 1,
        items: new Map(),
        byTitle: new Map(),
        stats: (stats.lists[id] = { items: 0, creates: 0, patches: 0, lookups: 0, batchedCreates: 0, conflicts: 0 }),
      };
      lists.set(id, list);
    }
    return list;
  };
  const itemJson = (site: string, listId: string, item: Item) => ({
    '@odata.context': `${ORIGIN}/v1.0/$metadata#sites('${site}')/lists('${listId}')/items/$entity`,
    '@odata.etag': item.etag,
    id: item.id,
    eTag: item.etag,
    createdDateTime: item.created,
    lastModifiedDateTime: item.created,
    webUrl: `https://example.sharepoint.com/Lists/${listId}/${item.id}_.000`,
    fields: { '@odata.etag': item.etag, id: item.id, ...item.fields },
  });

  const unhandled = (status: number, code: string, method: string, path: string): Answer => {
    stats.unhandledCount++;
    if (stats.unhandled.length < 20) stats.unhandled.push(`${method} ${path}`);
    return error(status, code, `stub graph: no route for ${method} ${path}`);
  };

  /** one request, at the top level or inside a $batch: path without /v1.0 and the query */
  const route = (method: string, path: string, query: URLSearchParams, body: unknown, inBatch = false): Answer => {
    const match = itemsPath.exec(path);
    if (!match) return unhandled(404, 'itemNotFound', method, path);
    const [, site = '', listId = '', itemId, fieldsLeaf] = match;
    const list = listOf(decodeURIComponent(listId));
    if (!itemId && method === 'POST') {
      const fields = { ...((body as { fields?: Record<string, unknown> } | undefined)?.fields ?? {}) };
      const title = String(fields.Title ?? '').toLowerCase();
      if (title && list.byTitle.has(title)) {
        list.stats.conflicts++;
        return error(
          409,
          'nameAlreadyExists',
          'The list item could not be added or updated because duplicate values were found in the following field(s) in the list: [Title].',
        );
      }
      const id = String(list.nextId++);
      const item: Item = { id, etag: `"${randomUUID()},1"`, version: 1, created: new Date().toISOString(), fields };
      list.items.set(id, item);
      if (title) list.byTitle.set(title, item);
      list.stats.creates++;
      if (inBatch) list.stats.batchedCreates++;
      list.stats.items++;
      return { status: 201, body: itemJson(site, listId, item), headers: { ETag: item.etag } };
    }
    if (itemId && fieldsLeaf && method === 'PATCH') {
      const item = list.items.get(itemId);
      if (!item) return error(404, 'itemNotFound', 'The requested resource does not exist.');
      item.fields = { ...item.fields, ...(body as Record<string, unknown> | undefined) };
      item.version++;
      item.etag = `"${item.etag.slice(1, 37)},${item.version}"`;
      list.stats.patches++;
      return { status: 200, body: { '@odata.etag': item.etag, id: item.id, ...item.fields }, headers: { ETag: item.etag } };
    }
    if (!itemId && method === 'GET') {
      list.stats.lookups++;
      const filter = eqFilter.exec(query.get('$filter') ?? '');
      const value = filter ? filter[2]!.replace(/''/g, "'") : undefined;
      const found = [...list.items.values()].filter(
        (i) => !filter || String(i.fields[filter[1]!] ?? '').toLowerCase() === value!.toLowerCase(),
      );
      return { status: 200, body: { value: found.slice(0, Number(query.get('$top') ?? 200)).map((i) => ({ id: i.id })) } };
    }
    return unhandled(405, 'methodNotAllowed', method, path);
  };

  const batch = (body: unknown): Answer => {
    const requests = (body as { requests?: { id: string; method: string; url: string; body?: unknown }[] } | undefined)?.requests ?? [];
    if (requests.length > 20) return error(400, 'invalidRequest', 'The number of batch requests exceeds 20.');
    stats.batches++;
    stats.subRequests += requests.length;
    const responses = requests.map((r) => {
      const url = new URL(r.url.replace(/^\/?/, '/'), ORIGIN);
      const answer = route(r.method, url.pathname, url.searchParams, r.body, true);
      return {
        id: r.id,
        status: answer.status,
        headers: { 'Content-Type': 'application/json', ...answer.headers },
        ...(answer.body !== undefined ? { body: answer.body } : {}),
      };
    });
    return { status: 200, body: { responses } };
  };

  const send = (res: http.ServerResponse, answer: Answer): void => {
    res.writeHead(answer.status, { 'content-type': 'application/json', 'request-id': randomUUID(), ...answer.headers });
    res.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', ORIGIN);
    if (req.method === 'GET' && url.pathname === '/healthz') return send(res, { status: 200, body: { ok: true } });
    if (req.method === 'GET' && url.pathname === '/_stats') return send(res, { status: 200, body: stats });
    readJsonBody(req, 8 << 20)
      .then((body) => {
        stats.requests++;
        const method = req.method ?? 'GET';
        const path = url.pathname.replace(/^\/v1\.0(?=\/)/, '');
        send(res, method === 'POST' && path === '/$batch' ? batch(body) : route(method, path, url.searchParams, body));
      })
      .catch((err: unknown) => send(res, error(400, 'BadRequest', String(err))));
  });
  // Node's 5 s default would close a connection the client is about to reuse: the bench's SQLite
  // writes are synchronous and can hold the client's event loop past it (fetch failed, intermittently)
  server.keepAliveTimeout = 120_000;
  return server;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  exitWithParent();
  const server = createStubGraph();
  server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
    const address = server.address();
    console.log(`listening ${typeof address === 'object' && address ? address.port : '?'}`);
  });
  process.once('SIGTERM', () => process.exit(0));
}
