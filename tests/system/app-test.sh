#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# System tests of the root server with manifests of their own (tests/system/manifests/):
# restart policies and restart-deps, channel rights, the microVM's network peer, a driver app's
# device and interrupt, bad manifests refused by the build and stopping boot before anything
# starts, and budgets against RAM.
#
# Usage: tests/system/app-test.sh WORKDIR
set -u

. "$(dirname "$0")/lib.sh"
work_dir "${1:?usage: app-test.sh WORKDIR}"

# Builds qemu_arm_virt with MANIFEST (relative to the source tree) and any further CONFIG_ lines
# (log: WORKDIR/NAME.build.log) and keeps its kauri.img and release.zip in WORKDIR/NAME; returns
# make's status. Every case builds in the one object tree WORKDIR/image: after the first, a case
# rebuilds only what its manifest and options change (the bootfs, the image's link).
out=$work/image
build_case() {
	local name=$1 manifest=$2
	shift 2
	rm -rf "${work:?}/$name"
	build_image "$work/$name.build.log" "$out" qemu_arm_virt "$manifest" "$@" &&
	mkdir -p "$work/$name" && cp "$out/kauri.img" "$out/release.zip" "$work/$name/"
}

# Boots WORKDIR/IMAGE/kauri.img with QEMU_RAM_MB MiB (1024); the console goes to WORKDIR/NAME.log,
# QEMU's exit status is returned.
boot() {
	timeout "${QEMU_TIMEOUT:-120}" qemu-system-aarch64 -M virt -cpu cortex-a53 -m "${QEMU_RAM_MB:-1024}" -smp 1 -nographic -no-reboot -nic none -semihosting \
		-kernel "$work/$1/kauri.img" < /dev/null > "$work/$2.log" 2>&1
}

# Builds qemu_arm_virt with MANIFEST (WORKDIR/NAME/kauri.img) and boots it; the console goes to
# WORKDIR/NAME.log, the exit status is returned (100: the image did not build).
boot_with_manifest() {
	build_case "$1" "$2" || return 100
	boot "$1" "$1"
}

count() { grep -c -- "$1" "$2"; }

# Builds and boots case NAME with MANIFEST; sets rc (QEMU's exit status) and log. Returns 1, with
# the failure counted, when the image does not build.
run_case() {
	boot_with_manifest "$1" "$2"
	rc=$?
	log=$work/$1.log
	if [ $rc -eq 100 ]; then
		fail "$1: image with $2 builds" "$(tail -5 "$work/$1.build.log")"
		return 1
	fi
}

# ---- board reset: refused without resources/machine-reset; with it, QEMU (no -no-reboot) starts
# the board again: the kernel's banner a second time.
if build_case reset tests/system/manifests/reset.dts; then
	timeout 60 qemu-system-aarch64 -M virt -cpu cortex-a53 -m 1024 -smp 1 -nographic -nic none -semihosting \
		-kernel "$work/reset/kauri.img" < /dev/null > "$work/reset.log" 2>&1 &
	qemu=$!
	for ((i = 0; i < 300; i++)); do
		[ "$(grep -ac '^Kauri .* on qemu_arm_virt' "$work/reset.log")" -ge 2 ] && break
		kill -0 "$qemu" 2> /dev/null || break
		sleep 0.2
	done
	kill "$qemu" 2> /dev/null
	wait "$qemu" 2> /dev/null
	log=$work/reset.log
	check "reset: an app without resources/machine-reset is refused the reset" \
		sh -c "grep -aq 'rootserver: app no_right: machine reset refused: not in its manifest entry' '$log' &&
			grep -aq 'no_right: reset refused: not declared in the manifest' '$log'"
	check "reset: without resources/release-admin, the release, another app's end and the watchdog are refused" \
		sh -c "grep -aq 'rootserver: app no_right: release information refused: not in its manifest entry' '$log' &&
			grep -aq 'rootserver: app no_right: app state refused: not in its manifest entry' '$log' &&
			grep -aq 'rootserver: app no_right: watchdog refused: not in its manifest entry' '$log' &&
			grep -aq 'no_right: release info: not declared in the manifest' '$log' &&
			grep -aq 'no_right: watchdog: not declared in the manifest' '$log' &&
			grep -aq 'rootserver: app admin: release information refused' '$log'"
	check "reset: with release-admin alone: the built-in release and its manifest, no_right's exit (1), no such app, the watchdog's bound" \
		sh -c "grep -aq 'release_admin: release: slot built-in, on trial 0, manifest a DTB ([1-9][0-9]* bytes)' '$log' &&
			grep -aq 'release_admin: app no_right: end 1, status 1' '$log' &&
			grep -aq 'release_admin: app no_such_app: no app of that name in the manifest' '$log' &&
			grep -aq 'release_admin: watchdog past its bound: malformed request' '$log' &&
			grep -aq 'release_admin: watchdog disarmed: success' '$log' &&
			grep -aq 'rootserver: app release_admin: machine reset refused' '$log'"
	check "reset: the app with it resets the board (PSCI SYSTEM_RESET), which boots again" \
		sh -c "grep -aq 'rootserver: app admin resets the board' '$log' && grep -aq 'kernel: rootserver reset the machine' '$log' &&
			[ \$(grep -ac '^Kauri .* on qemu_arm_virt' '$log') -ge 2 ]"
