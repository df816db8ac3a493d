// end to end, "Report a concern" on a Teams message: the built bot in local mode and TWO Agents
// Playgrounds, one playing Sam Taylor (a teacher), one Priya Shah (the DSL, playground/dsl.yml). Sam posts
// a message in the Staffroom group chat, opens its "..." menu, chooses the message action (the Playground
// asks for the command id the manifest gives, reportMessage, and fetches the dialog from the bot), finds
// the message already in the dialog, answers three things and sends: the dialog shows the reference.
// Nothing is posted in the group chat. The case card reaches Priya's Safeguarding channel with no word of
// the message.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../scripts/lib/processes.js';
import type { PlaygroundDriver } from './support/playground-driver.js';
import { openChannelAndWaitForBot, playgroundSeats, shoot } from './support/seats.js';

const PROFILE_PATH = join(repoRoot, 'profiles/example-school.yaml');
const STAFF_CONFIG = join(repoRoot, '.m365agentsplayground.yml');
const DSL_CONFIG = join(repoRoot, 'playground/dsl.yml');
const TENANT_ID = 'a1b2c3d4-0000-4000-8000-0000000000aa';

/** the message Sam reports, and what he adds: neither may reach the channel */
const MESSAGE = 'nobody in year 5 likes Leo, leave the group or else';
const ADDED = 'Seen in the Staffroom chat: forwarded from a pupil group';
const SECRETS = ['nobody in year 5', 'Leo', 'leave the group', 'Staffroom', ADDED];

describe('Report a concern from a Teams message, in two Playgrounds', () => {
  const seats = playgroundSeats({
    name: 'message-action',
    seats: [
      { name: 'staff', person: 'Sam', config: STAFF_CONFIG },
      { name: 'dsl', person: 'Priya', config: DSL_CONFIG },
    ],
    botEnv: { SCHOOL_PROFILE: PROFILE_PATH },
  });
  const { timed, onFailure } = seats;
  let sam: PlaygroundDriver;
  let priya: PlaygroundDriver;
  beforeAll(() => {
    sam = seats.driver('staff');
    priya = seats.driver('dsl');
  });
  let reference = '';

  it(
    'the seats are Sam and Priya in the same tenant, with the same bot; Priya opens the Safeguarding channel',
    { timeout: 30_000 },
    async () => {
      onFailure('setup');
      expect(sam.config.currentUser.name).toBe('Sam Taylor');
      expect(priya.config.currentUser.name).toBe('Priya Shah');
      seats.expectSameTenantAndBot(TENANT_ID);
      await seats.allSaidHello();
      await timed('Priya opens Safeguarding', () => openChannelAndWaitForBot(priya, 'Safeguarding'));
    },
  );

  it(
    'Sam posts in the group chat, chooses the message action from its "..." menu, and the dialog already holds the message',
    { timeout: 45_000 },
    async () => {
      onFailure('fetch-task');
      await sam.selectGroupChat();
      await sam.sendMessage(MESSAGE);
      const posted = sam.messages().filter({ hasText: MESSAGE }).last();
      await posted.waitFor({ timeout: 5_000 });
      const invokes = (await sam.logLines(/-> User Application invoke/)).length;
      await posted.hover();
      await posted.getByRole('button', { name: 'Show more information' }).click();
      await sam.page.getByRole('menuitem', { name: 'Action Command' }).click();
      // the Playground has no manifest to read the command from: it asks for the id the manifest gives
      await sam.page.getByPlaceholder('Input command id or leave blanks').fill('reportMessage');
      await sam.page.getByRole('button', { name: 'Create' }).click();
      await sam.waitForLogLine(/-> User Application invoke 200/, { after: invokes, timeoutMs: 15_000 });
      const dialog = sam.page.getByRole('dialog').filter({ hasText: 'Report a concern about this message' });
      await dialog.waitFor({ timeout: 10_000 });
      const text = await dialog.innerText();
      expect(text).toContain(MESSAGE);
      expect(text).toContain('Posted by: Sam Taylor');
      expect(text).toContain('Where: The group chat "Staffroom"');
      expect(text).toContain('Only you can see this. Nothing is posted in the chat');
      expect(text).toContain('Is a child in danger right now?');
      // Sam wrote it himself, so he is not asked whether it is about himself
      expect(text).not.toContain('Who is it about?');
      await shoot(sam.page, 'e2e-message-1-dialog');
    },
  );

  it('three answers (no danger now, the kind, a few words) and Send: the dialog shows the reference', { timeout: 45_000 }, async () => {
    onFailure('submit-action');
    const first = sam.page.getByRole('dialog').filter({ hasText: 'Report a concern about this message' });
    await first.getByRole('radio', { name: /No$/ }).check();
    const invokes = (await sam.logLines(/-> User Application invoke 200/)).length;
    await first.getByRole('button', { name: 'Next' }).click();
    await sam.waitForLogLine(/-> User Application invoke 200/, { after: invokes, timeoutMs: 15_000 });
    const second = sam.page.getByRole('dialog').filter({ hasText: 'What kind of concern is it?' });
    await second.waitFor({ timeout: 10_000 });
    await second.getByRole('radio', { name: /Unkind, bullying or threatening$/ }).check();
    await second.getByRole('textbox').fill(ADDED);
    await shoot(sam.page, 'e2e-message-2-second-screen');
    await second.getByRole('button', { name: 'Send report' }).click();
    const sent = sam.page.getByRole('dialog').filter({ hasText: 'Report sent' });
    await timed('Send report -> reference', () => sent.waitFor({ timeout: 15_000 }));
    const text = await sent.innerText();
    reference = /OS-\d{4}-\d{4}/.exec(text)?.[0] ?? '';
    expect(reference).toBe('OS-2026-0001');
    await shoot(sam.page, 'e2e-message-3-reference');
    // nothing was posted into the group chat: Sam's own message is all it holds
    await sam.page.keyboard.press('Escape');
    await sam.waitForQuiet();
    const chat = await sam.messages().allInnerTexts();
    expect(chat.join('\n')).not.toContain('OS-2026');
    expect(chat.join('\n')).not.toContain('Report a concern');
  });

  it("the case card reaches Priya's Safeguarding channel with no word of the message and no name", { timeout: 30_000 }, async () => {
    onFailure('channel-card');
    expect(reference).not.toBe('');
    const thread = await timed('card reaches the channel', () =>
      priya.waitForChannelThread(new RegExp(`Online-safety case ${reference}`), { timeoutMs: 20_000 }),
    );
    const text = await priya.cardIn(thread).innerText();
    expect(text).toContain('Online bullying');
    for (const secret of SECRETS) expect(text, `the channel card shows "${secret}"`).not.toContain(secret);
    const created = await priya.logRequests(/-> Microsoft 365 Agents Playground createConversation 201/);
    const sent = JSON.stringify(created);
    for (const secret of SECRETS) expect(sent, `the channel post carries "${secret}"`).not.toContain(secret);
    await shoot(priya.page, 'e2e-message-4-channel-card');
  });
});
