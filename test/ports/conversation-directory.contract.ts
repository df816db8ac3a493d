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
  });
}
