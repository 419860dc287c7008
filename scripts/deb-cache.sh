# SPDX-License-Identifier: BSD-2-Clause
# The cache of Debian arm64 packages the build fetches (sourced by scripts/sysroot.sh and
# scripts/guest.sh): $cache, error messages, finding a cached .deb, downloading one.
#
#   KAURI_CACHE  where the .deb files are kept (default ${XDG_CACHE_HOME:-$HOME/.cache}/kauri);
#                a second clone unpacks from there and needs neither the network nor root.
#
# Downloading needs dpkg's arm64 architecture: as root this adds it (with an apt-get update);
# otherwise it says what to run.

cache=${KAURI_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/kauri}

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

# The cached .deb of PACKAGE, downloaded first when the cache has none.
fetch_deb() {
	_deb=$(cached_deb "$1")
	if [ -z "$_deb" ]; then
		download "$1" >&2
		_deb=$(cached_deb "$1")
		[ -n "$_deb" ] || die "apt-get download $1:arm64 left no $cache/${1}_*_arm64.deb"
	fi
	echo "$_deb"
}
