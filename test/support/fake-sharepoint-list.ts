// one SharePoint list as Graph shows it, for the fake SharePoint (fake-sharepoint.ts): its columns
// and its items, with what SharePoint enforces: unique columns (409), eTags on PATCH (412), $filter
// and $orderby only on indexed columns (400, as on a big list), instants kept to the second, text
// compared case-insensitively, '' stored as empty, and pages of items with @odata.nextLink.
import { randomUUID } from 'node:crypto';
import type { ColumnKind } from '../../src/adapters/sharepoint/lists.js';
import { evaluate, filterFields, ODataError, parseFilter, parseOrderBy, sortBy, type ValueKind } from './fake-sharepoint-odata.js';

export const GRAPH_ORIGIN = 'https://graph.microsoft.com';
export const ROOT = '/v1.0';

export interface RecordedRequest {
  method: string;
  /** without /v1.0 and without the query: '/sites/{site}/lists/{list}/items' */
  path: string;
  /** decoded: { $filter: "fields/Status eq 'closed'" } */
  query: Record<string, string>;
  body?: unknown;
  /** lower-case names */
  headers: Record<string, string>;
  /** what the fake answered */
  status: number;
  /** for a sub-request: the index in `requests` of the $batch that carried it */
  batch?: number;
}

export interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export const graphError = (status: number, code: string, message: string, headers?: Record<string, string>): Answer => ({
  status,
  body: { error: { code, message, innerError: { 'request-id': randomUUID(), date: new Date().toISOString() } } },
  ...(headers ? { headers } : {}),
});

/** keeps the named properties, as $select does (everything when there is no $select) */
export function selected<T extends Record<string, unknown>>(json: T, query: Record<string, string>): Partial<T> {
  if (!query.$select) return json;
  const names = query.$select.split(',').map((s) => s.trim());
  return Object.fromEntries(Object.entries(json).filter(([k]) => names.includes(k))) as Partial<T>;
}

interface Column {
  id: string;
  name: string;
  kind: ColumnKind;
  indexed: boolean;
  unique: boolean;
}
interface Item {
  id: string;
  guid: string;
  version: number;
  fields: Record<string, unknown>;
  created: string;
}

const TITLE_COLUMN_ID = 'fa564e0f-0c70-4ab9-b863-0177e6ddd247';
const etag = (item: Item) => `"${item.guid},${item.version}"`;
const kindOfColumn = (definition: Record<string, unknown>): ColumnKind =>
  definition.number
    ? 'number'
    : definition.dateTime
      ? (definition.dateTime as { format?: string }).format === 'dateOnly'
        ? 'date'
        : 'dateTime'
      : definition.boolean
        ? 'boolean'
        : (definition.text as { allowMultipleLines?: boolean } | undefined)?.allowMultipleLines
          ? 'note'
          : 'text';

export class FakeList {
  readonly id = randomUUID();
  /** every genericList has Title; provisioning may index it and make it unique */
  readonly columns: Column[] = [{ id: TITLE_COLUMN_ID, name: 'Title', kind: 'text', indexed: false, unique: false }];
  readonly items = new Map<string, Item>();
  private nextId = 1;

  constructor(
    readonly displayName: string,
    readonly description: string,
    /** listInfo.hidden: set when the list is made (Graph cannot change it afterwards) */
    readonly hidden = false,
  ) {}

  json() {
    return {
      id: this.id,
      name: this.displayName.replace(/\s+/g, ''),
      displayName: this.displayName,
      description: this.description,
      webUrl: `https://example.sharepoint.com/Lists/${this.displayName.replace(/\s+/g, '')}`,
      list: { template: 'genericList', hidden: this.hidden },
    };
  }

  addColumn(definition: Record<string, unknown>): Column {
    const unique = definition.enforceUniqueValues === true;
    const column: Column = {
      id: randomUUID(),
      name: String(definition.name),
      kind: kindOfColumn(definition),
      indexed: definition.indexed === true || unique,
      unique,
    };
    this.columns.push(column);
    return column;
  }

