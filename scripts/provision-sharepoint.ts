// `npm run provision:sharepoint`: creates the bot's SharePoint lists on its two sites, or brings them up
// to date, hidden; then prints what Graph cannot do, for a person to do by hand (search, permissions).
// Safe to run again: when nothing is missing it only reads. Settings (environment variables):
//   SHAREPOINT_SITE_ID   the shared site's Graph id (contoso.sharepoint.com,<guid>,<guid>), or instead
//   SHAREPOINT_SITE_URL  its address, e.g. https://contoso.sharepoint.com/sites/online-safety
//   SHAREPOINT_RESTRICTED_SITE_ID or SHAREPOINT_RESTRICTED_SITE_URL  the case team's own site (DSL,
//                        deputies, headteacher), for the details and the decision log; without it those
//                        lists are not made, and the bot keeps the details in its own database
//   GRAPH_AUTH           managed-identity to sign in as the Azure managed identity (AZURE_CLIENT_ID picks a
//                        user-assigned one); otherwise an app registration: AZURE_TENANT_ID, AZURE_CLIENT_ID
//                        and AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH
//   SCHOOL_PROFILE       the school profile (default ./profiles/example-school.yaml): its name goes in the
//                        User-Agent SharePoint asks for
// exit codes: 0 done, 1 SharePoint or Graph said no (or could not be reached), 2 a setting is missing or wrong.
import { readFileSync } from 'node:fs';
import { GraphClient } from '../src/adapters/graph/graph-client.js';
import { GraphRequestError } from '../src/adapters/graph/graph-error.js';
import { graphCredential, graphUserAgent } from '../src/adapters/graph/credential.js';
import { provisionSharePoint, resolveSite } from '../src/adapters/sharepoint/provision.js';
import { EXAMPLE_PROFILE_PATH, loadConfig } from '../src/config/env.js';
import { loadSchoolProfile } from '../src/config/profile-loader.js';

const say = (line: string): void => void process.stdout.write(`${line}\n`);
const fail = (line: string): void => void process.stderr.write(`${line}\n`);

function badSettings(lines: string[]): never {
  fail('The SharePoint lists were not set up: a setting needs your attention.');
  for (const line of lines) fail(`  - ${line}`);
  fail('See "Keep the records in SharePoint (optional)" in README.md.');
  process.exit(2);
}

/** what to do about a refusal, in plain words */
function advice(error: GraphRequestError): string | undefined {
  if (error.status === 401)
    return 'Graph did not accept the sign-in: check the tenant id, the client id and that the secret or certificate has not expired.';
  if (error.status === 403) {
    return 'The app is not allowed to do this on the site. With Sites.Selected, check that a SharePoint admin granted the app this site, and that the grant is "manage" (or "fullcontrol") while you provision: "write" lets the app add items but not create lists or columns. With Sites.Manage.All, check that admin consent was given.';
  }
  if (error.status === 404)
    return 'Graph could not find that site: check SHAREPOINT_SITE_ID or SHAREPOINT_SITE_URL, and SHAREPOINT_RESTRICTED_SITE_ID or SHAREPOINT_RESTRICTED_SITE_URL (a site the app has not been granted can also look missing: each of the two sites is granted on its own).';
  if (error.status === 429 || error.status === 503)
    return 'SharePoint is busy and asked us to slow down: wait a few minutes and run this again (it carries on where it stopped).';
  if (error.status === 0) return "Graph could not be reached: check this computer's internet connection and proxy.";
  return undefined;
}

const environment = process.env;

