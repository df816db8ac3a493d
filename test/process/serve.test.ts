import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { makeTempDir } from '../support/temp-dir.js';

// `npm run serve` is `node dist/main.js`: run the built entry as App Service would, with a clean environment
const serve = (env: Record<string, string>) => {
  const tmp = makeTempDir();
  try {
    return spawnSync(process.execPath, ['dist/main.js'], {
      env: { PATH: process.env.PATH ?? '', DATA_DIR: tmp.dir, ...env },
      encoding: 'utf8',
      timeout: 15_000,
    });
  } finally {
    tmp.remove();
  }
};

describe('the production entry (npm run serve)', () => {
  it('refuses to start without credentials, exiting 1 and naming each missing key', () => {
    const run = serve({});
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Cannot start the Online Safety bot. Fix these settings (see .env.example):');
    for (const key of ['MicrosoftAppId', 'MicrosoftAppType', 'MicrosoftAppTenantId', 'SCHOOL_PROFILE']) {
      expect(run.stderr).toMatch(new RegExp(`^  - ${key}: required in production`, 'm'));
    }
  });

  it('refuses to start with a broken school profile, listing its problems', () => {
    const run = serve({
      MicrosoftAppId: '11111111-2222-4333-8444-555555555555',
      MicrosoftAppType: 'UserAssignedMSI',
      MicrosoftAppTenantId: 'a1b2c3d4-0000-4000-8000-0000000000aa',
      SCHOOL_PROFILE: 'package.json',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Cannot start: the school profile package.json has problems:');
    expect(run.stderr).toContain('  - school: ');
    expect(run.stderr).toContain('  - roles: ');
  });
});