else
	fail "reset: image with tests/system/manifests/reset.dts builds" "$(tail -5 "$work/reset.build.log")"
fi

# ---- restart policies
if run_case restart tests/system/manifests/restart.dts; then
	[ "$(count 'crasher: starting' "$log")" = 4 ] && pass "restart: on-failure app started 1 + 3 times" ||
		fail "restart: on-failure app started 1 + 3 times" "$(count 'crasher: starting' "$log") starts"
	[ "$(count 'rootserver: app crasher: VM fault at 0x0 pc 0x' "$log")" = 4 ] &&
		pass "restart: each crash reported with address and pc" || fail "restart: crash reports"
	grep -q 'rootserver: restarting app crasher (restart 3 of 3, policy on-failure)' "$log" &&
		pass "restart: restarts counted" || fail "restart: restarts counted"
	grep -q 'rootserver: app crasher: giving up after 3 restarts' "$log" &&
		pass "restart: given up on after its limit" || fail "restart: given up on after its limit"
	[ "$(count 'dependent: starting' "$log")" = 4 ] && pass "restart: restart-deps app restarted with it" ||
		fail "restart: restart-deps app restarted with it" "$(count 'dependent: starting' "$log") starts"
	[ "$(count 'rootserver: restarting app dependent with crasher' "$log")" = 3 ] &&
		pass "restart: dependent restarts announced" || fail "restart: dependent restarts announced"
	[ "$(count 'hello: 1 arguments' "$log")" = 1 ] && grep -q 'rootserver: app hello exited with status 0' "$log" &&
		pass "restart: the other app ran once, undisturbed" || fail "restart: the other app ran once, undisturbed"
	grep -q 'rootserver: all apps have ended' "$log" && [ $rc -eq 0 ] &&
		pass "restart: the run ends cleanly" || fail "restart: the run ends cleanly" "exit $rc"
fi

# ---- channel rights: what the kernel enforces for a data diode
if run_case diode tests/system/manifests/diode.dts; then
	grep -q 'fast_tx: sent 10000 records of 64 bytes through 204 slots' "$log" &&
		pass "diode: the sender never waits for a slower receiver" || fail "diode: sender finished"
	# The sender, at higher priority, ran to the end first: only the last 204 records (one ring) survive.
	grep -q 'slow_rx: 204 of 10000 records in order with the right content, 9796 lost' "$log" &&
		pass "diode: a lapped receiver counts the records it lost and reads the rest in order" ||
		fail "diode: overruns counted" "$(grep 'slow_rx:' "$log" | head -3)"
	grep -q 'rootserver: app writer: VM fault at 0x40000000 pc 0x' "$log" &&
		pass "diode: a write through a READ mapping faults and is reported" ||
		fail "diode: read-only mapping" "$(grep 'writer' "$log" | head -3)"
	grep -q 'rootserver: app signaller: capability fault at pc 0x' "$log" &&
		pass "diode: signalling with only RECV is a capability fault" ||
		fail "diode: RECV-only notification" "$(grep 'signaller' "$log" | head -3)"
	grep -q 'rootserver: app peeker: opening channel diode0 refused: not in its manifest entry' "$log" &&
		grep -q 'peeker: open diode0: not declared in the manifest' "$log" &&
		pass "diode: an app without rights is refused the channel" || fail "diode: open refused"
	grep -q 'rootserver: app peeker: VM fault at 0x40000000 pc 0x' "$log" &&
		pass "diode: an app without rights has no mapping of it" || fail "diode: no mapping without rights"
