#!/bin/sh
# Rebuild assets/01-plotly-kommunekart.min.js: plotly.js (from the npm registry, version pinned in
# scripts/plotly-bundle/package.json) with only the traces the app draws: choropleth and
# scattergeo for the map, bar and scatter for the survey's charts. About 1.4 MB minified, the
# size of plotly's geo-only bundle, against 4.8 MB for the full one. MapLibre's CSS, which the
# core imports for tile maps the app never draws, is left out (--define:global=window --loader:.css=empty).
set -e
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
cp "$here/plotly-bundle/package.json" "$here/plotly-bundle/index.js" "$work/"
cd "$work"
npm install --no-audit --no-fund --silent
npx esbuild index.js --bundle --minify --format=iife --global-name=Plotly \
  --define:process.env.NODE_ENV='"production"' --define:global=window --loader:.css=empty --log-level=warning \
  --outfile="$here/../assets/01-plotly-kommunekart.min.js"
cp node_modules/plotly.js/LICENSE "$here/../assets/01-plotly-kommunekart.LICENSE"
rm -rf "$work"
echo "assets/01-plotly-kommunekart.min.js: $(wc -c < "$here/../assets/01-plotly-kommunekart.min.js") bytes"
