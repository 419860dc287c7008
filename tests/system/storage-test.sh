#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# The storage server on QEMU's SD card (sdhci-pci on the PCIe root complex), with
# tests/system/manifests/storage.dts and a card make sdcard laid out: block_probe writes 64 MiB of
# pseudo-random blocks to the data partition through kos_block_protocol and reads them back
# equal; the next boot of the same card reads them back without writing; a block changed on the
# card behind Kauri's back is found; an app given READ alone is refused writing, other
# partitions and handles it did not open; an app whose entry does not connect to the protocol
# is refused it; a blank card has no partitions; without a card the storage server says so; the
# root server boots the card's release slot A, and the built-in release from a blank card or none.
#
# Usage: tests/system/storage-test.sh WORKDIR
set -u

. "$(dirname "$0")/lib.sh"
work_dir "${1:?usage: storage-test.sh WORKDIR}"

card=$work/card.img

# Boots the image with CARD-ARGS (QEMU options for the card, or none) until the three block_probe
# apps have ended (the storage server runs on), or 300 s; the console goes to WORKDIR/NAME.log.
probes_ended() {
	{ grep -q '^rootserver: app block_probe exited' "$1" && grep -q '^rootserver: app block_stranger exited' "$1" &&
		grep -q '^rootserver: app block_reader exited' "$1"; } || grep -q '^rootserver: app storage exited' "$1"
}
boot() {
	local name=$1
	shift
	qemu_until "$work/$name.log" 300 probes_ended -device sdhci-pci "$@" -kernel "$work/image/kauri.img"
}
with_card() {
	echo "-drive if=none,id=card0,file=$card,format=raw -device sd-card,drive=card0"
}
has() { grep -q -- "$2" "$work/$1.log"; }

echo "  BUILD   qemu_arm_virt, CONFIG_SDMMC, tests/system/manifests/storage.dts"
if ! build_image "$work/build.log" "$work/image" qemu_arm_virt tests/system/manifests/storage.dts CONFIG_SDMMC=y; then
	fail "the storage image builds" "see $work/build.log"
	echo "$passed passed, $failed failed"
	exit 1
fi
pass "the storage image builds (CONFIG_SDMMC=y)"

# The card: make sdcard's layout (256 MiB; data, 86 MiB, from block 346112).
data_start=346112
if make -C "$srctree" O="$work/image" sdcard > "$work/sdcard.log" 2>&1; then
	cp "$work/image/sdcard.img" "$card"
else
	fail "make sdcard" "see $work/sdcard.log"
fi
# shellcheck disable=SC2046 # the card's options, one word each
boot first $(with_card)
check "the storage server finds sdhci-pci on the PCIe bus and brings the 256 MiB card up, 4-bit, SDMA" \
	has first 'storage: SDHCI [0-9].00 at 00:[0-9a-f]*\.0, SD card .*: 256 MiB (SDSC), 4-bit bus at 25000 kHz, SDMA$'
check "it reads the card's GPT" has first 'storage: partition data: 88064 KiB from block 346112$'
check "the root server, before it, booted the release make sdcard put in slot A" has first '^rootserver: booting the release in card slot A$'
check "block_probe opens the data partition, READ and WRITE as its entry says" \
	has first 'block_probe: partition data: 176128 blocks, rights READ WRITE$'
check "64 MiB of pseudo-random blocks written" has first 'block_probe: wrote 131072 blocks (seed 7) and the mark'
check "... and read back equal" has first 'block_probe: read 131072 blocks back in [0-9]* ms: all equal$'
check "a block past the partition's end is refused" \
	has first "block_probe: block 176128 (past the partition's end): block out of range$"
check "block_probe ends with status 0" has first '^rootserver: app block_probe exited with status 0$'
check "the blocks are in the data partition, not elsewhere on the card (the mark at its block 0)" \
	sh -c "tail -c +$((data_start * 512 + 1)) '$card' | head -c 16 | grep -q 'block_probe mark'"
