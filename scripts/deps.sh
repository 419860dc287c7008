#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Installs the Debian packages Kauri needs that are missing (make deps; make run and make check call it),
# then has scripts/sysroot.sh unpack the arm64 libraries the image links into .deps/sysroot-arm64
# and scripts/guest.sh put the microVM guest's packages (kernel, busybox) into the package cache.
#
# As root it runs apt-get; otherwise it prints the command to run. With everything present it only
# says so. Packages are installed without their recommendations: each one Kauri uses is listed.
set -e

srctree=$(cd "$(dirname "$0")/.." && pwd)

# package: why Kauri needs it
PACKAGES="
make:the build
gcc:host tools (kconfig, fixdep, image tools)
libc6-dev:host tools
gcc-aarch64-linux-gnu:the AArch64 cross compiler for the image
binutils-aarch64-linux-gnu:the AArch64 linker and objcopy
qemu-system-arm:qemu-system-aarch64 for make qemu and the system tests
u-boot-qemu:Debian's U-Boot for QEMU, to test booting through booti
device-tree-compiler:dtc for manifests and board device trees
libfdt-dev:libfdt for the manifest tools
libmbedtls-dev:SHA-2 for signatures
zlib1g-dev:release packages (zip/deflate)
libcmocka-dev:unit tests
libncurses-dev:make menuconfig
kconfig-frontends:the reference Kconfig tool the kconfig peer test compares against
tmux:drives menuconfig in its tests
python3:the QEMU console test driver
openssl:Ed25519 interoperability tests
zip:release-package tests
unzip:release-package tests
clang:fuzz targets (libFuzzer)
libclang-rt-14-dev:clang's libFuzzer and sanitizer runtimes (Debian 12's clang is 14)
procps:pgrep, which the menuconfig tests use to find mconf
cpio:the microVM guest's initrd (make guest)
e2fsprogs:mke2fs, the microVM guest's disk image (make guest)
fdisk:sfdisk, the card image's GPT (make sdcard, make flash-emmc)
dosfstools:mkfs.vfat, the card's boot partition
mtools:mcopy, files into the boot partition without mounting it
u-boot-tools:mkimage, the boot partition's U-Boot script (boot.scr)
"

missing=""
total=0
while IFS=: read -r pkg why; do
	[ -n "$pkg" ] || continue
	total=$((total + 1))
	if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed"; then
		missing="$missing $pkg"
		printf '  %-28s %s\n' "$pkg" "$why" >> "${TMPDIR:-/tmp}/kauri-deps.$$"
	fi
done <<LIST
$PACKAGES
LIST

if [ -z "$missing" ]; then
	[ -n "$DEPS_QUIET" ] || echo "  DEPS    all $total Debian packages Kauri needs are installed"
	"$srctree/scripts/sysroot.sh"
	exec "$srctree/scripts/guest.sh" --fetch
fi

echo "Kauri needs these Debian packages, which are not installed:"
cat "${TMPDIR:-/tmp}/kauri-deps.$$"
rm -f "${TMPDIR:-/tmp}/kauri-deps.$$"
if [ "$(id -u)" -ne 0 ]; then
	echo "Run as root:  apt-get update && apt-get install -y$missing" >&2
	exit 1
fi
echo "Installing them with apt-get (this needs Debian's package archive)..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq || { echo "error: apt-get update failed" >&2; exit 1; }
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing || {
	echo "error: apt-get could not install:$missing" >&2
	exit 1
}
echo "  DEPS    installed:$missing"
"$srctree/scripts/sysroot.sh"
exec "$srctree/scripts/guest.sh" --fetch
