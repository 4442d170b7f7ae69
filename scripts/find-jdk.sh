# Sourced by the project's scripts: exports JAVA_HOME pointing at a JDK >= 21.
# Looks at $JAVA_HOME, then `java` on PATH, then the newest JDK under /usr/lib/jvm.
# The functions target --release 21, so any newer JDK builds them too.

_jdk_major() {  # prints the major version of the JDK at $1, or nothing
  local home=$1 v
  [[ -x "$home/bin/java" && -x "$home/bin/javac" ]] || return 0
  v=$("$home/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -1)
  [[ "$v" =~ ^[0-9]+$ ]] && echo "$v"
}

find_jdk() {
  local candidates=() home major best="" best_major=0
  [[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for home in "${candidates[@]}"; do
    major=$(_jdk_major "$home")
    if [[ -n "$major" && "$major" -ge 21 ]]; then export JAVA_HOME="$home"; return 0; fi
  done
  for home in /usr/lib/jvm/*/ /opt/java/*/ /opt/jdk*/; do
    home=${home%/}
    major=$(_jdk_major "$home")
    if [[ -n "$major" && "$major" -ge 21 && "$major" -gt "$best_major" ]]; then best=$home; best_major=$major; fi
  done
  if [[ -n "$best" ]]; then export JAVA_HOME="$best"; return 0; fi
  echo "error: no JDK 21 or newer found (looked at JAVA_HOME=${JAVA_HOME:-unset}, java on PATH, /usr/lib/jvm)." >&2
  echo "       Install one (e.g. Temurin 21 or 25) and set JAVA_HOME to it." >&2
  return 1
}

jdk_maven_opts() {  # JVM flags Maven 3.8 needs on newer JDKs to run without warnings
  local major
  major=$(_jdk_major "$JAVA_HOME")
  if [[ "$major" -ge 24 ]]; then echo "--sun-misc-unsafe-memory-access=allow"; fi
}
