#!/bin/bash
# Serving figures of issue 24 on the CPU at hand: `gan serve`'s :predict throughput and latency
# with 1, 4 and 16 loopback clients, against the generator's own images/s on the same export
# (DirectRate: `gan bench`'s own generation loop at batch 256), in interleaved rounds so that a
# slow stretch of the machine hits both alike. The load tool is Debian's wrk (C, one event-loop
# thread), so the client takes next to no CPU from the two cores the server shares with it.
#
# Run from the repository root on an idle machine, after `mvn -B -DskipTests package` and
# `mvn -B test-compile` (target/gan.jar, target/lib, target/test-classes), with wrk installed
# (`apt-get install wrk`):
#
#   ROUNDS=3 IMAGES=16 [SERVE_OPTS="--max-batch 128"] docs/serve-bench.sh [RUN_OR_EXPORT]
#
# Without an argument it trains dcgan-bn on MNIST for 5 steps into a temporary folder (32x32x1,
# latent 100; the figures do not depend on the weights). Never run by CI: ~1 minute a round.
set -euo pipefail
rounds=${ROUNDS:-3}
images=${IMAGES:-16}
seconds=${SECONDS_PER_POINT:-10}
port=${PORT:-8601}
clients=${CLIENTS:-1 4 16}
command -v wrk >/dev/null || { echo "serve-bench: needs wrk (apt-get install wrk)" >&2; exit 2; }
work=$(mktemp -d)
trap 'kill -9 ${server:-} 2>/dev/null || true; rm -rf "$work"' EXIT
model=${1:-}
if [[ -z "$model" ]]; then
  java -jar target/gan.jar train --model dcgan-bn --dataset mnist --max-steps 5 --out "$work/run" \
    >/dev/null 2>&1
  model=$work/run
fi
export=$model
[[ -d "$model/export" ]] && export=$model/export
export TF_CPP_MIN_LOG_LEVEL=2
cp=target/gan.jar:target/lib/*:target/test-classes

cat >"$work/post.lua" <<LUA
local f = assert(io.open("$work/body.json", "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
done = function(summary)
  local e = summary.errors
  io.write(string.format("failed: %d\n", e.status + e.connect + e.read + e.write + e.timeout))
end
LUA

echo "cpu: $(lscpu | sed -n 's/^Model name: *//p'), family $(lscpu | sed -n 's/^CPU family: *//p') model $(lscpu | sed -n 's/^Model: *//p'), $(nproc) CPUs"
echo "flags: $(grep -o -w -E 'avx2|fma|avx512f|avx512_bf16|amx_bf16' /proc/cpuinfo | sort -u | tr '\n' ' ')"
echo "export: $export, $images images per request, $seconds s per point"

java -jar target/gan.jar serve --model "$model" --port "$port" ${SERVE_OPTS:-} >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 120); do curl -sf "localhost:$port/v1/models/gan" >/dev/null && break; sleep 0.5; done
url=http://127.0.0.1:$port/v1/models/gan:predict

direct() { # the generator's own images/s on the export, with the server idle (loaded, waiting)
  java -cp "$cp" dev.jgan.serve.DirectRate "$export" "$work/body.json" "$images" 2>/dev/null \
    | sed -n 's/.*: \([0-9]*\) images\/s/\1/p'
}
ms() { # QUANTILE: wrk's latency at 50% or 99%, in ms
  awk -v q="$1" '$1==q { v=$2; if (v ~ /us$/) v=v/1000; else if (v ~ /ms$/) v=v+0; else v=v*1000;
    printf "%.1f", v }' <<<"$r"
}

# Each round brackets its served points between two direct figures, and each point is compared
# with their mean: on a shared host the direct figure alone moved by 1.5x between rounds.
printf '| round | load (1 min) | direct before, after | clients | requests/s | images/s | of direct | p50 ms | p99 ms | failed |\n'
printf '|---|---|---|---|---|---|---|---|---|---|\n'
for round in $(seq "$rounds"); do
  before=$(direct)
  wrk -t1 -c16 -d3s -s "$work/post.lua" "$url" >/dev/null # warm-up
  rows=()
  for c in $clients; do
    r=$(wrk -t1 -c"$c" -d"${seconds}s" --latency -s "$work/post.lua" "$url")
    rows+=("$c $(awk '/Requests\/sec/{print $2}' <<<"$r") $(ms 50%) $(ms 99%) $(awk '/^failed:/{print $2}' <<<"$r") $(cut -d' ' -f1 /proc/loadavg)")
  done
  after=$(direct)
  for row in "${rows[@]}"; do
    read -r c rps p50 p99 failed load <<<"$row"
    awk -v round="$round" -v load="$load" -v before="$before" -v after="$after" -v c="$c" \
      -v rps="$rps" -v n="$images" -v p50="$p50" -v p99="$p99" -v failed="$failed" \
      'BEGIN { d = (before + after) / 2; printf "| %d | %s | %d, %d | %d | %.0f | %.0f | %.0f%% | %s | %s | %s |\n",
        round, load, before, after, c, rps, rps * n, 100 * rps * n / d, p50, p99, failed }'
  done
done
