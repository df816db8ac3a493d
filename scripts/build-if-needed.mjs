#!/usr/bin/env node
// builds dist/ from src/ when the TypeScript compiler is installed (a developer's clone, CI); on a
// production host that was deployed with a built dist/ and no dev dependencies, it does nothing.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';

const require = createRequire(import.meta.url);
let tsc;
try {
  tsc = require.resolve('typescript/bin/tsc');
} catch {
  tsc = undefined;
}

if (!tsc) {
  if (existsSync('dist/main.js')) process.exit(0);
  console.error('dist/main.js is missing and TypeScript is not installed: run `npm ci` then `npm run build`, or deploy a built package.');
  process.exit(1);
}
// incremental: a second build with nothing changed takes a moment
const run = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { stdio: 'inherit' });
if (run.status !== 0) console.error('The build failed: see the TypeScript errors above.');
process.exit(run.status ?? 1);
