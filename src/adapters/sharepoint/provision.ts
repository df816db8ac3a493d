// creates the bot's SharePoint lists from LISTS on the two sites (lists.ts: the shared site's summary
// and compliance lists; the restricted site's details, decision log and counters), or brings existing
// ones up to date: a missing list is created with its columns, a missing column is added, a column the
// bot filters on is indexed, and a column that must be unique is made unique (on the lists where Title
// holds the natural key, Title too). every list it creates is hidden (listInfo.hidden: not shown in the
// site's contents or navigation). what Graph cannot do is returned as steps for a person: keeping the
// lists out of search (NoCrawl is not in Graph v1.0), hiding a list that already existed (Graph sets
// hidden only at creation), the restricted site's permissions, and lists an earlier version left on the
// shared site with case details in them. it only ever adds: it never deletes or renames a list or a
// column, and never changes a column's type. running it again when nothing is missing sends only GETs.
import type { GraphClient } from '../graph/graph-client.js';
import { GraphRequestError } from '../graph/graph-error.js';
import {
  LEGACY_SHARED_LISTS,
  TITLE_COLUMN,
  TITLE_KEYS,
  columnDefinition,
  listsOn,
  type ColumnSpec,
  type ListKey,
  type ListSpec,
  type SiteRole,
} from './lists.js';

export interface ProvisionedList {
  key: ListKey;
  site: SiteRole;
  id: string;
  displayName: string;
  webUrl?: string;
  /** created by this run */
  created: boolean;
  /** hidden from the site's contents (created hidden by this run, or found so) */
  hidden: boolean;
  /** columns this run added to a list that already existed */
  addedColumns: string[];
  /** columns this run turned indexing on for (including Title, and columns made unique) */
  indexedColumns: string[];
  /** columns this run made unique (enforceUniqueValues) */
  uniqueColumns: string[];
}

export interface ProvisionResult {
  lists: ProvisionedList[];
  /** lists of an earlier version found on the shared site, holding case details (LEGACY_SHARED_LISTS) */
  legacy: string[];
  /** what a person must still do by hand, in order, in plain words */
  manualSteps: string[];
}

export interface ProvisionSites {
  shared: string;
  /** the case team's site; without it the details, the decision log and the counters are not created */
  restricted?: string;
}

