#!/usr/bin/env bash
#! The Trifocal test stack on 127.0.0.1 behind nginx: Prometheus 3 (built from its Go module) and Debian's
#! Prometheus 2.42 with its rules sending to Alertmanager (module v0.35.0), Jaeger (module v1.75.0), VictoriaLogs (module v1.52.2, the live logs server), the replay
#! server of recorded Loki and Tempo answers, and the telemetry generator. Loki and Tempo themselves never run
#! here (AGPL; docs/decisions/0008, 0009).
#!
#! usage: scripts/stack.sh up|down|status|env
#!   up      starts everything, waits until each answers, starts the generator
#!   down    stops exactly the processes this stack started (by their recorded pids), nothing else
#!   status  says what runs where
#!   env     prints the ports as shell assignments (for tests)
#! Ports, data dir and app root are set by environment (defaults avoid the usual 9090/3100/16686/...):
#!   TRIFOCAL_PROM_PORT TRIFOCAL_PROM2_PORT TRIFOCAL_JAEGER_PORT TRIFOCAL_JAEGER_GRPC_PORT
#!   TRIFOCAL_AM_PORT TRIFOCAL_JAEGER_HEALTH_PORT TRIFOCAL_OTLP_PORT TRIFOCAL_OTLP_GRPC_PORT TRIFOCAL_VLOGS_PORT
#!   TRIFOCAL_REPLAY_PORT TRIFOCAL_NGINX_PORT TRIFOCAL_GEN_PORT TRIFOCAL_STACK_DIR TRIFOCAL_DIST TRIFOCAL_CACHE
#! TRIFOCAL_STACK_DIR must be a directory of this stack's own: missing, empty, or made by an earlier `up`.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
. "$repo/scripts/versions.env"
# Debian installs nginx in /usr/sbin, which is not on every user's PATH (a non-root login, `env -i`): look there too.
case ":$PATH:" in *:/usr/sbin:*) ;; *) PATH="$PATH:/usr/sbin" ;; esac

PROM_PORT=${TRIFOCAL_PROM_PORT:-29090}
PROM2_PORT=${TRIFOCAL_PROM2_PORT:-29091}
AM_PORT=${TRIFOCAL_AM_PORT:-29093}
JAEGER_PORT=${TRIFOCAL_JAEGER_PORT:-26686}
JAEGER_GRPC_PORT=${TRIFOCAL_JAEGER_GRPC_PORT:-26685}
JAEGER_HEALTH_PORT=${TRIFOCAL_JAEGER_HEALTH_PORT:-23133}
OTLP_PORT=${TRIFOCAL_OTLP_PORT:-24318}
OTLP_GRPC_PORT=${TRIFOCAL_OTLP_GRPC_PORT:-24317}
VLOGS_PORT=${TRIFOCAL_VLOGS_PORT:-29428}
REPLAY_PORT=${TRIFOCAL_REPLAY_PORT:-23200}
NGINX_PORT=${TRIFOCAL_NGINX_PORT:-28080}
GEN_PORT=${TRIFOCAL_GEN_PORT:-29100}
DIR=${TRIFOCAL_STACK_DIR:-${TMPDIR:-/tmp}/trifocal-stack}
# Absolute: Prometheus 3 is started from another directory (its web UI's).
DIR=$(realpath -m "$DIR")
DIST=${TRIFOCAL_DIST:-$repo/dist}
CACHE=${TRIFOCAL_CACHE:-$HOME/.cache/trifocal}
PROM_BIN="$CACHE/bin/prometheus-$PROMETHEUS_MODULE_VERSION"
PROM2_BIN=/usr/bin/prometheus
AM_BIN="$CACHE/bin/alertmanager-$ALERTMANAGER_MODULE_VERSION"
JAEGER_BIN="$CACHE/bin/jaeger-$JAEGER_MODULE_VERSION"
VLOGS_BIN="$CACHE/bin/victorialogs-$VICTORIALOGS_MODULE_VERSION"
GEN_BIN="${CARGO_TARGET_DIR:-$repo/target}/release/trifocal-gen"
REPLAY_JS="$repo/tools/replay/server.mjs"
SERVICES=(prometheus prometheus2 alertmanager jaeger victorialogs replay nginx gen)
# The file that marks a directory as this stack's own: `up` writes it, and `up` refuses a directory that holds
# anything without it, so a mistyped TRIFOCAL_STACK_DIR can never point the stack at somebody's files.
MARK=.trifocal-stack

