import type { GraphClient } from '../graph/graph-client.js';
import { GraphRequestError } from '../graph/graph-error.js';
import { LISTS, listsOn, type ListKey, type ListSpec, type SiteRole } from './lists.js';

/** the two sites' Graph ids; without a restricted site, nothing that belongs there is written anywhere */
export interface SharePointSites {
  shared: string;
  restricted?: string;
}

/** the list ids found, by key: the restricted site's are absent when there is no restricted site */
export type ListIds = Partial<Record<ListKey, string>>;

/** where each list's items are: /sites/{the list's site}/lists/{its id}/items */
export class SiteLists {
  constructor(
    readonly sites: SharePointSites,
    readonly ids: ListIds,
  ) {}

  /** the list is on a site that is set, and was found there */
  has(list: ListKey): boolean {
    return this.ids[list] !== undefined && this.sites[LIST_SITE[list]] !== undefined;
  }

  items(list: ListKey): string {
    const site = this.sites[LIST_SITE[list]];
    const id = this.ids[list];
    if (!site || !id) throw new Error(`no ${LIST_SITE[list]} SharePoint site holds the list '${list}'`);
    return `/sites/${site}/lists/${id}/items`;
  }
}

const LIST_SITE = Object.fromEntries(LISTS.map((l) => [l.key, l.site])) as Record<ListKey, SiteRole>;

/** the site's list ids by key; names compared ignoring case, as SharePoint does */
async function listIdsOn(graph: GraphClient, siteId: string, specs: readonly ListSpec[]): Promise<ListIds> {
  const found = new Map<string, string>();
  for await (const page of graph.pages<{ id: string; displayName: string }>(`/sites/${siteId}/lists`, { $select: 'id,displayName' })) {
    for (const l of page) found.set(l.displayName.toLowerCase(), l.id);
  }
  const ids: ListIds = {};
  const missing: string[] = [];
  for (const spec of specs) {
    // a hidden list may be left out of the enumeration: ask for it by its title before calling it missing
    const id = found.get(spec.displayName.toLowerCase()) ?? (await byTitle(graph, siteId, spec.displayName));
    if (id) ids[spec.key] = id;
    else missing.push(`'${spec.displayName}'`);
  }
  if (missing.length > 0) throw new Error(`SharePoint site ${siteId} has no list ${missing.join(', ')}: run npm run provision:sharepoint`);
  return ids;
}

async function byTitle(graph: GraphClient, siteId: string, displayName: string): Promise<string | undefined> {
  try {
    return (
      await graph.send<{ id: string }>({
        method: 'GET',
        path: `/sites/${siteId}/lists/${encodeURIComponent(displayName)}`,
        query: { $select: 'id' },
      })
    ).id;
  } catch (error) {
    if (error instanceof GraphRequestError && error.status === 404) return undefined;
    throw error;
  }
}

/** the list ids on both sites (the restricted one only when it is set) */
export async function resolveListIds(graph: GraphClient, sites: SharePointSites): Promise<ListIds> {
  const shared = await listIdsOn(graph, sites.shared, listsOn('shared'));
  const restricted = sites.restricted ? await listIdsOn(graph, sites.restricted, listsOn('restricted')) : {};
  return { ...shared, ...restricted };
}
