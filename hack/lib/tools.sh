# Builds the local control plane's binaries from Go modules once per machine and caches them,
# keyed by version. A second call only verifies that they are there and run.

ATRIUM_BIN="$ATRIUM_CACHE/bin-k8s-$KUBERNETES_VERSION-etcd-$ETCD_VERSION-helm-$HELM_VERSION"

build_go_tools() { # $1 module dir under hack/tools, $2 output dir, $3 ldflags, rest: packages
  local mod="$ATRIUM_ROOT/hack/tools/$1" out="$2" ldflags="$3"; shift 3
  command -v go >/dev/null || die "Go is not installed (needed once to build the control plane binaries)"
  log "building ${mod##*/}: $* (first time on this machine; cached in $out)"
  local start=$SECONDS
  mkdir -p "$out.partial"
  (cd "$mod" && go build -trimpath -ldflags "$ldflags" -o "$out.partial/" "$@")
  mv "$out.partial"/* "$out/"; rmdir "$out.partial"
  log "built in $((SECONDS - start))s"
}

kube_ldflags() {
  local minor="${KUBERNETES_VERSION#v1.}" flags="-s -w" p
  minor="${minor%%.*}"
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    flags+=" -X $p.gitVersion=$KUBERNETES_VERSION -X $p.gitMajor=1 -X $p.gitMinor=$minor"
    flags+=" -X $p.gitTreeState=clean -X $p.buildDate=1970-01-01T00:00:00Z"
  done
  printf '%s' "$flags"
}

ensure_tools() {
  mkdir -p "$ATRIUM_BIN"
  local b="$ATRIUM_BIN"
  if [[ ! -x $b/kube-apiserver || ! -x $b/kube-controller-manager || ! -x $b/kubectl ]]; then
    build_go_tools kubernetes "$b" "$(kube_ldflags)" \
      k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kubectl
  fi
  [[ -x $b/etcd ]] || build_go_tools etcd "$b" "-s -w" .
  [[ -x $b/helm ]] || build_go_tools helm "$b" "-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION" helm.sh/helm/v3/cmd/helm
  command -v haproxy >/dev/null || { log "installing HAProxy from Debian's packages"; apt_install haproxy; }
  command -v unzip >/dev/null || { log "installing unzip from Debian's packages"; apt_install unzip; }
  # Captured first: grep -q exiting early would fail the pipeline under pipefail.
  reports "$b/kube-apiserver" "$KUBERNETES_VERSION" --version
  reports "$b/kubectl" "$KUBERNETES_VERSION" version --client
  reports "$b/etcd" "${ETCD_VERSION#v}" --version
  reports "$b/helm" "$HELM_VERSION" version --short
}

# The benchmark peer, k8s.io/sample-apiserver of the same release (v0.Y.Z for v1.Y.Z); only
# hack/bench needs it, so hack/up and hack/test do not build it.
ensure_sample_apiserver() {
  local b="$ATRIUM_BIN" want="v0.${KUBERNETES_VERSION#v1.}" mod="$ATRIUM_ROOT/hack/tools/sample-apiserver/go.mod"
  grep -q "^require k8s.io/sample-apiserver $want\$" "$mod" \
    || die "$mod does not require k8s.io/sample-apiserver $want (KUBERNETES_VERSION=$KUBERNETES_VERSION): update it with go get -tool k8s.io/sample-apiserver@$want"
  mkdir -p "$b"
  [[ -x $b/sample-apiserver ]] || build_go_tools sample-apiserver "$b" "$(kube_ldflags)" k8s.io/sample-apiserver
  # It has no --version; the module versions linked into it tell.
  if command -v go >/dev/null; then
    go version -m "$b/sample-apiserver" | grep -qE "^\s+(mod|dep)\s+k8s.io/sample-apiserver\s+$want\s" \
      || die "$b/sample-apiserver is not k8s.io/sample-apiserver $want"
  fi
  "$b/sample-apiserver" --help >/dev/null 2>&1 || die "$b/sample-apiserver --help failed"
}

reports() { # binary expected-version args...: the binary runs and reports the pinned version
  local binary=$1 expected=$2 out; shift 2
  out="$("$binary" "$@" 2>&1)" || die "$binary $* failed: $out"
  [[ $out == *"$expected"* ]] || die "$binary reports $out, expected $expected"
}
