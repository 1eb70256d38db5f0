# The pinned Maven, installed into the cache by Maven's own client from Maven Central.

atrium_maven_home() {
  local home="$ATRIUM_CACHE/maven-$MAVEN_VERSION"
  if [[ ! -x "$home/bin/mvn" ]]; then
    command -v mvn >/dev/null || { log "installing a bootstrap Maven"; apt_install maven; }
    command -v unzip >/dev/null || apt_install unzip
    log "installing Maven $MAVEN_VERSION into $home"
    local tmp; tmp="$(mktemp -d)"
    mvn -q -B org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
      -Dartifact="org.apache.maven:apache-maven:$MAVEN_VERSION:zip:bin" -DoutputDirectory="$tmp" >&2
    unzip -q "$tmp/apache-maven-$MAVEN_VERSION-bin.zip" -d "$tmp"
    mkdir -p "$ATRIUM_CACHE"
    rm -rf "$home"; mv "$tmp/apache-maven-$MAVEN_VERSION" "$home"; rm -rf "$tmp"
  fi
  printf '%s' "$home"
}

apt_install() {
  local sudo=""; [[ "$(id -u)" == 0 ]] || sudo="sudo"
  local out; out="$(mktemp)"
  if [[ -z "${ATRIUM_APT_UPDATED:-}" ]]; then
    $sudo apt-get update -qq >"$out" 2>&1 || { cat "$out" >&2; die "apt-get update failed"; }
    ATRIUM_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >"$out" 2>&1 \
    || { cat "$out" >&2; die "apt-get install $* failed"; }
  rm -f "$out"
}
