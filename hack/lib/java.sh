# Picks a JDK of release 21 or newer: JAVA_HOME when it qualifies, else the newest installed one.

java_release() { # prints the feature release of the JDK at $1, or nothing
  local v
  v="$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')" || return 0
  printf '%s' "${v%%.*}"
}

atrium_java_home() {
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/javac" ]]; then
    local r; r="$(java_release "$JAVA_HOME")"
    if [[ -n "$r" && "$r" -ge 21 ]]; then printf '%s' "$JAVA_HOME"; return; fi
    log "JAVA_HOME=$JAVA_HOME is Java ${r:-?}, looking for 21 or newer"
  fi
  local best="" best_r=0 d r
  for d in /usr/lib/jvm/* /opt/java/* /usr/local/java/* "$HOME"/.sdkman/candidates/java/*; do
    [[ -x "$d/bin/javac" && ! -L "$d" ]] || continue
    r="$(java_release "$d")"
    [[ -n "$r" && "$r" -gt "$best_r" ]] && { best="$d"; best_r="$r"; }
  done
  [[ "$best_r" -ge 21 ]] || die "no JDK 21 or newer found (JAVA_HOME unset or older, nothing newer under /usr/lib/jvm); install one, e.g. apt-get install openjdk-21-jdk-headless"
  printf '%s' "$best"
}