fi

# ---- the microVM's network peer: net_responder answers ARP and ICMP echo over two diodes
if run_case net tests/system/manifests/net.dts; then
	for what in "ARP reply" "echo reply" "broadcast echo unanswered, next request answered"; do
		grep -q "net_ping: PASS $what" "$log" && pass "net: $what, byte by byte" ||
			fail "net: $what" "$(grep 'net_ping: FAIL' "$log" | head -3)"
	done
	grep -q 'net_responder: answering ARP and ICMP echo for 10.0.2.2 (52:54:00:12:34:02) from net_rx to net_tx' "$log" &&
		grep -q 'net_responder: 4 frames, 3 replies, 1 dropped, 0 lost' "$log" &&
		pass "net: the responder counts frames, replies and drops, on demand" ||
		fail "net: responder counts" "$(grep 'net_responder' "$log" | head -3)"
	grep -q 'rootserver: app net_ping exited with status 0' "$log" && grep -q 'rootserver: app net_responder exited with status 0' "$log" &&
		[ $rc -eq 0 ] && pass "net: both apps end cleanly" || fail "net: both apps end cleanly" "exit $rc"
fi

# ---- a driver app: a device mapped at its address, its interrupt line delivered
if run_case devices tests/system/manifests/devices.dts; then
	grep -Eq 'rtc_driver: rtc at 0x60000000 \(4096 bytes\): peripheral id 0x00[0-9a-f]41031, a PL031' "$log" &&
		pass "devices: the MMIO range is mapped and reads the PL031's id" ||
		fail "devices: MMIO mapped" "$(grep 'rtc_driver' "$log" | head -3)"
	grep -Eq 'rtc_driver: interrupt 34: badge 0x1, match status 1, [12] s after arming, acknowledged: yes' "$log" &&
		pass "devices: the interrupt line signals the app's notification and is acknowledged" ||
		fail "devices: interrupt delivered" "$(grep 'rtc_driver: interrupt' "$log")"
	grep -q 'rootserver: app rtc_driver: device uart0 refused: not in its manifest entry' "$log" &&
		grep -q 'rtc_driver: device uart0: not declared in the manifest' "$log" &&
		pass "devices: a device not in the manifest entry is refused" || fail "devices: undeclared device refused"
	grep -q 'rtc_driver: irq 35: not declared in the manifest' "$log" &&
		pass "devices: an interrupt line not in the manifest entry is refused" || fail "devices: undeclared irq refused"
	grep -q 'rootserver: app rtc_driver exited with status 0' "$log" && [ $rc -eq 0 ] &&
		pass "devices: the driver ends cleanly" || fail "devices: the driver ends cleanly" "exit $rc"
fi

# ---- an untyped budget is exactly what the manifest says
if run_case budget tests/system/manifests/budget.dts; then
	grep -q 'budget: budget: 3 untypeds, 2144 KiB' "$log" &&
		pass "budget: ut_large_pages 1 + ut_4k_pages 24 arrive as 2 MiB + 64 KiB + 32 KiB untypeds" ||
		fail "budget: untypeds given" "$(grep 'budget:' "$log" | head -4)"
	grep -q 'budget: own frame at 0x10004000 holds 0x6b61757269' "$log" &&
		pass "budget: the app maps a frame of its own making in its VSpace" || fail "budget: own frame mapped"
	grep -q 'budget: then made 22 more 4 KiB frames and 1 2 MiB frames before the budget ran out' "$log" &&
		pass "budget: not a page more than the budget" ||
		fail "budget: budget exhausted exactly" "$(grep 'budget: then' "$log")"
	[ "$(count 'budget: bounds: .*: refused' "$log")" = 9 ] && grep -q 'budget: bounds: 9 refused, 0 allowed' "$log" &&
		pass "budget: its own TCB, CNode and VSpace allow nothing past its priority, its VSpace and its CNode" ||
		fail "budget: bounds of its own caps" "$(grep 'bounds:' "$log" | grep -v ': refused' | head -4)"
