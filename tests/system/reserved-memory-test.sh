#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# System test: a device tree with more reserved-memory regions than the boot banner lists.
# QEMU's own device tree for the virt machine gets 20 /reserved-memory regions spread over
# RAM; the kernel test image (built with the invariant checker, which refuses any boot
# untyped that holds reserved memory) must boot on it, say it saw them all, and run tests.
#
# Usage: tests/system/reserved-memory-test.sh WORKDIR [BUILD_DIR]
# (BUILD_DIR: an existing qemu_arm_virt build to reuse, as make check does)
set -u

. "$(dirname "$0")/lib.sh"
work_dir "${1:?usage: reserved-memory-test.sh WORKDIR [BUILD_DIR]}"
out=${2:-$work/build}
regions=20
finish() { echo "$passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit; }
qemu=(qemu-system-aarch64 -M virt -cpu cortex-a53 -m 1024 -smp 1 -nographic -no-reboot -nic none -semihosting)

if make -C "$srctree" O="$out" qemu_arm_virt_defconfig > "$work/build.log" 2>&1 &&
   make -C "$srctree" O="$out" kernel-test KERNEL_TESTS="retype_endpoint untyped_revoke_makes_memory_reusable" \
	>> "$work/build.log" 2>&1; then
	pass "kernel test image with the invariant checker builds"
else
	fail "kernel test image with the invariant checker builds" "$(tail -5 "$work/build.log")"
	finish
fi

# QEMU's device tree, with the regions added: 64 KiB each, 16 MiB apart from 0x50000000.
"${qemu[@]}" -machine dumpdtb="$work/virt.dtb" > /dev/null 2>&1
{
	dtc -q -I dtb -O dts "$work/virt.dtb" | sed '$d'
	echo '	reserved-memory {'
	echo '		#address-cells = <0x02>;'
	echo '		#size-cells = <0x02>;'
	echo '		ranges;'
	for i in $(seq 0 $((regions - 1))); do
		printf '		region@%x { reg = <0x00 0x%x 0x00 0x10000>; no-map; };\n' \
			$((0x50000000 + i * 0x1000000)) $((0x50000000 + i * 0x1000000))
	done
	echo '	};'
	echo '};'
} > "$work/reserved.dts"
if dtc -q -I dts -O dtb -o "$work/reserved.dtb" "$work/reserved.dts"; then
	pass "device tree with $regions reserved regions"
else
	fail "device tree with $regions reserved regions"
	finish
fi

timeout "${QEMU_TIMEOUT:-120}" "${qemu[@]}" -dtb "$work/reserved.dtb" \
	-kernel "$out/kernel-test/kauri-test.img" < /dev/null > "$work/console.log" 2>&1
status=$?
tr -d '\r' < "$work/console.log" > "$work/console.txt"

if grep -q "reserved: 0x50000000-0x5000ffff" "$work/console.txt" &&
   grep -q "reserved: and $((regions - 16)) more regions" "$work/console.txt"; then
	pass "the banner lists the first regions and counts the rest"
else
	fail "the banner lists the first regions and counts the rest" "$(grep reserved "$work/console.txt" | tail -3)"
fi
if grep -q "invariant violated" "$work/console.txt"; then
	fail "no untyped holds reserved memory" "$(grep 'invariant violated' "$work/console.txt")"
else
	pass "no untyped holds reserved memory (the checker looked at each at boot)"
fi
if [ $status -eq 0 ] && grep -q "^2 passed, 0 failed" "$work/console.txt"; then
	pass "the kernel tests run on it"
else
	fail "the kernel tests run on it" "status $status; $(tail -3 "$work/console.txt")"
fi
finish
