#!/usr/bin/env bash
#! Records tests/fixtures/victorialogs/ from the running test stack's VictoriaLogs (scripts/stack.sh up): LogsQL
#! queries by stream and by the generator's featured trace ID, an empty answer, a bad query, level hits, a line
#! count, stream and plain field names and values, and /health. The bodies are written exactly as VictoriaLogs
#! sent them, over one window (the generator's backfilled one from its manifest); INDEX.md beside them says
#! which request gave which file, with its status and content type.
#! usage: tools/record/victorialogs.sh   (reads the stack's ports and manifest from scripts/stack.sh env)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
eval "$("$repo/scripts/stack.sh" env)"
. "$repo/scripts/versions.env"
out="$repo/tests/fixtures/victorialogs"
base="http://127.0.0.1:$TRIFOCAL_VLOGS_PORT"
manifest="$TRIFOCAL_STACK_DIR/manifest.json"
field() { node -e 'const m = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); process.stdout.write(String(m[process.argv[2]] ?? ""))' "$manifest" "$1"; }
id=$(field featured_trace_id)
start_ms=$(field start_ms)
end_ms=$(field end_ms)
[ -n "$id" ] && [ -n "$start_ms" ] && [ -n "$end_ms" ] || { echo "the generator's manifest names no featured trace or window yet; wait and try again" >&2; exit 1; }
start="${start_ms}000000"
end="${end_ms}000000"
mkdir -p "$out"
index="$out/INDEX.md"
cat > "$index" <<EOT
# VictoriaLogs answers, recorded

Recorded on $(date -u +%Y-%m-%d) by \`tools/record/victorialogs.sh\` from the test stack's VictoriaLogs
(\`github.com/VictoriaMetrics/VictoriaLogs\` module $VICTORIALOGS_MODULE_VERSION, \`app/victoria-logs\`, fed by
\`trifocal-gen\` through its Loki push API: stream fields \`service_name\`, \`level\`, \`job\`; fields
\`trace_id\`, \`span_id\`), port $TRIFOCAL_VLOGS_PORT. Every body is exactly what the server sent. The window is
the generator's backfilled one: start=$start, end=$end (ns, $(date -u -d @"$((start_ms / 1000))" +%FT%TZ) to
$(date -u -d @"$((end_ms / 1000))" +%FT%TZ)); the featured trace is $id.

| file | status | content type | request (GET, parameters not URL-encoded here) |
|---|---|---|---|
EOT
get() { # file expected-status path param=value...
  local file=$1 want=$2 path=$3 status ctype
  shift 3
  local args=()
  for p in "$@"; do args+=(--data-urlencode "$p"); done
  read -r status ctype < <(curl -sS -G -o "$out/$file" -w '%{http_code} %{content_type}\n' "${args[@]}" "$base$path")
  [ "$status" = "$want" ] || { echo "GET $path $* answered $status, expected $want" >&2; exit 1; }
  printf '| `%s` | %s | `%s` | `%s?%s` |\n' "$file" "$status" "$ctype" "$path" "$(IFS='&'; echo "$*")" >> "$index"
}
sel='{service_name="search-service"}'
# The hits requests are the app's (src/backends/victorialogs/request.rs `hits`): buckets start at the range start
# (offset) and no line after its end is counted (extra_filters), so they add up to the lines of the range.
offset="$(( (60000 - start_ms % 60000) % 60000 ))ms"
until="extra_filters=_time:[$start, $end)"
get query_stream.jsonl 200 /select/logsql/query "query=$sel" "start=$start" "end=$end" limit=20
get query_trace.jsonl 200 /select/logsql/query "query=trace_id:=\"$id\"" "start=$start" "end=$end" limit=1000
get query_empty.jsonl 200 /select/logsql/query 'query=trace_id:="00000000000000000000000000000001"' "start=$start" "end=$end" limit=20
get query_bad.txt 400 /select/logsql/query 'query=level:=(' "start=$start" "end=$end" limit=20
get count_stream.jsonl 200 /select/logsql/query "query=$sel | stats count() lines" "start=$start" "end=$end"
get hits_stream_level.json 200 /select/logsql/hits "query=$sel" "start=$start" "end=$end" step=60000ms "offset=$offset" field=level "$until"
get hits_empty.json 200 /select/logsql/hits 'query=trace_id:="00000000000000000000000000000001"' "start=$start" "end=$end" step=60000ms "offset=$offset" field=level "$until"
get stream_field_names.json 200 /select/logsql/stream_field_names 'query=*' "start=$start" "end=$end"
get stream_field_values.json 200 /select/logsql/stream_field_values 'query=*' field=service_name "start=$start" "end=$end"
get field_names.json 200 /select/logsql/field_names "query=$sel" "start=$start" "end=$end"
get field_values.json 200 /select/logsql/field_values "query=$sel" field=level "start=$start" "end=$end"
# Stats as time series over whole minutes inside the window (VictoriaLogs aligns the buckets to the step), so
# the buckets add up to the line count of the same minutes.
al_start="$(( (start_ms + 59999) / 60000 * 60000 ))000000"
al_end="$(( end_ms / 60000 * 60000 ))000000"
get stats_range_level.json 200 /select/logsql/stats_query_range "query=$sel | stats by (level) count()" "start=$al_start" "end=$al_end" step=60000ms
get count_stream_minutes.jsonl 200 /select/logsql/query "query=$sel | stats count() lines" "start=$al_start" "end=$al_end"
get stats_instant.json 200 /select/logsql/stats_query "query=$sel | stats by (level) count()" "start=$al_start" "end=$al_end" "time=$al_end"
get stats_bad.json 422 /select/logsql/stats_query_range "query=$sel | stats by (level) count(" "start=$al_start" "end=$al_end" step=60000ms
get stats_no_pipe.json 422 /select/logsql/stats_query_range "query=$sel" "start=$al_start" "end=$al_end" step=60000ms
get health.txt 200 /health
echo "recorded $(ls "$out" | wc -l) files from VictoriaLogs module $VICTORIALOGS_MODULE_VERSION into $out"
