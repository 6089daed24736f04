# Sourced by ./mvnw, ./tradewind and .ci/run: sets JAVA_HOME to a JDK >= 21.
# Order: $JAVA_HOME if good enough, else the newest suitable JDK in the usual folders.

tradewind_jdk_major() {
  # Prints the feature version of the JDK at $1 (e.g. 17, 21, 25), or nothing.
  local release="$1/release"
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  if [ -f "$release" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release"
  fi
}

tradewind_find_jdk() {
  local min=21 v best="" best_v=0 d
  if [ -n "${JAVA_HOME:-}" ]; then
    v="$(tradewind_jdk_major "$JAVA_HOME")"
    if [ -n "$v" ] && [ "$v" -ge "$min" ]; then
      return 0
    fi
  fi
  for d in /usr/lib/jvm/* /opt/java/* /opt/jdk* /usr/local/jdk* "$HOME"/.sdkman/candidates/java/*; do
    [ -d "$d" ] || continue
    v="$(tradewind_jdk_major "$d")"
    if [ -n "$v" ] && [ "$v" -ge "$min" ] && [ "$v" -gt "$best_v" ]; then
      best="$d"
      best_v="$v"
    fi
  done
  if [ -z "$best" ]; then
    echo "Tradewind needs a JDK $min or newer. JAVA_HOME=${JAVA_HOME:-<unset>} is not one, and none was found under /usr/lib/jvm or /opt." >&2
    echo "Install one (e.g. 'apt-get install openjdk-21-jdk-headless') or point JAVA_HOME at it." >&2
    return 1
  fi
  JAVA_HOME="$best"
}
