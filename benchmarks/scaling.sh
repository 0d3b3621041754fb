#!/usr/bin/env bash
# Scaling benchmark for the 16-core machine lent by the `device` tool: one call, under 5 minutes.
#
#   bash benchmarks/scaling.sh prepare   # here: build, pack an xz-compressed node and the few
#                                        # node_modules the benchmarks import into .device/
#   device run, carry [".device", "dist"], command:
#     bash benchmarks/scaling.sh run     # there: unpack node, run the benchmarks at W = 1..16,
#                                        # write $OUT/scaling.txt, $OUT/scaling.json, $OUT/machine.txt
#
# Knobs (env): WORKERS (default 1,2,4,8,16), SIZE (sharded world, default 1000000),
# TICKS (20), REPS (3), WORLDS (64 small worlds of 20000 agents x 100 ticks).
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in
  prepare)
    npm run build
    rm -rf .device && mkdir -p .device
    xz -T0 -6 -c "$(command -v node)" > .device/node.xz
    # only what the benchmarks import (piscina, zod, yaml, ml-matrix, mitt, tinybench) and their
    # dependencies: the device tool carries at most 64 MiB
    mkdir -p .device/node_modules
    npm query ':is(#piscina, #zod, #yaml, #ml-matrix, #mitt, #tinybench), :is(#piscina, #zod, #yaml, #ml-matrix, #mitt, #tinybench) *' \
      | node -e "for (const p of JSON.parse(require('fs').readFileSync(0, 'utf8'))) if (!p.location.includes('/node_modules/', 13)) console.log(p.location)" \
      | sort -u | while read -r loc; do mkdir -p ".device/$(dirname "$loc")" && cp -r "$loc" ".device/$loc"; done
    du -sh .device .device/* dist
    ;;
  run)
    out=${OUT:-/tmp/scaling-out}; mkdir -p "$out"
    if [ ! -x /tmp/fractable-node ]; then
      python3 -c "import lzma,shutil; shutil.copyfileobj(lzma.open('.device/node.xz'), open('/tmp/fractable-node','wb'))"
      chmod +x /tmp/fractable-node
    fi
    [ -e node_modules ] || ln -s .device/node_modules node_modules
    {
      echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"; echo "node: $(/tmp/fractable-node -v)"; echo "cpus: $(nproc)"
      grep -m1 'model name' /proc/cpuinfo || true; echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
    } > "$out/machine.txt"
    export BENCH_WORKERS=${WORKERS:-1,2,4,8,16} BENCH_SIZES=${SIZE:-1000000} BENCH_TICKS=${TICKS:-20} BENCH_REPS=${REPS:-3} BENCH_WORLDS=${WORLDS:-64}
    /tmp/fractable-node dist/benchmarks/run.js --json-out "$out/scaling.json" | tee "$out/scaling.txt"
    cat "$out/machine.txt"
    ;;
  *) echo "usage: bash benchmarks/scaling.sh prepare|run" >&2; exit 2 ;;
esac
