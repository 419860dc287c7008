#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# `make check`: runs every test suite, keeps each one's log, and prints the total
# as "N passed, N failed" (cmocka's and our scripts' counts summed; a suite that
# fails without counting counts as one failure). Exit status 1 if anything failed.
#
# Usage: tests/run-checks.sh [SUITE...]   (default: all; `tests/run-checks.sh --list`)
# CHECK_JOBS=N runs N suites at a time (default: the number of CPUs, at most 4); suites that
# share a build directory or read another's run one after the other in one job. Each suite's
# lines are printed once its job ends.
set -u

srctree=${srctree:-$(cd "$(dirname "$0")/.." && pwd)}
objtree=${objtree:-$srctree/build}
checkdir=$objtree/check
logdir=$checkdir/logs
mkdir -p "$logdir"
export srctree

results=$checkdir/results	# one line a suite: NAME PASSED FAILED
: > "$results"

# Sums the counts a suite printed: our "N passed, N failed" lines and cmocka's
# "[  PASSED  ] N test(s)." / "[  FAILED  ] N test(s)" lines.
count_results() {
	local log=$1 p=0 f=0 n
	while read -r n; do p=$((p + n)); done < <(sed -n 's/^\(.*: \)\{0,1\}\([0-9][0-9]*\) passed, [0-9][0-9]* failed.*$/\2/p' "$log")
	while read -r n; do f=$((f + n)); done < <(sed -n 's/^\(.*: \)\{0,1\}[0-9][0-9]* passed, \([0-9][0-9]*\) failed.*$/\2/p' "$log")
	while read -r n; do p=$((p + n)); done < <(sed -n 's/^\[  PASSED  \] \([0-9][0-9]*\) test.*$/\1/p' "$log")
	while read -r n; do f=$((f + n)); done < <(sed -n 's/^\[  FAILED  \] \([0-9][0-9]*\) test.*$/\1/p' "$log")
	echo "$p $f"
}

run_suite() {
	local name=$1; shift
	local log=$logdir/$name.log rc p f
	printf '=== %-28s ' "$name"
	"$@" > "$log" 2>&1
	rc=$?
	read -r p f < <(count_results "$log")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1	# failed without saying what: count the suite itself
	fi
	if [ "$rc" -eq 0 ] && [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
		p=1	# a suite that only succeeds or fails (a build) counts once
	fi
	echo "$name $p $f" >> "$results"
	if [ "$rc" -ne 0 ] || [ "$f" -ne 0 ]; then
		echo "FAIL ($p passed, $f failed; log: ${log#$srctree/})"
		grep -E '^(FAIL|\[  FAILED  \]|error|.*[Ee]rror:)' "$log" | head -20 | sed 's/^/      /'
	else
		echo "ok   ($p passed)"
	fi
}

suite_kconfig() {
	make -C "$srctree/scripts/kconfig" O="$objtree/scripts/kconfig" check
}

# A host unit suite: tests/unit/DIR's make check (cmocka), built in build/unit/DIR.
suite_unit() {
	make -C "$srctree/tests/unit/$1" O="$objtree/unit/$1" check
}

suite_menuconfig() {
	make -C "$srctree/scripts/kconfig" O="$objtree/scripts/kconfig" &&
	"$srctree/tests/kconfig/mconf-test.sh" "$objtree/scripts/kconfig/mconf" "$srctree"
}

suite_tools() {
	make -C "$srctree/scripts/tools" O="$objtree/tools" check
}

suite_options() {
	"$srctree/tests/system/options-test.sh" "$checkdir/options"
}

suite_ci() {
	"$srctree/tests/system/ci-test.sh" "$checkdir/ci"
}

suite_build() {
	"$srctree/tests/system/build-test.sh" "$checkdir/build"
}

suite_apps() {
	"$srctree/tests/system/app-test.sh" "$checkdir/apps"
}

suite_trace() {
	"$srctree/tests/system/trace-test.sh" "$checkdir/trace"
}

suite_signing() {
	"$srctree/tests/system/signing-test.sh" "$checkdir/signing"
}

suite_reserved_memory() {
	"$srctree/tests/system/reserved-memory-test.sh" "$checkdir/reserved-memory" "$checkdir/boot-qemu_arm_virt"
}

suite_guest() {
	"$srctree/tests/system/guest-test.sh" "$checkdir/guest"
}

suite_vm() {
	"$srctree/tests/system/vm-test.sh" "$checkdir/vm"
}

suite_card() {
	"$srctree/tests/system/card-test.sh" "$checkdir/card"
}

suite_upgrade() {
	"$srctree/tests/system/upgrade-test.sh" "$checkdir/upgrade"
}

suite_storage() {
	"$srctree/tests/system/storage-test.sh" "$checkdir/storage"
}

suite_boot_qemu() {
	local board=$1 out=$checkdir/boot-$1
	make -C "$srctree" O="$out" "${board}_defconfig" &&
	make -C "$srctree" O="$out" qemu-test
}

suite_kernel_tests() {
	local board=$1 out=$checkdir/boot-$1
	make -C "$srctree" O="$out" "${board}_defconfig" &&
	make -C "$srctree" O="$out" qemu-kernel-test
}

# The GICv2 hypervisor build (QEMU virt's default GIC, virtualization=on):
# the cases that touch guests and interrupts, the rest being the GICv3 run's.
suite_kernel_tests_gicv2() {
	local out=$checkdir/boot-qemu_arm_virt_hyp_gicv2
	make -C "$srctree" O="$out" qemu_arm_virt_hyp_gicv2_defconfig &&
	make -C "$srctree" O="$out" qemu-kernel-test \
		KERNEL_TESTS="$(sed -n 's/^TEST_ENTRY(\(\(vcpu\|irq\)_[a-z0-9_]*\))$/\1/p' "$srctree/tests/kernel/tests.def" | tr '\n' ' ')"
}

all_suites=(klib kernel-unit vmm-unit vmm-platform net-responder sdmmc-unit sdmmc-hosts manifest kconfig menuconfig options ci tools build qemu_arm_virt qemu_arm_virt_hyp qemu_arm_virt_hyp_gicv2 reserved-memory apps signing trace guest vm storage card upgrade)

if [ "${1:-}" = "--list" ]; then
	printf '%s\n' "${all_suites[@]}"
	exit 0
fi
suites=("${@:-${all_suites[@]}}")
[ $# -gt 0 ] || suites=("${all_suites[@]}")

# One suite by name (its run_suite lines on stdout).
run_named() {
	local s=$1
	case $s in
	klib)		run_suite klib suite_unit klib ;;
	kernel-unit)	run_suite kernel-unit suite_unit kernel ;;
	vmm-unit)	run_suite vmm-unit suite_unit vmm ;;
	vmm-platform)	run_suite vmm-platform suite_unit vmm_platform ;;
	net-responder)	run_suite net-responder suite_unit net_responder ;;
	sdmmc-unit)	run_suite sdmmc-unit suite_unit sdmmc ;;
	sdmmc-hosts)	run_suite sdmmc-hosts suite_unit sdmmc_hosts ;;
	manifest)	run_suite manifest suite_unit manifest ;;
	kconfig)	run_suite kconfig suite_kconfig ;;
	menuconfig)	run_suite menuconfig suite_menuconfig ;;
	tools)		if [ -f "$srctree/scripts/tools/Makefile" ]; then run_suite tools suite_tools; fi ;;
	options)	run_suite options suite_options ;;
	ci)		run_suite ci suite_ci ;;
	build)		run_suite build suite_build ;;
	apps)		run_suite apps suite_apps ;;
	signing)	run_suite signing suite_signing ;;
	trace)		run_suite trace suite_trace ;;
	guest)		run_suite guest suite_guest ;;
	vm)		run_suite vm suite_vm ;;
	storage)	run_suite storage suite_storage ;;
	card)		run_suite card suite_card ;;
	upgrade)	run_suite upgrade suite_upgrade ;;
	reserved-memory) run_suite reserved-memory suite_reserved_memory ;;
	qemu_arm_virt|qemu_arm_virt_hyp)
			run_suite "boot-$s" suite_boot_qemu "$s"
			run_suite "kernel-$s" suite_kernel_tests "$s" ;;
	qemu_arm_virt_hyp_gicv2) run_suite kernel-qemu_arm_virt_hyp_gicv2 suite_kernel_tests_gicv2 ;;
	*)		echo "unknown suite '$s' (tests/run-checks.sh --list)" >&2; exit 2 ;;
	esac
}

