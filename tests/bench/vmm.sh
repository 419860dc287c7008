#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# make bench-vmm: the microVM guest on bare QEMU (scripts/guest-qemu.sh) and under Kauri's VMM
# (qemu_arm_virt_hyp with tests/bench/vmm-bench.dts, built in OBJ-DIR/bench-vmm), in one run,
# with the same kernel, initrd and a 16 MiB disk (disk.img grown): the time from the machine's
# reset to the guest's init, which the guest reads from its counter (vmm/guest/counter.c), once
# with instructions counted (-icount shift=0,sleep=off: the same every run) and as the median of
# RUNS (default 3) runs in real time, with the wall time from QEMU's start beside it; the ratios;
# then what the guest measures itself (kauri.bench=1: dd of the disk, console lines, pings to
# the network peer: QEMU's gateway on bare QEMU, net_responder under Kauri), and the VMM's
# memory beside the guest's RAM, as the root server reports it.
#
# Usage: tests/bench/vmm.sh GUEST-DIR OBJ-DIR     (GUEST-DIR built by make guest)
set -eu

srctree=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=../system/lib.sh
. "$srctree/tests/system/lib.sh"
dir=${1:?usage: tests/bench/vmm.sh GUEST-DIR OBJ-DIR}
obj=${2:?usage: tests/bench/vmm.sh GUEST-DIR OBJ-DIR}/bench-vmm
runs=${RUNS:-3}
now() { date +%s.%N; }

# The guest's disk, grown to 16 MiB so that dd reads something worth timing (the ext2 inside
# stays 1 MiB: the guest still mounts it).
mkdir -p "$obj/guest"
"$srctree/scripts/guest.sh" "$obj/guest" > /dev/null
cp "$obj/guest/disk.img" "$obj/guest/bench-disk.img"
truncate -s 16M "$obj/guest/bench-disk.img"

echo "  BUILD   $obj: qemu_arm_virt_hyp, tests/bench/vmm-bench.dts"
build_image "$obj.build.log" "$obj" qemu_arm_virt_hyp tests/bench/vmm-bench.dts ||
	{ echo "error: the benchmark image did not build (see $obj.build.log)" >&2; exit 1; }

# Both exec QEMU, so that the caller's $! is QEMU itself.
bare_qemu() {
	# shellcheck disable=SC2086 # kernel arguments, one word each
	GUEST_DISK=$obj/guest/bench-disk.img QEMU_ARGS=$qemu_args exec "$srctree/scripts/guest-qemu.sh" "$dir" $args
}
kauri_exec() {
	# shellcheck disable=SC2086 # a list of options
	exec qemu-system-aarch64 -M virt,virtualization=on,gic-version=3 -cpu cortex-a53 -m 1024 -smp 1 $qemu_args \
		-nographic -no-reboot -nic none -semihosting -kernel "$obj/kauri.img"
}

# Kauri's system does not end by itself (net_responder runs on): QEMU is stopped once vm0 has.
# (The run with instructions counted stops at the guest's init: kauri_exec is QEMU itself.)
kauri_qemu() {
	kauri_exec &
	qemu=$!
	while ! grep -q '^rootserver: app vm0 exited' "$log" 2> /dev/null && kill -0 "$qemu" 2> /dev/null; do
		sleep 0.2
	done
	kill "$qemu" 2> /dev/null || :
	wait "$qemu" 2> /dev/null || :
}

# The guest's counter at its init (seconds from reset) in LOG.
init_reached() {
	tr -d '\r' < "$1" | sed -n 's/^.*microvm: bench: init reached \([0-9.]*\) s after reset.*/\1/p' | grep . ||
		{ echo "error: no 'microvm: bench: init reached' line (see $1)" >&2; exit 1; }
}

