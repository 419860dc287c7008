#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# make flash-emmc: writes the card layout (scripts/sdcard.sh) with the board's bootloader to an
# eMMC or SD card seen as a block device (a card reader, or U-Boot's "ums" USB mass storage), to
# an image file, or through NXP's uuu to a board in serial download mode over USB. Every step is
# said before it is done; nothing is written with DRY_RUN=1.
#
# Usage: scripts/flash-emmc.sh OBJTREE     (a built tree: its board), with from make's command line:
#   FLASH_BIN=FILE  the board's bootloader (flash.bin: SPL, DDR firmware, ATF, U-Boot), required
#   DEV=/dev/sdX    the device to write, whole (refused when mounted or not removable, unless FORCE=1)
#   IMG=FILE        or a file to write the card image to instead
#   UUU=1           or through uuu (Debian package uuu): its emmc_all script puts FLASH_BIN in
#                   the eMMC's boot partition and the card image in its user area
#   DRY_RUN=1       say what would be done, write nothing
#   SLOT_MIB=N      each release slot's size (default 64)
set -eu

usage() { sed -n 's/^# \{0,1\}//; 3,15p' "$0"; }
die() { echo "flash-emmc: error: $*" >&2; exit 1; }
say() { echo "flash-emmc: $*"; }

[ "${1:-}" = --help ] && { usage; exit 0; }
obj=${1:?usage: flash-emmc.sh OBJTREE}
srctree=$(cd "$(dirname "$0")/.." && pwd)
board=$(sed -n 's/^CONFIG_BOARD="\(.*\)"$/\1/p' "$obj/include/config/auto.conf" 2> /dev/null)
[ -n "$board" ] || die "$obj is not a configured, built tree (no CONFIG_BOARD in include/config/auto.conf)"
conf=$srctree/boards/$board/flash.conf
FLASH_BIN=${FLASH_BIN:-} DEV=${DEV:-} IMG=${IMG:-} UUU=${UUU:-} DRY_RUN=${DRY_RUN:-} FORCE=${FORCE:-} SLOT_MIB=${SLOT_MIB:-64}

if [ ! -f "$conf" ]; then
	boards=$(cd "$srctree/boards" && for d in */flash.conf; do printf ' %s' "${d%/flash.conf}"; done)
	die "board $board is not set up with flash-emmc (boards with a flash.conf:$boards); make sdcard builds its card image"
fi
# FLASH_BIN_OFFSET: where the board's boot ROM looks for the bootloader, in bytes.
FLASH_BIN_OFFSET=
# shellcheck source=boards/imx8mm_evk/flash.conf
. "$conf"
[ -n "$FLASH_BIN" ] || die "FLASH_BIN=path/to/flash.bin is required: the bootloader $board boots (built with NXP's imx-mkimage)"
[ -f "$FLASH_BIN" ] || die "FLASH_BIN=$FLASH_BIN: no such file"
if [ -n "$UUU" ]; then
	[ -z "$DEV$IMG" ] || die "UUU=1 writes to the board over USB: give neither DEV= nor IMG="
	command -v uuu > /dev/null 2>&1 || die "uuu not found: install it (apt-get install uuu), or write a card with DEV="
else
	[ -n "$DEV" ] || [ -n "$IMG" ] || die "give DEV=/dev/sdX (a card or eMMC to write), IMG=file (an image file) or UUU=1 (over USB)"
	[ -z "$DEV" ] || [ -z "$IMG" ] || die "give DEV= or IMG=, not both"
fi

if [ -n "$DEV" ]; then
	[ -b "$DEV" ] || die "DEV=$DEV is not a block device (IMG=$DEV writes a file)"
	name=$(basename "$(readlink -f "$DEV")")
	# The device or any of its partitions (sdb1, mmcblk0p1) mounted: refused.
	if awk -v d="$(readlink -f "$DEV")" '$1 == d || index($1, d) == 1 { found = 1 } END { exit !found }' /proc/mounts; then
		[ -n "$FORCE" ] || die "$DEV (or a partition of it) is mounted: unmount it first (or FORCE=1)"
		say "$DEV is mounted: going on (FORCE=1)"
	fi
	removable=$(cat "/sys/block/$name/removable" 2> /dev/null || echo 0)
	if [ "$removable" != 1 ]; then
		[ -n "$FORCE" ] || die "$DEV is not removable (a disk of this computer?): check it is the card, then FORCE=1"
		say "$DEV is not removable: going on (FORCE=1)"
	fi
fi

card=$obj/flash-emmc.img
target=${DEV:-${IMG:-the eMMC of the $board on USB (uuu)}}
if [ -n "$DRY_RUN" ]; then
	say "would build $card: the card layout with $(basename "$FLASH_BIN") at byte $FLASH_BIN_OFFSET (scripts/sdcard.sh)"
	say "would write it to $target"
	[ -z "$UUU" ] || say "would run: uuu -b emmc_all $FLASH_BIN $card"
	say "dry run: nothing written"
	exit 0
fi
say "building $card: the card layout with $(basename "$FLASH_BIN") at byte $FLASH_BIN_OFFSET"
"$srctree/scripts/sdcard.sh" -o "$card" --image "$obj/kauri.img" --bootfs "$obj/bootfs.img" --tools "$obj/tools" \
	--bootloader "$FLASH_BIN" --bootloader-offset "$FLASH_BIN_OFFSET" --slot-mib "$SLOT_MIB"
size=$(stat -c %s "$card")
if [ -n "$UUU" ]; then
	# The board in serial download mode: uuu loads FLASH_BIN over USB, and that U-Boot's fastboot
	# writes the bootloader to the boot partition and the image to the user area.
	say "running: uuu -b emmc_all $FLASH_BIN $card (the $board in serial download mode, on USB)"
	uuu -b emmc_all "$FLASH_BIN" "$card" || die "uuu failed (exit status $?): is the board in serial download mode, and on USB?"
elif [ -n "$DEV" ]; then
	devsize=$(blockdev --getsize64 "$DEV" 2> /dev/null || echo 0)
	[ "$devsize" -ge "$size" ] || die "$DEV holds $devsize bytes, the card image needs $size"
	say "writing $((size / 1048576)) MiB to $DEV"
	dd if="$card" of="$DEV" bs=4M conv=fsync status=progress
	sync
else
	say "writing $((size / 1048576)) MiB to $IMG"
	cp "$card" "$IMG.tmp" && mv "$IMG.tmp" "$IMG"
fi
say "done: $target has Kauri's card layout; $board boots it from its boot partition (boot.scr)"
