// creates the bot's SharePoint lists from LISTS, or brings existing ones up to date: a missing list is
// created with its columns, a missing column is added, a column the bot filters on is indexed, and a
// column that must be unique is made unique (on the lists where Title holds the natural key, Title too).
// it only ever adds: it never deletes or renames a list or a column, and never changes a column's type.
// running it again when nothing is missing sends only GETs.
import type { GraphClient } from '../graph/graph-client.js';
import { GraphRequestError } from '../graph/graph-error.js';
import { LISTS, TITLE_COLUMN, TITLE_KEYS, columnDefinition, type ColumnSpec, type ListKey, type ListSpec } from './lists.js';

export interface ProvisionedList {
  key: ListKey;
  id: string;
  displayName: string;
  /** created by this run */
  created: boolean;
  /** columns this run added to a list that already existed */
  addedColumns: string[];
  /** columns this run turned indexing on for (including Title, and columns made unique) */
  indexedColumns: string[];
  /** columns this run made unique (enforceUniqueValues) */
  uniqueColumns: string[];
}

export interface ProvisionResult {
  lists: ProvisionedList[];
}

interface GraphList {
  id: string;
  displayName: string;
}

interface GraphColumn {
  id: string;
  name: string;
  indexed?: boolean;
  enforceUniqueValues?: boolean;
}

/** a column the list must have; a built-in one (Title) is never created, only indexed and made unique */
interface WantedColumn extends ColumnSpec {
  builtIn?: boolean;
}

const same = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

/** the columns a list must end up with: its own, plus Title where Title is the natural key */
function wantedColumns(spec: ListSpec): WantedColumn[] {
  const own: WantedColumn[] = spec.columns.map((c) => ({ ...c }));
  return TITLE_KEYS[spec.key] ? [...own, { name: TITLE_COLUMN, kind: 'text', indexed: true, unique: true, builtIn: true }] : own;
}

/** the same error, its message naming the list and carrying the request id (what Microsoft support asks for) */
function aboutList(error: unknown, spec: ListSpec): unknown {
  if (!(error instanceof GraphRequestError)) return error;
  const message = `list "${spec.displayName}": ${error.message} (request-id ${error.requestId ?? 'none given'})`;
  return new GraphRequestError(message, error.status, error.code, error.requestId, error.retryAfterMs);
}

export async function provisionSharePoint(graph: GraphClient, siteId: string, report: (line: string) => void): Promise<ProvisionResult> {
  const sitePath = `/sites/${siteId}`;
  // every list on the site, read once (lazily, so a failure is reported against the first list looked for)
  let siteLists: GraphList[] | undefined;
  const findList = async (displayName: string): Promise<GraphList | undefined> => {
    if (!siteLists) {
      siteLists = [];
      for await (const page of graph.pages<GraphList>(`${sitePath}/lists`, { $select: 'id,displayName' })) siteLists.push(...page);
    }
    return siteLists.find((l) => same(l.displayName, displayName));
  };

  const result: ProvisionResult = { lists: [] };
  for (const spec of LISTS) {
    try {
      const found = await findList(spec.displayName);
      let list: GraphList;
      if (found) {
        list = found;
      } else {
        const made = await graph.send<GraphList>({
          method: 'POST',
          path: `${sitePath}/lists`,
          body: {
            displayName: spec.displayName,
            description: spec.description,
            list: { template: 'genericList' },
            columns: spec.columns.map(columnDefinition),
          },
        });
        list = { id: made.id, displayName: made.displayName ?? spec.displayName };
      }
      // a new list is read back too: that finds Title (to index it) and anything SharePoint did not apply
      const changes = await ensureColumns(graph, `${sitePath}/lists/${list.id}`, spec, wantedColumns(spec));
      const done: ProvisionedList = {
        key: spec.key,
        id: list.id,
        displayName: list.displayName,
        created: !found,
        addedColumns: changes.added,
        indexedColumns: changes.indexed,
        uniqueColumns: changes.unique,
      };
      result.lists.push(done);
      report(
        found
          ? `found list ${list.displayName}: ${changes.lines.join(', ') || 'nothing to change'}`
          : `created list ${list.displayName} with ${spec.columns.length} columns${changes.lines.length ? `, ${changes.lines.join(', ')}` : ''}`,
      );
    } catch (error) {
      throw aboutList(error, spec);
    }
  }
  return result;
}