# Suites that must not run beside each other go in one job, in this order: kconfig and
# menuconfig build the same kconfig tools; reserved-memory reads boot-qemu_arm_virt's image;
# guest and vm fill the same package cache.
chained_after() {
	case $1 in
	menuconfig) echo kconfig ;;
	reserved-memory) echo qemu_arm_virt ;;
	vm) echo guest ;;
	esac
}

# The longest suites start first (minutes on 2 cores, two at a time), so that the short ones fill
# in beside them rather than one long suite running alone at the end.
longest_first=(build qemu_arm_virt_hyp qemu_arm_virt card upgrade qemu_arm_virt_hyp_gicv2 guest apps signing storage trace)
ordered=()
for s in "${longest_first[@]}"; do
	case " ${suites[*]} " in *" $s "*) ordered+=("$s") ;; esac
done
for s in "${suites[@]}"; do
	case " ${longest_first[*]} " in *" $s "*) ;; *) ordered+=("$s") ;; esac
done

# The jobs: each a space-separated run of suites, a suite joining the job of the one it follows.
jobs_list=()
for s in "${ordered[@]}"; do
	case " ${all_suites[*]} " in *" $s "*) ;; *) echo "unknown suite '$s' (tests/run-checks.sh --list)" >&2; exit 2 ;; esac
	after=$(chained_after "$s")
	placed=0
	if [ -n "$after" ]; then
		for i in "${!jobs_list[@]}"; do
			case " ${jobs_list[$i]} " in *" $after "*) jobs_list[$i]="${jobs_list[$i]} $s"; placed=1 ;; esac
		done
	fi
	[ "$placed" -eq 1 ] || jobs_list+=("$s")
done

cpus=$(nproc 2> /dev/null || echo 1)
max_jobs=${CHECK_JOBS:-$((cpus < 4 ? cpus : 4))}
[ "$max_jobs" -ge 1 ] 2> /dev/null || max_jobs=1
running=0
for i in "${!jobs_list[@]}"; do
	if [ "$running" -ge "$max_jobs" ]; then
		wait -n
		running=$((running - 1))
	fi
	(
		out=$checkdir/job-$i.out
		for s in ${jobs_list[$i]}; do run_named "$s"; done > "$out" 2>&1
		cat "$out"
	) &
	running=$((running + 1))
done
wait

total_passed=0
total_failed=0
failed_suites=()
while read -r name p f; do
	total_passed=$((total_passed + p))
	total_failed=$((total_failed + f))
	[ "$f" -eq 0 ] || failed_suites+=("$name")
done < "$results"

echo
if [ ${#failed_suites[@]} -ne 0 ]; then
	echo "failed suites: ${failed_suites[*]} (logs in ${logdir#$srctree/})"
fi
echo "$total_passed passed, $total_failed failed"
[ "$total_failed" -eq 0 ]
