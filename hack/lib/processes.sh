# Background processes of hack/up, tracked by pid files under $ATRIUM_LOCAL/run.
# Only processes started here are ever signalled, and only while their command line still
# names the binary they were started as (a pid can be reused after its process ended).

pid_alive() { # name
  local f="$ATRIUM_LOCAL/run/$1.pid" pid
  [[ -f $f ]] || return 1
  pid="$(<"$f")"
  [[ -r /proc/$pid/cmdline ]] || return 1
  # The process may end between the test above and this read.
  { tr '\0' ' ' < "/proc/$pid/cmdline"; } 2>/dev/null | grep -qF "$(<"$ATRIUM_LOCAL/run/$1.cmd")"
}

start_process() { # name binary args...
  local name=$1; shift
  mkdir -p "$ATRIUM_LOCAL/run" "$ATRIUM_LOCAL/logs"
  if pid_alive "$name"; then return; fi
  # setsid: a Ctrl-C in the shell that ran hack/up does not reach the control plane.
  # The state lock (lock_state) stays with this script: a replica holding it would block the next hack/up.
  if [[ -n ${ATRIUM_LOCK_FD:-} ]]; then
    setsid "$@" >>"$ATRIUM_LOCAL/logs/$name.log" 2>&1 < /dev/null {ATRIUM_LOCK_FD}>&- &
  else
    setsid "$@" >>"$ATRIUM_LOCAL/logs/$name.log" 2>&1 < /dev/null &
  fi
  echo $! > "$ATRIUM_LOCAL/run/$name.pid"
  printf '%s' "$1" > "$ATRIUM_LOCAL/run/$name.cmd"
}

stop_process() { # name [signal]
  local name=$1 sig=${2:-TERM} f="$ATRIUM_LOCAL/run/$1.pid" pid i
  [[ -f $f ]] || return 0
  pid="$(<"$f")"
  if pid_alive "$name"; then
    kill "-$sig" "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do pid_alive "$name" || break; sleep 0.1; done
    if pid_alive "$name"; then
      log "$name (pid $pid) did not stop in 10s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      for ((i = 0; i < 50; i++)); do pid_alive "$name" || break; sleep 0.1; done
    fi
  fi
  rm -f "$f" "$ATRIUM_LOCAL/run/$name.cmd"
}

wait_for() { # description timeout-seconds command...
  local what=$1 timeout=$2 deadline; shift 2
  deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || die "$what not ready after ${timeout}s (logs under $ATRIUM_LOCAL/logs)"
    sleep 0.2
  done
}

wait_for_process() { # name timeout-seconds command...: like wait_for, failing at once if the process died
  local name=$1 timeout=$2 deadline; shift 2
  deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    pid_alive "$name" || { tail -5 "$ATRIUM_LOCAL/logs/$name.log" >&2; die "$name exited (log: $ATRIUM_LOCAL/logs/$name.log)"; }
    ((SECONDS < deadline)) || die "$name not ready after ${timeout}s (log: $ATRIUM_LOCAL/logs/$name.log)"
    sleep 0.2
  done
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
