#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# make bench-storage: sequential write and read through Kauri's block service on QEMU's SD card
# (sdhci-pci), next to dd of the same card from Debian's arm64 Linux booted on the same QEMU
# (docs/benchmarks.md, "Storage"). Kauri: qemu_arm_virt with CONFIG_SDMMC and
# tests/bench/storage.dts, built in OBJ-DIR/bench-storage, on a card make sdcard lays out;
# block_probe writes BENCH_MIB MiB to the data partition a block a call and reads them back, and
# says how long each took. Linux: the guest scripts/guest.sh builds with the SD host's modules
# and tests/bench/storage-init as /init, which times dd of as much at the data partition's
# offset, read then written (1 MiB blocks, O_DIRECT). Each run boots both on one fresh copy of
# the card, Kauri first; the table has the median of RUNS runs. Real time, not -icount: the
# figures are I/O through QEMU's device models, which instruction counting would not show.
#
# Usage: tests/bench/storage.sh OBJ-DIR     (make bench-storage)
#   RUNS=N       runs of each (default 3)
#   BENCH_MIB=N  MiB written and read (default 64; at most 85, the data partition's 86 less one)
set -u

usage() { sed -n 's/^# \{0,1\}//; 3,16p' "$0"; }
case ${1:-} in --help|-h) usage; exit 0 ;; esac
[ $# -eq 1 ] || { usage >&2; exit 2; }

# shellcheck source=../system/lib.sh
. "$(dirname "$0")/../system/lib.sh"
work_dir "$1/bench-storage"
obj=$work
runs=${RUNS:-3}
mib=${BENCH_MIB:-64}
die() { echo "error: $*" >&2; exit 1; }
case $runs$mib in *[!0-9]*|'') die "RUNS and BENCH_MIB take a number" ;; esac
[ "$runs" -ge 1 ] && [ "$mib" -ge 1 ] && [ "$mib" -le 85 ] || die "RUNS at least 1, BENCH_MIB 1 to 85"

# The manifest: tests/bench/storage.dts, with block_probe told BENCH_MIB. A manifest path is
# relative to the source tree, and it is in a directory of its own: files beside a manifest
# are the release's.
mkdir -p "$obj/manifest"
{
	echo "// make bench-storage's manifest (tests/bench/storage.sh): BENCH_MIB=$mib"
	echo '#include "tests/bench/storage.dts"'
	echo "/ { apps { block_probe { args = \"7\", \"$mib\"; }; }; };"
} > "$obj/manifest/storage.dts.new"
# (Rewritten only when it changes: make would rebuild the release.)
if cmp -s "$obj/manifest/storage.dts.new" "$obj/manifest/storage.dts"; then
	rm -f "$obj/manifest/storage.dts.new"
else
	mv "$obj/manifest/storage.dts.new" "$obj/manifest/storage.dts"
fi
manifest=$(realpath --relative-to="$srctree" "$obj/manifest/storage.dts")

echo "  BUILD   $obj/image: qemu_arm_virt, CONFIG_SDMMC, tests/bench/storage.dts"
build_image "$obj/build.log" "$obj/image" qemu_arm_virt "$manifest" CONFIG_SDMMC=y ||
	die "the storage image did not build (see $obj/build.log)"
echo "  CARD    $obj/image/sdcard.img (make sdcard)"
make -C "$srctree" O="$obj/image" sdcard > "$obj/sdcard.log" 2>&1 || die "make sdcard failed (see $obj/sdcard.log)"
# The data partition's first block, from the card's GPT; dd's offset is in MiB.
data_start=$(sfdisk -d "$obj/image/sdcard.img" 2> /dev/null | sed -n 's/.*start= *\([0-9]*\),.*name="data".*/\1/p')
[ -n "$data_start" ] || die "no data partition on $obj/image/sdcard.img"
[ $((data_start % 2048)) -eq 0 ] || die "the data partition (block $data_start) does not start on a MiB"

# The Linux guest: Debian's kernel has mmc_core and mmc_block built in, the SDHCI host as
# modules (sdhci-pci needs sdhci and cqhci: guest.sh follows depends=).
GUEST_INIT=$srctree/tests/bench/storage-init GUEST_MODULES=sdhci_pci "$srctree/scripts/guest.sh" "$obj/guest" ||
	die "the Linux guest did not build"

card=$obj/card.img
# shellcheck disable=SC2054 # QEMU's commas
card_args=(-device sdhci-pci -drive "if=none,id=card0,file=$card,format=raw" -device sd-card,drive=card0)
probe_ended() { grep -q '^rootserver: app \(block_probe\|storage\) exited' "$1"; }
# LOG's lines without the log server's time stamps.
said() { sed 's/^\[ *[0-9.]*\] //' "$1"; }
guest_done() { grep -q '^storage-bench: done' "$1"; }

