#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Unpacks the arm64 static libraries the image links (libfdt, mbedtls) into the source tree's
# .deps/sysroot-arm64, from Debian packages kept in a cache outside the tree, downloading them
# into the cache only when they are not there yet. make runs it when the sysroot is missing.
#
# Usage: scripts/sysroot.sh
#   KAURI_CACHE  where the .deb files are kept (scripts/deb-cache.sh)
#
# Their -dev packages cannot be installed beside the amd64 ones the host tools use (Debian 12
# marks them conflicting), hence the sysroot.
set -eu

srctree=$(cd "$(dirname "$0")/.." && pwd)
sysroot=$srctree/.deps/sysroot-arm64
packages="libfdt-dev libmbedtls-dev"

. "$srctree/scripts/deb-cache.sh"

mkdir -p "$srctree/.deps"
# Two builds of one tree may start at once: one unpacks, the other waits for it.
exec 9> "$srctree/.deps/.lock"
flock 9

for pkg in $packages; do
	[ -f "$sysroot/.$pkg" ] && continue
	deb=$(fetch_deb "$pkg")
	mkdir -p "$sysroot"
	dpkg-deb -x "$deb" "$sysroot" || die "$deb: cannot unpack (remove it to download it again)"
	touch "$sysroot/.$pkg"
	echo "  DEPS    $(basename "$deb") unpacked into ${sysroot#"$srctree"/}"
done
touch "$sysroot/.complete"
