import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConversationDirectory } from '../../src/ports/conversation-directory.js';

export function conversationDirectoryContract(
  adapterName: string,
  open: () => Promise<{ directory: ConversationDirectory; cleanup: () => Promise<void> }>,
): void {
  describe(`ConversationDirectory contract: ${adapterName}`, () => {
    let directory: ConversationDirectory;
    let cleanup: () => Promise<void>;
    beforeEach(async () => ({ directory, cleanup } = await open()));
    afterEach(async () => cleanup());

    const priya = 'a1b2c3d4-0000-4000-8000-000000000002';
    const reference = {
      conversation: { id: 'personal-priya', conversationType: 'personal' },
      serviceUrl: 'https://smba.invalid/',
      bot: { id: '28:bot' },
    };

    it('finds a remembered conversation and nothing for a stranger', async () => {
      await directory.remember({ aadObjectId: priya, reference, updatedAt: '2026-11-24T09:00:00.000Z' });
      expect(await directory.find(priya)).toEqual({ aadObjectId: priya, reference, updatedAt: '2026-11-24T09:00:00.000Z' });
      expect(await directory.find('a1b2c3d4-0000-4000-8000-0000000000ff')).toBeUndefined();
    });

    it('replaces an older reference with the newer one', async () => {
      await directory.remember({ aadObjectId: priya, reference, updatedAt: '2026-11-24T09:00:00.000Z' });
      const moved = { ...reference, serviceUrl: 'https://smba.invalid/emea/' };
      await directory.remember({ aadObjectId: priya, reference: moved, updatedAt: '2026-11-25T09:00:00.000Z' });
      expect((await directory.find(priya))!.reference).toEqual(moved);
    });

    // a channel post after a restart is addressed from here: nobody has written to the bot yet
    const governors = '19:governors@thread.tacv2';
    const safeguarding = '19:safeguarding@thread.tacv2';

    it('keeps the service URL last seen from each channel and from anywhere', async () => {
      expect(await directory.serviceUrl(governors)).toBeUndefined();
      expect(await directory.serviceUrl()).toBeUndefined();
      await directory.rememberServiceUrl('https://smba.invalid/emea/', governors, new Date('2026-11-24T09:00:00Z'));
      // a personal chat: no channel, so only the latest overall moves
      await directory.rememberServiceUrl('https://smba.invalid/uk/', undefined, new Date('2026-11-24T09:05:00Z'));
      expect(await directory.serviceUrl(governors)).toBe('https://smba.invalid/emea/');
      expect(await directory.serviceUrl(safeguarding)).toBeUndefined();
      expect(await directory.serviceUrl()).toBe('https://smba.invalid/uk/');
    });

    it("replaces a channel's service URL with the newer one, and the overall one with it", async () => {
      await directory.rememberServiceUrl('https://smba.invalid/emea/', governors, new Date('2026-11-24T09:00:00Z'));
      await directory.rememberServiceUrl('https://smba.invalid/uk/', governors, new Date('2026-11-25T09:00:00Z'));
      expect(await directory.serviceUrl(governors)).toBe('https://smba.invalid/uk/');
      expect(await directory.serviceUrl()).toBe('https://smba.invalid/uk/');
      // the same again, and back to the first: each is kept
      await directory.rememberServiceUrl('https://smba.invalid/uk/', governors, new Date('2026-11-25T10:00:00Z'));
      await directory.rememberServiceUrl('https://smba.invalid/emea/', governors, new Date('2026-11-25T11:00:00Z'));
      expect(await directory.serviceUrl(governors)).toBe('https://smba.invalid/emea/');
    });
  });
}
