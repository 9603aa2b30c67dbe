#!/usr/bin/env bash
#! The Trifocal test stack: real Prometheus, Loki and Jaeger (and the generator) on 127.0.0.1 behind nginx.
#!
#! usage: scripts/stack.sh up|down|status|env
#!   up      installs what is missing, starts everything, waits until each answers, starts the generator
#!   down    stops everything it started (by pid file, then by binary path); leaves no process behind
#!   status  says what runs where
#!   env     prints the ports as shell assignments (for tests)
#! Ports, data dir and app root are overridable by environment (defaults avoid the usual 9090/3100/...):
#!   TRIFOCAL_PROM_PORT TRIFOCAL_LOKI_PORT TRIFOCAL_JAEGER_PORT TRIFOCAL_OTLP_PORT TRIFOCAL_NGINX_PORT
#!   TRIFOCAL_GEN_PORT TRIFOCAL_STACK_DIR TRIFOCAL_DIST TRIFOCAL_CACHE
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
. "$repo/scripts/versions.env"

PROM_PORT=${TRIFOCAL_PROM_PORT:-29090}
LOKI_PORT=${TRIFOCAL_LOKI_PORT:-23100}
LOKI_GRPC_PORT=${TRIFOCAL_LOKI_GRPC_PORT:-29095}
LOKI_MEMBERLIST_PORT=${TRIFOCAL_LOKI_MEMBERLIST_PORT:-27946}
JAEGER_PORT=${TRIFOCAL_JAEGER_PORT:-26686}
JAEGER_GRPC_PORT=${TRIFOCAL_JAEGER_GRPC_PORT:-26685}
JAEGER_HEALTH_PORT=${TRIFOCAL_JAEGER_HEALTH_PORT:-23133}
OTLP_PORT=${TRIFOCAL_OTLP_PORT:-24318}
OTLP_GRPC_PORT=${TRIFOCAL_OTLP_GRPC_PORT:-24317}
NGINX_PORT=${TRIFOCAL_NGINX_PORT:-28080}
GEN_PORT=${TRIFOCAL_GEN_PORT:-29100}
DIR=${TRIFOCAL_STACK_DIR:-${TMPDIR:-/tmp}/trifocal-stack}
DIST=${TRIFOCAL_DIST:-$repo/dist}
CACHE=${TRIFOCAL_CACHE:-$HOME/.cache/trifocal}
LOKI_BIN="$CACHE/bin/loki-$LOKI_VERSION"
JAEGER_BIN="$CACHE/bin/jaeger-$JAEGER_MODULE_VERSION"
GEN_BIN="$repo/target/release/trifocal-gen"
SERVICES=(prometheus loki jaeger nginx gen)

log() { printf '[stack] %s\n' "$*" >&2; }

render() { # template -> output, replacing @VAR@ with the variable's value
  sed -e "s|@DIR@|$DIR|g" -e "s|@PROM_PORT@|$PROM_PORT|g" -e "s|@LOKI_PORT@|$LOKI_PORT|g" \
      -e "s|@LOKI_GRPC_PORT@|$LOKI_GRPC_PORT|g" -e "s|@LOKI_MEMBERLIST_PORT@|$LOKI_MEMBERLIST_PORT|g" \
      -e "s|@JAEGER_PORT@|$JAEGER_PORT|g" -e "s|@JAEGER_GRPC_PORT@|$JAEGER_GRPC_PORT|g" \
      -e "s|@JAEGER_HEALTH_PORT@|$JAEGER_HEALTH_PORT|g" -e "s|@OTLP_PORT@|$OTLP_PORT|g" \
      -e "s|@OTLP_GRPC_PORT@|$OTLP_GRPC_PORT|g" -e "s|@GEN_PORT@|$GEN_PORT|g" \
      -e "s|@USER@|$(id -un)|g" -e "s|@GROUP@|$(id -gn)|g" "$1" > "$2"
}

pid_alive() { [ -f "$DIR/$1.pid" ] && kill -0 "$(cat "$DIR/$1.pid")" 2>/dev/null; }

wait_http() { # name url [seconds]
  local i
  for ((i = 0; i < ${3:-120} * 4; i++)); do
    if curl -fs -o /dev/null --max-time 2 "$2" 2> /dev/null; then return 0; fi
    sleep 0.25
  done
  log "$1 did not answer at $2; last log lines:"; tail -n 30 "$DIR/$1.log" >&2 || true
  return 1
}

start_bg() { # name logfile cmd... ; records the pid
  local name=$1; shift
  if pid_alive "$name"; then log "$name already running (pid $(cat "$DIR/$name.pid"))"; return 0; fi
  nohup "$@" > "$DIR/$name.log" 2>&1 < /dev/null &
  echo $! > "$DIR/$name.pid"
}

