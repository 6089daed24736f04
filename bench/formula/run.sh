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
  # The Graal compiler as the JVMCI compiler (--upgrade-module-path) and every GraalVM jar on the
  # module path at 25.0.1 (the Quarkus platform pins org.graalvm.sdk:word/nativeimage to 23.1.2 on
  # the class path, which the compiler module cannot use).
  jv="$root/runtime/target/jvmci"
  for a in org.graalvm.compiler:compiler org.graalvm.truffle:truffle-compiler org.graalvm.sdk:collections \
      org.graalvm.sdk:word org.graalvm.sdk:nativeimage; do
    ./mvnw -B -q dependency:copy -Dartifact="$a:25.0.1" -DoutputDirectory="$jv" >/dev/null
  done
  mp="$(tr ':' '\n' < "$root/runtime/target/bench.cp" | grep '/org/graalvm/' \
    | grep -v -e 'sdk/word' -e 'sdk/nativeimage' -e 'sdk/collections' -e 'truffle-compiler' -e '\.pom$' | paste -sd:)"
  mp="$mp:$jv/word-25.0.1.jar:$jv/nativeimage-25.0.1.jar:$jv/collections-25.0.1.jar:$jv/truffle-compiler-25.0.1.jar"
  cp="$root/runtime/target/classes:$(tr ':' '\n' < "$root/runtime/target/bench.cp" | grep -v '/org/graalvm/' | paste -sd:)"
  opts=(-Dpolyglot.engine.WarnInterpreterOnly=false ${BENCH_OPTS:-} -XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI
    "--upgrade-module-path=$jv/compiler-25.0.1.jar" --module-path "$mp" --add-modules org.graalvm.polyglot,org.graalvm.js
    --enable-native-access=ALL-UNNAMED,org.graalvm.truffle)
fi
exec "$JAVA_HOME/bin/java" "${opts[@]}" -cp "$cp" bench/formula/FormulaBench.java
