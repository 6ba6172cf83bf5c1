#!/usr/bin/env bash
# Copy the pinned front-end libraries of package.json from the npm registry into static/vendor/.
# Run after changing a version in package.json; the copied files are committed.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && cp "$OLDPWD/package.json" . && npm install --no-audit --no-fund --ignore-scripts --silent)
install -D -m 644 "$tmp/node_modules/htmx.org/dist/htmx.min.js" static/vendor/htmx/htmx.min.js
install -D -m 644 "$tmp/node_modules/htmx.org/LICENSE" static/vendor/htmx/LICENSE
install -D -m 644 "$tmp/node_modules/echarts/dist/echarts.min.js" static/vendor/echarts/echarts.min.js
install -D -m 644 "$tmp/node_modules/echarts/LICENSE" static/vendor/echarts/LICENSE
# Injected by the accessibility tests (tests/browser/test_accessibility.py); no page loads it.
install -D -m 644 "$tmp/node_modules/axe-core/axe.min.js" static/vendor/axe-core/axe.min.js
install -D -m 644 "$tmp/node_modules/axe-core/LICENSE" static/vendor/axe-core/LICENSE
for pkg in htmx.org echarts axe-core; do
  node -e "const p=require('$tmp/node_modules/$pkg/package.json');console.log(p.name+'@'+p.version)"
done > static/vendor/VERSIONS
cat static/vendor/VERSIONS