async function main(): Promise<void> {
  // the same reading of the settings as the bot's (src/config/env.ts), with the sites and a Graph sign-in required
  const config = loadConfig(environment, 'provision');
  const problems = config.ok ? [] : [...config.errors];
  const sites = config.ok ? config.value.provisioning : undefined;
  const siteId = sites?.siteId;
  const siteUrl = sites?.siteUrl;
  const restrictedId = sites?.restrictedSiteId;
  const restrictedUrl = sites?.restrictedSiteUrl;

  const graphSettings = config.ok ? config.value.graph : undefined;
  const choice = graphSettings && 'signIn' in graphSettings ? graphCredential(graphSettings.signIn) : undefined;
  if (choice && 'error' in choice) problems.push(choice.error);

  const profilePath = config.ok ? config.value.schoolProfilePath : EXAMPLE_PROFILE_PATH;
  const profile = await loadSchoolProfile(profilePath);
  if (!profile.ok)
    problems.push(...profile.errors.map((e) => (e.startsWith('SCHOOL_PROFILE') ? e : `SCHOOL_PROFILE (${profilePath}): ${e}`)));

  if (problems.length > 0 || !choice || 'error' in choice || !profile.ok) badSettings(problems);

  const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  const graph = new GraphClient({ credential: choice.credential, userAgent: graphUserAgent(profile.value.school.name, version) });

  say(`Signing in to Microsoft Graph as ${choice.describe}.`);
  if (siteId && siteUrl) say('Both SHAREPOINT_SITE_ID and SHAREPOINT_SITE_URL are set: using SHAREPOINT_SITE_ID.');
  if (restrictedId && restrictedUrl)
    say('Both SHAREPOINT_RESTRICTED_SITE_ID and SHAREPOINT_RESTRICTED_SITE_URL are set: using SHAREPOINT_RESTRICTED_SITE_ID.');
  const site = await resolveSite(graph, siteId ? { siteId } : { siteUrl: siteUrl! });
  say(`Shared site: ${site.displayName ?? '(no name)'} ${site.webUrl ? `(${site.webUrl})` : ''}`.trimEnd());
  const restricted =
    restrictedId || restrictedUrl
      ? await resolveSite(
          graph,
          restrictedId ? { siteId: restrictedId } : { siteUrl: restrictedUrl!, setting: 'SHAREPOINT_RESTRICTED_SITE_URL' },
        )
      : undefined;
  if (restricted) {
    if (restricted.id.toLowerCase() === site.id.toLowerCase()) {
      badSettings([
        'SHAREPOINT_RESTRICTED_SITE_ID or SHAREPOINT_RESTRICTED_SITE_URL: this is the shared site again. The restricted site must be a separate site that only the DSL, the deputies and the headteacher can open.',
      ]);
    }
    say(`Restricted site: ${restricted.displayName ?? '(no name)'} ${restricted.webUrl ? `(${restricted.webUrl})` : ''}`.trimEnd());
  } else {
    say(
      "No restricted site given (SHAREPOINT_RESTRICTED_SITE_URL): only the shared site's lists are made, and the bot will keep case details in its own database.",
    );
  }

  const result = await provisionSharePoint(graph, { shared: site.id, ...(restricted ? { restricted: restricted.id } : {}) }, say);

  const created = result.lists.filter((l) => l.created).length;
  const changed = result.lists.filter(
    (l) => !l.created && (l.addedColumns.length || l.indexedColumns.length || l.uniqueColumns.length),
  ).length;
  const unchanged = result.lists.length - created - changed;
  say(`Done: ${result.lists.length} lists; ${created} created, ${changed} brought up to date, ${unchanged} already as needed.`);
  for (const l of result.lists.filter((x) => x.webUrl)) say(`  ${l.displayName}: ${l.webUrl}`);
  say("For the bot's settings:");
  say(`  SHAREPOINT_SITE_ID=${site.id}`);
  if (restricted) say(`  SHAREPOINT_RESTRICTED_SITE_ID=${restricted.id}`);
  say('Still to do by hand (Graph cannot do these):');
  result.manualSteps.forEach((step, i) => say(`  ${i + 1}. ${step}`));
}

main().catch((error: unknown) => {
  fail('The SharePoint lists were not finished (anything done so far stays, and running this again carries on).');
  if (error instanceof GraphRequestError) {
    fail(error.requestId && !error.message.includes(error.requestId) ? `${error.message} (request-id ${error.requestId})` : error.message);
    const hint = advice(error);
    if (hint) fail(hint);
  } else {
    fail(error instanceof Error ? error.message : String(error));
  }
  process.exit(1);
});
