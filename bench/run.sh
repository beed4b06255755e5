#!/usr/bin/env bash
# Starts the whole stack on free ports, measures it beside raw baselines, prints the figures and
# writes them to docs/benchmarks.md.   Usage: bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -DskipTests install

# pgbench (the write-path baseline) ships in Debian's postgresql-15 package: use it without installing a server
pgbench=$(command -v pgbench || ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | head -1 || true)
if [ -z "$pgbench" ] && command -v apt-get >/dev/null; then
  mkdir -p bench/target/debs && (cd bench/target/debs && apt-get download -q postgresql-15 >/dev/null 2>&1 \
    && dpkg -x postgresql-15_*.deb root) || true
  pgbench=$(ls bench/target/debs/root/usr/lib/postgresql/*/bin/pgbench 2>/dev/null | head -1 || true)
fi
[ -n "$pgbench" ] || echo "pgbench not found: the write path is measured without its baseline"

exec java -Xmx1g -Dcsx.project.dir="$PWD" -Dpgbench="$pgbench" -cp "bench/target/bench.jar:bench/target/lib/*" uk.csx.bench.Benchmarks "$@"
