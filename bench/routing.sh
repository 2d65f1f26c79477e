#!/usr/bin/env bash
# JMH benchmarks of routing: the 20-router rule chain, uncontended capacity admission, and a
# pythonScript router (see docs/routing.md#benchmarks). The benchmarks live in routing/src/jmh,
# compiled only with the jmh profile.
# Usage: bench/routing.sh [JMH options], e.g. bench/routing.sh -f 1 -wi 3 -i 5 RouterChainBenchmark
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME="$(./switchboard java-home)"
export JAVA_HOME
export MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"
mvn -q -Pjmh -pl routing -am test-compile dependency:build-classpath -DskipTests
cd routing
if [ "$#" -eq 0 ]; then
    set -- "RouterChainBenchmark|CapacityAdmissionBenchmark|PythonScriptRouterBenchmark"
fi
exec "$JAVA_HOME/bin/java" -cp "target/test-classes:target/classes:$(cat target/jmh-classpath.txt)" org.openjdk.jmh.Main "$@"