interface GraphList {
  id: string;
  displayName: string;
  webUrl?: string;
  list?: { hidden?: boolean };
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

const LIST_SELECT = { $select: 'id,displayName,webUrl,list' };
const SITE_LABEL: Record<SiteRole, string> = { shared: 'shared site', restricted: 'restricted site' };

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

export async function provisionSharePoint(
  graph: GraphClient,
  sites: ProvisionSites,
  report: (line: string) => void,
): Promise<ProvisionResult> {
  if (sites.restricted && same(sites.restricted, sites.shared)) {
    throw new Error(
      "the restricted site must be a different site from the shared one: it holds what the shared site's members must not read",
    );
  }
  const result: ProvisionResult = { lists: [], legacy: [], manualSteps: [] };
  await provisionSite(graph, sites.shared, 'shared', report, result);
  if (sites.restricted) await provisionSite(graph, sites.restricted, 'restricted', report, result);
  result.manualSteps = manualSteps(result, Boolean(sites.restricted));
  return result;
}

async function provisionSite(
  graph: GraphClient,
  siteId: string,
  site: SiteRole,
  report: (line: string) => void,
  result: ProvisionResult,
): Promise<void> {
  const sitePath = `/sites/${siteId}`;
  // every list on the site, read once (lazily, so a failure is reported against the first list looked for)
  let siteLists: GraphList[] | undefined;
  const readLists = async (): Promise<GraphList[]> => {
    if (!siteLists) {
      siteLists = [];
      for await (const page of graph.pages<GraphList>(`${sitePath}/lists`, LIST_SELECT)) siteLists.push(...page);
    }
    return siteLists;
  };

  for (const spec of listsOn(site)) {
    try {
      let list = (await readLists()).find((l) => same(l.displayName, spec.displayName));
      let created = false;
      if (!list) {
        try {
          list = await graph.send<GraphList>({
            method: 'POST',
            path: `${sitePath}/lists`,
            body: {
              displayName: spec.displayName,
              description: spec.description,
              list: { template: 'genericList', hidden: true },
              columns: spec.columns.map(columnDefinition),
            },
          });
          created = true;
        } catch (error) {
          // a hidden list can be missing from the site's list of lists: it is there, so ask for it by name
          if (!(error instanceof GraphRequestError && error.status === 409)) throw error;
          list = await graph.send<GraphList>({
            method: 'GET',
            path: `${sitePath}/lists/${encodeURIComponent(spec.displayName)}`,
            query: LIST_SELECT,
          });
        }
      }
      // a new list is read back too: that finds Title (to index it) and anything SharePoint did not apply
      const changes = await ensureColumns(graph, `${sitePath}/lists/${list.id}`, spec, wantedColumns(spec));
      // asked for at creation; a list found is as it was made (Graph cannot change it afterwards)
      const hidden = created ? list.list?.hidden !== false : list.list?.hidden === true;
      result.lists.push({
        key: spec.key,
        site,
        id: list.id,
        displayName: list.displayName ?? spec.displayName,
        ...(list.webUrl ? { webUrl: list.webUrl } : {}),
        created,
        hidden,
        addedColumns: changes.added,
        indexedColumns: changes.indexed,
        uniqueColumns: changes.unique,
      });
      const name = list.displayName ?? spec.displayName;
      report(
        created
          ? `${SITE_LABEL[site]}: created list ${name}, hidden, with ${spec.columns.length} columns${changes.lines.length ? `, ${changes.lines.join(', ')}` : ''}`
          : `${SITE_LABEL[site]}: found list ${name}: ${changes.lines.join(', ') || 'nothing to change'}${hidden ? '' : '; it is not hidden (see the steps at the end)'}`,
      );
    } catch (error) {
      throw aboutList(error, spec);
    }
  }
  if (site === 'shared') {
    for (const l of await readLists()) {
      if (!LEGACY_SHARED_LISTS.some((name) => same(name, l.displayName))) continue;
      result.legacy.push(l.displayName);
      report(
        `shared site: found list ${l.displayName} from an earlier version: it holds case details that everyone with access to this site can read (see the steps at the end)`,
      );
    }
  }
}

/** what Graph cannot do, for the technician: one step per line */
function manualSteps(result: ProvisionResult, haveRestricted: boolean): string[] {
  const names = (site: SiteRole) =>
    result.lists
      .filter((l) => l.site === site)
      .map((l) => `"${l.displayName}"`)
      .join(', ');
  const steps: string[] = [];
  if (result.legacy.length > 0) {
    steps.push(
      `On the shared site, the list${result.legacy.length > 1 ? 's' : ''} ${result.legacy.map((n) => `"${n}"`).join(' and ')} from an earlier version of the bot hold${result.legacy.length > 1 ? '' : 's'} case details in full. ` +
        "Ask the DSL whether to keep a copy (export it to the restricted site, or to a place only the case team can open), then delete it from the shared site (and empty the site's recycle bin). The bot no longer writes to it.",
    );
  }
  if (!haveRestricted) {
    steps.push(
      "No restricted site was given (SHAREPOINT_RESTRICTED_SITE_URL or SHAREPOINT_RESTRICTED_SITE_ID). Until there is one, the case details, the decision log and every case about an adult stay in the bot's own database and are not copied to SharePoint. " +
        'To copy them, create a site for the case team only and run this again with it.',
    );
  } else {
    steps.push(
      'Give the restricted site unique permissions (Site permissions, Advanced permissions settings, Stop inheriting permissions): only the DSL, the deputy DSLs and the headteacher, by name or in a group of just them; never "Everyone", all staff, or a group with the whole staff in it. Remove anyone else, including the site\'s default Members group if it is wider.',
    );
    steps.push(
      'On the restricted site: Settings, Site information, View all site settings, Search and offline availability: "Allow this site to appear in search results?" No.',
    );
  }
  steps.push(
    'Keep every list out of search: Graph cannot set this. For each list, open it, Settings, List settings, Advanced settings, "Allow items from this list to appear in search results?" No ' +
      `(or in PnP PowerShell: Set-PnPList -Identity "<list name>" -NoCrawl). Shared site: ${names('shared')}.` +
      (haveRestricted ? ` Restricted site: ${names('restricted')}.` : ''),
  );
  const shown = result.lists.filter((l) => !l.hidden);
  if (shown.length > 0) {
    steps.push(
      `These lists already existed and are not hidden, and Graph can hide a list only when it creates it: ${shown.map((l) => `"${l.displayName}" (${SITE_LABEL[l.site]})`).join(', ')}. ` +
        'Hide each in PnP PowerShell: Set-PnPList -Identity "<list name>" -Hidden $true.',
    );
  }
  steps.push(
    'Hidden lists do not show in Site contents: the case team opens them from their addresses (printed above), or from links the DSL pins for them.',
  );
  return steps;
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
  for await (const page of graph.pages<GraphColumn>(`${listPath}/columns`, { $select: 'id,name,indexed,enforceUniqueValues' }))
    have.push(...page);

  const changes: ColumnChanges = { added: [], indexed: [], unique: [], lines: [] };
  for (const c of wanted) {
    const column = have.find((h) => same(h.name, c.name));
    if (!column) {
      if (c.builtIn) {
        throw new Error(
          `list "${spec.displayName}" has no ${c.name} column: it was not made as a plain list. Rename that list in SharePoint and run this again to create a new one.`,
        );
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
export function siteLookupPath(siteUrl: string, setting = 'SHAREPOINT_SITE_URL'): { path: string } | { error: string } {
  let url: URL;
  try {
    url = new URL(siteUrl.trim());
  } catch {
    return { error: `${setting}: "${siteUrl}" is not a web address. It looks like https://yourschool.sharepoint.com/sites/safeguarding` };
  }
  if (url.protocol !== 'https:') return { error: `${setting}: use the https:// address of the site (${siteUrl})` };
  const segments = url.pathname.split('/').filter(Boolean);
  const at = segments.findIndex((s) => /^(sites|teams)$/i.test(s));
  if (at >= 0 && segments[at + 1]) return { path: `/sites/${url.hostname}:/${segments[at]}/${segments[at + 1]}` };
  if (segments.length === 0) return { path: `/sites/${url.hostname}` };
  return {
    error: `${setting}: cannot find the site in ${siteUrl}: use the site's own address, like https://${url.hostname}/sites/safeguarding`,
  };
}

/** finds the site by id or address, which also proves the app can see it */
export async function resolveSite(
  graph: GraphClient,
  target: { siteId: string } | { siteUrl: string; setting?: string },
): Promise<SiteInfo> {
  const query = { $select: 'id,displayName,webUrl' };
  if ('siteId' in target) {
    return graph.send<SiteInfo>({ method: 'GET', path: `/sites/${target.siteId}`, query });
  }
  const lookup = siteLookupPath(target.siteUrl, target.setting);
  if ('error' in lookup) throw new Error(lookup.error);
  return graph.send<SiteInfo>({ method: 'GET', path: lookup.path, query });
}
