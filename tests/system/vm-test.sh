#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# System tests of microVMs under Kauri (docs/vmm.md), on qemu_arm_virt_hyp (GICv3) and
# qemu_arm_virt_hyp_gicv2: what the root server gives an app with a vm node (tests/apps/vm_probe,
# with files of the test's own).
#
# Usage: tests/system/vm-test.sh WORKDIR
set -u

. "$(dirname "$0")/lib.sh"
work_dir "${1:?usage: vm-test.sh WORKDIR}"
finish() { echo "$passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit; }

# Builds DEFCONFIG with MANIFEST (relative to the source tree), CONFIG_VMM and any further CONFIG_
# lines in the object tree WORKDIR/DEFCONFIG (log: WORKDIR/NAME.build.log); returns make's status.
build_vm_case() {
	local name=$1 defconfig=$2 manifest=$3 out=$work/$2
	shift 3
	make -C "$srctree" O="$out" "${defconfig}_defconfig" > "$work/$name.build.log" 2>&1 || return 1
	sed -i -e 's/^CONFIG_MANIFEST_BOARD_DEFAULT=y$/# CONFIG_MANIFEST_BOARD_DEFAULT is not set/' "$out/.config"
	printf 'CONFIG_VMM=y\nCONFIG_MANIFEST_CUSTOM=y\nCONFIG_MANIFEST_PATH="%s"\n' "$manifest" >> "$out/.config"
	printf '%s\n' "$@" >> "$out/.config"
	make -C "$srctree" O="$out" olddefconfig >> "$work/$name.build.log" 2>&1 &&
		make -C "$srctree" O="$out" >> "$work/$name.build.log" 2>&1
}

# Boots WORKDIR/DEFCONFIG/kauri.img on the machine MACHINE; the console goes to WORKDIR/NAME.log.
boot_vm_case() {
	local name=$1 defconfig=$2 machine=$3
	timeout "${QEMU_TIMEOUT:-300}" qemu-system-aarch64 -M "$machine" -cpu cortex-a53 -m 1024 -smp 1 \
		-nographic -no-reboot -nic none -semihosting -kernel "$work/$defconfig/kauri.img" \
		< /dev/null 2>&1 | tr -d '\r' > "$work/$name.log"
}

# The probe's files: recognisable first and last bytes; the kernel spans two 2 MiB pages.
probe_files() {
	local dir=$work/$1/guest
	mkdir -p "$dir"
	{ printf KERNEL; head -c $((3 * 1024 * 1024 + 5 - 7)) /dev/zero; printf K; } > "$dir/probe-kernel"
	printf 'INITRD and then some' > "$dir/probe-initrd"
	{ printf DISKRO; head -c 4090 /dev/zero; } > "$dir/probe-ro.img"
	{ printf DISKRW; head -c 4090 /dev/zero; } > "$dir/probe-rw.img"
}

for target in "qemu_arm_virt_hyp virt,virtualization=on,gic-version=3 GICv3" \
	      "qemu_arm_virt_hyp_gicv2 virt,virtualization=on GICv2"; do
	set -- $target
	defconfig=$1 machine=$2 gic=$3 name=probe-$3
	probe_files "$defconfig"
	if ! build_vm_case "$name" "$defconfig" tests/system/manifests/vm-probe.dts CONFIG_VMM_MAX_BLK=2; then
		fail "$gic: an image with a vm node builds" "$(tail -5 "$work/$name.build.log")"
		continue
	fi
	boot_vm_case "$name" "$defconfig" "$machine"
	log=$work/$name.log
	oks=$(grep -c 'vm_probe: ok ' "$log")
	fails=$(grep 'vm_probe: FAIL ' "$log" | sed 's/^.*vm_probe: FAIL //' | paste -sd ';')
	check "$gic: the VMM app's settings, files and guest objects are as kauri/vm.h says ($oks checks)" \
		test "$oks" -ge 15 -a -z "$fails" -a "$(grep -c 'vm_probe: 0 failed' "$log")" -eq 1
	[ -z "$fails" ] || echo "  failed: $fails"
	check "$gic: the settings page is read-only (a write faults)" \
		grep -q 'vm0.*fault.*0x7200000000' "$log"
done
finish
