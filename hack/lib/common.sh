# Shared by every hack/ entry point: paths, versions, logging.
set -euo pipefail

ATRIUM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=../versions.env
source "$ATRIUM_ROOT/hack/versions.env"

# Heavy builds live outside the repository, keyed by version, and survive a fresh clone.
ATRIUM_CACHE="${ATRIUM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/atrium}"
# Runtime state of hack/up: certificates, data, logs, pid files, kubeconfig.
ATRIUM_LOCAL="${ATRIUM_LOCAL:-$ATRIUM_ROOT/.local}"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# hack/up, hack/down and hack/test's set-up change the same state (processes, the Helm
# release): one at a time per state directory, e.g. when tests restart replicas concurrently.
lock_state() {
  mkdir -p "$ATRIUM_LOCAL"
  exec {ATRIUM_LOCK_FD}>"$ATRIUM_LOCAL/.lock"
  flock "$ATRIUM_LOCK_FD"
}
unlock_state() { exec {ATRIUM_LOCK_FD}>&-; ATRIUM_LOCK_FD=; }
