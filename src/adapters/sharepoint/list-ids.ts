import type { GraphClient } from '../graph/graph-client.js';
import { LISTS, type ListKey } from './lists.js';

/** the site's list ids by key; names compared ignoring case, as SharePoint does */
export async function resolveListIds(graph: GraphClient, siteId: string): Promise<Record<ListKey, string>> {
  const found = new Map<string, string>();
  for await (const page of graph.pages<{ id: string; displayName: string }>(`/sites/${siteId}/lists`, { $select: 'id,displayName' })) {
    for (const l of page) found.set(l.displayName.toLowerCase(), l.id);
  }
  const missing = LISTS.filter((l) => !found.has(l.displayName.toLowerCase())).map((l) => `'${l.displayName}'`);
  if (missing.length > 0) throw new Error(`SharePoint site ${siteId} has no list ${missing.join(', ')}: run npm run provision:sharepoint`);
  return Object.fromEntries(LISTS.map((l) => [l.key, found.get(l.displayName.toLowerCase())!])) as Record<ListKey, string>;
}
