#!/bin/bash
# The measurements behind docs/DATA.md: first-pass decode rates (PNG, JPEG), bytes per image,
# reopening a cached store, batches/s from disk and memory, and dcgan-bn training on 250,000
# generated 64x64 images with a 1 GB heap, twice (the second run opens the store). Run from the
# repository root after `./gan --help` and `mvn -o test-compile` (the generator and the data
# benchmark are test-scope classes). Needs about 3 GB in WORK for the 250k PNGs and 3.1 GB for
# the store; deletes both at the end. Heavy steps hold /tmp/jgan-cpu.lock (shared machines).
set -euo pipefail
work=${1:-/tmp/jgan-data-bench}
cp='target/gan.jar:target/lib/*:target/test-classes'
lock() { flock /tmp/jgan-cpu.lock "$@"; }
mkdir -p "$work"
export JGAN_CACHE="$work/cache"

# CelebA-like sources: 178x218 photos, 5,000 of each format, decoded to 64x64x3.
for f in jpeg png; do
  lock java -cp "$cp" dev.jgan.data.SyntheticImageFolder "$work/celeba-$f" 5000 178 218 $f
  lock java -Xmx1g -cp "$cp" dev.jgan.data.DataPathBench "$work/celeba-$f" "$JGAN_CACHE" 64 64 1000
  lock java -Xmx1g -cp "$cp" dev.jgan.data.DataPathBench "$work/celeba-$f" "$JGAN_CACHE" 64 64 1000
done

# 250,000 64x64 PNGs (3 GB decoded), trained on with a 1 GB heap; the second run reopens.
lock java -cp "$cp" dev.jgan.data.SyntheticImageFolder "$work/faces250k" 250000 64 64 png
for run in 1 2; do
  JGAN_JAVA_OPTS=-Xmx1g lock ./gan train --model dcgan-bn --dataset folder \
    --data "$work/faces250k" --max-steps 100 --out "$work/run$run"
done
lock java -Xmx1g -cp "$cp" dev.jgan.data.DataPathBench "$work/faces250k" "$JGAN_CACHE" 64 64 2000
rm -rf "$work"
