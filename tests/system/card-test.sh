#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# The card layout (docs/storage.md): make sdcard for qemu_arm_virt, checked partition by
# partition with sfdisk and mtools and booted through U-Boot (make qemu-sd) to the self test;
# make flash-emmc IMG= for imx8mm_evk, the bootloader at its offset; and what flash-emmc refuses.
#
# Usage: tests/system/card-test.sh WORKDIR
set -u

. "$(dirname "$0")/lib.sh"
work_dir "${1:?usage: card-test.sh WORKDIR}"
export PATH=$PATH:/usr/sbin:/sbin	# sfdisk

MIB=1048576
virt=$work/virt imx=$work/imx

# Partition NAME of CARD as "START SIZE" in sectors (sfdisk's dump).
part() {
	sfdisk -d "$1" 2> /dev/null | sed -n "s/.*start= *\([0-9]*\), size= *\([0-9]*\),.*name=\"$2\".*/\1 \2/p"
}
# Whether CARD's bytes from sector START equal FILE.
same_at() {
	cmp -s -n "$(stat -c %s "$3")" <(tail -c +"$(($2 * 512 + 1))" "$1") "$3"
}

# qemu_arm_virt with the storage server (CONFIG_SDMMC: the card is its SD card too), imx8mm_evk as it comes.
echo "  BUILD   qemu_arm_virt (CONFIG_SDMMC=y), imx8mm_evk"
for pair in "qemu_arm_virt:$virt:CONFIG_SDMMC=y" "imx8mm_evk:$imx:"; do
	board=${pair%%:*} dir=${pair#*:} extra=${pair##*:}
	dir=${dir%%:*}
	if ! { make -C "$srctree" O="$dir" "${board}_defconfig" && { [ -z "$extra" ] || echo "$extra" >> "$dir/.config"; } &&
		make -C "$srctree" O="$dir" olddefconfig && make -C "$srctree" O="$dir"; } > "$dir.build.log" 2>&1; then
		fail "$board builds" "see $dir.build.log"
		echo "$passed passed, $failed failed"
		exit 1
	fi
done

# ---- make sdcard (qemu_arm_virt)
card=$virt/sdcard.img
rm -f "$card"
check "make sdcard writes build/sdcard.img" sh -c "make -C '$srctree' O='$virt' sdcard > '$work/sdcard.log' 2>&1 && [ -f '$card' ]"
check "the card is a power of two in size (256 MiB; QEMU's SD card takes no other)" test "$(stat -c %s "$card")" -eq $((256 * MIB))
check "its GPT has boot, kauri_a, kauri_b, kauri_state and data, in that order" \
	test "$(sfdisk -d "$card" 2> /dev/null | sed -n 's/.*name="\([a-z_]*\)".*/\1/p' | tr '\n' ' ')" = "boot kauri_a kauri_b kauri_state data "
read -r boot_start boot_size <<< "$(part "$card" boot)"
read -r a_start a_size <<< "$(part "$card" kauri_a)"
read -r b_start b_size <<< "$(part "$card" kauri_b)"
read -r state_start _ <<< "$(part "$card" kauri_state)"
check "boot: 32 MiB at 8 MiB, LegacyBIOSBootable (U-Boot's distro boot looks there)" \
	sh -c "[ '$boot_start' = 16384 ] && [ '$boot_size' = 65536 ] && sfdisk -d '$card' 2> /dev/null | grep 'name=\"boot\"' | grep -q LegacyBIOSBootable"
check "boot is FAT with kauri.img (the build's, byte for byte) and boot.scr" \
	sh -c "mcopy -n -i '$card@@$((boot_start * 512))' ::/kauri.img '$work/kauri.img.out' && cmp -s '$work/kauri.img.out' '$virt/kauri.img' &&
		mdir -b -i '$card@@$((boot_start * 512))' ::/ | grep -q '::/boot.scr'"
check "boot.scr is a U-Boot script that loads kauri.img and runs booti" \
	sh -c "mcopy -n -i '$card@@$((boot_start * 512))' ::/boot.scr '$work/boot.scr' && dumpimage -l '$work/boot.scr' | grep -q 'Script' &&
		grep -aq 'booti \${kernel_addr_r}' '$work/boot.scr'"
check "kauri_a and kauri_b (64 MiB each) both hold the build's bootfs" \
	bash -c "[ '$a_size' = 131072 ] && [ '$b_size' = 131072 ] && $(declare -f same_at); same_at '$card' '$a_start' '$virt/bootfs.img' &&
		same_at '$card' '$b_start' '$virt/bootfs.img'"
check "kauri-card partitions (the storage server's GPT reader) agrees with sfdisk" \
	bash -c "diff <('$virt/tools/kauri-card' partitions '$card') \
		<(sfdisk -d '$card' 2> /dev/null | sed -n 's/.*start= *\([0-9]*\), size= *\([0-9]*\),.*name=\"\([a-z_]*\)\".*/\3 \1 \2/p' |
		  awk '{ print \$1, \$2, \$2 + \$3 - 1 }')"
check "kauri_state says slot A is active, nothing on trial" \
	sh -c "'$virt/tools/kauri-card' state-show '$card' --offset $((state_start * 512)) > '$work/state.txt' &&
		grep -q '^active slot A$' '$work/state.txt' && grep -q '^trial none$' '$work/state.txt'"