# One run to the guest's init: "WALL COUNTER", the seconds from the command's start (QEMU's,
# loading the image included) and from the machine's reset (the guest's counter); the console
# goes to LOG. Runs to the end unless STOP_AT_INIT is set.
one_run() {
	log=$1
	shift
	: > "$log"
	start=$(now)
	# Straight to the file: a filter in between would hold the line back in its buffer.
	"$@" < /dev/null > "$log" 2>&1 &
	pid=$!
	while ! grep -q 'microvm: bench: init reached' "$log" 2> /dev/null; do
		kill -0 "$pid" 2> /dev/null || { echo "error: no 'microvm: bench: init reached' (see $log)" >&2; exit 1; }
		sleep 0.01
	done
	t=$(now)
	[ -z "${STOP_AT_INIT:-}" ] || kill "$pid" 2> /dev/null || :
	wait "$pid" 2> /dev/null || :
	echo "$(awk -v t="$t" -v s="$start" 'BEGIN { printf "%.3f", t - s }') $(init_reached "$log")"
}

# RUNS runs of the command: "WALL-MEDIAN COUNTER-MEDIAN W1/C1 W2/C2 ..."; the last run's console
# is in LOG.
median_of() {
	log=$1
	shift
	walls='' counters='' pairs=''
	i=0
	while [ $i -lt "$runs" ]; do
		# shellcheck disable=SC2046 # "WALL COUNTER", two words
		set -- $(one_run "$log" "$@") "$@"
		walls="$walls $1" counters="$counters $2" pairs="$pairs $1/$2"
		shift 2
		i=$((i + 1))
	done
	# shellcheck disable=SC2086 # lists of numbers
	echo "$(median $walls) $(median $counters)$pairs"
}

# Reset to init in instructions: QEMU counts one nanosecond per instruction and jumps over idle
# time (-icount shift=0,sleep=off), so neither the machine's load nor its memory shows; one run
# is enough, it is the same every time.
args="kauri.bench=1 kauri.ping=10.0.2.2"
qemu_args="-icount shift=0,sleep=off"
bare_counted=$(STOP_AT_INIT=1 one_run "$obj.bare-counted.log" bare_qemu)
bare_counted=${bare_counted#* }
kauri_counted=$(STOP_AT_INIT=1 one_run "$obj.kauri-counted.log" kauri_exec)
kauri_counted=${kauri_counted#* }
echo "reset to init, instructions counted (-icount shift=0,sleep=off: 1 ns each, idle skipped):"
awk -v k="$kauri_counted" -v b="$bare_counted" 'BEGIN {
	printf "  bare QEMU %.3f s, Kauri VMM %.3f s: Kauri / bare %.2fx (goal <= 1.3x)\n", b, k, k / b }'

# In real time, as a user waits for it, and what the guest measures itself.
qemu_args=
bare=$(median_of "$obj.bare.log" bare_qemu)
kauri=$(median_of "$obj.kauri.log" kauri_qemu)
set -- $bare
bare_wall=$1 bare_reset=$2
shift 2
bare_runs=$*
set -- $kauri
kauri_wall=$1 kauri_reset=$2
shift 2
echo "reset to init, real time (the guest's counter; median of $runs, runs as wall/counter s):"
awk -v k="$kauri_reset" -v b="$bare_reset" 'BEGIN {
	printf "  bare QEMU %.2f s, Kauri VMM %.2f s: Kauri / bare %.2fx (KVM + kvmtool nested in QEMU: about 1.7x)\n", b, k, k / b }'
echo "QEMU's start to init, wall time (QEMU loading the image first: Kauri's carries the guest's files):"
awk -v k="$kauri_wall" -v b="$bare_wall" 'BEGIN {
	printf "  bare QEMU %.2f s, Kauri VMM %.2f s: Kauri / bare %.2fx\n", b, k, k / b }'
echo "  bare runs: $bare_runs"
echo "  Kauri runs: $*"

for side in bare kauri; do
	tr -d '\r' < "$obj.$side.log" | sed -n "s/^.*microvm: bench: /  $side: /p"
done
tr -d '\r' < "$obj.kauri.log" | sed -n "s/^rootserver: app vm0: microVM with \([0-9]*\) MiB of RAM, its VMM's pool \([0-9]*\) KiB.*/\1 \2/p" |
	head -n 1 | {
	read -r ram pool || { echo "VMM memory beside the guest's RAM: not reported"; exit 0; }
	awk -v r="$ram" -v p="$pool" 'BEGIN { printf "VMM memory beside the guest'"'"'s %d MiB of RAM: %.1f MiB (its pool; goal <= 2 MiB, Firecracker <= 5 MiB)\n", r, p / 1024 }'
}
