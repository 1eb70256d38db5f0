# Atrium replicas on loopback behind HAProxy, registered with kube-apiserver as an APIService
# through an ExternalName Service: kubectl -> kube-apiserver -> HAProxy -> a replica.

ATRIUM_NAMESPACE=atrium-system
ATRIUM_JAR="$ATRIUM_ROOT/leader/target/atrium.jar"

build_atrium_jar() {
  local newer
  newer="$(find "$ATRIUM_ROOT"/pom.xml "$ATRIUM_ROOT"/{apiserver,controllers,leader}/{pom.xml,src/main} -newer "$ATRIUM_JAR" -type f 2>/dev/null | head -1 || true)"
  if [[ ! -f $ATRIUM_JAR || -n $newer ]]; then
    log "building $ATRIUM_JAR"
    "$ATRIUM_ROOT/mvnw" -B -q -f "$ATRIUM_ROOT/pom.xml" -DskipTests -Dmaven.test.skip=true package >&2
  fi
}

# Two builds of the same sources differ in the order of the shaded META-INF/services entries,
# so jars are compared by their entries' names and CRCs, not byte for byte.
same_jar() {
  [[ -f $1 && -f $2 ]] || return 1
  cmp -s "$1" "$2" && return 0
  [[ "$(jar_entries "$1")" == "$(jar_entries "$2")" ]]
}
jar_entries() { unzip -lv "$1" | awk 'length($7) == 8 && $7 ~ /^[0-9a-f]+$/ { print $8, $7 }' | LC_ALL=C sort | sha256sum; }

