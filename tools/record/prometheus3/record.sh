#!/usr/bin/env bash
# Records tests/fixtures/prometheus3/ from a real Prometheus 3 (see README.md beside this file).
# Usage: tools/record/prometheus3/record.sh [prometheus binary]   (port: PROM3_PORT, default 39190)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
bin="${1:-$HOME/.cache/trifocal/bin/prometheus-v0.316.0}"
port="${PROM3_PORT:-39190}"
base="http://127.0.0.1:$port"
out="$repo/tests/fixtures/prometheus3"
data="$(mktemp -d)"
mkdir -p "$out"

"$bin" --config.file="$here/prometheus.yml" --storage.tsdb.path="$data" \
  --web.listen-address="127.0.0.1:$port" --web.enable-otlp-receiver --enable-feature=exemplar-storage \
  >"$data/prometheus.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 100); do
  curl -fsS "$base/-/ready" >/dev/null 2>&1 && break
  sleep 0.2
done

# End of the data: a whole 15 s step, 30 s in the past (so every sample is before the query time).
now=$(date +%s)
end=$(( now - 30 - now % 15 ))
start=$(( end - 600 ))
python3 "$here/otlp_metrics.py" "$end" > "$data/otlp.json"
otlp_status=$(curl -sS -o "$data/otlp.out" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
  --data-binary @"$data/otlp.json" "$base/api/v1/otlp/v1/metrics")
echo "OTLP export: HTTP $otlp_status $(cat "$data/otlp.out")"
[ "$otlp_status" = 200 ] || { cat "$data/prometheus.log"; exit 1; }
sleep 1

version=$(curl -sS "$base/api/v1/status/buildinfo" | python3 -c 'import json,sys; d=json.load(sys.stdin)["data"]; print(d["version"], "(revision", (d["revision"] or "not set") + ",", d["goVersion"] + ")")')
recorded=$(date -u +%Y-%m-%dT%H:%M:%SZ)
index="$out/INDEX.md"
cat > "$index" <<MD
# Prometheus 3 API fixtures