  /** GET and POST /columns, PATCH /columns/{id} (indexed, enforceUniqueValues) */
  columnsRequest(r: RecordedRequest, columnId: string | undefined): Answer {
    const json = (c: Column) => {
      const kind =
        c.kind === 'note'
          ? { text: { allowMultipleLines: true } }
          : c.kind === 'text'
            ? { text: {} }
            : c.kind === 'date'
              ? { dateTime: { format: 'dateOnly' } }
              : { [c.kind]: {} };
      return { id: c.id, name: c.name, displayName: c.name, indexed: c.indexed, enforceUniqueValues: c.unique, ...kind };
    };
    if (!columnId && r.method === 'GET') return { status: 200, body: { value: this.columns.map((c) => selected(json(c), r.query)) } };
    if (!columnId && r.method === 'POST') {
      const definition = (r.body ?? {}) as Record<string, unknown>;
      if (this.columns.some((c) => c.name === definition.name))
        return graphError(409, 'nameAlreadyExists', `A duplicate field name "${String(definition.name)}" was found.`);
      return { status: 201, body: json(this.addColumn(definition)) };
    }
    const column = this.columns.find((c) => c.id === columnId || c.name === columnId);
    if (!column || r.method !== 'PATCH')
      return graphError(column ? 405 : 404, column ? 'methodNotAllowed' : 'itemNotFound', `cannot ${r.method} ${r.path}`);
    const change = (r.body ?? {}) as { indexed?: boolean; enforceUniqueValues?: boolean };
    if (change.indexed !== undefined) column.indexed = change.indexed;
    if (change.enforceUniqueValues !== undefined) column.unique = change.enforceUniqueValues;
    return { status: 200, body: json(column) };
  }

