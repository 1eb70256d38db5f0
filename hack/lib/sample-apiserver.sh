# k8s.io/sample-apiserver as the benchmark's peer: a second aggregated API server
# (wardle.example.com/v1alpha1) on the same control plane, registered the way Atrium is:
# kubectl -> kube-apiserver -> an ExternalName Service to localhost -> sample-apiserver.
# It keeps its objects in the same etcd under its own prefix, and delegates authentication and
# authorization to kube-apiserver (TokenReview, SubjectAccessReview, the front-proxy CA from
# kube-system/extension-apiserver-authentication) through the admin kubeconfig.

SAMPLE_NAMESPACE=atrium-bench
SAMPLE_SERVICE=sample-apiserver
SAMPLE_APISERVICE=v1alpha1.wardle.example.com

# Its own CA, put into the APIService's caBundle; kube-aggregator verifies the serving
# certificate for <service>.<namespace>.svc.
ensure_sample_apiserver_pki() {
  local d="$ATRIUM_LOCAL/pki"
  pki_ca "$d" sample-apiserver-ca "atrium-local-sample-apiserver-ca"
  pki_leaf "$d" sample-apiserver sample-apiserver-ca "/CN=$SAMPLE_SERVICE.$SAMPLE_NAMESPACE.svc" serverAuth \
    "DNS:$SAMPLE_SERVICE.$SAMPLE_NAMESPACE.svc,DNS:$SAMPLE_SERVICE.$SAMPLE_NAMESPACE.svc.cluster.local,DNS:localhost,IP:127.0.0.1"
  chmod 600 "$d"/*.key
}

sample_apiserver_port() {
  local f="$ATRIUM_LOCAL/ports.env"
  grep -q '^SAMPLE_APISERVER_PORT=' "$f" || echo "SAMPLE_APISERVER_PORT=$(free_port)" >> "$f"
  sed -n 's/^SAMPLE_APISERVER_PORT=//p' "$f"
}

sample_apiserver_ready() {
  curl -sf --cacert "$ATRIUM_LOCAL/pki/sample-apiserver-ca.crt" "https://127.0.0.1:$1/readyz" | grep -q '^ok'
}

sample_apiserver_available() {
  [[ $("$ATRIUM_BIN/kubectl" --kubeconfig "$ATRIUM_LOCAL/kubeconfig" get apiservice "$SAMPLE_APISERVICE" \
    -o 'jsonpath={.status.conditions[?(@.type=="Available")].status}') == True ]]
}

# Starts sample-apiserver (if not running) and registers its APIService; returns once
# kube-apiserver reports the APIService available.
sample_apiserver_up() {
  local port kc="$ATRIUM_LOCAL/kubeconfig" kubectl="$ATRIUM_BIN/kubectl --kubeconfig $ATRIUM_LOCAL/kubeconfig"
  ensure_sample_apiserver
  ensure_sample_apiserver_pki
  port="$(sample_apiserver_port)"
  # All default admission plugins stay on (NamespaceLifecycle, the admission webhooks and
  # policies, and its own BanFlunder): they watch their configuration through --kubeconfig,
  # whose admin identity may list and watch it, as kube-apiserver's own admission does for CRDs.
  start_process sample-apiserver "$ATRIUM_BIN/sample-apiserver" \
    --bind-address=127.0.0.1 --secure-port="$port" \
    --tls-cert-file="$ATRIUM_LOCAL/pki/sample-apiserver.crt" --tls-private-key-file="$ATRIUM_LOCAL/pki/sample-apiserver.key" \
    --etcd-servers="http://127.0.0.1:$ETCD_CLIENT_PORT" --etcd-prefix=/sample-apiserver \
    --kubeconfig="$kc" --authentication-kubeconfig="$kc" --authorization-kubeconfig="$kc" \
    --profiling=false --v=1
  wait_for_process sample-apiserver 60 sample_apiserver_ready "$port"
  $kubectl apply --server-side --force-conflicts -f - >/dev/null <<YAML
apiVersion: v1
kind: Namespace
metadata:
  name: $SAMPLE_NAMESPACE
---
apiVersion: v1
kind: Service
metadata:
  name: $SAMPLE_SERVICE
  namespace: $SAMPLE_NAMESPACE
spec:
  type: ExternalName
  externalName: localhost
  ports:
  - name: https
    port: $port
    protocol: TCP
---
apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata:
  name: $SAMPLE_APISERVICE
spec:
  group: wardle.example.com
  version: v1alpha1
  service:
    name: $SAMPLE_SERVICE
    namespace: $SAMPLE_NAMESPACE
    port: $port
  caBundle: $(base64 -w0 "$ATRIUM_LOCAL/pki/sample-apiserver-ca.crt")
  groupPriorityMinimum: 1000
  versionPriority: 15
YAML
  wait_for_process sample-apiserver 60 sample_apiserver_available
}

# Unregisters the APIService first: an APIService whose server is gone makes discovery
# incomplete, and kube-controller-manager then cannot finish deleting any namespace.
sample_apiserver_down() {
  [[ -x $ATRIUM_BIN/kubectl && -f $ATRIUM_LOCAL/kubeconfig ]] && \
    "$ATRIUM_BIN/kubectl" --kubeconfig "$ATRIUM_LOCAL/kubeconfig" delete apiservice "$SAMPLE_APISERVICE" \
      --ignore-not-found --request-timeout=10s >/dev/null 2>&1 || true
  stop_process sample-apiserver
}
