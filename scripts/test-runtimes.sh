#!/usr/bin/env bash
# Runs the whole `npm test` on each Node.js version Lambda runs (nodejs22.x, nodejs24.x).
# The npm registry ships Node binaries as the `node` package; `npx -p node@N` puts that
# version first on the PATH, so npm, jest, tsc and moto's harness all run on it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
for version in ${NODE_VERSIONS:-22 24}; do
  echo "::group::npm test on Node.js ${version}"
  npx --yes -p "node@${version}" -- node -e 'console.log(`Node.js ${process.version}`)'
  npx --yes -p "node@${version}" -- npm test
  echo "::endgroup::"
done