Raw response bodies recorded on $recorded from a real Prometheus $version running on 127.0.0.1:$port
(built from the Go module github.com/prometheus/prometheus v0.316.0), made by
\`tools/record/prometheus3/record.sh\`: flags \`--web.enable-otlp-receiver --enable-feature=exemplar-storage\`,
config \`tools/record/prometheus3/prometheus.yml\` (OTLP \`translation_strategy: NoTranslation\`, so dotted OTel
names are kept; \`service.name\` and \`service.namespace\` promoted to labels). Bodies are stored byte for byte.

Data: one OTLP/HTTP JSON export (\`tools/record/prometheus3/otlp_metrics.py $end\`) sent to
\`/api/v1/otlp/v1/metrics\`: for services \`search-service\` and \`embedding-service\`, 41 samples 15 s apart from
$start to $end (unix seconds) of a gauge \`rag.queue.depth\` and a cumulative exponential histogram
\`rag.request.duration\` (scale 0, with exemplars), which Prometheus stores as a native histogram.

Query window: start=$start end=$end. Query parameters are shown decoded; the URL column is exactly what was sent.
MD

# record NAME PATH [curl --data-urlencode args...] : GET with the params, body to NAME, entry in INDEX.md.
record() {
  local name="$1" path="$2"; shift 2
  local args=() params=() a
  while [ $# -gt 0 ]; do params+=("$1"); args+=(--data-urlencode "$1"); shift; done
  local meta
  meta=$(curl -sS -G "${args[@]}" -o "$out/$name" -w '%{http_code}\t%{content_type}\t%{url_effective}' "$base$path")
  local status ctype url
  IFS=$'\t' read -r status ctype url <<<"$meta"
  local bytes; bytes=$(wc -c < "$out/$name")
  {
    echo
    echo "## $name"
    echo
    echo "- request: \`GET $url\`"
    echo "- path: \`$path\`"
    if [ ${#params[@]} -gt 0 ]; then
      echo "- params:"
      for a in "${params[@]}"; do echo "  - \`${a%%=*}\` = \`${a#*=}\`"; done
    fi
    echo "- response: HTTP $status, \`Content-Type: $ctype\`, $bytes bytes"
    [ -n "${NOTE:-}" ] && echo "- note: $NOTE"
  } >> "$index"
  echo "$name: HTTP $status $bytes bytes"
}

NOTE="Prometheus 3 build info" record buildinfo.json /api/v1/status/buildinfo
NOTE="instant query, raw native histogram counters: vector samples carry \`histogram\` instead of \`value\`" \
  record query_histogram_vector.json /api/v1/query 'query={"rag.request.duration"}' "time=$end"
NOTE="instant query, rate of native histograms summed by a dotted label" \
  record query_histogram_rate_vector.json /api/v1/query 'query=sum by ("service.name") (rate({"rag.request.duration"}[1m]))' "time=$end"
NOTE="range query, matrix series carry \`histograms\` instead of \`values\`" \
  record query_range_histogram_rate.json /api/v1/query_range 'query=rate({"rag.request.duration"}[1m])' "start=$start" "end=$end" "step=15"
NOTE="range query, raw native histogram counters" \
  record query_range_histogram_raw.json /api/v1/query_range 'query={"rag.request.duration", "service.name"="search-service"}' "start=$start" "end=$end" "step=15"
NOTE="range query, histogram_quantile over native histograms: plain floats" \
  record query_range_quantile.json /api/v1/query_range 'query=histogram_quantile(0.9, rate({"rag.request.duration"}[1m]))' "start=$start" "end=$end" "step=15"
NOTE="range query, dotted gauge with a dotted label matcher" \
  record query_range_dotted_gauge.json /api/v1/query_range 'query={"rag.queue.depth", "service.name"="search-service"}' "start=$start" "end=$end" "step=15"
NOTE="instant query, dotted gauge summed by a dotted label" \
  record query_dotted_gauge_vector.json /api/v1/query 'query=sum by ("service.name") ({"rag.queue.depth"})' "time=$end"
NOTE="instant query mixing a float series and a histogram series" \
  record query_mixed_vector.json /api/v1/query 'query={__name__=~"rag\\..*", "service.name"="embedding-service"}' "time=$end"
NOTE="label names, dotted ones included" \
  record labels.json /api/v1/labels "start=$start" "end=$end"
NOTE="metric names, dotted" \
  record label_values_metric_names.json /api/v1/label/__name__/values "start=$start" "end=$end"
NOTE="values of the dotted label service.name, its name in Prometheus' U__ escape in the path (as the app asks)" \
  record label_values_service_name.json /api/v1/label/U__service_2e_name/values "start=$start" "end=$end"
NOTE="series of a dotted metric (quoted selector in match[])" \
  record series_dotted.json /api/v1/series 'match[]={"rag.queue.depth"}' "start=$start" "end=$end"
NOTE="exemplars of a native histogram" \
  record query_exemplars_histogram.json /api/v1/query_exemplars 'query={"rag.request.duration"}' "start=$start" "end=$end"
NOTE="metadata of OTLP metrics (type, help, unit)" \
  record metadata.json /api/v1/metadata
NOTE="error: a dotted metric name written bare is a parse error (bad_data)" \
  record error_bad_data.json /api/v1/query 'query=rag.queue.depth' "time=$end"
NOTE="error: too many points per series (bad_data)" \
  record error_resolution.json /api/v1/query_range 'query={"rag.queue.depth"}' "start=0" "end=$end" "step=1"
NOTE="error: two series with one label set after label_replace: an execution error (HTTP 422)" \
  record error_execution.json /api/v1/query 'query=label_replace(sum by ("service.name") ({"rag.queue.depth"}), "service.name", "x", "", "")' "time=$end"
NOTE="success with an info annotation (rate of a gauge-named metric)" \
  record query_info_annotation.json /api/v1/query 'query=rate({"rag.queue.depth"}[1m])' "time=$end"
NOTE="error: an unreadable time parameter (bad_data)" \
  record error_bad_time.json /api/v1/query 'query=up' "time=yesterday"

echo "recorded into $out"