log() { printf '[stack] %s\n' "$*" >&2; }

render() { # template -> output, replacing @VAR@ with the variable's value
  sed -e "s|@DIR@|$DIR|g" -e "s|@PROM_PORT@|$PROM_PORT|g" -e "s|@PROM2_PORT@|$PROM2_PORT|g" -e "s|@AM_PORT@|$AM_PORT|g" \
      -e "s|@JAEGER_PORT@|$JAEGER_PORT|g" -e "s|@JAEGER_GRPC_PORT@|$JAEGER_GRPC_PORT|g" \
      -e "s|@JAEGER_HEALTH_PORT@|$JAEGER_HEALTH_PORT|g" -e "s|@OTLP_PORT@|$OTLP_PORT|g" \
      -e "s|@OTLP_GRPC_PORT@|$OTLP_GRPC_PORT|g" -e "s|@GEN_PORT@|$GEN_PORT|g" -e "s|@REPLAY_PORT@|$REPLAY_PORT|g" \
      -e "s|@USER@|$(id -un)|g" -e "s|@GROUP@|$(id -gn)|g" "$1" > "$2"
}

# A recorded pid counts only while it is still this stack's process (its command line names this stack's
# directory or the replay script), so a pid reused by another program is never stopped.
pid_alive() {
  local pid
  [ -f "$DIR/$1.pid" ] || return 1
  pid=$(cat "$DIR/$1.pid")
  kill -0 "$pid" 2> /dev/null || return 1
  case "$(tr '\0' ' ' < "/proc/$pid/cmdline" 2> /dev/null)" in
    *"$DIR"* | *"$REPLAY_JS"*) return 0 ;;
    *) return 1 ;;
  esac
}

