#!/usr/bin/env bash
# JMH benchmark of the guard chain (ReadOnly + RowLimit + PIIMask) and of PIIMask's throughput.
# Usage: bench/guards.sh [JMH options], e.g. bench/guards.sh -f 1 -wi 2 -i 3 chainOnAnalyzedQuery
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME="$(./switchboard java-home)"
export JAVA_HOME
export MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"
mvn -q -pl bench -am package -DskipTests
exec "$JAVA_HOME/bin/java" -cp "bench/target/classes:bench/target/lib/*" org.openjdk.jmh.Main GuardChainBenchmark "$@"
