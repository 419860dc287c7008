#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# make bench-upgrade: how long the admin service takes to install a release of N MiB from the
# upgrade inbox (reading the package, the checks: digests, signature, files, manifest; writing
# the slot; reading it back), and how much longer a trial boot takes than a normal one
# (docs/benchmarks.md, "Upgrades"). The device: qemu_arm_virt with CONFIG_SDMMC and CONFIG_ADMIN
# (tests/system/manifests/upgrade-v1.dts) on a card make sdcard lays out; each release is
# upgrade-v2.dts with an initrd of N KiB of random bytes for hello, signed with the device's key.
# Each run: a fresh copy of the card, the package put into its inbox, one boot to install it, one
# trial boot (which commits), one normal boot; the table has the median of RUNS runs. The
# figures are the admin's and the root server's own lines, on the counter; real time, not
# -icount: they are I/O through QEMU's SD card model, which instruction counting would not show.
#
# Usage: tests/bench/upgrade.sh OBJ-DIR     (make bench-upgrade)
#   RUNS=N         runs of each (default 3)
#   BENCH_SIZES=   the initrd sizes in KiB (default "256 768"; 1 to 1000: the admin reads a
#                  package into its 4 MiB heap, the release itself is about 1.1 MiB, and a
#                  bootfs puts an entry of 1 MiB or more on a 2 MiB boundary)
set -u

usage() { sed -n 's/^# \{0,1\}//; 3,18p' "$0"; }
case ${1:-} in --help|-h) usage; exit 0 ;; esac
[ $# -eq 1 ] || { usage >&2; exit 2; }

# shellcheck source=../system/lib.sh
. "$(dirname "$0")/../system/lib.sh"
work_dir "$1/bench-upgrade"
runs=${RUNS:-3}
sizes=${BENCH_SIZES:-256 768}
die() { echo "error: $*" >&2; exit 1; }
case $runs in *[!0-9]*|'') die "RUNS takes a number" ;; esac
for n in $sizes; do
	case $n in *[!0-9]*|'') die "BENCH_SIZES takes numbers of KiB" ;; esac
	[ "$n" -ge 1 ] && [ "$n" -le 1000 ] || die "BENCH_SIZES: 1 to 1000 KiB of initrd (the package must fit the admin's 4 MiB)"
done
[ "$runs" -ge 1 ] || die "RUNS at least 1"
export PATH=$PATH:/usr/sbin:/sbin

config="CONFIG_SDMMC=y CONFIG_ADMIN=y"
device=$work/device
echo "  BUILD   $device: qemu_arm_virt, CONFIG_SDMMC, CONFIG_ADMIN, tests/system/manifests/upgrade-v1.dts"
# shellcheck disable=SC2086 # the CONFIG_ lines are words
build_image "$work/device.build.log" "$device" qemu_arm_virt tests/system/manifests/upgrade-v1.dts $config ||
	die "the device did not build (see $work/device.build.log)"
make -C "$srctree" O="$device" sdcard > "$work/sdcard.log" 2>&1 || die "make sdcard failed (see $work/sdcard.log)"
tools=$device/tools

# Release N: upgrade-v2.dts, hello with an initrd of N KiB (beside its manifest, in a directory
# of its own: files beside a manifest are the release's), signed with the device's key.
for n in $sizes; do
	dir=$work/release$n
	mkdir -p "$dir/manifest"
	[ -f "$dir/manifest/payload.bin" ] || head -c $((n * 1024)) /dev/urandom > "$dir/manifest/payload.bin"
	printf '%s\n' "// make bench-upgrade's release: upgrade-v2.dts with $n KiB of initrd" \
		'#include "tests/system/manifests/upgrade-v2.dts"' \
		'/ { apps { hello { initrd = "payload.bin"; }; }; };' > "$dir/manifest/release.dts.new"
	if cmp -s "$dir/manifest/release.dts.new" "$dir/manifest/release.dts"; then
		rm -f "$dir/manifest/release.dts.new"
	else
		mv "$dir/manifest/release.dts.new" "$dir/manifest/release.dts"
	fi
	echo "  BUILD   $dir: a release with $n KiB of initrd"
	# shellcheck disable=SC2086
	build_image "$dir.build.log" "$dir/image" qemu_arm_virt "$(realpath --relative-to="$srctree" "$dir/manifest/release.dts")" $config &&
		"$tools/kauri-sign" --key "$device/keys/development.key" --apply-props -o "$dir/signed.zip" --force \
			"$dir/image/release.zip" > "$dir.sign.log" 2>&1 &&
		"$tools/kauri-bootfs" create -o "$dir/package.img" --force "$dir/signed.zip" >> "$dir.sign.log" 2>&1 ||
		die "release $n did not build or sign (see $dir.build.log, $dir.sign.log)"
