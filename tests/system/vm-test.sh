#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# System tests of microVMs under Kauri (docs/vmm.md), on qemu_arm_virt_hyp (GICv3) and
# qemu_arm_virt_hyp_gicv2: what the root server gives an app with a vm node (tests/apps/vm_probe,
# with files of the test's own); the board's default system with apps/vmm_example (Debian's
# kernel boots, reads its disk, pings net_responder, powers off); guests that misbehave
# (tests/system/manifests/vm-hostile.dts); and a guest whose disks are card partitions, served by
# the storage server on QEMU's SD card (tests/system/manifests/vm-storage.dts).
#
# Usage: tests/system/vm-test.sh WORKDIR
set -u

. "$(dirname "$0")/lib.sh"
work_dir "${1:?usage: vm-test.sh WORKDIR}"
finish() { echo "$passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit; }

# Builds DEFCONFIG with MANIFEST (relative to the source tree), CONFIG_VMM and any further CONFIG_
# lines in the object tree WORKDIR/DEFCONFIG (log: WORKDIR/NAME.build.log); returns make's status.
build_vm_case() {
	local name=$1 defconfig=$2 manifest=$3
	shift 3
	build_image "$work/$name.build.log" "$work/$defconfig" "$defconfig" "$manifest" CONFIG_VMM=y "$@"
}

# Boots WORKDIR/DEFCONFIG/kauri.img on the machine MACHINE; the console goes to WORKDIR/NAME.log.
boot_vm_case() {
	local name=$1 defconfig=$2 machine=$3
	timeout "${QEMU_TIMEOUT:-300}" qemu-system-aarch64 -M "$machine" -cpu cortex-a53 -m 1024 -smp 1 \
		-nographic -no-reboot -nic none -semihosting -kernel "$work/$defconfig/kauri.img" \
		< /dev/null 2>&1 | tr -d '\r' > "$work/$name.log"
}

# Boots WORKDIR/DEFCONFIG/kauri.img on MACHINE, with any further QEMU-ARGS, until a console line
# matches PATTERN (or the timeout), then stops QEMU: the default system's services never end.
# Console: WORKDIR/NAME.log.
boot_until() {
	local name=$1 defconfig=$2 machine=$3 pattern=$4 raw=$work/$1.raw
	shift 4
	: > "$raw"
	timeout "${QEMU_TIMEOUT:-300}" qemu-system-aarch64 -M "$machine" -cpu cortex-a53 -m 1024 -smp 1 \
		-nographic -no-reboot -nic none -semihosting -kernel "$work/$defconfig/kauri.img" "$@" \
		< /dev/null > "$raw" 2>&1 &
	local qemu=$!
	while ! tr -d '\r' < "$raw" | grep -q -- "$pattern" && kill -0 "$qemu" 2> /dev/null; do
		sleep 0.5
	done
	kill "$qemu" 2> /dev/null
	wait "$qemu" 2> /dev/null
	tr -d '\r' < "$raw" > "$work/$name.log"
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

# ---- the board's default system (CONFIG_VMM in the hyp defconfigs): apps/vmm_example
for target in "qemu_arm_virt_hyp virt,virtualization=on,gic-version=3 GICv3" \
	      "qemu_arm_virt_hyp_gicv2 virt,virtualization=on GICv2"; do
	set -- $target
	defconfig=$1 machine=$2 gic=$3 name=example-$3 out=$work/$1
	if ! { make -C "$srctree" O="$out" "${defconfig}_defconfig" && make -C "$srctree" O="$out"; } \
		> "$work/$name.build.log" 2>&1; then
		fail "$gic: the default system with vmm_example builds" "$(tail -5 "$work/$name.build.log")"
		continue
	fi
	QEMU_TIMEOUT=120 boot_until "$name" "$defconfig" "$machine" '^rootserver: app vm0 exited'
	log=$work/$name.log
	check "$gic: vmm_example: the guest prints uname -a as vm0's line" \
		grep -q '^\[ *[0-9.]*\] vm0: microvm: Linux .* aarch64 GNU/Linux$' "$log"
	check "$gic: vmm_example: hello.txt from the read-only virtio-blk disk" \
		grep -q "vm0: microvm: hello.txt: hello from the microVM's disk$" "$log"
	check "$gic: vmm_example: net_responder answers the guest's pings over virtio-net and the diodes" \
		grep -q 'vm0: 3 packets transmitted, 3 packets received, 0% packet loss$' "$log"
	check "$gic: vmm_example: the guest reaches 'microvm: init done' and powers off; the VMM ends with 0" \
		sh -c "grep -q 'vm0: microvm: init done$' '$log' && grep -q 'vm0: vm: guest powered off$' '$log' &&
			grep -q '^rootserver: app vm0 exited with status 0$' '$log'"
	check "$gic: vmm_example: the self test passes beside it" grep -q 'self_test: [0-9]* of [0-9]* checks passed' "$log"
	# The kernel, initrd and read-only disk are shared from the bootfs, not copied: the VMM's
	# memory beside the guest's RAM is its pool alone.
	pool=$(sed -n "s/^rootserver: app vm0: microVM with 128 MiB of RAM, its VMM's pool \([0-9]*\) KiB beside it$/\1/p" "$log")
	check "$gic: vmm_example: the VMM takes at most 2 MiB beside the guest's RAM (${pool:-?} KiB)" \
		test "${pool:-99999}" -le 2048
	# Guest RAM is made on first touch: the VMM reports how much the guest touched, which is
	# some of it (its kernel, initrd and what it allocated) and not all.
	touched=$(sed -n 's/^.*vm0: vm: [0-9]* exits to the VMM; the guest touched \([0-9]*\) of its 128 MiB of RAM$/\1/p' "$log")
	check "$gic: vmm_example: guest RAM is made as the guest touches it (${touched:-?} of 128 MiB)" \
		test "${touched:-0}" -ge 32 -a "${touched:-999}" -lt 128
done

# ---- guests that misbehave, all at once (vm-hostile.dts); the system ends when they all have
name=hostile
if build_vm_case "$name" qemu_arm_virt_hyp tests/system/manifests/vm-hostile.dts; then
	boot_vm_case "$name" qemu_arm_virt_hyp virt,virtualization=on,gic-version=3
	log=$work/$name.log
	# The VMM offers the disk with VIRTIO_BLK_F_RO, so Linux itself refuses the write (EPERM);
	# the VMM's own refusal of a write request (VIRTIO_BLK_S_IOERR) is tests/unit/vmm's.
	check "read-only disk: the guest's write fails (the disk is offered read-only)" \
		grep -q 'vm_ro: microvm: test: write to the read-only disk failed: ' "$log"
	check "read-only disk: the VMM goes on and the guest powers off (status 0)" \
		grep -q '^rootserver: app vm_ro exited with status 0$' "$log"
	check "probe: a read outside the guest's RAM is a fault the VMM reports, naming the address" \
		grep -q 'vm_probe: vm: guest fault: read of IPA 0x3f000000 outside its RAM and devices' "$log"
	check "probe: the VMM ends with a failure, and is not restarted (restart never)" \
		sh -c "grep -q '^rootserver: app vm_probe exited with status [1-9]' '$log' &&
			! grep -q 'restarting app vm_probe' '$log'"
	check "panic: the guest's panic resets it, its VMM ends and is restarted by its policy" \
		grep -q '^rootserver: restarting app vm_panic (restart 1 of 3, policy on-failure)' "$log"
	check "panic: the restarted guest boots again (a second uname -a)" \
		test "$(grep -c 'vm_panic: microvm: Linux ' "$log")" -ge 2
	check "panic: the other guests are undisturbed: both finish their work" \
		sh -c "grep -q 'vm_ro: microvm: init done' '$log' && grep -q 'vm_probe: microvm: test: reading' '$log'"
else
	fail "hostile guests: the image builds" "$(tail -5 "$work/$name.build.log")"
fi

# ---- partition disks (vm-storage.dts): the storage server on QEMU's SD card. The card is the
# test's own, with make sdcard's partition names (its boot partition, 32 MiB of FAT, cannot hold
# an image with a guest kernel): boot, 1 MiB of text, and data, the rest of 64 MiB.
name=partition card=$work/card.img
# The first LBA and size in blocks of the card's partition NAME, from its GPT.
partition_at() {
	sfdisk -d "$card" | sed -n "s/^.* start= *\([0-9]*\), size= *\([0-9]*\),.* name=\"$1\".*$/\1 \2/p"
}
make_card() {
	rm -f "$card"
	truncate -s 64M "$card"
	printf 'label: gpt\nstart=2048, size=2048, name="boot"\nstart=4096, name="data"\n' |
		sfdisk --quiet "$card" > /dev/null &&
	yes 'the boot partition, which the guest may only read' | head -c $((1024 * 1024)) |
		dd of="$card" bs=512 seek=2048 conv=notrunc status=none
}
if build_vm_case "$name" qemu_arm_virt_hyp tests/system/manifests/vm-storage.dts CONFIG_SDMMC=y \
	CONFIG_VMM_MAX_BLK=2 '# CONFIG_BOOT_FROM_CARD is not set' && make_card >> "$work/$name.build.log" 2>&1; then
	read -r data_start data_blocks < <(partition_at data)
	read -r boot_start _ < <(partition_at boot)
	boot_before=$(tail -c +$((boot_start * 512 + 1)) "$card" | head -c 4096 | sha256sum)
	QEMU_TIMEOUT=180 boot_until "$name" qemu_arm_virt_hyp virt,virtualization=on,gic-version=3 \
		'^rootserver: app vm_disk exited' -device sdhci-pci \
		-drive "if=none,id=card0,file=$card,format=raw" -device sd-card,drive=card0
	log=$work/$name.log
	check "partition disk: the guest's disk on data is the partition's $data_blocks blocks" \
		grep -q "vm_disk: microvm: test: partition disk data is /dev/vd[a-z], $data_blocks sectors$" "$log"
	check "partition disk: the guest writes 128 KiB with dd and reads them back equal" \
		grep -q 'vm_disk: microvm: test: wrote 131072 bytes to /dev/vd[a-z] at 1 MiB and read them back equal$' "$log"
	awk 'BEGIN { for (i = 0; i < 4096; i++) printf "kauri partition disk line %05d\n", i }' > "$work/pattern"
	check "partition disk: the pattern is in the card's file at the data partition's block $data_start + 2048" \
		cmp -s "$work/pattern" <(tail -c +$(((data_start + 2048) * 512 + 1)) "$card" | head -c 131072)
	check "read-only partition disk: the guest's write fails, the boot partition is unchanged" \
		sh -c "grep -q 'vm_disk: microvm: test: write to the read-only partition disk boot (/dev/vd[a-z]) failed: ' '$log' &&
			test \"\$(tail -c +$((boot_start * 512 + 1)) '$card' | head -c 4096 | sha256sum)\" = '$boot_before'"
	check "partition disk: the guest powers off and the VMM ends with status 0" \
		sh -c "grep -q 'vm_disk: microvm: init done$' '$log' && grep -q '^rootserver: app vm_disk exited with status 0$' '$log'"
	rm -f "$card"
else
	fail "partition disks: the image and the card build" "$(tail -5 "$work/$name.build.log")"
fi
# The same VMM without WRITE on data: kauri-release refuses the manifest (the root server's check).
name=partition-no-right
if build_vm_case "$name" qemu_arm_virt_hyp tests/system/manifests/vm-storage-no-right.dts CONFIG_SDMMC=y \
	CONFIG_VMM_MAX_BLK=2 '# CONFIG_BOOT_FROM_CARD is not set'; then
	fail "a writable partition disk without WRITE on the partition is refused" "the image built"
else
	check "a writable partition disk without WRITE on the partition is refused, naming the node" \
		grep -q "/apps/vm_disk/vm/data/partition: partition data needs READ and WRITE in the app's resources/partitions" \
		"$work/$name.build.log"
fi
finish
