import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DirectoryMirror } from '../../src/app/leavers/sync-directory.js';
import type { DirectoryAccount } from '../../src/ports/directory.js';

// the contract every DirectoryMirror adapter keeps: the school's directory as last read through Graph
export function directoryMirrorContract(
  adapterName: string,
  open: () => Promise<{ mirror: DirectoryMirror; cleanup: () => Promise<void> }>,
): void {
  describe(`DirectoryMirror contract: ${adapterName}`, () => {
    let mirror: DirectoryMirror;
    let cleanup: () => Promise<void>;
    beforeEach(async () => ({ mirror, cleanup } = await open()));
    afterEach(async () => cleanup());

    const at = new Date('2026-11-02T02:00:00.000Z');
    const account = (id: string, displayName: string, more: Partial<DirectoryAccount> = {}): DirectoryAccount => ({
      id,
      displayName,
      userPrincipalName: `${id}@school.example`,
      accountEnabled: true,
      ...more,
    });

    it('a full scan replaces every account, sorted by name, and records whether sign-in times were read', async () => {
      await mirror.apply([account('old', 'Old Account')], { full: true, signInActivityAvailable: false, at });
      await mirror.apply(
        [
          account('b', 'Zoe Brown', { lastSignIn: '2026-10-30T08:00:00.000Z' }),
          account('a', 'Amir Khan', { accountEnabled: false, employeeLeaveDateTime: '2026-08-31T00:00:00.000Z' }),
        ],
        { full: true, signInActivityAvailable: true, at },
      );
      expect(await mirror.accounts()).toEqual([
        account('a', 'Amir Khan', { accountEnabled: false, employeeLeaveDateTime: '2026-08-31T00:00:00.000Z' }),
        account('b', 'Zoe Brown', { lastSignIn: '2026-10-30T08:00:00.000Z' }),
      ]);
      expect(await mirror.state('signInActivityAvailable')).toBe('true');
    });

    it('a delta changes and removes accounts, keeping the sign-in times of the last full scan', async () => {
      await mirror.apply([account('a', 'Amir Khan', { lastSignIn: '2026-10-30T08:00:00.000Z' }), account('b', 'Zoe Brown')], {
        full: true,
        signInActivityAvailable: true,
        at,
      });
      await mirror.apply(
        [
          account('a', 'Amir Khan-Shah', { accountEnabled: false }),
          { id: 'b', displayName: '', userPrincipalName: '', accountEnabled: false, removed: true },
          account('c', 'Cara Doyle'),
        ],
        { full: false, signInActivityAvailable: false, at },
      );
      expect(await mirror.accounts()).toEqual([
        account('a', 'Amir Khan-Shah', { accountEnabled: false, lastSignIn: '2026-10-30T08:00:00.000Z' }),
        account('c', 'Cara Doyle'),
      ]);
      // a delta says nothing about sign-in times: the full scan's answer stands
      expect(await mirror.state('signInActivityAvailable')).toBe('true');
    });

    it('keeps the delta token', async () => {
      expect(await mirror.state('deltaToken')).toBeUndefined();
      await mirror.setToken('token-1');
      await mirror.setToken('token-2');
      expect(await mirror.state('deltaToken')).toBe('token-2');
    });

    it("a group's first look finds nobody new; later looks name who joined, and who left is dropped", async () => {
      const staff = [
        { id: 's1', displayName: 'Priya Shah' },
        { id: 's2', displayName: 'Tom Okafor' },
      ];
      expect(await mirror.updateGroup('staff', staff, at)).toEqual([]);
      const later = new Date('2026-11-03T02:00:00.000Z');
      expect(await mirror.updateGroup('staff', [staff[0]!, { id: 's3', displayName: 'Helen Marsh' }], later)).toEqual([
        { id: 's3', displayName: 'Helen Marsh' },
      ]);
      await mirror.updateGroup('support', [{ id: 's1', displayName: 'Priya Shah' }], later);
      const members = await mirror.groupMembers(['staff', 'support']);
      expect([...members].sort((x, y) => x.id.localeCompare(y.id))).toEqual([
        { id: 's1', displayName: 'Priya Shah', firstSeen: '2026-11-02T02:00:00.000Z' },
        { id: 's3', displayName: 'Helen Marsh', firstSeen: '2026-11-03T02:00:00.000Z' },
      ]);
      expect(await mirror.groupMembers([])).toEqual([]);
    });
  });
}
