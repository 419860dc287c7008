#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Unpacks the arm64 static libraries the image links (libfdt, mbedtls) into the source tree's
# .deps/sysroot-arm64, from Debian packages kept in a cache outside the tree, downloading them
# into the cache only when they are not there yet. make runs it when the sysroot is missing.
#
# Usage: scripts/sysroot.sh
#   KAURI_CACHE  where the .deb files are kept (default ${XDG_CACHE_HOME:-$HOME/.cache}/kauri);
#                a second clone unpacks from there and needs neither the network nor root.
#
# Their -dev packages cannot be installed beside the amd64 ones the host tools use (Debian 12
# marks them conflicting), hence the sysroot. Downloading needs dpkg's arm64 architecture: as
# root this script adds it (with an apt-get update); otherwise it says what to run.
set -eu

srctree=$(cd "$(dirname "$0")/.." && pwd)
sysroot=$srctree/.deps/sysroot-arm64
cache=${KAURI_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/kauri}
packages="libfdt-dev libmbedtls-dev"

die() {
	echo "error: $1" >&2
	shift
	for line in "$@"; do echo "  $line" >&2; done
	exit 1
}

# The .deb of PACKAGE in the cache, if there is one (of several, the highest version).
cached_deb() {
	ls -v "$cache/$1"_*_arm64.deb 2>/dev/null | tail -n 1
}

# Adds the arm64 architecture to dpkg when it lacks it; only root may.
need_arm64() {
	dpkg --print-foreign-architectures | grep -qx arm64 && return 0
	[ "$(id -u)" -eq 0 ] || die "dpkg lacks the arm64 architecture, needed to download $1:arm64." \
		"run as root: make deps   (or: dpkg --add-architecture arm64 && apt-get update)"
	echo "  DEPS    adding the arm64 architecture to dpkg"
	dpkg --add-architecture arm64
	apt-get update -qq || die "apt-get update failed"
}

# Downloads PACKAGE:arm64 into the cache; apt-get download checks it against the signed archive.
download() {
	need_arm64 "$1"
	mkdir -p "$cache"
	echo "  DEPS    downloading $1:arm64 into $cache"
	if ! (cd "$cache" && apt-get download "$1:arm64" > /dev/null 2>&1); then
		# The package lists may predate the arm64 architecture.
		[ "$(id -u)" -eq 0 ] && apt-get update -qq
		(cd "$cache" && apt-get download "$1:arm64" > /dev/null 2>&1) ||
			die "cannot download $1:arm64 from Debian's archive" \
				"check the network and apt's sources; as root: apt-get update && make deps"
	fi
}

mkdir -p "$srctree/.deps"
# Two builds of one tree may start at once: one unpacks, the other waits for it.
exec 9> "$srctree/.deps/.lock"
flock 9

for pkg in $packages; do
	[ -f "$sysroot/.$pkg" ] && continue
	deb=$(cached_deb "$pkg")
	if [ -z "$deb" ]; then
		download "$pkg"
		deb=$(cached_deb "$pkg")
		[ -n "$deb" ] || die "apt-get download $pkg:arm64 left no $cache/${pkg}_*_arm64.deb"
	fi
	mkdir -p "$sysroot"
	dpkg-deb -x "$deb" "$sysroot" || die "$deb: cannot unpack (remove it to download it again)"
	touch "$sysroot/.$pkg"
	echo "  DEPS    $(basename "$deb") unpacked into ${sysroot#"$srctree"/}"
done
touch "$sysroot/.complete"