# One run of each on a fresh card: appends the seconds to the lists below, or stops the script.
kauri_write='' kauri_read='' linux_write='' linux_read=''
one_run() {
	local log=$obj/kauri.$1.log w r kw kr
	cp "$obj/image/sdcard.img" "$card"
	qemu_until "$log" 600 probe_ended "${card_args[@]}" -kernel "$obj/image/kauri.img"
	w=$(said "$log" | sed -n 's/^block_probe: wrote [0-9]* blocks (seed 7) and the mark in \([0-9]*\) ms$/\1/p')
	r=$(said "$log" | sed -n 's/^block_probe: read [0-9]* blocks back in \([0-9]*\) ms: all equal$/\1/p')
	[ -n "$w" ] && [ -n "$r" ] && grep -q '^rootserver: app block_probe exited with status 0$' "$log" ||
		die "Kauri's run $1: no write and read figures from block_probe (see $log)"
	kw=$((w / 1000)).$(printf %03d $((w % 1000))) kr=$((r / 1000)).$(printf %03d $((r % 1000)))
	kauri_write="$kauri_write $kw" kauri_read="$kauri_read $kr"

	log=$obj/linux.$1.log
	qemu_until "$log" 600 guest_done "${card_args[@]}" -kernel "$obj/guest/Image" -initrd "$obj/guest/initrd.cpio.gz" \
		-append "console=ttyAMA0 cryptomgr.notests quiet kauri.offset=$((data_start / 2048)) kauri.mib=$mib"
	w=$(sed -n 's/^storage-bench: write: [0-9]* bytes in \([0-9.]*\) s$/\1/p' "$log")
	r=$(sed -n 's/^storage-bench: read: [0-9]* bytes in \([0-9.]*\) s$/\1/p' "$log")
	[ -n "$w" ] && [ -n "$r" ] || die "Linux's run $1: no dd figures (see $log)"
	linux_write="$linux_write $w" linux_read="$linux_read $r"
	echo "  RUN     $1 of $runs: Kauri write $(mbs "$kw") read $(mbs "$kr"), Linux write $(mbs "$w") read $(mbs "$r") MB/s"
}
# MB/s (10^6 bytes) for BENCH_MIB MiB in SECONDS.
mbs() { awk -v s="$1" -v n=$((mib * 1048576)) 'BEGIN { printf "%.2f", n / 1e6 / s }'; }

for ((i = 1; i <= runs; i++)); do
	one_run "$i"
done
rm -f "$card"

# How each side drove the card, as it said so itself.
kauri_how=$(said "$obj/kauri.1.log" | sed -n 's/^storage: SDHCI .*, \([0-9]*-bit bus at [0-9]* kHz, [A-Z]*\)$/\1/p' | head -n 1)
linux_how="$(sed -n 's/^storage-bench: kernel: mmc0: SDHCI controller on PCI .* using \([A-Z0-9]*\)$/\1/p' "$obj/linux.1.log" | head -n 1)"
linux_how="$linux_how$(sed -n 's/^storage-bench: kernel: mmc0: new \(.*\) SD card at .*$/, \1/p' "$obj/linux.1.log" | head -n 1)"

# shellcheck disable=SC2086 # lists of numbers
kw=$(mbs "$(median $kauri_write)") kr=$(mbs "$(median $kauri_read)") lw=$(mbs "$(median $linux_write)") lr=$(mbs "$(median $linux_read)")
echo "storage: $mib MiB at the data partition (block $data_start) of QEMU's SD card (sdhci-pci, sd-card);"
echo "real time (the guests' counters; no -icount: this is I/O through QEMU's device models), median of $runs:"
printf '  %-70s %10s %10s\n' '' 'write MB/s' 'read MB/s'
printf '  %-70s %10s %10s\n' "Kauri, block service: 512 bytes a call (${kauri_how:-PIO})" "$kw" "$kr"
printf '  %-70s %10s %10s\n' "Linux 6.1, dd bs=1M O_DIRECT of /dev/mmcblk0 (${linux_how:-?})" "$lw" "$lr"
printf '  %-70s %10s %10s\n' 'Kauri / Linux' "$(awk -v a="$kw" -v b="$lw" 'BEGIN { printf "%.2f", a / b }')" \
	"$(awk -v a="$kr" -v b="$lr" 'BEGIN { printf "%.2f", a / b }')"
echo "  runs, seconds for $mib MiB: Kauri write$kauri_write, read$kauri_read; Linux write$linux_write, read$linux_read"
