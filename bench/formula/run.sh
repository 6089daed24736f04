#!/usr/bin/env bash
# Runs the formula benchmark on the runtime's classpath.
#   bench/formula/run.sh            Truffle without its optimizing compiler (interpreter only)
#   JIT=1 bench/formula/run.sh      with the Graal compiler as a JVMCI compiler (see README.md)
# -Dwarm=SECONDS -Drun=SECONDS may be passed in BENCH_OPTS.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
source .mvn/find-jdk.sh
tradewind_find_jdk
export JAVA_HOME
./mvnw -B -q install -DskipTests -pl model-schemas,designer-api -am
./mvnw -B -q compile dependency:build-classpath -pl runtime -Dmdep.outputFile="$root/runtime/target/bench.cp"
cp="$root/runtime/target/classes:$(cat "$root/runtime/target/bench.cp")"
opts=(-Dpolyglot.engine.WarnInterpreterOnly=false --enable-native-access=ALL-UNNAMED ${BENCH_OPTS:-})
if [ "${JIT:-0}" = "1" ]; then
  ./mvnw -B -q dependency:copy -Dartifact=org.graalvm.compiler:compiler:25.0.1 \
    -DoutputDirectory="$root/runtime/target/jvmci" >/dev/null
  opts+=(-XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI
    "--upgrade-module-path=$root/runtime/target/jvmci/compiler-25.0.1.jar")
fi
exec "$JAVA_HOME/bin/java" "${opts[@]}" -cp "$cp" bench/formula/FormulaBench.java
