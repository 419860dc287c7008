#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# System test of the microVM guest (docs/vmm.md, "The guest"): make guest builds Image, the
# initrd and the disk from the package cache alone (apt-get is not called), and make guest-qemu
# boots them on bare QEMU to the guest's "microvm: init done", with uname -a, the disk's
# hello.txt and the ping to QEMU's gateway on the way.
#
# Usage: tests/system/guest-test.sh WORKDIR
set -u

. "$(dirname "$0")/lib.sh"
work_dir "${1:?usage: guest-test.sh WORKDIR}" --fresh
out=$work/build
finish() { echo "$passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit; }

# The packages come from make deps (scripts/guest.sh --fetch); the build itself downloads nothing.
"$srctree/scripts/guest.sh" --fetch > "$work/fetch.log" 2>&1 ||
	{ fail "the guest's packages are in the cache (make deps)" "$(tail -3 "$work/fetch.log")"; finish; }
mkdir -p "$work/noapt"
printf '#!/bin/sh\necho "apt-get $*" >> "%s/apt-get.calls"\nexit 1\n' "$work" > "$work/noapt/apt-get"
chmod +x "$work/noapt/apt-get"

if PATH=$work/noapt:$PATH make -C "$srctree" O="$out" guest > "$work/build.log" 2>&1; then
	pass "make guest builds Image, initrd.cpio.gz and disk.img"
else
	fail "make guest builds Image, initrd.cpio.gz and disk.img" "$(tail -5 "$work/build.log")"
	finish
fi
check "make guest took its packages from the cache (no apt-get)" test ! -e "$work/apt-get.calls"
check "Image is an arm64 Image" \
	test "$(dd if="$out/guest/Image" bs=1 skip=56 count=4 2> /dev/null)" = ARMd
check "the initrd holds /init, busybox and the modules' load order" \
	sh -c "gzip -dc '$out/guest/initrd.cpio.gz' | cpio -it --quiet 2> /dev/null |
		grep -c -x -e init -e bin/busybox -e lib/modules/order | grep -qx 3"

timeout "${QEMU_TIMEOUT:-120}" make -C "$srctree" O="$out" guest-qemu < /dev/null > "$work/console.raw" 2>&1
rc=$?
tr -d '\r' < "$work/console.raw" > "$work/console.log"
check "the guest powers off and QEMU ends (exit 0)" test "$rc" -eq 0
check "the guest prints uname -a (Linux, aarch64)" grep -q '^microvm: Linux .* aarch64 GNU/Linux$' "$work/console.log"
check "the guest prints hello.txt from the virtio-blk disk" \
	grep -qx "microvm: hello.txt: hello from the microVM's disk" "$work/console.log"
check "the guest configures eth0 (virtio-net)" grep -qx 'microvm: eth0 10.0.2.15/24' "$work/console.log"
check "QEMU's gateway answers the guest's pings" grep -qx 'microvm: ping 10.0.2.2 answered' "$work/console.log"
check "no module fails to load" sh -c "! grep -q 'insmod .* failed' '$work/console.log'"
check "the guest reaches 'microvm: init done'" grep -qx 'microvm: init done' "$work/console.log"
finish
