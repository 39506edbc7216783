#!/usr/bin/env bash
# A single-node Slurm cluster for the sweep's Slurm test (Properties/Sweep/SlurmTests.cs), as root, idempotent:
# install slurm-wlm and munge, start munged as user munge, write a minimal slurm.conf for this host, start slurmctld
# and slurmd, wait until sinfo shows the node idle. Daemons this script starts are listed in $STATE/started so that
# .ci/teardown-slurm.sh stops exactly those (a daemon that was already running is left alone).
# If the cluster cannot be started, the reason goes to $STATE/failure and the script still exits 0: the other tests
# run, and the Slurm test fails with that reason (it is never skipped).
set -euo pipefail
STATE=/run/hhf-ci-slurm
mkdir -p "$STATE"
rm -f "$STATE/failure"
fail() {
  echo "slurm: $1" | tee "$STATE/failure" >&2
  exit 0
}
trap 'fail "setup-slurm.sh line $LINENO failed: $BASH_COMMAND"' ERR

if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null || ! command -v sbatch >/dev/null; then
  echo "installing slurm-wlm and munge"
  export DEBIAN_FRONTEND=noninteractive
  # Other setup scripts may hold the dpkg lock: wait for it rather than fail.
  apt-get -o DPkg::Lock::Timeout=600 update -q
  apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends slurm-wlm munge >/dev/null
fi

# munge: a key, its runtime folder owned by munge, the daemon run as munge.
if [ ! -s /etc/munge/munge.key ]; then
  if command -v mungekey >/dev/null; then mungekey --create --force >/dev/null 2>&1 || true; fi
  if [ ! -s /etc/munge/munge.key ]; then dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none; fi
fi
chown munge:munge /etc/munge/munge.key; chmod 400 /etc/munge/munge.key
mkdir -p /run/munge /var/lib/munge /var/log/munge
chown munge:munge /run/munge /var/lib/munge /var/log/munge
chmod 755 /run/munge
if ! munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1; then
  runuser -u munge -- munged --force
  for _ in $(seq 50); do munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.1; done
  pgrep -u munge -x munged >>"$STATE/started.munged" || true
  echo munged >>"$STATE/started"
fi

host=$(hostname)
cpus=$(nproc)
mem=$(awk '/MemTotal/ {print int($2/1024*0.9)}' /proc/meminfo)
mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm
conf=$(cat <<CONF
# Written by .ci/setup-slurm.sh: a single-node cluster for the sweep tests.
ClusterName=hhf
SlurmctldHost=$host
SlurmUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
JobAcctGatherType=jobacct_gather/none
MpiDefault=none
ReturnToService=2
SchedulerType=sched/backfill
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
)
if [ ! -f /etc/slurm/slurm.conf ] || [ "$(cat /etc/slurm/slurm.conf)" != "$conf" ]; then
  printf '%s\n' "$conf" >/etc/slurm/slurm.conf
  restart=1
else
  restart=0
fi

running() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
if [ "$restart" = 1 ] && running /run/slurmctld.pid && grep -qx slurmctld "$STATE/started" 2>/dev/null; then
  scontrol reconfigure || true
fi
if ! running /run/slurmctld.pid; then
  slurmctld
  echo slurmctld >>"$STATE/started"
fi
if ! running /run/slurmd.pid; then
  slurmd
  echo slurmd >>"$STATE/started"
fi

# Wait until the node is idle (a node that was down is resumed once).
for i in $(seq 60); do
  state=$(sinfo -h -N -n "$host" -o '%t' 2>/dev/null | head -n 1 || true)
  case "$state" in
    idle*|mix*|alloc*) echo "slurm: node $host is $state"; exit 0 ;;
    down*|drain*) scontrol update NodeName="$host" State=RESUME >/dev/null 2>&1 || true ;;
  esac
  sleep 1
done
fail "node $host did not become idle within 60 s (sinfo: '${state:-no answer}'); see /var/log/slurm/*.log"