fi

# ---- an app cannot forge console lines, and has no capabilities it was not given
if run_case spoof tests/system/manifests/spoof.dts; then
	tr -d '\r' < "$log" > "$log.txt"
	grep -q '^\[ *[0-9.]*\] spoofer: one?rootserver: app victim exited with status 0$' "$log.txt" &&
		pass "spoof: a newline in an app's line stays inside that line" ||
		fail "spoof: newline neutralised" "$(grep 'spoofer: one' "$log.txt")"
	grep -q '^\[ *[0-9.]*\] spoofer: two?kernel: forged ?\[2J$' "$log.txt" &&
		pass "spoof: carriage return and terminal escape neutralised" ||
		fail "spoof: control characters neutralised" "$(grep 'spoofer: two' "$log.txt" | od -c | head -3)"
	grep -Eq '^(rootserver: app victim|kernel: forged)' "$log.txt" &&
		fail "spoof: no forged line starts a line" "$(grep -E '^(rootserver: app victim|kernel: forged)' "$log.txt")" ||
		pass "spoof: no forged line starts a line"
	grep -q 'spoofer: connect with a newline in the name: malformed request' "$log.txt" &&
		! grep -q 'forged refused' "$log.txt" &&
		pass "spoof: a protocol name with a newline is refused before it is printed" ||
		fail "spoof: protocol name refused" "$(grep 'spoofer: connect' "$log.txt")"
	grep -q 'rootserver: app spoofer: capability fault at pc 0x' "$log.txt" &&
		! grep -q 'spoofer: slot 2 held a capability' "$log.txt" &&
		pass "spoof: an app without an untyped budget holds no TCB capability (slot 2 faults)" ||
		fail "spoof: no own TCB without a budget" "$(grep 'spoofer' "$log.txt" | tail -3)"
fi

# ---- a console server that falls behind: nobody waits for it, it counts what it lost
# (it serves for ever, so the run is stopped after a few seconds)
if QEMU_TIMEOUT=8 run_case console-behind tests/system/manifests/console-behind.dts; then
	grep -Eq '^console: [1-9][0-9]* lines lost \(the console fell behind\)' "$log" &&
		pass "console: lines it could not keep up with are counted and reported" ||
		fail "console: lost lines reported" "$(grep '^console:' "$log")"
	grep -q 'hello: argv\[32\] = last' "$log" && grep -q 'rootserver: app hello exited with status 0' "$log" &&
		pass "console: the latest lines come out, and hello never waited for the console" ||
		fail "console: latest lines printed"
fi

# ---- an initrd packed beside the manifest, mapped into its app
if run_case initrd tests/system/manifests/initrd.dts; then
	size=$(wc -c < "$srctree/tests/system/manifests/initrd-test.txt")
	grep -q "hello: initrd: $size bytes at 0x7000000000, first line: $(head -1 "$srctree/tests/system/manifests/initrd-test.txt")" "$log" &&
		pass "initrd: the app reads its initrd, whole, where kauri_initrd says" ||
		fail "initrd: mapped" "$(grep 'hello' "$log" | tail -3)"
	unzip -p "$work/initrd/release.zip" apps/manifest.dtb > "$work/initrd-release.dtb"
	recorded=$(for b in $(fdtget -t bx "$work/initrd-release.dtb" /apps/hello initrd-sha256); do printf '%02x' "0x$b"; done)
	[ "$recorded" = "$(sha256sum "$srctree/tests/system/manifests/initrd-test.txt" | cut -c1-64)" ] &&
		[ "$(unzip -l "$work/initrd/release.zip" | grep -c 'apps/initrd-test.txt')" = 1 ] &&
		pass "initrd: packed into the release with its SHA-256 in the manifest" ||
		fail "initrd: packed with its digest" "initrd-sha256 $recorded"
fi

