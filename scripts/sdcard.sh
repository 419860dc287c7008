#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Builds a card image with Kauri's layout (docs/storage.md, "The card layout"): a GPT with a
# boot partition (FAT: kauri.img and U-Boot's boot.scr; 32 MiB, doubled until kauri.img fits),
# release slots kauri_a and kauri_b (the bootfs in both), the state area kauri_state (slot A
# active) and a data partition; the first 8 MiB are left to a board's bootloader, which
# --bootloader puts at its offset.
#
# Usage: scripts/sdcard.sh -o CARD.IMG --image KAURI.IMG --bootfs BOOTFS.IMG --tools DIR
#          [--bootloader FLASH.BIN --bootloader-offset BYTES] [--slot-mib N] [--data-mib N]
#   --tools DIR   where kauri-card is (the build's tools/)
#   --slot-mib    each release slot's size (default 64); --data-mib the data partition's least
#                 size (16): it takes what is left of a card whose size is a power of two
# Every step is said before it is done. Exit status: 0, or 1 with the reason on stderr.
set -eu

usage() { sed -n 's/^# \{0,1\}//; 3,13p' "$0"; }
die() { echo "sdcard: error: $*" >&2; exit 1; }

out='' image='' bootfs='' tools='' loader='' loader_offset='' slot_mib=64 data_mib=16
while [ $# -gt 0 ]; do
	case $1 in
	--help|-h) usage; exit 0 ;;
	-o) out=${2:?}; shift ;;
	--image) image=${2:?}; shift ;;
	--bootfs) bootfs=${2:?}; shift ;;
	--tools) tools=${2:?}; shift ;;
	--bootloader) loader=${2:?}; shift ;;
	--bootloader-offset) loader_offset=${2:?}; shift ;;
	--slot-mib) slot_mib=${2:?}; shift ;;
	--data-mib) data_mib=${2:?}; shift ;;
	*) die "unexpected argument '$1' (see --help)" ;;
	esac
	shift
done
[ -n "$out" ] && [ -n "$image" ] && [ -n "$bootfs" ] && [ -n "$tools" ] || { usage >&2; exit 1; }
for f in "$image" "$bootfs"; do [ -f "$f" ] || die "$f: no such file"; done
for tool in sfdisk mkfs.vfat mcopy mkimage; do
	command -v "$tool" > /dev/null 2>&1 || die "$tool not found: run make deps (packages fdisk, dosfstools, mtools, u-boot-tools)"
done
case $slot_mib$data_mib in *[!0-9]*) die "--slot-mib and --data-mib take a number of MiB" ;; esac

srctree=$(cd "$(dirname "$0")/.." && pwd)
MIB=1048576
# Partitions, in MiB from the card's start.
boot_start=8 boot_mib=32
# The boot partition holds kauri.img (a VMM's carries its guests: tens of MiB) with room for
# FAT's own tables: doubled from 32 MiB until it does.
image_size=$(stat -c %s "$image")
while [ $((image_size + 2 * MIB)) -gt $((boot_mib * MIB)) ]; do boot_mib=$((boot_mib * 2)); done
a_start=$((boot_start + boot_mib))
b_start=$((a_start + slot_mib))
state_start=$((b_start + slot_mib)) state_mib=1
data_start=$((state_start + state_mib))
# A power of two in all (QEMU's SD card takes no other size), the data partition what is left
# after the backup GPT's last MiB.
total_mib=1
while [ "$total_mib" -lt $((data_start + data_mib + 1)) ]; do total_mib=$((total_mib * 2)); done
data_mib=$((total_mib - data_start - 1))

bootfs_size=$(stat -c %s "$bootfs")
[ "$bootfs_size" -le $((slot_mib * MIB)) ] ||
	die "$bootfs is $((bootfs_size / MIB + 1)) MiB, more than a $slot_mib MiB slot: give --slot-mib (SLOT_MIB=)"
