import { execFileSync } from 'node:child_process';

// the process-level and end-to-end tests run the built bot (dist/), exactly as `npm run serve` and
// `npm start` do; build it once here rather than in each test file, where parallel builds would race.
export default function setup(): void {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' });
}