# ---- two apps yielding to each other in the middle of every line: each line still whole
if run_case chatter tests/system/manifests/chatter.dts; then
	tr -d '\r' < "$log" | grep 'chatter_[ab]: ' > "$work/chatter.lines"
	whole=$(grep -cE '^\[ *[0-9]+\.[0-9]{6}\] (chatter_[ab]): \1 line [0-9]+: abcdefghijklmnopqrstuvwxyz$' "$work/chatter.lines")
	[ "$whole" = 80 ] && [ "$(wc -l < "$work/chatter.lines")" = 80 ] &&
		pass "console: 80 lines of two apps yielding mid-line, every one whole" ||
		fail "console: lines whole" "$whole whole of $(wc -l < "$work/chatter.lines")"
	# The test means something only if the apps really took turns: count the a/b alternations.
	turns=$(sed -n 's/^\[[^]]*\] \(chatter_[ab]\):.*/\1/p' "$work/chatter.lines" | uniq | wc -l)
	[ "$turns" -ge 40 ] && pass "console: the two apps' lines alternate ($turns runs), so they ran mid-line" ||
		fail "console: apps alternated" "$turns runs"
fi

# ---- a device range that is not MMIO stops boot, naming it
if run_case bad-device tests/system/manifests/bad-device.dts; then
	grep -q 'rootserver: manifest: /apps/rtc_driver/resources/devices/rtc: 0x40000000 is not device memory the kernel hands out' "$log" &&
		grep -q 'rootserver: boot stopped; nothing was started' "$log" && ! grep -q 'rootserver: started app' "$log" &&
		[ $rc -eq 1 ] && pass "bad device: RAM as a device stops boot, naming the range" ||
		fail "bad device: RAM as a device stops boot" "$(grep 'rootserver:' "$log" | tail -3); exit $rc"
fi

# ---- a manifest the device would refuse: the build refuses it, naming the node and the problem
if build_case bad tests/system/manifests/bad-priority.dts; then
	fail "bad manifest: the build refuses it" "it built"
else
	grep -q 'kauri-release: error: manifest.dtb: /apps/hello/priority: priority 300 is out of range 0-254' \
		"$work/bad.build.log" && pass "bad manifest: the build refuses it with the device's path and message" ||
		fail "bad manifest: the build refuses it" "$(tail -3 "$work/bad.build.log")"
fi

# ---- ...and the device still refuses one that comes in a package made elsewhere: the budget
# image's package with its manifest changed by fdtput and zipped by hand, as no Kauri tool would
# (the build then makes the bootfs from it, being newer than the manifest)
started_nothing() { grep -q 'rootserver: boot stopped; nothing was started' "$1" && ! grep -q 'rootserver: started app' "$1"; }

