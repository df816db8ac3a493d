import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { Writable } from 'node:stream';
import { SchoolBotAdapter } from '../../src/adapters/teams/school-bot-adapter.js';
import { createBotApp } from '../../src/adapters/teams/bot-app.js';
import { openDatabaseFile } from '../../src/adapters/sqlite/database.js';
import { SqliteIncidentStore } from '../../src/adapters/sqlite/sqlite-incident-store.js';
import { TURN_FAILED } from '../../src/adapters/teams/replies.js';
import { personalMessage } from '../support/activities.js';
import { exampleProfile } from '../support/test-bot.js';
import { startStubConnector } from '../support/stub-connector.js';

import type { ConversationStateStore } from '../../src/ports/conversation-state.js';
import type { ConversationDirectory } from '../../src/ports/conversation-directory.js';

const brokenStorage: ConversationStateStore = {
  read: async () => {
    throw new Error('disk I/O error');
  },
  write: async () => {},
  delete: async () => {},
};
// every turn in a 1:1 chat first notes where the person can be reached: the database is broken there too
const brokenDirectory: ConversationDirectory = {
  remember: async () => {
    throw new Error('disk I/O error');
  },
  find: async () => undefined,
  rememberServiceUrl: async () => {},
  serviceUrl: async () => undefined,
};

describe('an error inside a turn', () => {
  let connector: Awaited<ReturnType<typeof startStubConnector>>;
  beforeAll(async () => (connector = await startStubConnector()));
  afterAll(async () => connector.close());

  it('gets the user a short apology and is logged without the message text', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }));
    const adapter = new SchoolBotAdapter({});
    const app = createBotApp({
      adapter,
      storage: brokenStorage,
      conversations: brokenDirectory,
      store: new SqliteIncidentStore(openDatabaseFile(':memory:')),
      profile: exampleProfile(),
      logger,
    });

    const activity = personalMessage('my pupil Ava Brown was sent a photo by a stranger', undefined, connector.url) as Record<
      string,
      unknown
    >;
    const result = await adapter.processAuthenticated(activity, '', (context) => app.run(context).then(() => undefined));

    expect(result.status).toBe(200);
    expect(connector.sent.map((s) => s.body.text)).toEqual([TURN_FAILED]);
    expect(TURN_FAILED).toContain('tell the designated safeguarding lead in person now');
    const logged = lines.join('');
    expect(logged).toContain('"msg":"turn failed"');
    expect(logged).toContain('disk I/O error');
    expect(logged).not.toContain('Ava Brown');
    expect(logged).not.toContain('stranger');
  });
});