port_busy() { (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null; }

wait_http() { # name url [seconds]
  local i
  for ((i = 0; i < ${3:-120} * 4; i++)); do
    if ! pid_alive "$1"; then break; fi
    if curl -fs -o /dev/null --max-time 2 "$2" 2> /dev/null; then return 0; fi
    sleep 0.25
  done
  log "$1 did not answer at $2; last log lines:"; tail -n 30 "$DIR/$1.log" >&2 || true
  return 1
}

start_bg() { # name cmd... ; records the pid
  local name=$1; shift
  if pid_alive "$name"; then log "$name already running (pid $(cat "$DIR/$name.pid"))"; return 0; fi
  nohup "$@" > "$DIR/$name.log" 2>&1 < /dev/null &
  echo $! > "$DIR/$name.pid"
}

own_dir() { # makes $DIR this stack's own, or refuses
  if [ -d "$DIR" ] && [ ! -f "$DIR/$MARK" ] && [ -n "$(ls -A "$DIR")" ]; then
    log "TRIFOCAL_STACK_DIR=$DIR exists and is not a stack directory (no $MARK in it): refusing to use it."
    log "Point TRIFOCAL_STACK_DIR at a new or empty directory, e.g. \$(mktemp -d)."
    return 1
  fi
  mkdir -p "$DIR" && touch "$DIR/$MARK"
}

check_ports() { # refuses ports another program already listens on (unless this stack runs there)
  local name port bad=0
  for pair in prometheus:$PROM_PORT prometheus2:$PROM2_PORT alertmanager:$AM_PORT jaeger:$JAEGER_PORT jaeger:$JAEGER_GRPC_PORT \
      jaeger:$JAEGER_HEALTH_PORT jaeger:$OTLP_PORT jaeger:$OTLP_GRPC_PORT victorialogs:$VLOGS_PORT \
      replay:$REPLAY_PORT nginx:$NGINX_PORT gen:$GEN_PORT; do
    name=${pair%%:*} port=${pair#*:}
    if ! pid_alive "$name" && port_busy "$port"; then
      log "port $port (for $name) is already in use by another program; choose another with the TRIFOCAL_*_PORT variables"
      bad=1
    fi
  done
  return $bad
}

need_tools() {
  local missing=()
  command -v nginx > /dev/null || missing+=(nginx)
  [ -f /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ] || missing+=("nginx's brotli_static module (Debian: libnginx-mod-http-brotli-static)")
  command -v curl > /dev/null || missing+=(curl)
  [ -x "$PROM2_BIN" ] || missing+=("$PROM2_BIN (Debian's prometheus)")
  command -v node > /dev/null || missing+=(node)
  if [ ${#missing[@]} -gt 0 ]; then
    log "missing: ${missing[*]}; run scripts/install-tools.sh test first"
    return 1
  fi
  "$repo/scripts/build-backends.sh" all
  if [ ! -x "$GEN_BIN" ] || [ -n "$(find "$repo/tools/gen" -newer "$GEN_BIN" -type f 2>/dev/null | head -n1)" ]; then
    log "building the telemetry generator"
    (cd "$repo" && cargo build --release -q -p trifocal-gen)
  fi
}

up() {
  need_tools
  own_dir
  check_ports
  # The generator's trace IDs repeat from run to run: logs kept from an earlier run of this stack would sit
  # beside this run's traces at other times. A VictoriaLogs that is not running starts from an empty store.
  pid_alive victorialogs || rm -rf "$DIR/victorialogs"
  mkdir -p "$DIR"/{prometheus,prometheus2,alertmanager,victorialogs,nginx/tmp}
  cp "$repo/scripts/stack/rules.yml" "$repo/scripts/stack/alertmanager.yml" "$DIR/"
  render "$repo/scripts/stack/prometheus.yml.in" "$DIR/prometheus.yml"
  render "$repo/scripts/stack/prometheus2.yml.in" "$DIR/prometheus2.yml"
  render "$repo/scripts/stack/jaeger.yaml.in" "$DIR/jaeger.yaml"
  render "$repo/scripts/stack/nginx.conf.in" "$DIR/nginx.conf"
  render "$repo/scripts/stack/nginx-extra.conf.in" "$DIR/nginx/extra.conf"
  # The shipped production recipe, with its listen address, root and upstreams pointed at this stack. Loki's
  # path goes to the replay server's recorded Loki; Tempo's default path to one where the replay answers 404
  # (no live Tempo, so the app's "Auto" trace backend picks Jaeger); recorded Tempo is at /api/tempo-recorded/.
  # VictoriaLogs' path goes to the stack's live VictoriaLogs.
  sed -e "s|listen 127.0.0.1:8080;|listen 127.0.0.1:$NGINX_PORT;|" -e "s|root /srv/trifocal;|root $DIST;|" \
      -e "s|127.0.0.1:9090/|127.0.0.1:$PROM_PORT/|" -e "s|127.0.0.1:3100/|127.0.0.1:$REPLAY_PORT/loki/|" \
      -e "s|127.0.0.1:3200/|127.0.0.1:$REPLAY_PORT/no-tempo/|" -e "s|127.0.0.1:16686/|127.0.0.1:$JAEGER_PORT/|" \
      -e "s|127.0.0.1:9428/|127.0.0.1:$VLOGS_PORT/|" -e "s|127.0.0.1:9093/|127.0.0.1:$AM_PORT/|" \
      -e "s|^\(    # --- Backends on the same origin.*\)$|    include $DIR/nginx/extra.conf;\n\1|" \
      "$repo/deploy/nginx/trifocal.conf" > "$DIR/nginx/trifocal.conf"
  grep -q "include $DIR/nginx/extra.conf;" "$DIR/nginx/trifocal.conf" \
    || { log "deploy/nginx/trifocal.conf changed: the stack's extra locations found no place"; return 1; }
  grep -q "127.0.0.1:$VLOGS_PORT/" "$DIR/nginx/trifocal.conf" \
    || { log "deploy/nginx/trifocal.conf changed: /api/victorialogs/ was not pointed at the stack's VictoriaLogs"; return 1; }
  grep -q "127.0.0.1:$AM_PORT/" "$DIR/nginx/trifocal.conf" \
    || { log "deploy/nginx/trifocal.conf changed: /api/alertmanager/ was not pointed at the stack's Alertmanager"; return 1; }

  # Prometheus serves its web UI from ./static/mantine-ui: started in the directory where
  # `scripts/build-backends.sh prometheus-ui` built it (for bench/browser.mjs), if it did; else the API alone.
  local prom_ui="$CACHE/prometheus-ui-$PROMETHEUS_MODULE_VERSION"
  [ -f "$prom_ui/static/mantine-ui/index.html" ] || prom_ui=$DIR
  (cd "$prom_ui" && start_bg prometheus "$PROM_BIN" --config.file="$DIR/prometheus.yml" --storage.tsdb.path="$DIR/prometheus" \
    --web.listen-address="127.0.0.1:$PROM_PORT" --enable-feature=exemplar-storage \
    --web.enable-otlp-receiver --web.enable-remote-write-receiver --storage.tsdb.retention.time=1d)
  start_bg prometheus2 "$PROM2_BIN" --config.file="$DIR/prometheus2.yml" --storage.tsdb.path="$DIR/prometheus2" \
    --web.listen-address="127.0.0.1:$PROM2_PORT" --enable-feature=exemplar-storage \
    --storage.tsdb.retention.time=1d
  # No clustering (an empty --cluster.listen-address): one Alertmanager, no gossip port.
  start_bg alertmanager "$AM_BIN" --config.file="$DIR/alertmanager.yml" --storage.path="$DIR/alertmanager" \
    --web.listen-address="127.0.0.1:$AM_PORT" --cluster.listen-address=
  start_bg jaeger "$JAEGER_BIN" --config "$DIR/jaeger.yaml"
  # Retention: VictoriaLogs deletes, and refuses at ingestion, entries older than -retentionPeriod (default
  # 7d); 100y keeps any backfilled or replayed timestamp. -futureRetention (2d) is left as is.
  start_bg victorialogs "$VLOGS_BIN" -httpListenAddr="127.0.0.1:$VLOGS_PORT" -storageDataPath="$DIR/victorialogs" \
    -retentionPeriod=100y
  start_bg replay node "$REPLAY_JS" --port "$REPLAY_PORT"
  if ! pid_alive nginx; then
    nginx -t -q -c "$DIR/nginx.conf" -p "$DIR/nginx" 2> "$DIR/nginx.log" || { cat "$DIR/nginx.log" >&2; return 1; }
    nginx -c "$DIR/nginx.conf" -p "$DIR/nginx" 2>> "$DIR/nginx.log"
    local i
    for ((i = 0; i < 40; i++)); do [ -s "$DIR/nginx/nginx.pid" ] && break; sleep 0.1; done
    cp "$DIR/nginx/nginx.pid" "$DIR/nginx.pid"
  fi

  wait_http prometheus "http://127.0.0.1:$PROM_PORT/-/ready"
  wait_http prometheus2 "http://127.0.0.1:$PROM2_PORT/-/ready"
  wait_http alertmanager "http://127.0.0.1:$AM_PORT/-/ready"
  wait_http jaeger "http://127.0.0.1:$JAEGER_PORT/api/services"
  wait_http victorialogs "http://127.0.0.1:$VLOGS_PORT/health"
  wait_http replay "http://127.0.0.1:$REPLAY_PORT/loki/loki/api/v1/status/buildinfo" 30
  wait_http nginx "http://127.0.0.1:$NGINX_PORT/api/prometheus/-/ready"

  # The generator's log lines go to VictoriaLogs' Loki push endpoint: the stream labels (service_name, level,
  # job) become VictoriaLogs stream fields, the structured metadata (trace_id, span_id) plain fields, the line
  # _msg (_msg_field=msg names the message field should a line be JSON). The manifest lists only traces whose
  # lines VictoriaLogs accepted.
  start_bg gen "$GEN_BIN" run --otlp "http://127.0.0.1:$OTLP_PORT" \
    --logs-push "http://127.0.0.1:$VLOGS_PORT/insert/loki/api/v1/push?_msg_field=msg" \
    --otlp-metrics "http://127.0.0.1:$PROM_PORT/api/v1/otlp/v1/metrics" \
    --metrics-listen "127.0.0.1:$GEN_PORT" --rate "${TRIFOCAL_GEN_RATE:-5}" --backfill-s "${TRIFOCAL_GEN_BACKFILL_S:-600}" \
    --manifest "$DIR/manifest.json"
  # Its backfill comes first: on a busy 2-core machine that took more than 30 s.
  wait_http gen "http://127.0.0.1:$GEN_PORT/metrics" 120
  status
}

stop_pid() { # name: stops the recorded process, waits for it, then forces it
  local name=$1 pid i
  [ -f "$DIR/$name.pid" ] || return 0
  pid=$(cat "$DIR/$name.pid")
  if pid_alive "$name"; then
    if [ "$name" = nginx ]; then nginx -s quit -c "$DIR/nginx.conf" -p "$DIR/nginx" 2> /dev/null || kill "$pid" 2> /dev/null || true
    else kill "$pid" 2> /dev/null || true; fi
    for ((i = 0; i < 60; i++)); do kill -0 "$pid" 2> /dev/null || break; sleep 0.25; done
    if kill -0 "$pid" 2> /dev/null; then log "$name (pid $pid) did not stop in 15 s: killing it"; kill -9 "$pid" 2> /dev/null || true; fi
  fi
  rm -f "$DIR/$name.pid"
}

down() {
  if [ ! -f "$DIR/$MARK" ]; then log "no stack in $DIR"; return 0; fi
  local name
  for name in gen nginx replay victorialogs jaeger alertmanager prometheus2 prometheus; do stop_pid "$name"; done
  log "stack is down"
}

status() {
  local name
  printf '%-12s %-8s %s\n' service pid address
  for name in "${SERVICES[@]}"; do
    local addr
    case $name in
      prometheus) addr="http://127.0.0.1:$PROM_PORT (Prometheus $PROMETHEUS_VERSION, module $PROMETHEUS_MODULE_VERSION; app path /api/prometheus/)" ;;
      prometheus2) addr="http://127.0.0.1:$PROM2_PORT (Debian's Prometheus $("$PROM2_BIN" --version 2>&1 | head -n1 | awk '{print $3}'); app path /api/prometheus-2/)" ;;
      alertmanager) addr="http://127.0.0.1:$AM_PORT (Alertmanager $ALERTMANAGER_VERSION, module $ALERTMANAGER_MODULE_VERSION; app path /api/alertmanager/)" ;;
      jaeger) addr="http://127.0.0.1:$JAEGER_PORT, OTLP http://127.0.0.1:$OTLP_PORT (Jaeger module $JAEGER_MODULE_VERSION)" ;;
      victorialogs) addr="http://127.0.0.1:$VLOGS_PORT (VictoriaLogs module $VICTORIALOGS_MODULE_VERSION, -version: $("$VLOGS_BIN" -version 2> /dev/null || echo "?"); app path /api/victorialogs/)" ;;
      replay) addr="http://127.0.0.1:$REPLAY_PORT (recorded Loki at /api/loki/, recorded Tempo at /api/tempo-recorded/)" ;;
      nginx) addr="http://127.0.0.1:$NGINX_PORT/ -> $DIST ($(nginx -v 2>&1 | sed 's/.*: //'))" ;;
      gen) addr="http://127.0.0.1:$GEN_PORT/metrics, manifest $DIR/manifest.json" ;;
    esac
    if pid_alive "$name"; then printf '%-12s %-8s %s\n' "$name" "$(cat "$DIR/$name.pid")" "$addr"
    else printf '%-12s %-8s %s\n' "$name" '-' "not running"; fi
  done
}

env_vars() {
  cat <<EOT
TRIFOCAL_PROM_PORT=$PROM_PORT
TRIFOCAL_PROM2_PORT=$PROM2_PORT
TRIFOCAL_AM_PORT=$AM_PORT
TRIFOCAL_JAEGER_PORT=$JAEGER_PORT
TRIFOCAL_OTLP_PORT=$OTLP_PORT
TRIFOCAL_VLOGS_PORT=$VLOGS_PORT
TRIFOCAL_REPLAY_PORT=$REPLAY_PORT
TRIFOCAL_NGINX_PORT=$NGINX_PORT
TRIFOCAL_GEN_PORT=$GEN_PORT
TRIFOCAL_STACK_DIR=$DIR
EOT
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  env) env_vars ;;
  *) sed -n 's/^#! \{0,1\}//p' "$0" >&2; exit 2 ;;
esac
