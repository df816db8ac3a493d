// who is in the profile's staff and pupil groups, as the directory copy last read them, kept in memory
// so that every turn can ask at once. identify() fails closed: until the copy has been read, only the
// profile's own lists count.
import type { SchoolProfile } from '../domain/index.js';
import type { GroupMembership } from './identity.js';
import type { DirectoryMirror } from './leavers/sync-directory.js';

export class LiveGroupMembership implements GroupMembership {
  staff: ReadonlySet<string> = new Set();
  pupils: ReadonlySet<string> = new Set();

  constructor(
    private readonly mirror: Pick<DirectoryMirror, 'groupMembers'>,
    private readonly profile: Pick<SchoolProfile, 'staffGroupIds' | 'pupils'>,
  ) {}

  /** reads the groups' members again from the directory copy */
  async refresh(): Promise<void> {
    const [staff, pupils] = await Promise.all([
      this.mirror.groupMembers(this.profile.staffGroupIds),
      this.mirror.groupMembers(this.profile.pupils.groupIds),
    ]);
    this.staff = new Set(staff.map((m) => m.id));
    this.pupils = new Set(pupils.map((m) => m.id));
  }
}
