#!/bin/bash
# The interleaved rounds behind docs/PERFORMANCE.md's "step of issue 14" tables: each round runs
# the plain-graph yardstick and the product's steps once, in one fixed order, so that a slow
# stretch of the machine hits every configuration alike. One JSON line per case and round in
# OUT (default bench-step.jsonl). Run from the repository root on an idle machine after
# `./gan --help` has built target/gan.jar (about 20 minutes on 2 cores with the defaults).
#
#   ROUNDS=3 docs/bench-step.sh [OUT]
set -euo pipefail
out=${1:-bench-step.jsonl}
rounds=${ROUNDS:-3}
bench() { # NAME FLAGS...
  local name=$1
  shift
  java -jar target/gan.jar bench --windows "${WINDOWS:-5}" --window-seconds 3 "$@" 2>/dev/null \
    | grep '"kind":"train"' | sed "s/^{/{\"config\":\"$name\",/" >>"$out"
}
for round in $(seq "$rounds"); do
  echo "round $round" >&2
  # dcgan at the yardstick's batch of 256 (its own default is 128).
  bench plain --cases dcgan-plain
  bench alternating --cases dcgan --update alternating --batch-size 256
  bench alternating --cases mlp --update alternating
  bench one-pass --cases dcgan --update one-pass --batch-size 256
  bench one-pass --cases mlp --update one-pass
  bench one-pass-fed --cases dcgan --update one-pass --batch-source feed --batch-size 256
  bench one-pass-fed --cases mlp --update one-pass --batch-source feed
  bench one-pass-threads-2-1 --cases mlp --update one-pass --intra-threads 2 --inter-threads 1
  bench one-pass-threads-1-1 --cases mlp --update one-pass --intra-threads 1 --inter-threads 1
  bench one-pass-dcgan-threads-2-1 --cases dcgan --update one-pass --intra-threads 2 \
    --inter-threads 1 --batch-size 256
  bench one-pass-dcgan-threads-2-1 --cases dcgan-bn --update one-pass --intra-threads 2 \
    --inter-threads 1
  WINDOWS=2 bench plain-nchw --cases dcgan-plain-nchw # ~27 s a step: two windows
done
python3 - "$out" <<'PY'
import json, statistics, sys
rows = {}
for line in open(sys.argv[1]):
    d = json.loads(line)
    rows.setdefault((d["config"], d["case"]), []).append(d)
print("| config | case | images/s per round | median | outside Session.run (median) |")
print("| --- | --- | --- | ---: | ---: |")
for (config, case), runs in rows.items():
    rates = [r["images_per_sec_median"] for r in runs]
    outside = [r["outside_session_run"] for r in runs if "outside_session_run" in r]
    share = f"{100 * statistics.median(outside):.1f}%" if outside else "-"
    print(f"| {config} | {case} | {', '.join(f'{x:,.0f}' for x in rates)} | {statistics.median(rates):,.1f} | {share} |")
PY