  /** the item as Graph gives it: $select on the item; fields only when expanded, with their own $select */
  itemJson(item: Item, query: Record<string, string>): Record<string, unknown> {
    const expand = query.$expand ? /^fields(?:\(\$select=([^)]*)\))?$/.exec(query.$expand.trim()) : null;
    if (query.$expand && !expand) throw new ODataError(`cannot expand '${query.$expand}'`);
    const names = expand?.[1]?.split(',').map((s) => s.trim());
    const fields = Object.fromEntries(Object.entries(item.fields).filter(([k, v]) => v !== null && (!names || names.includes(k))));
    const json = {
      id: item.id,
      eTag: etag(item),
      createdDateTime: item.created,
      webUrl: `https://example.sharepoint.com/Lists/${this.id}/${item.id}_.000`,
    };
    return { ...selected(json, query), ...(expand ? { fields: { '@odata.etag': etag(item), id: item.id, ...fields } } : {}) };
  }

  /** GET /items: $filter and $orderby on indexed columns only, $top, pages of `pageSize` with $skiptoken */
  query(r: RecordedRequest, pageSize: number): Answer {
    const q = r.query;
    const filter = q.$filter ? parseFilter(q.$filter, 'fields/') : undefined;
    const order = q.$orderby ? parseOrderBy(q.$orderby, 'fields/') : [];
    for (const name of [...(filter ? filterFields(filter) : []), ...order.map((o) => o.field)]) {
      const column = this.columns.find((c) => c.name === name);
      if (!column) return graphError(400, 'invalidRequest', `Field '${name}' is not recognized`);
      if (!column.indexed) {
        return graphError(
          400,
          'invalidRequest',
          `Field '${name}' cannot be referenced in filter or orderby as it is not indexed. Provide the 'Prefer: HonorNonIndexedQueriesWarningMayFailRandomly' header to allow this, but be warned that such queries may fail on large lists.`,
        );
      }
    }
    const kindOf = (field: string): ValueKind => {
      const kind = this.columns.find((c) => c.name === field)?.kind;
      return kind === 'note' || kind === undefined ? 'text' : kind === 'date' ? 'dateTime' : kind;
    };
    const matching = [...this.items.values()].filter((i) => !filter || evaluate(filter, i.fields, kindOf));
    const sorted = sortBy(matching, order, (i, f) => i.fields[f], kindOf);
    const from = Number(q.$skiptoken ?? 0);
    const size = q.$top ? Number(q.$top) : pageSize;
    const value = sorted.slice(from, from + size).map((i) => this.itemJson(i, q));
    const next = new URLSearchParams({ ...q, $skiptoken: String(from + size) });
    return {
      status: 200,
      body: { value, ...(from + size < sorted.length ? { '@odata.nextLink': `${GRAPH_ORIGIN}${ROOT}${r.path}?${next.toString()}` } : {}) },
    };
  }

  /** POST /items { fields } */
  create(body: unknown): Answer {
    const written = this.write(undefined, (body as { fields?: unknown } | undefined)?.fields);
    if ('refused' in written) return written.refused;
    const item: Item = {
      id: String(this.nextId++),
      guid: randomUUID(),
      version: 1,
      fields: written.stored,
      created: new Date().toISOString(),
    };
    this.items.set(item.id, item);
    return { status: 201, body: this.itemJson(item, { $expand: 'fields' }), headers: { ETag: etag(item) } };
  }

  /** PATCH /items/{id}/fields, with If-Match */
  patch(item: Item, r: RecordedRequest): Answer {
    const ifMatch = r.headers['if-match'];
    if (ifMatch !== undefined && ifMatch !== '*' && ifMatch !== etag(item))
      return graphError(412, 'preconditionFailed', 'The eTag does not match the current version of the item.');
    const written = this.write(item, r.body);
    if ('refused' in written) return written.refused;
    item.fields = { ...item.fields, ...written.stored };
    item.version++;
    return { status: 200, body: (this.itemJson(item, { $expand: 'fields' }) as { fields: unknown }).fields, headers: { ETag: etag(item) } };
  }

  /** stores what SharePoint would: numbers as numbers, instants to the second, '' as empty; unique columns checked */
  private write(target: Item | undefined, input: unknown): { stored: Record<string, unknown> } | { refused: Answer } {
    const stored: Record<string, unknown> = {};
    for (const [name, raw] of Object.entries((input ?? {}) as Record<string, unknown>)) {
      if (name.startsWith('@odata')) continue;
      const column = this.columns.find((c) => c.name === name);
      if (!column) return { refused: graphError(400, 'invalidRequest', `Field '${name}' is not recognized`) };
      if (raw === null || raw === undefined || raw === '') stored[name] = null;
      else if (column.kind === 'number') stored[name] = Number(raw);
      else if (column.kind === 'dateTime' || column.kind === 'date')
        stored[name] = new Date(String(raw)).toISOString().replace(/\.\d{3}Z$/, 'Z');
      else if (column.kind === 'boolean') stored[name] = raw === true || raw === 'true';
      else if (column.kind === 'text' && String(raw).length > 255)
        return { refused: graphError(400, 'invalidRequest', `The value of '${name}' is longer than 255 characters.`) };
      else stored[name] = String(raw);
      if (Number.isNaN(stored[name])) return { refused: graphError(400, 'invalidRequest', `The value of '${name}' is not a number.`) };
    }
    const taken = (c: Column) =>
      c.unique &&
      stored[c.name] != null &&
      [...this.items.values()].some(
        (i) => i !== target && String(i.fields[c.name] ?? '').toLowerCase() === String(stored[c.name]).toLowerCase(),
      );
    const clashes = this.columns.filter(taken).map((c) => c.name);
    if (clashes.length > 0) {
      return {
        refused: graphError(
          409,
          'nameAlreadyExists',
          `The list item could not be added or updated because duplicate values were found in the following field(s) in the list: [${clashes.join(', ')}].`,
        ),
      };
    }
    return { stored };
  }
}
