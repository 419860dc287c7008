#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# make bench-vmm: the microVM guest's boot time, from QEMU's start to the guest's
# "microvm: init done" line (wall time, median of RUNS, default 3), on bare QEMU
# (scripts/guest-qemu.sh) and under Kauri's VMM (qemu_arm_virt_hyp with tests/bench/vmm-bench.dts,
# built in OBJ-DIR/bench-vmm), in one run, and their ratio; then the VMM's memory beyond the
# guest's RAM (its pool, as the root server reports it).
#
# Usage: tests/bench/vmm.sh GUEST-DIR OBJ-DIR     (GUEST-DIR built by make guest)
set -eu

srctree=$(cd "$(dirname "$0")/../.." && pwd)
dir=${1:?usage: tests/bench/vmm.sh GUEST-DIR OBJ-DIR}
obj=${2:?usage: tests/bench/vmm.sh GUEST-DIR OBJ-DIR}/bench-vmm
runs=${RUNS:-3}

now() { date +%s.%N; }

# Seconds from the start of the command to the line; no ping on the command line (its
# intervals are not boot).
one_run() {
	start=$(now)
	"$@" < /dev/null 2>&1 | {
		t=
		while IFS= read -r line; do
			case $line in *"microvm: init done"*) [ -n "$t" ] || t=$(now) ;; esac
		done
		[ -n "$t" ] || { echo "error: the guest never printed 'microvm: init done'" >&2; exit 1; }
		awk -v t="$t" -v s="$start" 'BEGIN { printf "%.3f\n", t - s }'
	}
}

# Median of RUNS runs of the command: "MEDIAN (t1 t2 ...)".
median_of() {
	times=
	i=0
	while [ $i -lt "$runs" ]; do
		times="$times $(one_run "$@")"
		i=$((i + 1))
	done
	median=$(printf '%s\n' $times | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
	printf '%s (%s)' "$median" "$(printf ' %.2f' $times | cut -c2-)"
}

echo "  BUILD   $obj: qemu_arm_virt_hyp, CONFIG_VMM, tests/bench/vmm-bench.dts"
{
	make -C "$srctree" O="$obj" qemu_arm_virt_hyp_defconfig &&
	sed -i -e 's/^CONFIG_MANIFEST_BOARD_DEFAULT=y$/# CONFIG_MANIFEST_BOARD_DEFAULT is not set/' "$obj/.config" &&
	printf 'CONFIG_VMM=y\nCONFIG_MANIFEST_CUSTOM=y\nCONFIG_MANIFEST_PATH="tests/bench/vmm-bench.dts"\n' >> "$obj/.config" &&
	make -C "$srctree" O="$obj" olddefconfig && make -C "$srctree" O="$obj"
} > "$obj.build.log" 2>&1 || { echo "error: the benchmark image did not build (see $obj.build.log)" >&2; exit 1; }

kauri_qemu() {
	qemu-system-aarch64 -M virt,virtualization=on,gic-version=3 -cpu cortex-a53 -m 1024 -smp 1 \
		-nographic -no-reboot -nic none -semihosting -kernel "$obj/kauri.img"
}

bare=$(median_of "$srctree/scripts/guest-qemu.sh" "$dir")
kauri=$(median_of kauri_qemu)
printf 'bare QEMU: reset to init: %.2f s (median of %d: %s)\n' "${bare%% *}" "$runs" "${bare#* (}" | tr -d ')'
printf 'Kauri VMM: reset to init: %.2f s (median of %d: %s)\n' "${kauri%% *}" "$runs" "${kauri#* (}" | tr -d ')'
awk -v k="${kauri%% *}" -v b="${bare%% *}" 'BEGIN { printf "ratio Kauri / bare QEMU: %.2fx (goal <= 1.3x; KVM + kvmtool nested in QEMU: about 1.7x)\n", k / b }'

# The VMM's memory beyond the guest's RAM: its pool (everything made for it but the RAM budget).
kauri_qemu < /dev/null 2>&1 | tr -d '\r' > "$obj.console.log"
sed -n "s/^rootserver: app vm0: microVM with 256 MiB of RAM, its VMM's pool \([0-9]*\) KiB.*/\1/p" "$obj.console.log" | head -n 1 | {
	read -r pool_kib || { echo "VMM memory beyond guest RAM: not reported (no pool line on the console)"; exit 0; }
	awk -v p="$pool_kib" 'BEGIN { printf "VMM memory beyond guest RAM: %.1f MiB (its pool; goal <= 2 MiB, Firecracker <= 5 MiB)\n", p / 1024 }'
}
