#!/usr/bin/env bash
#! Runs every cargo-fuzz target (fuzz/fuzz_targets, libFuzzer on the host) for a fixed time and prints how many
#! inputs each ran and the crashes it found. Not part of the test command: it needs the nightly toolchain
#! (installed here from the Rust registry, like the stable one) and takes SECONDS × 8 targets.
#!   usage: scripts/fuzz.sh [seconds per target, default 60] [target ...]
#! The corpus grows in ~/.cache/trifocal/fuzz/corpus across runs. A crash leaves its input in
#! fuzz/artifacts/<target>/; once fixed, copy it to tests/fixtures/fuzz/<target>/ so `cargo test` replays it.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
secs=${1:-60}
shift || true
CACHE=${TRIFOCAL_CACHE:-$HOME/.cache/trifocal}
export PATH="$HOME/.cargo/bin:$PATH"
log() { printf '[fuzz] %s\n' "$*" >&2; }

if ! rustup run nightly rustc --version > /dev/null 2>&1; then
  log "rustup toolchain install nightly --profile minimal"
  rustup toolchain install nightly --profile minimal > /dev/null
fi
if ! cargo fuzz --version > /dev/null 2>&1; then
  log "cargo install cargo-fuzz 0.13.2"
  cargo install cargo-fuzz --version 0.13.2 > /dev/null
fi

# The seed corpus: the recorded fixtures and seed lines, written by the regression test that replays them.
seeds="$CACHE/fuzz/seeds"
rm -rf "$seeds"
log "writing the seed corpus"
TRIFOCAL_FUZZ_CORPUS_OUT="$seeds" CARGO_TARGET_DIR="$CACHE/fuzz/target-test" cargo test -q --test fuzz_regressions seed_corpus > /dev/null

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(prometheus loki victorialogs alerts traces dashboard grafana url_state query_lang time)
export CARGO_TARGET_DIR="$CACHE/fuzz/target"
log "building ${#targets[@]} targets (nightly, sanitizer: address)"
(cd fuzz && cargo +nightly fuzz build -O > /dev/null 2>&1) || (cd fuzz && cargo +nightly fuzz build -O)

printf '\n%-11s %10s %8s %8s %8s  %s\n' target runs "runs/s" corpus crashes artifact
status=0
for t in "${targets[@]}"; do
  corpus="$CACHE/fuzz/corpus/$t"
  mkdir -p "$corpus" "fuzz/artifacts/$t"
  out="$CACHE/fuzz/$t.log"
  set +e
  (cd fuzz && cargo +nightly fuzz run -O "$t" "$corpus" "$seeds/$t" -- \
     -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 -max_len=262144 -print_final_stats=1) > "$out" 2>&1
  rc=$?
  set -e
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$out" | awk '{print $2}' | tail -n1 || true)
  runs=${runs:-0}
  size=$(find "$corpus" -type f | wc -l)
  artifact=$(grep -o 'Test unit written to [^ ]*' "$out" | awk '{print $5}' | tail -n1 || true)
  crashes=0
  if [ "$rc" -ne 0 ]; then crashes=1; status=1; fi
  printf '%-11s %10s %8s %8s %8s  %s\n' "$t" "$runs" "$(( runs / (secs > 0 ? secs : 1) ))" "$size" "$crashes" "${artifact:--}"
  if [ "$rc" -ne 0 ]; then
    grep -m1 -A3 -E 'panicked at|ERROR: (AddressSanitizer|libFuzzer)' "$out" | sed 's/^/    /' || true
  fi
done
printf '\nlogs: %s/fuzz/<target>.log\n' "$CACHE"
exit $status
