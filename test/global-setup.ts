import { execFileSync } from 'node:child_process';

// the process-level and end-to-end tests run the built bot (dist/), exactly as `npm run serve` and
// `npm start` do; build it once here rather than in each test file, where parallel builds would race.
// NO_BUILD=1 skips it when running only in-process tests while other code is half-written.
export default function setup(): void {
  if (process.env.NO_BUILD === '1') return;
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' });
}