# ---- make qemu-sd: through U-Boot from the card to the self test
timeout 120 make -C "$srctree" O="$virt" qemu-sd < /dev/null > "$work/qemu-sd.log" 2>&1 &
qemu_make=$!
for ((i = 0; i < 600; i++)); do
	grep -aq 'self_test: [0-9]* of [0-9]* checks passed\|self_test: .*FAIL' "$work/qemu-sd.log" && break
	kill -0 "$qemu_make" 2> /dev/null || break
	sleep 0.2
done
pkill -f "file=$card" 2> /dev/null
wait "$qemu_make" 2> /dev/null
check "make qemu-sd: U-Boot finds boot.scr on the card and boots kauri.img from it" \
	sh -c "grep -aq 'Found U-Boot script /boot.scr' '$work/qemu-sd.log' && grep -aq 'Kauri: loading kauri.img from virtio 0:1' '$work/qemu-sd.log'"
check "... to the self test, passing" grep -aq 'self_test: \([0-9]*\) of \1 checks passed' "$work/qemu-sd.log"
check "the storage server reads the same card's GPT over its SD controller" \
	sh -c "grep -aq 'storage: partition kauri_a: 65536 KiB from block 81920' '$work/qemu-sd.log' &&
		grep -aq 'storage: partition kauri_state: 1024 KiB from block 344064' '$work/qemu-sd.log'"

# ---- make flash-emmc (imx8mm_evk)
head -c $((1536 * 1024)) /dev/urandom > "$work/flash.bin"
emmc=$work/emmc.img
rm -f "$emmc"
flash() { make -C "$srctree" O="$1" flash-emmc "${@:2}" > "$work/flash.log" 2>&1; }
check "make flash-emmc IMG= FLASH_BIN= writes the card image" bash -c "$(declare -f flash); work='$work' srctree='$srctree';
	flash '$imx' IMG='$emmc' FLASH_BIN='$work/flash.bin' && [ -f '$emmc' ]"
check "flash-emmc says each step before it is done" \
	sh -c "grep -q 'flash-emmc: building .*flash.bin at byte 33792' '$work/flash.log' && grep -q 'flash-emmc: writing [0-9]* MiB to $emmc' '$work/flash.log' &&
		grep -q 'flash-emmc: done' '$work/flash.log'"
check "flash.bin is at 33 KiB, byte for byte, the GPT before it intact" \
	bash -c "cmp -s -n $((1536 * 1024)) <(tail -c +$((33792 + 1)) '$emmc') '$work/flash.bin' && sfdisk -d '$emmc' > /dev/null 2>&1"
read -r a_start _ <<< "$(part "$emmc" kauri_a)"
check "the eMMC image has the same layout, the imx8mm_evk build in its slots" \
	bash -c "$(declare -f same_at); same_at '$emmc' '$a_start' '$imx/bootfs.img' &&
		mcopy -n -i '$emmc@@$((16384 * 512))' ::/kauri.img '$work/imx.img.out' && cmp -s '$work/imx.img.out' '$imx/kauri.img'"

refused() {	# NAME EXPECTED-MESSAGE MAKE-ARGS...
	local name=$1 message=$2
	shift 2
	if make -C "$srctree" "$@" flash-emmc > "$work/refused.log" 2>&1; then
		fail "$name" "make succeeded"
	elif grep -qF -- "$message" "$work/refused.log"; then
		pass "$name"
	else
		fail "$name" "$(grep error "$work/refused.log" | head -1)"
	fi
}
rm -f "$work/dry.img"
check "DRY_RUN=1 says what it would do and writes nothing" \
	sh -c "make -C '$srctree' O='$imx' flash-emmc IMG='$work/dry.img' FLASH_BIN='$work/flash.bin' DRY_RUN=1 > '$work/dry.log' 2>&1 &&
		grep -q 'would write it to $work/dry.img' '$work/dry.log' && [ ! -e '$work/dry.img' ]"
refused "no FLASH_BIN: refused" "FLASH_BIN=path/to/flash.bin is required" O="$imx" IMG="$work/x.img"
refused "neither DEV nor IMG: refused" "give DEV=/dev/sdX" O="$imx" FLASH_BIN="$work/flash.bin"
refused "a DEV that is not a block device: refused" "DEV=/dev/null is not a block device" O="$imx" FLASH_BIN="$work/flash.bin" DEV=/dev/null
head -c $((8 * MIB)) /dev/zero > "$work/big.bin"
refused "a bootloader running into the boot partition: refused" "runs past the first 8 MiB into the boot partition" \
	O="$imx" FLASH_BIN="$work/big.bin" IMG="$work/x.img"
refused "a board flash-emmc does not set up: refused, naming those it does" \
	"board qemu_arm_virt is not set up with flash-emmc (boards with a flash.conf: imx8mm_evk portenta_x8)" \
	O="$virt" FLASH_BIN="$work/flash.bin" IMG="$work/x.img"
# This machine's own disk: mounted and not removable. Refused, even in a dry run; where there
# is none (a container), the check is not run, and not counted.
root_dev=$(awk '$2 == "/" && $1 ~ /^\/dev\// { print $1 }' /proc/mounts | head -1)
if [ -n "$root_dev" ] && [ -b "$root_dev" ]; then
	refused "the machine's mounted root disk ($root_dev): refused" "is mounted: unmount it first (or FORCE=1)" \
		O="$imx" FLASH_BIN="$work/flash.bin" DEV="$root_dev" DRY_RUN=1
else
	echo "SKIP (not counted) the mounted-disk refusal: no block device is mounted at / here"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