install_missing() {
  local need=()
  command -v prometheus > /dev/null || need+=(prometheus)
  command -v nginx > /dev/null || need+=(nginx-light)
  command -v curl > /dev/null || need+=(curl)
  if [ ${#need[@]} -gt 0 ]; then
    log "installing ${need[*]} from Debian"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}" > /dev/null
    # Debian's packages start their own service where they can; ours runs on other ports, stop theirs.
    pkill -x prometheus 2> /dev/null || true
    service nginx stop > /dev/null 2>&1 || true
  fi
  "$repo/scripts/build-backends.sh" all
  if [ ! -x "$GEN_BIN" ] || [ -n "$(find "$repo/tools/gen" -newer "$GEN_BIN" -type f 2>/dev/null | head -n1)" ]; then
    log "building the telemetry generator"
    (cd "$repo" && cargo build --release -q -p trifocal-gen)
  fi
}

up() {
  install_missing
  mkdir -p "$DIR"/{prometheus,loki,nginx/tmp}
  chmod -R 777 "$DIR/nginx/tmp"
  render "$repo/scripts/stack/prometheus.yml.in" "$DIR/prometheus.yml"
  render "$repo/scripts/stack/loki.yaml.in" "$DIR/loki.yaml"
  render "$repo/scripts/stack/jaeger.yaml.in" "$DIR/jaeger.yaml"
  render "$repo/scripts/stack/nginx.conf.in" "$DIR/nginx.conf"
  # The shipped production recipe, with its listen address, root and upstreams pointed at this stack.
  sed -e "s|listen 127.0.0.1:8080;|listen 127.0.0.1:$NGINX_PORT;|" -e "s|root /srv/trifocal;|root $DIST;|" \
      -e "s|127.0.0.1:9090/|127.0.0.1:$PROM_PORT/|" -e "s|127.0.0.1:3100/|127.0.0.1:$LOKI_PORT/|" \
      -e "s|127.0.0.1:16686/|127.0.0.1:$JAEGER_PORT/|" "$repo/deploy/nginx/trifocal.conf" > "$DIR/nginx/trifocal.conf"

  start_bg prometheus prometheus --config.file="$DIR/prometheus.yml" --storage.tsdb.path="$DIR/prometheus" \
    --web.listen-address="127.0.0.1:$PROM_PORT" --enable-feature=exemplar-storage \
    --web.enable-remote-write-receiver --storage.tsdb.retention.time=1d
  start_bg loki "$LOKI_BIN" -config.file="$DIR/loki.yaml" -target=all
  start_bg jaeger "$JAEGER_BIN" --config "$DIR/jaeger.yaml"
  if ! pid_alive nginx; then
    nginx -t -q -c "$DIR/nginx.conf" -p "$DIR/nginx" 2> "$DIR/nginx.log" || { cat "$DIR/nginx.log" >&2; return 1; }
    nginx -c "$DIR/nginx.conf" -p "$DIR/nginx" 2>> "$DIR/nginx.log"
    sleep 0.3; cp "$DIR/nginx/nginx.pid" "$DIR/nginx.pid"
  fi

  wait_http prometheus "http://127.0.0.1:$PROM_PORT/-/ready"
  wait_http loki "http://127.0.0.1:$LOKI_PORT/ready" 180
  wait_http jaeger "http://127.0.0.1:$JAEGER_PORT/api/services"
  wait_http nginx "http://127.0.0.1:$NGINX_PORT/api/prometheus/-/ready"

  start_bg gen "$GEN_BIN" run --otlp "http://127.0.0.1:$OTLP_PORT" --loki "http://127.0.0.1:$LOKI_PORT" \
    --metrics-listen "127.0.0.1:$GEN_PORT" --rate "${TRIFOCAL_GEN_RATE:-5}" --backfill-s "${TRIFOCAL_GEN_BACKFILL_S:-600}" \
    --manifest "$DIR/manifest.json"
  wait_http gen "http://127.0.0.1:$GEN_PORT/metrics" 30
  status
}

down() {
  local name pid
  for name in gen nginx jaeger loki prometheus; do
    if [ -f "$DIR/$name.pid" ]; then
      pid=$(cat "$DIR/$name.pid")
      if [ "$name" = nginx ]; then nginx -s quit -c "$DIR/nginx.conf" -p "$DIR/nginx" 2> /dev/null || kill "$pid" 2> /dev/null || true
      else kill "$pid" 2> /dev/null || true; fi
      rm -f "$DIR/$name.pid"
    fi
  done
  # Wait for them to go, then make sure: anything still running with this stack's files is killed. Only
  # this stack's: every process it starts names a file under $DIR, so another stack (other ports and dir,
  # e.g. a developer's while CI runs) is left alone even though it runs the same cached binaries.
  for _ in $(seq 1 40); do
    pgrep -f "$DIR/" > /dev/null || break
    sleep 0.25
  done
  pkill -9 -f "$DIR/" 2> /dev/null || true
  if pgrep -f "$DIR/" > /dev/null; then log "some processes survived:"; pgrep -af "$DIR/" >&2; return 1; fi
  log "stack is down"
}

status() {
  local name
  printf '%-11s %-8s %s\n' service pid address
  for name in "${SERVICES[@]}"; do
    local addr
    case $name in
      prometheus) addr="http://127.0.0.1:$PROM_PORT (Prometheus $(prometheus --version 2>&1 | head -n1 | awk '{print $3}'))" ;;
      loki) addr="http://127.0.0.1:$LOKI_PORT (Loki $LOKI_VERSION)" ;;
      jaeger) addr="http://127.0.0.1:$JAEGER_PORT, OTLP http://127.0.0.1:$OTLP_PORT (Jaeger module $JAEGER_MODULE_VERSION)" ;;
      nginx) addr="http://127.0.0.1:$NGINX_PORT/ -> $DIST ($(nginx -v 2>&1 | sed 's/.*: //'))" ;;
      gen) addr="http://127.0.0.1:$GEN_PORT/metrics, manifest $DIR/manifest.json" ;;
    esac
    if pid_alive "$name"; then printf '%-11s %-8s %s\n' "$name" "$(cat "$DIR/$name.pid")" "$addr"
    else printf '%-11s %-8s %s\n' "$name" '-' "not running"; fi
  done
}

env_vars() {
  cat <<EOT
TRIFOCAL_PROM_PORT=$PROM_PORT
TRIFOCAL_LOKI_PORT=$LOKI_PORT
TRIFOCAL_JAEGER_PORT=$JAEGER_PORT
TRIFOCAL_OTLP_PORT=$OTLP_PORT
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
