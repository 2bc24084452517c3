#!/bin/bash
# The interleaved A/B runs behind docs/PERFORMANCE.md's table of changes: every configuration of
# dcgan once per round, three rounds, one line per configuration and round in bench-matrix.jsonl.
# Run from the repository root after `./gan --help` has built target/gan.jar, on an idle machine
# (about 15 minutes on 2 cores).
set -euo pipefail
out=${1:-bench-matrix.jsonl}
run() { # NAME [VAR=VALUE ...] -- [bench flags ...]
  local name=$1
  shift
  local envs=()
  while [ "$1" != "--" ]; do envs+=("$1"); shift; done
  shift
  echo "$name $(env "${envs[@]}" java -jar target/gan.jar bench --cases dcgan "$@" 2>/dev/null \
    | grep '^{' | tr '\n' ' ')" >>"$out"
}
for round in 1 2 3; do
  echo "round $round" >&2
  run default TF_ENABLE_ONEDNN_OPTS=1 --
  run onednn-off TF_ENABLE_ONEDNN_OPTS=0 --
  run xla TF_ENABLE_ONEDNN_OPTS=1 "TF_XLA_FLAGS=--tf_xla_auto_jit=2 --tf_xla_cpu_global_jit" --
  run threads-2-1 TF_ENABLE_ONEDNN_OPTS=1 -- --intra-threads 2 --inter-threads 1
  run threads-1-1 TF_ENABLE_ONEDNN_OPTS=1 -- --intra-threads 1 --inter-threads 1
  run simultaneous TF_ENABLE_ONEDNN_OPTS=1 -- --update simultaneous
done
