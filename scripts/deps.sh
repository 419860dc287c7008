#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Installs the Debian packages Kauri needs that are missing (make deps; make run and make check call it),
# then unpacks the arm64 static libraries the image links (libfdt, mbedtls) into .deps/sysroot-arm64.
#
# As root it runs apt-get, and dpkg --add-architecture arm64 (with an apt-get update) if dpkg lacks
# arm64; otherwise it prints the command to run. With everything present it only says so.
set -e

# package: why Kauri needs it
PACKAGES="
make:the build
gcc:host tools (kconfig, fixdep, image tools)
libc6-dev:host tools
gcc-aarch64-linux-gnu:the AArch64 cross compiler for the image
binutils-aarch64-linux-gnu:the AArch64 linker and objcopy
qemu-system-arm:qemu-system-aarch64 for make qemu and the system tests
u-boot-qemu:Debian's U-Boot for QEMU, to test booting through booti
u-boot-tools:mkimage for U-Boot boot scripts
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
"

# Static arm64 libraries the image links (libfdt for the kernel, mbedtls hashes for
# the root server). Their -dev packages cannot be installed beside the amd64 ones the
# host tools use (Debian 12 marks them conflicting), so they are unpacked into a
# sysroot in the source tree instead.
srctree=$(cd "$(dirname "$0")/.." && pwd)
SYSROOT=$srctree/.deps/sysroot-arm64
TARGET_PACKAGES="libfdt-dev libmbedtls-dev"

install_target_libraries() {
	wanted=""
	for pkg in $TARGET_PACKAGES; do
		[ -f "$SYSROOT/.$pkg" ] || wanted="$wanted $pkg"
	done
	[ -n "$wanted" ] || return 0
	echo "Unpacking the arm64 builds of:$wanted into ${SYSROOT#$srctree/} (for the image)"
	if ! dpkg --print-foreign-architectures | grep -qx arm64; then
		if [ "$(id -u)" -ne 0 ]; then
			echo "error: dpkg lacks the arm64 architecture. Run as root:" >&2
			echo "  dpkg --add-architecture arm64 && apt-get update" >&2
			exit 1
		fi
		echo "  adding the arm64 architecture to dpkg"
		dpkg --add-architecture arm64
		apt-get update -qq || { echo "error: apt-get update failed" >&2; exit 1; }
	fi
	tmp=$(mktemp -d)
	for pkg in $wanted; do
		if ! (cd "$tmp" && apt-get download "$pkg:arm64" >/dev/null 2>&1); then
			# The package lists may predate the arm64 architecture.
			[ "$(id -u)" -eq 0 ] && apt-get update -qq
			(cd "$tmp" && apt-get download "$pkg:arm64" >/dev/null 2>&1) || {
				echo "error: cannot download $pkg:arm64 from Debian's archive" >&2
				rm -rf "$tmp"
				exit 1
			}
		fi
		mkdir -p "$SYSROOT"
		dpkg-deb -x "$tmp"/"$pkg"_*_arm64.deb "$SYSROOT" && touch "$SYSROOT/.$pkg"
	done
	rm -rf "$tmp"
	echo "  DEPS    arm64 libraries in ${SYSROOT#$srctree/}:$wanted"
}

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
	install_target_libraries
	exit 0
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
install_target_libraries
