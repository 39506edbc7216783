#!/usr/bin/env bash
# Stops the Slurm and munge daemons that .ci/setup-slurm.sh started (and only those), by their pid files.
set -uo pipefail
STATE=/run/hhf-ci-slurm
[ -f "$STATE/started" ] || exit 0
stop() { # name pidfile
  if [ -f "$2" ]; then
    pid=$(cat "$2")
    kill "$pid" 2>/dev/null && for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    echo "stopped $1 ($pid)"
  fi
}
grep -qx slurmd "$STATE/started" && stop slurmd /run/slurmd.pid
grep -qx slurmctld "$STATE/started" && stop slurmctld /run/slurmctld.pid
grep -qx munged "$STATE/started" && stop munged /run/munge/munged.pid
rm -f "$STATE/started" "$STATE/started.munged"
exit 0
