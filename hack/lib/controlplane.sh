# The local control plane: etcd, kube-apiserver and kube-controller-manager on loopback.

ensure_ports() {
  local f="$ATRIUM_LOCAL/ports.env"
  if [[ ! -f $f ]]; then
    mkdir -p "$ATRIUM_LOCAL"
    {
      echo "ETCD_CLIENT_PORT=$(free_port)"
      echo "ETCD_PEER_PORT=$(free_port)"
      echo "KUBE_APISERVER_PORT=$(free_port)"
      echo "KUBE_CONTROLLER_MANAGER_PORT=$(free_port)"
    } > "$f"
  fi
  # shellcheck disable=SC1090
  source "$f"
}

apiserver_ready() {
  curl -sf --cacert "$ATRIUM_LOCAL/pki/ca.crt" --cert "$ATRIUM_LOCAL/pki/admin.crt" \
    --key "$ATRIUM_LOCAL/pki/admin.key" "https://127.0.0.1:$KUBE_APISERVER_PORT/readyz" | grep -q '^ok$'
}

start_etcd() {
  local url="http://127.0.0.1:$ETCD_CLIENT_PORT" peer="http://127.0.0.1:$ETCD_PEER_PORT"
  mkdir -p "$ATRIUM_LOCAL/etcd"; chmod 700 "$ATRIUM_LOCAL/etcd"
  # --unsafe-no-fsync: a throw-away loopback cluster on a shared 2-core machine; without it,
  # fsync latency of the disk dominates every write the tests and benchmarks make.
  start_process etcd "$ATRIUM_BIN/etcd" --name=atrium-local --data-dir="$ATRIUM_LOCAL/etcd" \
    --listen-client-urls="$url" --advertise-client-urls="$url" \
    --listen-peer-urls="$peer" --initial-advertise-peer-urls="$peer" \
    --initial-cluster="atrium-local=$peer" --listen-metrics-urls="" \
    --unsafe-no-fsync --quota-backend-bytes=4294967296 --log-level=warn
  wait_for_process etcd 30 curl -sf "$url/health"
}

start_kube_apiserver() {
  local p="$ATRIUM_LOCAL/pki"
  start_process kube-apiserver "$ATRIUM_BIN/kube-apiserver" \
    --etcd-servers="http://127.0.0.1:$ETCD_CLIENT_PORT" \
    --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="$KUBE_APISERVER_PORT" \
    --endpoint-reconciler-type=none \
    --tls-cert-file="$p/kube-apiserver.crt" --tls-private-key-file="$p/kube-apiserver.key" \
    --client-ca-file="$p/ca.crt" \
    --authorization-mode=RBAC \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-account-key-file="$p/sa.pub" --service-account-signing-key-file="$p/sa.key" \
    --service-cluster-ip-range=10.0.0.0/24 \
    --allow-privileged=true \
    --requestheader-client-ca-file="$p/front-proxy-ca.crt" \
    --requestheader-allowed-names=front-proxy-client \
    --requestheader-username-headers=X-Remote-User \
    --requestheader-group-headers=X-Remote-Group \
    --requestheader-extra-headers-prefix=X-Remote-Extra- \
    --proxy-client-cert-file="$p/front-proxy-client.crt" --proxy-client-key-file="$p/front-proxy-client.key" \
    --enable-aggregator-routing=false \
    --profiling=false --v=1
  wait_for_process kube-apiserver 120 apiserver_ready
}

start_kube_controller_manager() {
  local p="$ATRIUM_LOCAL/pki" kc="$ATRIUM_LOCAL/kube-controller-manager.kubeconfig"
  write_kubeconfig "$kc" "https://127.0.0.1:$KUBE_APISERVER_PORT" kube-controller-manager "$p"
  start_process kube-controller-manager "$ATRIUM_BIN/kube-controller-manager" \
    --kubeconfig="$kc" --authentication-kubeconfig="$kc" --authorization-kubeconfig="$kc" \
    --bind-address=127.0.0.1 --secure-port="$KUBE_CONTROLLER_MANAGER_PORT" \
    --leader-elect=false \
    --service-account-private-key-file="$p/sa.key" --root-ca-file="$p/ca.crt" \
    --use-service-account-credentials=true \
    --cluster-signing-cert-file="$p/ca.crt" --cluster-signing-key-file="$p/ca.key" \
    --controllers='*' --profiling=false --v=1
  wait_for_process kube-controller-manager 60 curl -sfk "https://127.0.0.1:$KUBE_CONTROLLER_MANAGER_PORT/healthz"
}

control_plane_up() {
  ensure_tools
  ensure_ports
  ensure_pki "$ATRIUM_LOCAL"
  write_kubeconfig "$ATRIUM_LOCAL/kubeconfig" "https://127.0.0.1:$KUBE_APISERVER_PORT" admin "$ATRIUM_LOCAL/pki"
  start_etcd
  start_kube_apiserver
  start_kube_controller_manager
  # Tests and the JUnit extension read where everything is from here (the replicas' lines are
  # atrium_up's; a hack/up running beside the tests keeps them until it writes them again).
  local env="$ATRIUM_LOCAL/control-plane.env"
  {
    echo "KUBECONFIG=$ATRIUM_LOCAL/kubeconfig"
    echo "KUBE_APISERVER_URL=https://127.0.0.1:$KUBE_APISERVER_PORT"
    echo "PKI_DIR=$ATRIUM_LOCAL/pki"
    echo "BIN_DIR=$ATRIUM_BIN"
    [[ -f $env ]] && grep '^ATRIUM_' "$env" || true
  } > "$env.tmp.$$"
  mv "$env.tmp.$$" "$env"
}

control_plane_down() {
  stop_process kube-controller-manager
  stop_process kube-apiserver
  stop_process etcd
}
