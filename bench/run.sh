#!/usr/bin/env bash
# Starts the whole stack on free ports, measures it beside raw baselines, prints the figures and
# writes them to docs/benchmarks.md.   Usage: bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -DskipTests install
exec java -Xmx1g -Dcsx.project.dir="$PWD" -cp "bench/target/bench.jar:bench/target/lib/*" uk.csx.bench.Benchmarks "$@"
