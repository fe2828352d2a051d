#!/usr/bin/env bash
# make bench: every bench/bench_*.py, each printing its table. Arguments go to every benchmark.
source "$(dirname "$0")/common.sh"
cd "$ROOT"
status=0
for bench in bench/bench_*.py; do
  say "$bench"
  "$PY" "$bench" "$@" || status=1
done
exit $status
