#!/usr/bin/env bash
#! Runs the app at http://127.0.0.1:8080/ (or the --port given) with `trunk serve`, proxying /api/prometheus, /api/loki,
#! /api/tempo and /api/jaeger to a local stack on the default ports (Trunk.toml). With no backend running
#! it shows the embedded demo data. Extra arguments go to trunk (e.g. --port 9000).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
"$repo/scripts/install-tools.sh" build
CACHE=${TRIFOCAL_CACHE:-$HOME/.cache/trifocal}
export PATH="$CACHE/npm/node_modules/.bin:$HOME/.cargo/bin:$PATH"
cd "$repo"
cargo fetch -q
# The address trunk will serve on: Trunk.toml's, unless the arguments say otherwise (--port N, --port=N,
# --address A, --address=A).
port=8080 address=127.0.0.1 prev=
for arg in "$@"; do
  case "$prev" in --port) port=$arg ;; --address) address=$arg ;; esac
  case "$arg" in --port=*) port=${arg#--port=} ;; --address=*) address=${arg#--address=} ;; esac
  prev=$arg
done
echo "Trifocal: http://$address:$port/  (demo data until a backend answers on :9090, :3100, :3200 or :16686)"
exec trunk serve --release "$@"
