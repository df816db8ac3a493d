// a trust's deployment in-process (src/trust-runtime.ts) over HTTP in local mode, with a stub Teams
// connector recording every message: the seed trust file's two schools (Rowan, profile 001; Larch Hill,
// profile 000), on SQLite in a temp folder or on a PostgreSQL database.
import { startTrust } from '../../src/trust-runtime.js';
import { loadTrustFile, type Trust } from '../../src/config/trust-file.js';
import type { AppConfig } from '../../src/config/env.js';
import type { RunningBot } from '../../src/bootstrap.js';
import { startStubConnector, type SentActivity } from './stub-connector.js';
import { localConfig, silentLogger } from './test-bot.js';
import { makeTempDir } from './temp-dir.js';
import { cardText } from '../../src/adapters/teams/cards/card-text.js';

export type Person = { id: string; name: string; aadObjectId: string };
const TENANT = 'a1b2c3d4-0000-4000-8000-0000000000aa';
const BOT = { id: '28:online-safety-bot', name: 'Online Safety' };

const person = (id: string, name: string, aadObjectId: string): Person => ({ id, name, aadObjectId });
/** the seed trust's people (profiles/trust.yaml, 001-trust.yaml, 000-bawtry.yaml) */
export const TRUST_PEOPLE = {
  amira: person('user-rowan-dsl', 'Amira Haddad', '7e5f0001-0000-4000-8000-000000000001'),
  hannah: person('user-rowan-staff', 'Hannah Lowe', '7e5f0001-0000-4000-8000-000000000010'),
  isla: person('user-rowan-pupil', 'Isla Morgan', 'f0010000-0000-4000-8000-000000000001'),
  jacob: person('user-rowan-pupil2', 'Jacob Reid', 'f0010000-0000-4000-8000-000000000002'),
  fiona: person('user-larch-dsl', 'Fiona Hart', 'b4a70000-0000-4000-8000-000000000001'),
  owen: person('user-larch-staff', 'Owen Price', 'b4a70000-0000-4000-8000-000000000010'),
  mia: person('user-larch-pupil', 'Mia Carter', 'f0000000-0000-4000-8000-000000000001'),
  noah: person('user-larch-pupil2', 'Noah Patel', 'f0000000-0000-4000-8000-000000000002'),
  simon: person('user-trust-ceo', 'Simon Achebe', '7e5f0001-0000-4000-8000-000000000006'),
  grace: person('user-trust-sl', 'Grace Okafor', 'a5a50000-0000-4000-8000-000000000001'),
  rhian: person('user-peripatetic', 'Rhian Hughes', 'a5a50000-0000-4000-8000-000000000002'),
  guest: person('user-guest', 'A Visitor', 'd0d0d0d0-0000-4000-8000-000000000001'),
};
export const ROWAN_CHANNEL = '19:rowan-safeguarding@thread.tacv2';
export const LARCH_CHANNEL = '19:larchhill-safeguarding@thread.tacv2';

export async function seedTrust(): Promise<Trust> {
  const loaded = await loadTrustFile('profiles/trust.yaml');
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  return loaded.value;
}

export interface TrustBot {
  url: string;
  /** the instance's DATA_DIR (a trust on SQLite keeps each school's file under DATA_DIR/<id>/) */
  dataDir: string;
  bot: RunningBot;
  sent: SentActivity[];
  message(who: Person, text: string): Promise<unknown>;
  invoke(who: Person, verb: string, data: Record<string, unknown>): Promise<Record<string, unknown> | undefined>;
  submit(who: Person, value: Record<string, unknown>): Promise<unknown>;
  /** every text the bot sent into a person's chat (cards' words and plain text), in order */
  saidTo(who: Person): string[];
  /** the cards posted to a channel: [channel id, words] */
  channelPosts(): { channel: string; words: string }[];
  lastCardTo(who: Person): Record<string, unknown> | undefined;
  stop(): Promise<void>;
}

/** a trust instance; `connector` shared when two instances run side by side */
export async function startTrustBot(options: {
  store?: { databaseUrl: string };
  trust?: Trust;
  connector?: Awaited<ReturnType<typeof startStubConnector>>;
}): Promise<TrustBot> {
  const tmp = makeTempDir();
  const connector = options.connector ?? (await startStubConnector());
  const cfg: AppConfig = {
    ...localConfig(tmp.dir),
    ...(options.store ? { store: 'postgres', databaseUrl: options.store.databaseUrl } : {}),
    trustFilePath: 'profiles/trust.yaml',
  };
  const bot = await startTrust(cfg, options.trust ?? (await seedTrust()), silentLogger);
  let n = 0;
  const activity = (who: Person, fields: Record<string, unknown>) => ({
    id: `activity-${++n}`,
    channelId: 'msteams',
    serviceUrl: connector.url,
    timestamp: new Date().toISOString(),
    from: who,
    recipient: BOT,
    conversation: { id: `personal-${who.id}`, conversationType: 'personal', tenantId: TENANT, isGroup: false, name: '' },
    channelData: { tenant: { id: TENANT } },
    ...fields,
  });
  const post = async (body: unknown): Promise<unknown> => {
    const res = await fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 400) throw new Error(`the bot answered ${res.status}: ${text}`);
    return text ? (JSON.parse(text) as unknown) : undefined;
  };
  const wordsOf = (body: Record<string, unknown>): string =>
    [
      typeof body.text === 'string' ? body.text : '',
      cardText(((body.attachments as { content?: unknown }[] | undefined) ?? []).map((a) => a.content)),
    ]
      .filter(Boolean)
      .join('\n');
  const chatOf = (who: Person) =>
    connector.sent.filter((s) => s.method === 'POST' && s.path.startsWith(`/v3/conversations/personal-${who.id}/`));
  return {
    url: bot.url,
    dataDir: tmp.dir,
    bot,
    sent: connector.sent,
    message: (who, text) => post(activity(who, { type: 'message', text, textFormat: 'plain' })),
    invoke: async (who, verb, data) => {
      const answer = (await post(
        activity(who, {
          type: 'invoke',
          name: 'adaptiveCard/action',
          replyToId: `card-of-${who.id}`,
          value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
        }),
      )) as { value?: Record<string, unknown> } | undefined;
      return answer?.value;
    },
    submit: (who, value) => post(activity(who, { type: 'message', value })),
    saidTo: (who) => chatOf(who).map((s) => wordsOf(s.body)),
    channelPosts: () =>
      connector.sent
        .filter((s) => s.method === 'POST' && /^\/v3\/conversations\/?$/.test(s.path))
        .map((s) => ({
          channel: String((s.body.channelData as { channel?: { id?: string } } | undefined)?.channel?.id),
          words: wordsOf((s.body.activity as Record<string, unknown> | undefined) ?? {}),
        })),
    lastCardTo: (who) => {
      for (const s of chatOf(who).reverse()) {
        const content = (s.body.attachments as { content?: Record<string, unknown> }[] | undefined)?.[0]?.content;
        if (content) return content;
      }
      return undefined;
    },
    stop: async () => {
      await bot.stop();
      if (!options.connector) await connector.close();
      tmp.remove();
    },
  };
}

/** waits until `check` holds (messages are sent by background workers), or fails naming what was awaited */
export async function eventually(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
