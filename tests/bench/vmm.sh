#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# make bench-vmm: the microVM guest's boot time, from QEMU's start to the guest's
# "microvm: init done" line (wall time, median of RUNS, default 3). So far only the bare-QEMU
# half of the issue's benchmark: the Kauri half needs the VMM, which has not landed.
#
# Usage: tests/bench/vmm.sh GUEST-DIR     (built by make guest)
set -eu

srctree=$(cd "$(dirname "$0")/../.." && pwd)
dir=${1:?usage: tests/bench/vmm.sh GUEST-DIR}
runs=${RUNS:-3}

now() { date +%s.%N; }

# Seconds from QEMU's start to the line; no ping on the command line (its intervals are not boot).
one_run() {
	start=$(now)
	"$srctree/scripts/guest-qemu.sh" "$dir" < /dev/null 2>&1 | {
		t=
		while IFS= read -r line; do
			case $line in *"microvm: init done"*) [ -n "$t" ] || t=$(now) ;; esac
		done
		[ -n "$t" ] || { echo "error: the guest never printed 'microvm: init done'" >&2; exit 1; }
		awk -v t="$t" -v s="$start" 'BEGIN { printf "%.3f\n", t - s }'
	}
}

times=
i=0
while [ $i -lt "$runs" ]; do
	times="$times $(one_run)"
	i=$((i + 1))
done
median=$(printf '%s\n' $times | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
printf 'bare QEMU: reset to init: %.2f s (median of %d:%s)\n' "$median" "$runs" \
	"$(printf ' %.2f' $times)"
echo "Kauri VMM: reset to init: not measured (the VMM, vmm/, has not landed; issue 14)"
