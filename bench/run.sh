#!/usr/bin/env bash
#! Runs the benchmarks and prints their figures: parsing (1M points, 100k log lines), trace model (50k
#! spans), chart decimation + drawing (1M points), and the transfer size of dist/ when it is built.
#! Figures are compared with bench/budgets.toml by eye and in the issue notes; only the size is enforced
#! (by `node bench/size.mjs --check` in the test suite), since timings vary between machines.
set -euo pipefail
cd "$(dirname "$0")/.."
for ex in bench_parse bench_trace bench_chart; do
  if [ -f "examples/$ex.rs" ]; then
    echo "== $ex"
    cargo run -q --release --example "$ex"
  fi
done
if [ -d dist ]; then
  echo "== size"
  node bench/size.mjs
fi
