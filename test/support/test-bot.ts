import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { pino } from 'pino';
import { TeamsAdapter } from '@microsoft/teams-ai';
import { TestAdapter, type Activity } from 'botbuilder';
import { openDatabaseFile, type SqliteDatabase } from '../../src/adapters/sqlite/database.js';
import { SqliteBotStorage } from '../../src/adapters/sqlite/sqlite-bot-storage.js';
import { SqliteConversationDirectory } from '../../src/adapters/sqlite/sqlite-conversation-directory.js';
import { parseSchoolProfile } from '../../src/config/profile-loader.js';
import type { SchoolProfile } from '../../src/domain/school-profile.js';
import { createBotApp } from '../../src/adapters/teams/bot-app.js';

export function exampleProfile(): SchoolProfile {
  const result = parseSchoolProfile(parse(readFileSync('profiles/example-school.yaml', 'utf8')));
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.value;
}

export const silentLogger = pino({ level: 'silent' });

/** runs activities through the real bot app on botbuilder's TestAdapter and collects the replies */
export async function converse(
  activity: Partial<Activity>,
  options: { tenantId?: string; profile?: SchoolProfile; db?: SqliteDatabase } = {},
): Promise<Partial<Activity>[]> {
  const db = options.db ?? openDatabaseFile(':memory:');
  const app = createBotApp({
    adapter: new TeamsAdapter({}),
    storage: new SqliteBotStorage(db),
    conversations: new SqliteConversationDirectory(db),
    profile: options.profile ?? exampleProfile(),
    logger: silentLogger,
    tenantId: options.tenantId,
  });
  const adapter = new TestAdapter(async (context) => {
    await app.run(context);
  });
  await adapter.processActivity(activity);
  return adapter.activeQueue.splice(0);
}

/** every TextBlock and fact in a card, flattened: what a person reads */
export function cardText(activity: Partial<Activity>): string {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.type === 'TextBlock' && typeof o.text === 'string') out.push(o.text);
      if (typeof o.title === 'string') out.push(o.title);
      if (typeof o.value === 'string' && o.type === undefined) out.push(o.value);
      Object.values(o).forEach(walk);
    }
  };
  walk(activity.attachments?.map((a) => a.content));
  return out.join('\n');
}
