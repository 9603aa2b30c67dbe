#!/usr/bin/env bash
#! Records tests/fixtures/jaeger/ from the running test stack's Jaeger (scripts/stack.sh up): the generator's
#! featured trace through both of Jaeger's APIs, a search, a missing trace, services and operations. The bodies
#! are written exactly as Jaeger sent them; the README beside them says which request gave which file.
#! usage: tools/record/jaeger.sh   (reads the stack's ports and manifest from scripts/stack.sh env)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
eval "$("$repo/scripts/stack.sh" env)"
. "$repo/scripts/versions.env"
out="$repo/tests/fixtures/jaeger"
base="http://127.0.0.1:$TRIFOCAL_JAEGER_PORT"
id=$(node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).featured_trace_id)' "$TRIFOCAL_STACK_DIR/manifest.json")
[ -n "$id" ] || { echo "the generator's manifest names no featured trace yet; wait and try again" >&2; exit 1; }
get() { # file path expected-status
  local status
  status=$(curl -sS -o "$out/$1" -w '%{http_code}' "$base$2")
  [ "$status" = "$3" ] || { echo "GET $2 answered $status, expected $3" >&2; exit 1; }
}
get trace_v3.json "/api/v3/traces/$id" 200
get trace_classic.json "/api/traces/$id" 200
get search_classic.json "/api/traces?service=search-service&limit=5&lookback=1h" 200
get trace_not_found.json "/api/traces/00000000000000000000000000000001" 404
get services.json "/api/services" 200
get operations.json "/api/services/search-service/operations" 200
cat > "$out/README.md" <<EOT
Recorded on $(date -u +%Y-%m-%d) by \`tools/record/jaeger.sh\` from the test stack's Jaeger 2
(\`github.com/jaegertracing/jaeger\` module $JAEGER_MODULE_VERSION, \`cmd/jaeger\`, in-memory storage, fed by
\`trifocal-gen\` over OTLP/HTTP), query port $TRIFOCAL_JAEGER_PORT:

- \`trace_v3.json\`: \`GET /api/v3/traces/<featured trace id>\` (OTLP JSON)
- \`trace_classic.json\`: \`GET /api/traces/<same id>\` (classic JSON: processes, references)
- \`search_classic.json\`: \`GET /api/traces?service=search-service&limit=5&lookback=1h\`
- \`trace_not_found.json\`: \`GET /api/traces/00000000000000000000000000000001\` (404)
- \`services.json\`, \`operations.json\`: \`GET /api/services\`, \`GET /api/services/search-service/operations\`
EOT
echo "recorded trace $id from Jaeger module $JAEGER_MODULE_VERSION into $out"