# Builds the budget image, runs the fdtput commands given (with $dtb the package's manifest) and
# rebuilds from the hand-zipped package; WORKDIR/NAME/kauri.img. Returns 1 if any step failed.
hand_made_package() {
	local name=$1 pkg=$work/$1 dtb
	shift
	dtb=$pkg/unpacked/apps/manifest.dtb
	rm -rf "$pkg" && mkdir -p "$pkg/unpacked"
	build_case budget tests/system/manifests/budget.dts && (cd "$pkg/unpacked" && unzip -q "$out/release.zip") &&
		while [ $# -gt 0 ]; do fdtput $1 "$dtb" $2 || return 1; shift 2; done && rm "$out/release.zip" &&
		(cd "$pkg/unpacked" && zip -q -r "$out/release.zip" apps) &&
		make -C "$srctree" O="$out" > "$work/$name.build.log" 2>&1 && cp "$out/kauri.img" "$pkg/"
}

if hand_made_package bad-package "-t i" "/apps/budget priority 300"; then
	boot bad-package bad-package
	rc=$?
	log=$work/bad-package.log
	grep -q 'rootserver: manifest: /apps/budget/priority: priority 300 is out of range 0-254' "$log" &&
		pass "bad manifest: the root server names the node path and the problem" ||
		fail "bad manifest: node path named" "$(grep manifest: "$log")"
	started_nothing "$log" && pass "bad manifest: nothing started" || fail "bad manifest: nothing started"
	[ $rc -eq 1 ] && pass "bad manifest: exit status 1" || fail "bad manifest: exit status 1" "exit $rc"
else
	fail "bad manifest: a hand-made package of the budget image" "$(tail -3 "$work/bad-package.build.log" 2>/dev/null)"
fi

# ---- a microVM in a build without the VMM: the build refuses it, and so does the device when a
# package made elsewhere brings one (both through manifest_check_build)
if build_case vm-without-vmm tests/system/manifests/vm-without-vmm.dts; then
	fail "microVM without the VMM: the build refuses it" "it built"
else
	grep -q 'kauri-release: error: manifest.dtb: /apps/vm0/vm: a microVM needs the VMM, which this build does not have (CONFIG_VMM)' \
		"$work/vm-without-vmm.build.log" && pass "microVM without the VMM: the build refuses it, naming the node" ||
		fail "microVM without the VMM: the build refuses it" "$(tail -3 "$work/vm-without-vmm.build.log")"
fi
if hand_made_package vm-package "-t i" "/apps/budget ut_large_pages 8" "-c" "/apps/budget/vm" \
		"-t s" "/apps/budget/vm kernel Image" "-t i" "/apps/budget/vm ram_mb 16"; then
	boot vm-package vm-package
	rc=$?
	log=$work/vm-package.log
	grep -q 'rootserver: manifest: /apps/budget/vm: a microVM needs the VMM, which this build does not have (CONFIG_VMM)' "$log" &&
		started_nothing "$log" && [ $rc -eq 1 ] &&
		pass "microVM without the VMM: the device refuses a package that brings one, before starting anything" ||
		fail "microVM without the VMM: the device refuses it" "$(grep rootserver: "$log" | tail -3); exit $rc"
else
	fail "microVM without the VMM: a hand-made package" "$(tail -3 "$work/vm-package.build.log" 2>/dev/null)"
fi

# ---- budgets against RAM: a 600 MiB heap. Built for a board of 256 MiB, the build refuses it,
# naming the app and the property. Built for 1024 MiB and booted with 256, the root server refuses
# it before making anything: the RAM the kernel found cannot hold its pool (1 GiB). And a 4 GiB
# 2 MiB-page budget (one block) on a board of 5 GiB, which the kernel hands over in blocks of at
# most 2 GiB.
if build_case over-ram tests/system/manifests/over-ram.dts CONFIG_QEMU_RAM_MB=256; then
	fail "over RAM: the build for 256 MiB refuses it" "it built"
else
	grep -q "kauri-release: error: manifest.dtb: /apps/big/heap_pages: memory budgets come to 614504 KiB with this app's, more than the board's 262144 KiB of RAM" \
		"$work/over-ram.build.log" && pass "over RAM: the build for 256 MiB refuses it, naming app and property" ||
		fail "over RAM: the build refuses it" "$(tail -3 "$work/over-ram.build.log")"
fi
if QEMU_RAM_MB=256 run_case over-ram tests/system/manifests/over-ram.dts; then
	grep -Eq '^rootserver: manifest: /apps/big: needs 1048576 KiB of RAM \(.*\), only [0-9]+ KiB left' "$log" &&
		pass "over RAM: booted with 256 MiB, the root server names the app that does not fit what is left" ||
		fail "over RAM: app named at boot" "$(grep 'rootserver:' "$log" | tail -3)"
	started_nothing "$log" && [ $rc -eq 1 ] && pass "over RAM: boot stops, nothing started (hello neither)" ||
		fail "over RAM: nothing started" "$(grep 'rootserver:' "$log" | tail -3); exit $rc"
fi
if build_case over-ram-block tests/system/manifests/over-ram-block.dts CONFIG_QEMU_RAM_MB=5120; then
	QEMU_RAM_MB=5120 boot over-ram-block over-ram-block
	rc=$?
	log=$work/over-ram-block.log
	grep -Eq '^rootserver: manifest: /apps/huge: needs 4194304 KiB of RAM in one block \(of its ut_large_pages budget\), the largest the kernel handed over is [0-9]+ KiB' "$log" &&
		started_nothing "$log" && [ $rc -eq 1 ] &&
		pass "over RAM: built and booted with 5 GiB, no block holds its 4 GiB budget: boot stops, the app named" ||
		fail "over RAM: one block" "$(grep 'rootserver:' "$log" | tail -3); exit $rc"
else
	fail "over RAM: the build for 5 GiB" "$(tail -3 "$work/over-ram-block.build.log")"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
