#!/usr/bin/env bash
# The JMH benchmarks that live beside the code they measure, in a module's src/jmh (compiled only
# with the jmh profile): routing (the 20-router rule chain, capacity admission, a pythonScript
# router; docs/routing.md) and translation (cache hit, sqlglot alone, a miss; docs/translation.md).
# Usage: bench/jmh.sh MODULE [JMH options]
#   bench/jmh.sh routing -f 1 -wi 3 -i 5 RouterChainBenchmark
#   bench/jmh.sh translation TranslationBenchmark
set -euo pipefail
cd "$(dirname "$0")/.."
module="${1:-}"
case "$module" in
    routing) default="RouterChainBenchmark|CapacityAdmissionBenchmark|PythonScriptRouterBenchmark" ;;
    translation) default="TranslationBenchmark" ;;
    *) echo "usage: bench/jmh.sh routing|translation [JMH options]" >&2; exit 2 ;;
esac
shift
JAVA_HOME="$(./switchboard java-home)"
export JAVA_HOME
export MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"
mvn -q -Pjmh -pl "$module" -am test-compile dependency:build-classpath -DskipTests
cd "$module"
if [ "$#" -eq 0 ]; then
    set -- "$default"
fi
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
    -cp "target/test-classes:target/classes:$(cat target/jmh-classpath.txt)" org.openjdk.jmh.Main "$@"
