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

# Whether CARD's bytes from sector START equal FILE.
same_at() {
	cmp -s -n "$(stat -c %s "$3")" <(tail -c +"$(($2 * 512 + 1))" "$1") "$3"
}

# qemu_arm_virt with the storage server (CONFIG_SDMMC: the card is its SD card too) and signed
# manifests (its own development key), imx8mm_evk as it comes.
echo "  BUILD   qemu_arm_virt (CONFIG_SDMMC=y, CONFIG_MANIFEST_SIGNING=y), imx8mm_evk"
for pair in "qemu_arm_virt:$virt:CONFIG_SDMMC=y CONFIG_MANIFEST_SIGNING=y" "imx8mm_evk:$imx:"; do
	board=${pair%%:*} dir=${pair#*:} extra=${pair##*:}
	dir=${dir%%:*}
	if ! { make -C "$srctree" O="$dir" "${board}_defconfig" && { [ -z "$extra" ] || echo "$extra" | tr ' ' '\n' >> "$dir/.config"; } &&
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

head -c $((40 * MIB)) /dev/urandom > "$work/big-kauri.img"
check "a kauri.img too big for 32 MiB (a VMM's, with its guests): the boot partition doubles to 64 MiB and holds it" \
	sh -c "'$srctree/scripts/sdcard.sh' -o '$work/big-card.img' --image '$work/big-kauri.img' --bootfs '$virt/bootfs.img' \
		--tools '$virt/tools' > '$work/big-card.log' 2>&1 &&
		sfdisk -d '$work/big-card.img' 2> /dev/null | grep 'name=\"boot\"' | grep -q 'size= *131072,' &&
		mcopy -n -i '$work/big-card.img@@$((16384 * 512))' ::/kauri.img '$work/big-out.img' && cmp -s '$work/big-out.img' '$work/big-kauri.img'"
rm -f "$work/big-kauri.img" "$work/big-card.img" "$work/big-out.img"

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
check "the root server reads the release in the card's slot A with its own SD stack and boots it" \
	sh -c "grep -aq 'rootserver: card: state: slot A active' '$work/qemu-sd.log' &&
		grep -aq 'rootserver: booting the release in card slot A' '$work/qemu-sd.log'"
check "the storage server reads the same card's GPT over its SD controller" \
	sh -c "grep -aq 'storage: partition kauri_a: 65536 KiB from block 81920' '$work/qemu-sd.log' &&
		grep -aq 'storage: partition kauri_state: 1024 KiB from block 344064' '$work/qemu-sd.log'"

# ---- booting from the card's slots (docs/storage.md, "Booting from the card"), QEMU's SD card
# straight, no U-Boot. A second release (tests/system/manifests/card-release.dts, its hello says
# release_from_the_card) signed with the qemu_arm_virt build's key, and signed with another key.
other=$work/other
echo "  BUILD   qemu_arm_virt, tests/system/manifests/card-release.dts (its own development key)"
if build_image "$other.build.log" "$other" qemu_arm_virt tests/system/manifests/card-release.dts \
	CONFIG_SDMMC=y CONFIG_MANIFEST_SIGNING=y &&
	"$virt/tools/kauri-sign" --key "$virt/keys/development.key" --apply-props -o "$work/ours.zip" --force \
		"$other/release.zip" > "$work/sign.log" 2>&1 &&
	"$virt/tools/kauri-bootfs" create -o "$work/ours.img" --force "$work/ours.zip" >> "$work/sign.log" 2>&1; then
	pass "a second release builds, and signs with the qemu_arm_virt build's key"
else
	fail "a second release builds, and signs with the qemu_arm_virt build's key" "see $other.build.log, $work/sign.log"
fi
slots=$work/slots.img
read -r a_start _ <<< "$(part "$card" kauri_a)"
# FILE into CARD's slot starting at sector START.
put() { dd if="$3" of="$1" bs=512 seek="$2" conv=notrunc status=none; }
# The byte at OFFSET of CARD changed (its complement).
flip() {
	local byte
	byte=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
	printf "\\$(printf %o $((255 - byte)))" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}
# Boots the qemu_arm_virt image on CARD until hello has said its argument (and, with the built-in
# release, the self test has ended), or 120 s; the console to WORKDIR/NAME.log.
hello_said() {
	grep -aq 'argv\[1\] = release_from_the_card' "$1" || grep -aq 'boot stopped' "$1" ||
		{ grep -aq 'argv\[1\] = hello_world' "$1" && grep -aq 'self_test: [0-9]* of [0-9]* checks passed' "$1"; }
}
boot_card() {
	qemu_until "$work/$1.log" 120 hello_said -device sdhci-pci -drive "if=none,id=card0,file=$2,format=raw" \
		-device sd-card,drive=card0 -kernel "$virt/kauri.img"
}
has() { grep -aq -- "$2" "$work/$1.log"; }
runs() {	# LOG: the release that ran: card (card-release.dts), builtin (the board's, self test passed) or none
	if has "$1" 'argv\[1\] = release_from_the_card'; then echo card
	elif has "$1" 'argv\[1\] = hello_world' && grep -aq 'self_test: \([0-9]*\) of \1 checks passed' "$work/$1.log"; then echo builtin
	else echo none; fi
}
read -r state_start _ <<< "$(part "$card" kauri_state)"
set_state() { "$virt/tools/kauri-card" state-init -o "$work/state.bin" --active "$2" --force > /dev/null && put "$1" "$state_start" "$work/state.bin"; }

cp "$card" "$slots" && put "$slots" "$a_start" "$work/ours.img"
boot_card ours "$slots"
check "a card whose slot A holds another release signed with the device's key: that release boots" \
	sh -c "grep -aq 'rootserver: booting the release in card slot A' '$work/ours.log' && [ '$(runs ours)' = card ]"
check "... after the root server checked its signature under the compiled-in key" \
	sh -c "[ \$(grep -ac 'rootserver: manifest: signature verified' '$work/ours.log') -eq 2 ]"

cp "$card" "$slots" && put "$slots" "$b_start" "$work/ours.img" && set_state "$slots" B
boot_card state_b "$slots"
check "the state area saying slot B: slot B's release boots" \
	sh -c "grep -aq 'rootserver: card: state: slot B active' '$work/state_b.log' && grep -aq 'rootserver: booting the release in card slot B' '$work/state_b.log' &&
		[ '$(runs state_b)' = card ]"

cp "$card" "$slots" && put "$slots" "$b_start" "$work/ours.img" && flip "$slots" $((a_start * 512 + 4096 + 100))
boot_card a_corrupt "$slots"
check "slot A corrupted: said (the bootfs digest), and slot B boots" \
	sh -c "grep -aq 'rootserver: bootfs: invalid at offset' '$work/a_corrupt.log' &&
		grep -aq 'rootserver: card: slot A (kauri_a): the release does not pass its checks' '$work/a_corrupt.log' &&
		grep -aq 'rootserver: booting the release in card slot B' '$work/a_corrupt.log' && [ '$(runs a_corrupt)' = card ]"

cp "$card" "$slots" && put "$slots" "$a_start" "$other/bootfs.img" && flip "$slots" $((b_start * 512))
boot_card wrong_key "$slots"
check "slot A signed with another key, slot B's header damaged: both refused, the built-in release boots and passes its self test" \
	sh -c "grep -aq 'rootserver: manifest: signature: .*(trusted key' '$work/wrong_key.log' &&
		grep -aq 'rootserver: card: slot B (kauri_b): no release (no bootfs header)' '$work/wrong_key.log' &&
		grep -aq 'rootserver: booting the built-in release' '$work/wrong_key.log' && [ '$(runs wrong_key)' = builtin ]"

cp "$card" "$slots" && dd if=/dev/zero of="$slots" bs=512 seek="$state_start" count=16 conv=notrunc status=none &&
	put "$slots" "$a_start" "$work/ours.img"
boot_card no_state "$slots"
check "a state area with no valid copy: said, and slot A boots" \
	sh -c "grep -aq 'rootserver: card: state: neither copy of the state area is valid' '$work/no_state.log' &&
		grep -aq 'rootserver: booting the release in card slot A' '$work/no_state.log'"

# A release with a microVM (qemu_arm_virt_hyp's default: 40 MB, Debian's kernel and initrd) from
# the card: read into 2 MiB frames of the root server's, the guest's large files shared from them.
hyp=$work/hyp
echo "  BUILD   qemu_arm_virt_hyp (CONFIG_SDMMC=y): a release with a microVM"
guest_done() { grep -aq 'vm0: vm: guest powered off\|boot stopped\|rootserver: app vm0 exited' "$1"; }
if { make -C "$srctree" O="$hyp" qemu_arm_virt_hyp_defconfig && echo CONFIG_SDMMC=y >> "$hyp/.config" &&
	make -C "$srctree" O="$hyp" olddefconfig && make -C "$srctree" O="$hyp" && make -C "$srctree" O="$hyp" sdcard; } \
	> "$hyp.build.log" 2>&1; then
	QEMU_MACHINE=virt,virtualization=on,gic-version=3 qemu_until "$work/hyp.log" 240 guest_done -device sdhci-pci \
		-drive "if=none,id=card0,file=$hyp/sdcard.img,format=raw" -device sd-card,drive=card0 -kernel "$hyp/kauri.img"
	check "a release with a microVM (40 MB) boots from slot A and its guest runs from the card's frames" \
		sh -c "grep -aq 'rootserver: card: slot A (kauri_a): release of [0-9]* bytes read' '$work/hyp.log' &&
			grep -aq 'rootserver: booting the release in card slot A' '$work/hyp.log' &&
			grep -aq 'vm0: microvm: init done' '$work/hyp.log' && grep -aq 'rootserver: app vm0 exited with status 0' '$work/hyp.log'"
else
	fail "qemu_arm_virt_hyp with CONFIG_SDMMC builds, and its card" "see $hyp.build.log"
fi

# Trial boots: slot B on trial with a budget of 2 boots, slot A active.
state_of() { "$virt/tools/kauri-card" state-show "$1" --offset $((state_start * 512)); }
cp "$card" "$slots" && put "$slots" "$b_start" "$work/ours.img" &&
	"$virt/tools/kauri-card" state-init -o "$work/state.bin" --active A --trial B --budget 2 --force > /dev/null &&
	put "$slots" "$state_start" "$work/state.bin"
boot_card trial1 "$slots"
check "slot B on trial boots first, its budget taking one before it does (1 left on the card)" \
	sh -c "grep -aq 'rootserver: card: slot B is on trial: this boot takes one of its budget (1 left)' '$work/trial1.log' &&
		[ '$(runs trial1)' = card ] && $(declare -f state_of); state_start=$state_start virt='$virt' state_of '$slots' | grep -q '^trial slot B, 1 boots left$'"
boot_card trial2 "$slots"
check "... and again, the last of its budget (0 left)" \
	sh -c "grep -aq 'this boot takes one of its budget (0 left)' '$work/trial2.log' && [ '$(runs trial2)' = card ]"
boot_card trial3 "$slots"
check "a trial that spent its budget without a commit ends: said, slot A boots, and the card records it" \
	sh -c "grep -aq \"rootserver: card: slot B's trial is over: boot budget spent without a commit; slot A boots\" '$work/trial3.log' &&
		[ '$(runs trial3)' = builtin ] && $(declare -f state_of); state_start=$state_start virt='$virt' state_of '$slots' > '$work/trial3.state' &&
		grep -q '^trial none$' '$work/trial3.state' && grep -q '^active slot A$' '$work/trial3.state' &&
		grep -q '^last trial slot B: boot budget spent without a commit$' '$work/trial3.state'"
cp "$card" "$slots" && flip "$slots" $((b_start * 512 + 4096 + 100)) &&
	"$virt/tools/kauri-card" state-init -o "$work/state.bin" --active A --trial B --budget 3 --force > /dev/null &&
	put "$slots" "$state_start" "$work/state.bin"
boot_card trial_bad "$slots"
check "a slot on trial whose release is refused at boot: its trial ends there, recorded, and slot A boots" \
	sh -c "grep -aq \"rootserver: card: slot B's trial is over: its release did not pass the boot checks\" '$work/trial_bad.log' &&
		grep -aq 'rootserver: booting the release in card slot A' '$work/trial_bad.log' &&
		$(declare -f state_of); state_start=$state_start virt='$virt' state_of '$slots' | grep -q '^last trial slot B: its release did not pass the boot checks$'"
check "kauri-card refuses a trial of the active slot, and a trial without a budget" \
	sh -c "! '$virt/tools/kauri-card' state-init -o '$work/x.bin' --active A --trial A --budget 2 --force 2> '$work/trial-refused.log' &&
		! '$virt/tools/kauri-card' state-init -o '$work/x.bin' --active A --trial B --force 2>> '$work/trial-refused.log' &&
		[ \$(grep -c 'the slot on trial is the one not active, with --budget 1 to 255 boots' '$work/trial-refused.log') -eq 2 ]"

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
refused "UUU=1 with IMG=: refused" "UUU=1 writes to the board over USB: give neither DEV= nor IMG=" \
	O="$imx" FLASH_BIN="$work/flash.bin" IMG="$work/x.img" UUU=1
# uuu itself needs a board on USB: a stand-in on PATH records what it is given (its arguments, and
# the card image it is handed) so that what flash-emmc runs is checked.
mkdir -p "$work/fakebin"
printf '#!/bin/sh\necho "$*" > "%s/uuu.args"\ncp "$4" "%s/uuu.img"\n' "$work" "$work" > "$work/fakebin/uuu"
chmod +x "$work/fakebin/uuu"
rm -f "$work/uuu.args" "$work/uuu.img"
check "UUU=1 runs uuu's emmc_all script with flash.bin and the card image, saying so first" \
	bash -c "PATH='$work/fakebin':\$PATH make -C '$srctree' O='$imx' flash-emmc FLASH_BIN='$work/flash.bin' UUU=1 > '$work/uuu.log' 2>&1 &&
		grep -q 'flash-emmc: running: uuu -b emmc_all' '$work/uuu.log' &&
		[ \"\$(cat '$work/uuu.args')\" = '-b emmc_all $work/flash.bin $imx/flash-emmc.img' ] &&
		sfdisk -d '$work/uuu.img' 2> /dev/null | grep -q 'name=\"kauri_state\"' &&
		cmp -s -n $((1536 * 1024)) <(tail -c +$((33792 + 1)) '$work/uuu.img') '$work/flash.bin'"
check "UUU=1 DRY_RUN=1 says the uuu command and runs nothing" \
	sh -c "rm -f '$work/uuu.args'; PATH='$work/fakebin':\$PATH make -C '$srctree' O='$imx' flash-emmc FLASH_BIN='$work/flash.bin' UUU=1 DRY_RUN=1 > '$work/uuu-dry.log' 2>&1 &&
		grep -q 'would run: uuu -b emmc_all $work/flash.bin' '$work/uuu-dry.log' && [ ! -e '$work/uuu.args' ]"
if ! command -v uuu > /dev/null 2>&1; then
	refused "UUU=1 without uuu installed: refused, naming the package" "uuu not found: install it (apt-get install uuu)" \
		O="$imx" FLASH_BIN="$work/flash.bin" UUU=1
else
	echo "SKIP (not counted) the missing-uuu refusal: uuu is installed here"
fi
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
