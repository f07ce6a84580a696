#!/usr/bin/env bash
# Runs every Latchkey benchmark and harness of docs/performance.md once, in about four minutes
# on 2 cores after the build. Output goes to the terminal and to benchmarks/target/results.txt.
#   benchmarks/run-all.sh                 # with the java on PATH
#   JAVA=/path/to/jdk/bin/java benchmarks/run-all.sh
#   SKIP_BUILD=1 benchmarks/run-all.sh    # reuse the jars already built
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA="${JAVA:-java}"
JAR=benchmarks/target/benchmarks.jar

if [ -z "${SKIP_BUILD:-}" ]; then
  mvn -B -q -DskipTests package
fi

{
  echo "== environment"
  date -u
  "$JAVA" -version 2>&1
  echo "cores: $(nproc)"
  free -h
  grep -m1 'model name' /proc/cpuinfo || true
  uptime

  echo "== JMH: hot path and request overhead"
  "$JAVA" -jar "$JAR" -f 1 -wi 2 -i 3 -w 1s -r 1s -prof gc \
    -rf json -rff benchmarks/target/jmh-result.json
  for harness in RequestOverheadPaired HerdAtExpiry RenewalLatency SessionFootprint StartUp; do
    echo "== $harness"
    "$JAVA" -cp "$JAR" "dev.latchkey.benchmarks.$harness"
  done
} 2>&1 | tee benchmarks/target/results.txt
