#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# make bench-vmm: the microVM guest on bare QEMU (scripts/guest-qemu.sh) and under Kauri's VMM
# (qemu_arm_virt_hyp with tests/bench/vmm-bench.dts, built in OBJ-DIR/bench-vmm), in one run,
# with the same kernel, initrd and a 16 MiB disk (disk.img grown): the time from QEMU's start to
# the guest's "microvm: init done" line (wall time, median of RUNS, default 3) and their ratio;
# then what the guest measures itself (kauri.bench=1: dd of the disk, console lines, pings to
# the network peer: QEMU's gateway on bare QEMU, net_responder under Kauri), and the VMM's
# memory beside the guest's RAM, as the root server reports it.
#
# Usage: tests/bench/vmm.sh GUEST-DIR OBJ-DIR     (GUEST-DIR built by make guest)
set -eu

srctree=$(cd "$(dirname "$0")/../.." && pwd)
dir=${1:?usage: tests/bench/vmm.sh GUEST-DIR OBJ-DIR}
obj=${2:?usage: tests/bench/vmm.sh GUEST-DIR OBJ-DIR}/bench-vmm
runs=${RUNS:-3}
args="kauri.bench=1 kauri.ping=10.0.2.2"

now() { date +%s.%N; }

# The guest's disk, grown to 16 MiB so that dd reads something worth timing (the ext2 inside
# stays 1 MiB: the guest still mounts it).
mkdir -p "$obj/guest"
"$srctree/scripts/guest.sh" "$obj/guest" > /dev/null
cp "$obj/guest/disk.img" "$obj/guest/bench-disk.img"
truncate -s 16M "$obj/guest/bench-disk.img"

echo "  BUILD   $obj: qemu_arm_virt_hyp, tests/bench/vmm-bench.dts"
{
	make -C "$srctree" O="$obj" qemu_arm_virt_hyp_defconfig &&
	sed -i -e 's/^CONFIG_MANIFEST_BOARD_DEFAULT=y$/# CONFIG_MANIFEST_BOARD_DEFAULT is not set/' "$obj/.config" &&
	printf 'CONFIG_MANIFEST_CUSTOM=y\nCONFIG_MANIFEST_PATH="tests/bench/vmm-bench.dts"\n' >> "$obj/.config" &&
	make -C "$srctree" O="$obj" olddefconfig && make -C "$srctree" O="$obj"
} > "$obj.build.log" 2>&1 || { echo "error: the benchmark image did not build (see $obj.build.log)" >&2; exit 1; }

bare_qemu() {
	GUEST_DISK=$obj/guest/bench-disk.img "$srctree/scripts/guest-qemu.sh" "$dir" $args
}

# Kauri's system does not end by itself (net_responder runs on): QEMU is stopped once vm0 has.
kauri_qemu() {
	qemu-system-aarch64 -M virt,virtualization=on,gic-version=3 -cpu cortex-a53 -m 1024 -smp 1 \
		-nographic -no-reboot -nic none -semihosting -kernel "$obj/kauri.img" &
	qemu=$!
	while ! grep -q '^rootserver: app vm0 exited' "$log" 2> /dev/null && kill -0 "$qemu" 2> /dev/null; do
		sleep 0.2
	done
	kill "$qemu" 2> /dev/null || :
	wait "$qemu" 2> /dev/null || :
}

# Seconds from the start of the command to "microvm: init done"; the console goes to $log.
one_run() {
	log=$1
	shift
	: > "$log"
	start=$(now)
	# Straight to the file: a filter in between would hold the line back in its buffer.
	"$@" < /dev/null > "$log" 2>&1 &
	while ! grep -q 'microvm: init done' "$log" 2> /dev/null; do
		kill -0 $! 2> /dev/null || { echo "error: no 'microvm: init done' (see $log)" >&2; exit 1; }
		sleep 0.01
	done
	t=$(now)
	wait
	awk -v t="$t" -v s="$start" 'BEGIN { printf "%.3f\n", t - s }'
}

# Median of RUNS runs of the command, then the times: "MEDIAN T1 T2 ..."; the last run's
# console is in LOG.
median_of() {
	log=$1
	shift
	times=
	i=0
	while [ $i -lt "$runs" ]; do
		times="$times $(one_run "$log" "$@")"
		i=$((i + 1))
	done
	echo "$(printf '%s\n' $times | sort -n | sed -n "$(( (runs + 1) / 2 ))p")$times"
}

bare=$(median_of "$obj.bare.log" bare_qemu)
kauri=$(median_of "$obj.kauri.log" kauri_qemu)
set -- $bare
printf 'bare QEMU: reset to init: %.2f s (median of %d:' "$1" "$runs"
shift
printf ' %.2f' "$@"
echo ")"
set -- $kauri
printf 'Kauri VMM: reset to init: %.2f s (median of %d:' "$1" "$runs"
shift
printf ' %.2f' "$@"
echo ")"
awk -v k="${kauri%% *}" -v b="${bare%% *}" 'BEGIN { printf "ratio Kauri / bare QEMU: %.2fx (goal <= 1.3x; KVM + kvmtool nested in QEMU: about 1.7x)\n", k / b }'

for side in bare kauri; do
	tr -d '\r' < "$obj.$side.log" | sed -n "s/^.*microvm: bench: /  $side: /p"
done
tr -d '\r' < "$obj.kauri.log" | sed -n "s/^rootserver: app vm0: microVM with \([0-9]*\) MiB of RAM, its VMM's pool \([0-9]*\) KiB.*/\1 \2/p" |
	head -n 1 | {
	read -r ram pool || { echo "VMM memory beside the guest's RAM: not reported"; exit 0; }
	awk -v r="$ram" -v p="$pool" 'BEGIN { printf "VMM memory beside the guest'"'"'s %d MiB of RAM: %.1f MiB (its pool; goal <= 2 MiB, Firecracker <= 5 MiB)\n", r, p / 1024 }'
}
