#!/usr/bin/env bash
#! Records tests/fixtures/alerts/ from the running test stack (scripts/stack.sh up, rules loaded from
#! scripts/stack/rules.yml): Prometheus 3's rules and alerts, Alertmanager's alert groups and silences (one
#! silence created and expired here, so the list holds an expired one). Bodies are written exactly as the servers
#! sent them; the README beside them says which request gave which file.
#! usage: tools/record/alerts.sh   (wait until HighErrorRate fires: about 30 s after `up`)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
eval "$("$repo/scripts/stack.sh" env)"
. "$repo/scripts/versions.env"
out="$repo/tests/fixtures/alerts"
mkdir -p "$out"
prom="http://127.0.0.1:$TRIFOCAL_PROM_PORT"
am="http://127.0.0.1:$TRIFOCAL_AM_PORT"
get() { # file url expected-status
  local status
  status=$(curl -sS -o "$out/$1" -w '%{http_code}' "$2")
  [ "$status" = "$3" ] || { echo "GET $2 answered $status, expected $3" >&2; exit 1; }
}
grep -q '"state":"firing"' <(curl -sS "$prom/api/v1/rules?type=alert") \
  || { echo "no alerting rule fires yet; wait and try again" >&2; exit 1; }
get rules.json "$prom/api/v1/rules" 200
get alerts.json "$prom/api/v1/alerts" 200
get rules_bad_type.json "$prom/api/v1/rules?type=nope" 400
# A silence of one firing alert, then one expired (so both states are in the list).
end=$(date -u -d '+1 hour' +%Y-%m-%dT%H:%M:%SZ) start=$(date -u +%Y-%m-%dT%H:%M:%SZ)
body() { printf '{"matchers":[{"name":"alertname","value":"HighErrorRate","isRegex":false,"isEqual":true},{"name":"service","value":"%s","isRegex":%s,"isEqual":true}],"startsAt":"%s","endsAt":"%s","createdBy":"recorder","comment":"%s"}' "$1" "$2" "$start" "$end" "$3"; }
curl -fsS -o "$out/silence_created.json" -H 'Content-Type: application/json' -d "$(body search-service false 'recorded: quiet during the demo')" "$am/api/v2/silences"
gone=$(curl -fsS -H 'Content-Type: application/json' -d "$(body '.*' true 'recorded: expired at once')" "$am/api/v2/silences" | sed 's/.*"silenceID":"\([^"]*\)".*/\1/')
curl -fsS -X DELETE "$am/api/v2/silence/$gone" > /dev/null
sleep 2
status=$(curl -sS -o "$out/silence_refused.json" -w '%{http_code}' -H 'Content-Type: application/json' -d "$(body x false 'end before start' | sed "s/\"endsAt\":\"$end\"/\"endsAt\":\"2000-01-01T00:00:00Z\"/")" "$am/api/v2/silences")
[ "$status" = 400 ] || { echo "the refused silence answered $status, expected 400" >&2; exit 1; }
get am_groups.json "$am/api/v2/alerts/groups" 200
get am_silences.json "$am/api/v2/silences" 200
get am_status.json "$am/api/v2/status" 200
cat > "$out/README.md" <<EOT
Recorded on $(date -u +%Y-%m-%d) by \`tools/record/alerts.sh\` from the test stack: Prometheus $PROMETHEUS_VERSION
(module $PROMETHEUS_MODULE_VERSION) evaluating \`scripts/stack/rules.yml\` over \`trifocal-gen\`'s metrics, and
Alertmanager $ALERTMANAGER_VERSION (module $ALERTMANAGER_MODULE_VERSION, \`scripts/stack/alertmanager.yml\`) receiving its alerts.

- \`rules.json\`: \`GET /api/v1/rules\` (firing, pending, inactive and erroring alerting rules; recording rules)
- \`alerts.json\`: \`GET /api/v1/alerts\`
- \`rules_bad_type.json\`: \`GET /api/v1/rules?type=nope\` (400)
- \`silence_created.json\`: \`POST /api/v2/silences\` (a silence of HighErrorRate on search-service)
- \`silence_refused.json\`: \`POST /api/v2/silences\` with endsAt before startsAt (400)
- \`am_groups.json\`: \`GET /api/v2/alerts/groups\` (after one silence was created and another expired)
- \`am_silences.json\`: \`GET /api/v2/silences\` (one active, one expired)
- \`am_status.json\`: \`GET /api/v2/status\`
EOT
echo "recorded into $out"
