#!/bin/bash
# The product's step side by side with what a user would pick instead, on the CPU at hand
# (issue 28): the plain TF-Java yardsticks and a Keras 3 peer of the same networks, interleaved
# round by round so that a slow stretch of the machine hits every configuration alike. Prints
# the CPU's name and flags, one JSON line per case and round (in OUT, default
# bench-compare.jsonl), then a table with each case's median and its ratio to the yardsticks.
#
# Run from the repository root on an idle machine, after `./gan --help` has built
# target/gan.jar. The Keras peer needs TensorFlow for Python (not needed by anything else):
#
#   python3 -m venv .keras && .keras/bin/pip install tensorflow-cpu==2.21.0
#   ROUNDS=2 PYTHON=.keras/bin/python docs/bench-compare.sh [OUT]
#
# PRECISIONS="float32 bfloat16" adds the product's bfloat16 rows (AVX-512 CPUs only).
# Never run by CI: about 4 minutes a round on 2 cores.
set -euo pipefail
out=${1:-bench-compare.jsonl}
rounds=${ROUNDS:-2}
python=${PYTHON:-python3}
precisions=${PRECISIONS:-float32}
windows=${WINDOWS:-5}
export TF_ENABLE_ONEDNN_OPTS=1 TF_CPP_MIN_LOG_LEVEL=2
: >"$out"

# Family and model tell the generations apart where the name does not (AMD EPYC: family 25 is
# Zen 3 or Zen 4 by its model, family 26 is Zen 5).
echo "cpu: $(lscpu | sed -n 's/^Model name: *//p'), family $(lscpu | sed -n 's/^CPU family: *//p') model $(lscpu | sed -n 's/^Model: *//p'), $(nproc) CPUs" >&2
echo "flags: $(grep -o -w -E 'avx2|fma|avx512f|avx512_bf16|avx512_fp16|amx_bf16|amx_tile' /proc/cpuinfo | sort -u | tr '\n' ' ')" >&2

tag() { # CONFIG ROUND: prefix each JSON line with the configuration and the round
  sed "s/^{/{\"config\":\"$1\",\"round\":$2,/" >>"$out"
}
product() { # CONFIG ROUND FLAGS...
  local config=$1 round=$2
  shift 2
  java -jar target/gan.jar bench --windows "$windows" --window-seconds 3 "$@" 2>/dev/null \
    | grep '"kind":"train"' | tag "$config" "$round"
}
keras() { # CONFIG ROUND FLAGS...
  local config=$1 round=$2
  shift 2
  "$python" docs/keras_peer.py --windows "$windows" --window-seconds 3 "$@" 2>/dev/null \
    | tag "$config" "$round"
}

for round in $(seq "$rounds"); do
  echo "round $round of $rounds ($(date +%T), load $(cut -d' ' -f1 /proc/loadavg))" >&2
  # dcgan at batch 256 (the yardstick's batch), one-pass (its default update).
  product plain "$round" --cases dcgan-plain --batch-size 256
  for p in $precisions; do
    product "jgan-$p" "$round" --cases dcgan --batch-size 256 --update one-pass --precision "$p"
  done
  keras keras-one-pass "$round" --case dcgan --batch-size 256 --update one-pass
  keras keras-io "$round" --case dcgan --batch-size 256 --update keras-io
  # The README's model: dcgan-bn on MNIST at 32x32, batch 64, one-pass.
  product plain "$round" --cases dcgan-bn-32-plain
  for p in $precisions; do
    product "jgan-$p" "$round" --cases dcgan-bn-32 --precision "$p"
  done
  keras keras-one-pass "$round" --case dcgan-bn-32 --update one-pass
  keras keras-io "$round" --case dcgan-bn-32 --update keras-io
done

"$python" - "$out" <<'PY'
import json, statistics, sys
rows = {}
for line in open(sys.argv[1]):
    d = json.loads(line)
    model = d["case"].removeprefix("keras-").removesuffix("-plain")
    rows.setdefault(model, {}).setdefault(d["config"], []).append(d)
print("| model | config | batch | images/s per round | median | / plain | / keras one-pass | GFLOP/s |")
print("| --- | --- | ---: | --- | ---: | ---: | ---: | ---: |")
for model, configs in rows.items():
    med = {c: statistics.median(r["images_per_sec_median"] for r in runs) for c, runs in configs.items()}
    for config, runs in configs.items():
        rates = ", ".join(f"{r['images_per_sec_median']:,.1f}" for r in runs)
        ratio = lambda ref: f"{med[config] / med[ref]:.2f}x" if ref in med else "-"
        gflops = [r["gflops"] for r in runs if "gflops" in r]
        g = f"{statistics.median(gflops):.1f}" if gflops else "-"
        print(f"| {model} | {config} | {runs[0]['batch_size']} | {rates} | {med[config]:,.1f} "
              f"| {ratio('plain')} | {ratio('keras-one-pass')} | {g} |")
PY
