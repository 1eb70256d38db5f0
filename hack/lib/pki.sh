# Certificates and keys of the local control plane, made once with openssl under $1/pki.
# Three CAs, as in a kubeadm cluster: the cluster CA (serving and client certificates),
# a separate front-proxy CA for the aggregation layer, and the service-account key pair.

pki_ca() { # dir name cn
  [[ -f $1/$2.crt ]] && return
  openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 3650 -subj "/CN=$3" \
    -keyout "$1/$2.key" -out "$1/$2.crt" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" 2>/dev/null
}

pki_leaf() { # dir name ca subject usage [sans]
  local dir=$1 name=$2 ca=$3 subj=$4 usage=$5 sans=${6:-}
  [[ -f $dir/$name.crt ]] && return
  local ext; ext="$(mktemp)"
  {
    echo "basicConstraints=critical,CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    echo "extendedKeyUsage=$usage"
    [[ -n $sans ]] && echo "subjectAltName=$sans"
  } > "$ext"
  openssl req -newkey rsa:2048 -nodes -sha256 -subj "$subj" -keyout "$dir/$name.key" -out "$dir/$name.csr" 2>/dev/null
  openssl x509 -req -sha256 -days 3650 -in "$dir/$name.csr" -CA "$dir/$ca.crt" -CAkey "$dir/$ca.key" \
    -CAcreateserial -extfile "$ext" -out "$dir/$name.crt" 2>/dev/null
  rm -f "$dir/$name.csr" "$ext"
}

ensure_pki() { # state dir
  local d="$1/pki"; mkdir -p "$d"; chmod 700 "$d"
  pki_ca "$d" ca "atrium-local-ca"
  pki_ca "$d" front-proxy-ca "atrium-local-front-proxy-ca"
  pki_leaf "$d" kube-apiserver ca "/CN=kube-apiserver" serverAuth \
    "DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,IP:127.0.0.1,IP:10.0.0.1"
  pki_leaf "$d" admin ca "/O=system:masters/CN=atrium-admin" clientAuth
  pki_leaf "$d" kube-controller-manager ca "/CN=system:kube-controller-manager" clientAuth
  pki_leaf "$d" front-proxy-client front-proxy-ca "/CN=front-proxy-client" clientAuth
  if [[ ! -f $d/sa.key ]]; then
    openssl genrsa -out "$d/sa.key" 2048 2>/dev/null
    openssl rsa -in "$d/sa.key" -pubout -out "$d/sa.pub" 2>/dev/null
  fi
  chmod 600 "$d"/*.key
}

# Written aside and renamed: tests and kubectl read it while a concurrent hack/up rewrites it.
write_kubeconfig() { # file server user-cert-name pki-dir
  local tmp="$1.tmp.$$"
  cat > "$tmp" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
- name: atrium-local
  cluster:
    server: $2
    certificate-authority: $4/ca.crt
users:
- name: $3
  user:
    client-certificate: $4/$3.crt
    client-key: $4/$3.key
contexts:
- name: atrium-local
  context:
    cluster: atrium-local
    user: $3
current-context: atrium-local
KUBECONFIG
  chmod 600 "$tmp"
  mv "$tmp" "$1"
}