check "an app with READ alone reads data but is refused writing it" \
	sh -c "grep -q 'block_reader: data, READ only: open and read: no error$' '$work/first.log' &&
		grep -q 'block_reader: data, READ only: write: not allowed by the manifest$' '$work/first.log'"
check "... refused a partition its entry does not list, told of one that does not exist" \
	sh -c "grep -q 'block_reader: kauri_a, not in its entry: open: not allowed by the manifest$' '$work/first.log' &&
		grep -q 'block_reader: nosuch: open: no such partition$' '$work/first.log'"
check "... refused a handle it did not open, and the root server's answer on rights" \
	sh -c "grep -q 'block_reader: kauri_a by a handle it did not open: read: not allowed by the manifest$' '$work/first.log' &&
		grep -q '^rootserver: app block_reader: asking for partition rights refused: not in its manifest entry$' '$work/first.log' &&
		grep -q 'block_reader: asking the root server for partition rights itself: not declared in the manifest$' '$work/first.log' &&
		grep -q '^rootserver: app block_reader exited with status 0$' '$work/first.log'"
check "an app whose entry does not connect to kos_block_protocol is refused" \
	sh -c "grep -q '^rootserver: app block_stranger: connecting to kos_block_protocol refused: not in its manifest entry$' '$work/first.log' &&
		grep -q '^rootserver: app block_stranger exited with status 0$' '$work/first.log'"

# Across a reboot: the same card, the same image; the mark says the blocks are there.
# shellcheck disable=SC2046
boot second $(with_card)
check "after a reboot the partition's blocks read back equal, nothing written" \
	sh -c "grep -q 'block_probe: the card has the mark of 131072 blocks (seed 7): reading them back only$' '$work/second.log' &&
		grep -q 'block_probe: read 131072 blocks back in [0-9]* ms: all equal$' '$work/second.log' &&
		grep -q 'block_probe: done: read back$' '$work/second.log'"

# One byte of the partition's block 1000 changed in the card's file: the probe must notice.
printf '\377' | dd of="$card" bs=1 seek=$(((data_start + 1000) * 512 + 17)) conv=notrunc status=none
# shellcheck disable=SC2046
boot changed $(with_card)
check "a block changed behind Kauri's back is found (the check can fail)" \
	sh -c "grep -q 'block_probe: block 1000 differs$' '$work/changed.log' && grep -q 'block_probe: FAILED$' '$work/changed.log' &&
		grep -q '^rootserver: app block_probe exited with status 1$' '$work/changed.log'"

rm -f "$card"
truncate -s 64M "$card"
# shellcheck disable=SC2046
boot blank $(with_card)
check "a blank card has no partitions: the storage server says why, the probe finds no data partition" \
	sh -c "grep -q 'storage: no partitions: no GPT header at LBA 1' '$work/blank.log' &&
		grep -q 'block_probe: partition data: no such partition' '$work/blank.log'"
check "... and the root server, finding no partition table either, boots the built-in release" \
	sh -c "grep -q '^rootserver: card: no partition table: no GPT header at LBA 1 (signature .EFI PART.)$' '$work/blank.log' &&
		grep -q '^rootserver: booting the built-in release$' '$work/blank.log'"

boot no-card
check "without a card the storage server says so and ends" \
	sh -c "grep -q 'storage: SDHCI [0-9].00 at 00:[0-9a-f]*\.0: SD card: no card$' '$work/no-card.log' &&
		grep -q '^rootserver: app storage exited with status 1$' '$work/no-card.log'"
check "... and the root server boots the built-in release, saying why" \
	sh -c "grep -q '^rootserver: card: SDHCI [0-9].00 at 00:[0-9a-f]*\.0: SD card: no card$' '$work/no-card.log' &&
		grep -q '^rootserver: booting the built-in release$' '$work/no-card.log'"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