done

booted() { grep -aq 'admin: serving kos_admin_protocol\|rootserver: app admin resets the board\|boot stopped' "$1"; }
boot() {	# LOG CARD
	qemu_until "$1" 90 booted -device sdhci-pci -drive "if=none,id=card0,file=$2,format=raw" \
		-device sd-card,drive=card0 -kernel "$device/kauri.img"
	sleep 0.5
}
# The number in LOG's line matching the sed expression EXPR, or "?".
figure() { local v; v=$(sed -n "$2" "$1" | head -1); echo "${v:-?}"; }
ticks_ms() { [ "$1" = "?" ] && echo "?" || echo $(($1 / 62500)); }	# QEMU virt's counter: 62.5 MHz

printf '%-9s %-10s %-8s %-8s %-8s %-8s %-8s %-14s %-14s\n' "initrd" "package" "read" "checks" "write" "readback" "install" "boot (trial)" "boot (normal)"
for n in $sizes; do
	dir=$work/release$n
	bytes=$(stat -c %s "$dir/package.img")
	reads=() checks=() writes=() backs=() totals=() trials=() normals=()
	for ((r = 1; r <= runs; r++)); do
		card=$work/card$n.img
		cp "$device/sdcard.img" "$card"
		"$tools/kauri-card" inbox-put "$card" "$dir/package.img" > /dev/null || die "inbox-put failed"
		boot "$work/install$n.$r.log" "$card"
		boot "$work/trial$n.$r.log" "$card"
		boot "$work/normal$n.$r.log" "$card"
		log=$work/install$n.$r.log
		grep -aq 'admin: upgrade: slot B written and read back equal' "$log" || die "run $r: release $n was not installed (see $log)"
		grep -aq 'admin: slot B committed' "$work/trial$n.$r.log" || die "run $r: release $n was not committed (see $work/trial$n.$r.log)"
		reads+=("$(figure "$log" 's/.*admin: upgrade inbox: package read in \([0-9]*\) ms.*/\1/p')")
		checks+=("$(figure "$log" 's/.*admin: upgrade: checks took \([0-9]*\) ms.*/\1/p')")
		writes+=("$(figure "$log" 's/.*admin: upgrade: slot B written in \([0-9]*\) ms.*/\1/p')")
		backs+=("$(figure "$log" 's/.*admin: upgrade: slot B written in [0-9]* ms, read back in \([0-9]*\) ms.*/\1/p')")
		totals+=($((reads[-1] + checks[-1] + writes[-1] + backs[-1])))
		trials+=("$(ticks_ms "$(figure "$work/trial$n.$r.log" 's/.*rootserver: all [0-9]* apps started, \([0-9]*\) timer ticks.*/\1/p')")")
		normals+=("$(ticks_ms "$(figure "$work/normal$n.$r.log" 's/.*rootserver: all [0-9]* apps started, \([0-9]*\) timer ticks.*/\1/p')")")
	done
	printf '%-9s %-10s %-8s %-8s %-8s %-8s %-8s %-14s %-14s\n' "$n KiB" "$bytes" "$(median "${reads[@]}") ms" \
		"$(median "${checks[@]}") ms" "$(median "${writes[@]}") ms" "$(median "${backs[@]}") ms" \
		"$(median "${totals[@]}") ms" "$(median "${trials[@]}") ms" "$(median "${normals[@]}") ms"
done
echo "(medians of $runs runs; boot: reset to all apps started, by the root server's line)"
