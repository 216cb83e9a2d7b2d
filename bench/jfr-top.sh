#!/usr/bin/env bash
# Summarises a Java Flight Recording's CPU samples (jdk.ExecutionSample): the hottest top frames, and the
# hottest frames anywhere in the stack (inclusive), so a profile can be quoted in docs/benchmarks.md.
#
#   bench/jfr-top.sh FILE.jfr [N]
#
# Record one with compare.sh, e.g.
#   ESTUARY_BENCH_JAVA_OPTS="-Xms256m -Xmx2g -Xmn64m -XX:+UseParallelGC \
#     -XX:StartFlightRecording=filename=/tmp/estuary.jfr,settings=profile,dumponexit=true" \
#     bench/compare.sh --skip-build --rounds 1 --scenarios lorawan-up
set -euo pipefail
file="$1"
n="${2:-25}"
samples="$(mktemp)"
trap 'rm -f "$samples"' EXIT
jfr print --events jdk.ExecutionSample --stack-depth 64 "$file" > "$samples"
total="$(grep -c 'jdk.ExecutionSample' "$samples" || true)"
echo "$total CPU samples"
echo "== top frames (self)"
awk '/stackTrace = \[/ { getline; sub(/^[ \t]+/, ""); sub(/[ \t]+line:.*/, ""); c[$0]++ }
     END { for (k in c) print c[k], k }' "$samples" | sort -rn | head -n "$n" |
  awk -v t="$total" '{ printf "%5.1f%%  ", 100 * $1 / t; $1 = ""; print substr($0, 2) }'
echo "== frames anywhere in the stack (inclusive, once per sample)"
awk '/stackTrace = \[/ { in_st = 1; delete seen; next }
     in_st && /^[ \t]*\]/ { in_st = 0; next }
     in_st { line = $0; sub(/^[ \t]+/, "", line); sub(/[ \t]+line:.*/, "", line);
             if (line != "..." && !(line in seen)) { seen[line] = 1; c[line]++ } }
     END { for (k in c) print c[k], k }' "$samples" | sort -rn | head -n "$n" |
  awk -v t="$total" '{ printf "%5.1f%%  ", 100 * $1 / t; $1 = ""; print substr($0, 2) }'
