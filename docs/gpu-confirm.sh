#!/bin/bash
# Confirms docs/PERFORMANCE.md's GPU estimates on a GPU host, in under 10 minutes once the image is
# built and CUDA's kernel cache is warm (TensorFlow 2.16 ships no Hopper binaries: the driver
# compiles its kernels from PTX on the first run, which can take many minutes; the named volume
# keeps them for the next). Needs Docker, the NVIDIA Container Toolkit, and `docker build -t
# jgan:gpu .` from this checkout. Writes every result to OUT_DIR (default gpu-confirm/):
#
#   docs/gpu-confirm.sh [OUT_DIR]
#
# What each step answers (PERFORMANCE.md, "The GPU path"):
#   doctor        is the GPU usable at all (exit 1 with the reason when not)
#   placement     which training ops fell back to the CPU (expected: none but the host inputs)
#   bench         images/s of the plain yardstick and the product's steps, ops per step, the share
#                 of wall time outside Session.run, with the batch resident and fed
#   train + eval  a 3-minute first command on the GPU, and its FID (the CPU gives ~7.5 in 3 min)
set -euo pipefail
out=${1:-gpu-confirm}
mkdir -p "$out"
gan() { # the image's CLI with the GPU, the data/cache volume and the output folder
  docker run --rm --gpus all --user "$(id -u):$(id -g)" -v jgan-data:/data \
    -v "$(cd "$out" && pwd):/runs" jgan:gpu "$@"
}
bench() { # NAME FLAGS...: one bench line per case in bench-NAME.jsonl
  local name=$1
  shift
  gan bench --warmup 3 --windows 3 --window-seconds 5 --profile 2 "$@" | tee "$out/bench-$name.txt" \
    | grep '^{' >"$out/bench-$name.jsonl"
}
start=$(date +%s)
gan doctor --require-gpu | tee "$out/doctor.txt"
# TensorFlow prints one "name: (Op): device" line per op (stdout); the CPU ones are the fallbacks.
gan train --model dcgan --dataset mnist --max-steps 2 --log-placement --out /runs/placement \
  >"$out/placement.txt" 2>&1
grep '): /job.*device:CPU' "$out/placement.txt" >"$out/placement-cpu-ops.txt" || true
echo "ops placed on the CPU: $(wc -l <"$out/placement-cpu-ops.txt")"
# dcgan at the yardstick's batch of 256 (its own default is 128).
bench yardstick --cases matmul,dcgan-plain
bench alternating --cases dcgan --update alternating --batch-size 256
bench alternating --cases mlp,dcgan-bn --update alternating
bench one-pass --cases dcgan --update one-pass --batch-size 256
bench one-pass --cases mlp,dcgan-bn --update one-pass
bench fed --cases dcgan --update one-pass --batch-source feed --batch-size 256
bench fed --cases mlp --update one-pass --batch-source feed
gan train --model dcgan-bn --dataset mnist --time-budget 3m --out /runs/first >"$out/first.txt" 2>&1
gan evaluate --model /runs/first --seed 1 | tee "$out/first-eval.txt"
echo "done in $(($(date +%s) - start)) s; results in $out/"
