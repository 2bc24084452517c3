#!/bin/bash
# The runs behind docs/QUALITY.md: each recipe trained for a time budget with several seeds, each
# run scored by `gan evaluate` (10,000 images, evaluation seed 1), then one table row per recipe and
# budget with the median FID and class entropy and their ranges.
#
#   docs/quality-matrix.sh [OUT_DIR]            # all rows below (hours on 2 cores)
#   ROWS="first" MINUTES="3" SEEDS="1 2 3" docs/quality-matrix.sh /tmp/q
#
# Run from the repository root on an otherwise idle machine: the budgets are wall-clock training
# time, so anything else running steals from them. Runs that exist in OUT_DIR are not trained
# again (delete one to redo it). --data can be set through DATA_MNIST / DATA_FASHION to skip the
# download; GAN names the launcher (default ./gan; a copy of the jar keeps edits from rebuilding it
# mid-run).
set -euo pipefail
out=${1:-quality-runs}
rows=${ROWS:-"first fashion dcgan dcgan-fashion mlp-tutorial"}
gan=${GAN:-./gan}
minutes=${MINUTES:-"1 3 15"}
seeds=${SEEDS:-"1 2 3"}
mkdir -p "$out"

recipe() { # ROW -> the train flags of that row (the defaults of each model unless named)
  case $1 in
    first) echo "--model dcgan-bn --dataset mnist ${DATA_MNIST:+--data $DATA_MNIST}" ;;
    first-one-pass) echo "--model dcgan-bn --dataset mnist --update one-pass ${DATA_MNIST:+--data $DATA_MNIST}" ;;
    fashion) echo "--model dcgan-bn --dataset fashion-mnist ${DATA_FASHION:+--data $DATA_FASHION}" ;;
    dcgan) echo "--model dcgan --dataset mnist ${DATA_MNIST:+--data $DATA_MNIST}" ;;
    dcgan-fashion) echo "--model dcgan --dataset fashion-mnist ${DATA_FASHION:+--data $DATA_FASHION}" ;;
    mlp-tutorial) echo "--preset mlp-tutorial ${DATA_MNIST:+--data $DATA_MNIST}" ;;
    *) echo "unknown row $1" >&2; exit 2 ;;
  esac
}

for row in $rows; do
  for m in $minutes; do
    for seed in $seeds; do
      run="$out/$row-${m}m-seed$seed"
      if [ ! -f "$run/eval.json" ]; then
        rm -rf "$run"
        # shellcheck disable=SC2046
        $gan train $(recipe "$row") --time-budget "${m}m" --seed "$seed" --out "$run" \
          >"$run.log" 2>&1
        $gan evaluate --model "$run" --seed 1 --json >"$run.eval.tmp" 2>/dev/null
        mv "$run.eval.tmp" "$run/eval.json"
      fi
    done
  done
done

# One line per row and budget: median [min, max] of FID and of class entropy over the seeds.
python3 - "$out" "$rows" "$minutes" "$seeds" <<'PY'
import json, statistics, sys
out, rows, minutes, seeds = sys.argv[1], sys.argv[2].split(), sys.argv[3].split(), sys.argv[4].split()
print("| recipe | minutes | steps (median) | FID median [min, max] | class entropy median [min, max] |")
print("| --- | ---: | ---: | --- | --- |")
for row in rows:
    for m in minutes:
        fids, ents, steps = [], [], []
        for s in seeds:
            run = f"{out}/{row}-{m}m-seed{s}"
            try:
                g = json.load(open(f"{run}/eval.json"))["generated"]
            except (OSError, ValueError):
                continue
            fids.append(g["fid"])
            ents.append(g["class_entropy_nats"])
            steps.append(sum(1 for _ in open(f"{run}/metrics.jsonl")))
        if fids:
            print(f"| {row} | {m} | {int(statistics.median(steps))} | "
                  f"{statistics.median(fids):.1f} [{min(fids):.1f}, {max(fids):.1f}] | "
                  f"{statistics.median(ents):.3f} [{min(ents):.3f}, {max(ents):.3f}] |")
PY
