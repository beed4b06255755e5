#!/usr/bin/env bash
# Builds what is missing, then starts the whole exchange on this machine: PostgreSQL, Kafka,
# the three services and the gateway. Ctrl-C stops everything it started.
#   ./run.sh           keep the data in .local-stack/ from the last run
#   ./run.sh --fresh   start from empty databases and an empty broker
#   ./run.sh --build   rebuild the applications first
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v java >/dev/null 2>&1; then
  echo "run.sh: no Java found: install a JDK 17 or newer (e.g. apt-get install openjdk-17-jdk-headless)" >&2
  exit 1
fi
java_major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
if [ "${java_major%%.*}" -lt 17 ] 2>/dev/null; then
  echo "run.sh: Java $java_major found, but 17 or newer is needed" >&2
  exit 1
fi

build=0
for arg in "$@"; do [ "$arg" = "--build" ] && build=1; done
for m in practices-service contracts-service billing-service gateway; do
  [ -f "$m/target/quarkus-app/quarkus-run.jar" ] || build=1
done
[ -f local-stack/target/local-stack.jar ] || build=1
if [ $build = 1 ]; then
  echo "Building (./mvnw -DskipTests install)..."
  ./mvnw -B -q -DskipTests install
fi

# exec: Ctrl-C and SIGTERM reach the launcher, whose shutdown hook stops what it started
exec java -Xmx256m -Dcsx.project.dir="$PWD" -cp "local-stack/target/local-stack.jar:local-stack/target/lib/*" uk.csx.localstack.Main "$@"
