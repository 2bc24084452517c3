#!/bin/bash
# The runs behind docs/QUALITY.md's "Image folders": folder recipes trained for step budgets equal
# to 3 and 15 minutes of an idle 2-core machine, several seeds, each scored by gan evaluate's
# folder evaluation (10,000 images, evaluation seed 42).
#
#   docs/folder-quality.sh rates  FOLDER            # CPU-s per step of each recipe -> steps per budget
#   docs/folder-quality.sh train  FOLDER OUT ROW SEED S3 S15 [FLAGS...]
#   docs/folder-quality.sh eval   RUN_OR_EXPORT [COUNT]
#
# Why step budgets: the machine is shared, and a wall-clock budget would give a run fewer steps
# whenever something else runs. The budget of a recipe is measured once as CPU time per step
# (two runs of 5 and 5+N steps; their difference over N), which other work on the cores barely
# changes, and converted with the 2 cores to steps per 3 and 15 minutes. A run trains S3 steps,
# keeps that export as export-3m/, and resumes to S15 (a resumed run is bit-identical to an
# uninterrupted one). GAN names the launcher (default ./gan; a copy of the jar keeps edits from
# rebuilding it mid-run).
set -euo pipefail
gan=${GAN:-./gan}

recipe() { # ROW -> train flags
  case $1 in
    paper) echo "--preset dcgan-paper" ;;          # today's default before issue 25: g 64, 2e-4, alternating
    cpu) echo "--model dcgan-bn --dataset folder" ;; # the folder default: g 16, 2e-3, one-pass
    cpu-augment) echo "--model dcgan-bn --dataset folder --augment translation,cutout,color" ;;
    g32-2e-4) echo "--model dcgan-bn --dataset folder --base-width 32 --lr 2e-4" ;;
    fast-32) echo "--model dcgan-bn --dataset folder --image-size 32 --base-width 32" ;;
    *) echo "unknown row $1" >&2; exit 2 ;;
  esac
}

case ${1:-} in
  rates)
    folder=$2
    for row in paper cpu cpu-augment g32-2e-4 fast-32; do
      tmp=$(mktemp -d)
      cpu=()
      for steps in 5 45; do
        /usr/bin/time -f "%U %S" -o "$tmp/time" $gan train $(recipe $row) --data "$folder" \
          --epochs 100000 --checkpoint-every 100000 --max-steps $steps --out "$tmp/run-$steps" > /dev/null 2>&1
        cpu+=("$(awk '{print $1 + $2}' "$tmp/time")")
      done
      awk -v r=$row -v a="${cpu[0]}" -v b="${cpu[1]}" 'BEGIN {
        s = (b - a) / 40; printf "%-12s %.3f CPU-s/step  %d steps in 3 min  %d in 15 min (2 cores)\n", r, s, 360 / s, 1800 / s }'
      rm -rf "$tmp"
    done ;;
  train)
    folder=$2; out=$3; row=$4; seed=$5; s3=$6; s15=$7; shift 7
    run="$out/$row-s$seed"
    $gan train $(recipe $row) --data "$folder" --seed $seed --epochs 100000 --max-steps $s3 "$@" --out "$run"
    cp -r "$run/export" "$run/export-3m"
    [[ $s15 -gt 0 ]] && $gan train --resume "$run" --max-steps $s15
    ;;
  eval)
    $gan evaluate --model "$2" --count "${3:-10000}" ;;
  *) sed -n 2,16p "$0"; exit 2 ;;
esac