# The serving certificate is Atrium's own business: the first replica creates it in the Secret
# atrium-system/atrium-serving-cert and the leader keeps the APIService's caBundle in step.
ensure_atrium_pki() {
  local d="$ATRIUM_LOCAL/pki"
  # Atrium's identity towards kube-apiserver: its ServiceAccount's user name, by certificate.
  pki_leaf "$d" atrium ca "/O=system:serviceaccounts/O=system:serviceaccounts:$ATRIUM_NAMESPACE/CN=system:serviceaccount:$ATRIUM_NAMESPACE:atrium" clientAuth
  chmod 600 "$d"/*.key
}

ensure_atrium_ports() { # replicas
  local f="$ATRIUM_LOCAL/ports.env" i
  grep -q '^HAPROXY_PORT=' "$f" || echo "HAPROXY_PORT=$(free_port)" >> "$f"
  for ((i = 1; i <= $1; i++)); do
    grep -q "^ATRIUM_PORT_$i=" "$f" || echo "ATRIUM_PORT_$i=$(free_port)" >> "$f"
  done
  # shellcheck disable=SC1090
  source "$f"
}

replica_port() { local v="ATRIUM_PORT_$1"; printf '%s' "${!v}"; }

replica_ready() { curl -sfk "https://127.0.0.1:$(replica_port "$1")/readyz" | grep -q '^ok'; }

start_replica() { # index
  # A class data archive per replica and jar, written when the replica exits, takes start to
  # ready from about 2.6 s to 1.6-1.9 s on 2 idle cores. Named after the jar: the JVM does not
  # replace an archive of another jar, it only warns at every start.
  local i=$1 archive
  archive="$ATRIUM_LOCAL/cds/atrium-$i-$(stat -c %s-%Y "$ATRIUM_LOCAL/atrium.jar").jsa"
  mkdir -p "$ATRIUM_LOCAL/cds"
  find "$ATRIUM_LOCAL/cds" -name "atrium-$i-*.jsa" ! -path "$archive" -delete
  local jvm=(-Xss512k -XX:+UseSerialGC -XX:MaxRAMPercentage=25
    -XX:+AutoCreateSharedArchive "-XX:SharedArchiveFile=$archive" -Xlog:cds=off,cds+dynamic=off)
  # Undertow and client-java still use sun.misc.Unsafe, which JDK 24+ warns about at every start.
  (($(java_release "$ATRIUM_JAVA_HOME") >= 24)) && jvm+=(--sun-misc-unsafe-memory-access=allow)
  start_process "atrium-$i" "$ATRIUM_JAVA_HOME/bin/java" "${jvm[@]}" \
    -jar "$ATRIUM_LOCAL/atrium.jar" \
    --replica-name="atrium-$i" \
    --bind-address=127.0.0.1 --secure-port="$(replica_port "$i")" \
    --kubeconfig="$ATRIUM_LOCAL/atrium.kubeconfig" --shutdown-drain-seconds=5 \
    --serving-cert-hosts="atrium-api.$ATRIUM_NAMESPACE.svc,atrium-api.$ATRIUM_NAMESPACE.svc.cluster.local,localhost,127.0.0.1" \
    --reconcile-journal="$ATRIUM_LOCAL/journal/atrium-$i.log"
}

write_haproxy_config() { # replicas
  local cfg="$ATRIUM_LOCAL/haproxy.cfg" i
  {
    cat <<HAPROXY
# TCP passthrough: the front-proxy client certificate of kube-apiserver must reach the replica.
global
  maxconn 8000
defaults
  mode tcp
  timeout connect 2s
  timeout client 1h
  timeout server 1h
  retries 2
  option redispatch
frontend atrium
  bind 127.0.0.1:$HAPROXY_PORT
  default_backend replicas
backend replicas
  balance roundrobin
  option httpchk GET /readyz
  http-check expect status 200
  # A check's connect and TLS handshake are bounded by min(timeout connect, inter): with inter
  # 500ms a slow handshake on a loaded machine marked healthy replicas down ("Layer6 timeout"),
  # at times all of them ("backend 'replicas' has no server available"). inter 2s, and 500ms
  # once a check failed: a draining replica is out of rotation within about 3 s, below the
  # replicas' 5 s drain.
  timeout check 2s
  default-server check check-ssl verify none inter 2s fastinter 500ms downinter 1s fall 2 rise 1
HAPROXY
    for ((i = 1; i <= $1; i++)); do echo "  server atrium-$i 127.0.0.1:$(replica_port "$i")"; done
  } > "$cfg.new"
  if ! cmp -s "$cfg.new" "$cfg"; then mv "$cfg.new" "$cfg"; stop_process haproxy; else rm "$cfg.new"; fi
}

register_apiservice() {
  local kubectl="$ATRIUM_BIN/kubectl --kubeconfig $ATRIUM_LOCAL/kubeconfig"
  $kubectl apply --server-side --force-conflicts -f "$ATRIUM_ROOT/manifests/atrium/crds" >/dev/null
  KUBECONFIG="$ATRIUM_LOCAL/kubeconfig" HELM_CACHE_HOME="$ATRIUM_LOCAL/helm/cache" \
    HELM_CONFIG_HOME="$ATRIUM_LOCAL/helm/config" HELM_DATA_HOME="$ATRIUM_LOCAL/helm/data" \
    "$ATRIUM_BIN/helm" upgrade --install atrium "$ATRIUM_ROOT/manifests/atrium" \
    --namespace "$ATRIUM_NAMESPACE" --create-namespace --skip-crds \
    --set external.enabled=true --set external.port="$HAPROXY_PORT" >/dev/null
}

management_api_answers() {
  "$ATRIUM_BIN/kubectl" --kubeconfig "$ATRIUM_LOCAL/kubeconfig" get --raw /apis/management.atrium.dev/v1
}

atrium_up() { # replicas
  local replicas=$1 i
  ATRIUM_JAVA_HOME="$(atrium_java_home)"
  build_atrium_jar
  ensure_atrium_pki
  ensure_atrium_ports "$replicas"
  write_kubeconfig "$ATRIUM_LOCAL/atrium.kubeconfig" "https://127.0.0.1:$KUBE_APISERVER_PORT" atrium "$ATRIUM_LOCAL/pki"
  register_apiservice
  # Replicas run a copy: a later Maven build rewrites target/ under running JVMs.
  local rebuilt=false
  if ! same_jar "$ATRIUM_JAR" "$ATRIUM_LOCAL/atrium.jar"; then
    cp "$ATRIUM_JAR" "$ATRIUM_LOCAL/atrium.jar.new" && mv "$ATRIUM_LOCAL/atrium.jar.new" "$ATRIUM_LOCAL/atrium.jar"
    rebuilt=true
  fi
  for ((i = 1; i <= replicas; i++)); do
    # A rebuilt jar replaces running replicas one at a time; the others keep serving.
    if [[ $rebuilt == true ]] && pid_alive "atrium-$i"; then
      log "restarting atrium-$i on the rebuilt jar"
      stop_process "atrium-$i"
    fi
    start_replica "$i"
    wait_for_process "atrium-$i" 60 replica_ready "$i"
  done
  # Replicas beyond the requested count, from an earlier `hack/up --replicas`, are stopped.
  for f in "$ATRIUM_LOCAL"/run/atrium-*.pid; do
    [[ -e $f ]] || continue
    i="${f##*/atrium-}"; i="${i%.pid}"
    ((i > replicas)) && stop_process "atrium-$i"
  done
  write_haproxy_config "$replicas"
  start_process haproxy "$(command -v haproxy)" -f "$ATRIUM_LOCAL/haproxy.cfg" -db
  wait_for_process haproxy 60 management_api_answers
  local urls=() env="$ATRIUM_LOCAL/control-plane.env"
  for ((i = 1; i <= replicas; i++)); do urls+=("https://127.0.0.1:$(replica_port "$i")"); done
  {
    grep -v '^ATRIUM_' "$env" || true
    echo "ATRIUM_URL=https://127.0.0.1:$HAPROXY_PORT"
    echo "ATRIUM_REPLICA_URLS=$(IFS=,; echo "${urls[*]}")"
  } > "$env.tmp.$$"
  mv "$env.tmp.$$" "$env"
}

atrium_down() {
  local f
  stop_process haproxy
  for f in "$ATRIUM_LOCAL"/run/atrium-*.pid; do
    [[ -e $f ]] || continue
    f="${f##*/}"; stop_process "${f%.pid}"
  done
}