interface ColumnChanges {
  added: string[];
  indexed: string[];
  unique: string[];
  /** one phrase per change, for the report line */
  lines: string[];
}

async function ensureColumns(graph: GraphClient, listPath: string, spec: ListSpec, wanted: WantedColumn[]): Promise<ColumnChanges> {
  const have: GraphColumn[] = [];
  for await (const page of graph.pages<GraphColumn>(`${listPath}/columns`, { $select: 'id,name,indexed,enforceUniqueValues' })) have.push(...page);

  const changes: ColumnChanges = { added: [], indexed: [], unique: [], lines: [] };
  for (const c of wanted) {
    const column = have.find((h) => same(h.name, c.name));
    if (!column) {
      if (c.builtIn) {
        throw new Error(`list "${spec.displayName}" has no ${c.name} column: it was not made as a plain list. Rename that list in SharePoint and run this again to create a new one.`);
      }
      await graph.send({ method: 'POST', path: `${listPath}/columns`, body: columnDefinition(c) });
      changes.added.push(c.name);
      changes.lines.push(`added column ${c.name}`);
      continue;
    }
    const patch: { indexed?: true; enforceUniqueValues?: true } = {};
    // SharePoint needs a unique column indexed, so unique implies indexed
    if ((c.indexed || c.unique) && !column.indexed) patch.indexed = true;
    if (c.unique && !column.enforceUniqueValues) patch.enforceUniqueValues = true;
    if (!patch.indexed && !patch.enforceUniqueValues) continue;
    await graph.send({ method: 'PATCH', path: `${listPath}/columns/${column.id}`, body: patch });
    if (patch.indexed) changes.indexed.push(column.name);
    if (patch.enforceUniqueValues) changes.unique.push(column.name);
    changes.lines.push(
      patch.indexed && patch.enforceUniqueValues
        ? `indexed column ${column.name} and made it unique`
        : patch.indexed
          ? `indexed column ${column.name}`
          : `made column ${column.name} unique`,
    );
  }
  return changes;
}

export interface SiteInfo {
  id: string;
  displayName?: string;
  webUrl?: string;
}

/**
 * the Graph path that finds a site from its address: https://contoso.sharepoint.com/sites/safeguarding
 * (or any page inside it, as copied from the browser) -> /sites/contoso.sharepoint.com:/sites/safeguarding
 */
export function siteLookupPath(siteUrl: string): { path: string } | { error: string } {
  let url: URL;
  try {
    url = new URL(siteUrl.trim());
  } catch {
    return { error: `SHAREPOINT_SITE_URL: "${siteUrl}" is not a web address. It looks like https://yourschool.sharepoint.com/sites/safeguarding` };
  }
  if (url.protocol !== 'https:') return { error: `SHAREPOINT_SITE_URL: use the https:// address of the site (${siteUrl})` };
  const segments = url.pathname.split('/').filter(Boolean);
  const at = segments.findIndex((s) => /^(sites|teams)$/i.test(s));
  if (at >= 0 && segments[at + 1]) return { path: `/sites/${url.hostname}:/${segments[at]}/${segments[at + 1]}` };
  if (segments.length === 0) return { path: `/sites/${url.hostname}` };
  return { error: `SHAREPOINT_SITE_URL: cannot find the site in ${siteUrl}: use the site's own address, like https://${url.hostname}/sites/safeguarding` };
}

/** finds the site by id or address, which also proves the app can see it */
export async function resolveSite(graph: GraphClient, target: { siteId: string } | { siteUrl: string }): Promise<SiteInfo> {
  const query = { $select: 'id,displayName,webUrl' };
  if ('siteId' in target) {
    return graph.send<SiteInfo>({ method: 'GET', path: `/sites/${target.siteId}`, query });
  }
  const lookup = siteLookupPath(target.siteUrl);
  if ('error' in lookup) throw new Error(lookup.error);
  return graph.send<SiteInfo>({ method: 'GET', path: lookup.path, query });
}