if [ -n "$loader" ]; then
	[ -f "$loader" ] || die "$loader: no such file (the board's bootloader, flash.bin)"
	case $loader_offset in ''|*[!0-9]*) die "--bootloader-offset takes a number of bytes" ;; esac
	loader_size=$(stat -c %s "$loader")
	# After the primary GPT (LBA 0-33), before the boot partition.
	[ "$loader_offset" -ge 17408 ] || die "a bootloader at byte $loader_offset would overwrite the GPT (it ends at 17408)"
	[ $((loader_offset + loader_size)) -le $((boot_start * MIB)) ] ||
		die "$loader ($loader_size bytes at $loader_offset) runs past the first $boot_start MiB into the boot partition"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "  SDCARD  $out: $total_mib MiB, GPT: boot $boot_mib MiB at $boot_start MiB, kauri_a and kauri_b $slot_mib MiB, kauri_state, data $data_mib MiB"
rm -f "$out.tmp"
truncate -s "$((total_mib * MIB))" "$out.tmp"
# Fixed GUIDs: the same inputs give the same card. Slot and state types are Kauri's own.
slot_type=4b415552-4900-4000-8000-00736c6f7473
state_type=4b415552-4900-4000-8000-007374617465
sfdisk --quiet "$out.tmp" > /dev/null <<SFDISK
label: gpt
label-id: 4B415552-4900-4000-8000-000000000000
unit: sectors
first-lba: 34
start=$((boot_start * 2048)), size=$((boot_mib * 2048)), type=EBD0A0A2-B9E5-4433-87C0-68B6B72699C7, name="boot", attrs="LegacyBIOSBootable", uuid=4B415552-4900-4000-8000-000000000001
start=$((a_start * 2048)), size=$((slot_mib * 2048)), type=$slot_type, name="kauri_a", uuid=4B415552-4900-4000-8000-000000000002
start=$((b_start * 2048)), size=$((slot_mib * 2048)), type=$slot_type, name="kauri_b", uuid=4B415552-4900-4000-8000-000000000003
start=$((state_start * 2048)), size=$((state_mib * 2048)), type=$state_type, name="kauri_state", uuid=4B415552-4900-4000-8000-000000000004
start=$((data_start * 2048)), size=$((data_mib * 2048)), type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, name="data", uuid=4B415552-4900-4000-8000-000000000005
SFDISK

echo "  SDCARD  boot: FAT16 with kauri.img and boot.scr ($(basename "$image"), scripts/boot.cmd)"
mkimage -A arm64 -O linux -T script -C none -n "Kauri" -d "$srctree/scripts/boot.cmd" "$tmp/boot.scr" > /dev/null
mkfs.vfat -F 16 -n KAURIBOOT -i 4b415552 -C "$tmp/boot.fat" $((boot_mib * 1024)) > /dev/null
mcopy -i "$tmp/boot.fat" "$image" ::/kauri.img
mcopy -i "$tmp/boot.fat" "$tmp/boot.scr" ::/boot.scr
dd if="$tmp/boot.fat" of="$out.tmp" bs=1M seek="$boot_start" conv=notrunc status=none

echo "  SDCARD  kauri_a, kauri_b: $(basename "$bootfs") ($bootfs_size bytes)"
dd if="$bootfs" of="$out.tmp" bs=1M seek="$a_start" conv=notrunc status=none
dd if="$bootfs" of="$out.tmp" bs=1M seek="$b_start" conv=notrunc status=none

echo "  SDCARD  kauri_state: slot A active"
"$tools/kauri-card" state-init -o "$tmp/state.bin" --active A > /dev/null
dd if="$tmp/state.bin" of="$out.tmp" bs=1M seek="$state_start" conv=notrunc status=none

if [ -n "$loader" ]; then
	echo "  SDCARD  bootloader: $(basename "$loader") ($loader_size bytes) at byte $loader_offset"
	dd if="$loader" of="$out.tmp" bs=1 seek="$loader_offset" conv=notrunc status=none
fi
mv "$out.tmp" "$out"
