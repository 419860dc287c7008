#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Boots the microVM guest that scripts/guest.sh built in DIR on bare QEMU (make guest-qemu, and
# make bench-vmm's reference): virt's virtio-mmio transports with the ext2 disk read-only and
# user-mode networking, whose gateway 10.0.2.2 answers the guest's pings.
#
# Usage: scripts/guest-qemu.sh DIR [KERNEL-ARGUMENT...]
#   the arguments go on the kernel command line after the defaults, e.g. kauri.ping=10.0.2.2;
#   GUEST_DISK=FILE gives another disk image than DIR/disk.img (make bench-vmm's);
#   QEMU_ARGS="..." adds QEMU options (make bench-vmm's -icount)
set -eu

if [ $# -lt 1 ] || [ "$1" = --help ]; then
	sed -n 's/^# \{0,1\}//; 3,10p' "$0"
	[ $# -ge 1 ] && exit 0
	exit 2
fi
dir=$1
shift
for f in Image initrd.cpio.gz disk.img; do
	[ -f "$dir/$f" ] || { echo "error: no $dir/$f: run make guest first" >&2; exit 1; }
done
command -v qemu-system-aarch64 > /dev/null 2>&1 || {
	echo "error: qemu-system-aarch64 not found" >&2
	echo "  run as root: apt-get install qemu-system-arm   (or: make deps)" >&2
	exit 1
}

# shellcheck disable=SC2086 # QEMU_ARGS is a list of options
exec qemu-system-aarch64 -M virt -cpu cortex-a53 -m 256 -nographic -no-reboot ${QEMU_ARGS:-} \
	-kernel "$dir/Image" -initrd "$dir/initrd.cpio.gz" \
	-append "console=ttyAMA0 cryptomgr.notests quiet $*" \
	-drive "file=${GUEST_DISK:-$dir/disk.img},if=none,id=d0,format=raw,readonly=on" -device virtio-blk-device,drive=d0 \
	-netdev user,id=n0 -device virtio-net-device,netdev=n0
