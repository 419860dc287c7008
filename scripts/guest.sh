#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Builds the microVM guest (make guest; docs/vmm.md, "The guest"): Debian's arm64 kernel as an
# Image, an initrd of busybox-static, vmm/guest/init and the virtio modules, and an ext2 disk
# holding hello.txt. The .deb files come from the package cache (scripts/deb-cache.sh).
#
# Usage: scripts/guest.sh DIR      build DIR/Image, DIR/initrd.cpio.gz and DIR/disk.img
#        scripts/guest.sh --fetch  only put the packages into the cache (make deps)
#   GUEST_INIT=FILE gives another /init, GUEST_MODULES="..." other modules (make bench-storage's)
set -eu

srctree=$(cd "$(dirname "$0")/.." && pwd)
. "$srctree/scripts/deb-cache.sh"

# The modules /init loads (their dependencies come with them): the virtio-mmio transport,
# block, net and console devices, and ext4, which mounts the ext2 disk and asks the crypto API
# for crc32c when it does (without modprobe in the guest the module must be there already).
# GUEST_MODULES replaces the list, GUEST_INIT the /init (vmm/guest/init) that loads them.
modules=${GUEST_MODULES:-virtio_mmio virtio_blk virtio_net virtio_console crc32c_generic ext4}
init=${GUEST_INIT:-$srctree/vmm/guest/init}

usage() {
	sed -n 's/^# \{0,1\}//; 3,9p' "$0"
}

# The current bookworm kernel package (linux-image-6.1.0-N-arm64), from apt's lists; empty when
# they know no arm64 packages. apt-cache takes seconds, so the answer is kept in the cache until
# the lists change (apt-get update).
kernel_package() {
	lists=$(stat -c %Y /var/lib/apt/lists 2> /dev/null || echo 0)
	memo=$cache/.linux-image-arm64
	if [ "$(sed -n 1p "$memo" 2> /dev/null)" = "$lists" ]; then
		sed -n 2p "$memo"
		return
	fi
	pkg=$(apt-cache depends linux-image-arm64:arm64 2> /dev/null |
		sed -n 's/^ *Depends: \(linux-image-[0-9][^:]*-arm64\)\(:arm64\)\{0,1\}$/\1/p' | head -n 1)
	if [ -n "$pkg" ] && mkdir -p "$cache" 2> /dev/null; then
		printf '%s\n%s\n' "$lists" "$pkg" > "$memo" 2> /dev/null || :
	fi
	echo "$pkg"
}

# The kernel's .deb: the current one; when apt's lists know none or it cannot be downloaded, the
# newest the cache holds.
kernel_deb() {
	newest=$(ls -v "$cache"/linux-image-[0-9]*-arm64_*_arm64.deb 2> /dev/null | tail -n 1)
	pkg=$(kernel_package)
	if [ -z "$pkg" ] && [ -z "$newest" ]; then
		need_arm64 linux-image-arm64 >&2
		[ "$(id -u)" -eq 0 ] && apt-get update -qq >&2
		pkg=$(kernel_package)
		[ -n "$pkg" ] || die "apt knows no linux-image-arm64:arm64 package, and $cache has no kernel" \
			"run as root: apt-get update && make deps"
	fi
	if [ -n "$pkg" ] && deb=$(fetch_deb "$pkg"); then
		echo "$deb"
	elif [ -n "$newest" ]; then
		[ -z "$pkg" ] || echo "warning: using $(basename "$newest") from the cache instead of $pkg" >&2
		echo "$newest"
	else
		exit 1
	fi
}

# Whether TARGET is missing or older than SOURCE.
newer() {
	[ ! -e "$2" ] || [ -n "$(find "$1" -newer "$2")" ]
}

if [ "${1:-}" = --help ] || [ $# -ne 1 ]; then
	usage
	[ $# -eq 1 ] || exit 2
	exit 0
fi
if [ "$1" = --fetch ]; then
	deb=$(kernel_deb)
	deb=$(fetch_deb busybox-static)
	exit 0
fi

for tool in cpio mke2fs gzip; do
	command -v "$tool" > /dev/null 2>&1 && continue
	case $tool in mke2fs) p=e2fsprogs ;; *) p=$tool ;; esac
	die "$tool not found: make guest needs it" "run as root: apt-get install $p   (or: make deps)"
done

mkdir -p "$1"
out=$(cd "$1" && pwd)
pkgdir=$out/pkg
mkdir -p "$pkgdir"

kdeb=$(kernel_deb)
bdeb=$(fetch_deb busybox-static)

# The kernel package unpacks to 350 MB, nearly all modules: take the kernel and the modules
# needed, following each module's depends= until nothing is missing.
linux=$pkgdir/linux
stamp="$(basename "$kdeb"): $modules"
if [ "$(cat "$linux/.deb" 2>/dev/null)" != "$stamp" ]; then
	rm -rf "$linux" "$pkgdir/deps"
	mkdir -p "$linux" "$pkgdir/deps"
	want=$modules
	first='./boot/vmlinuz-*'
	while [ -n "$want" ]; do
		patterns=""
		for m in $want; do
			# Module names use '_' where some file names have '-' (crc_ccitt, crc-ccitt.ko).
			patterns="$patterns ./lib/modules/*/$(echo "$m" | sed 's/_/[-_]/g').ko*"
		done
		# The patterns are tar's: split them, but let the shell not expand them.
		set -f
		# shellcheck disable=SC2086
		dpkg-deb --fsys-tarfile "$kdeb" | tar -x -C "$linux" --wildcards $first $patterns ||
			die "$(basename "$kdeb"): no $first$want in it (remove it to download it again)"
		set +f
		first=
		next=
		for m in $want; do
			f=$(find "$linux/lib/modules" -name "$(echo "$m" | sed 's/_/[-_]/g').ko*" | head -n 1)
			case $f in
			*.ko.xz)	xz -d "$f" ;;
			*.ko.gz)	gzip -d "$f" ;;
			*.ko.zst)	command -v zstd > /dev/null ||
						die "$f is zstd-compressed" "run as root: apt-get install zstd"
					zstd -q -d --rm "$f" ;;
			esac
			f=${f%.ko*}.ko
			# .modinfo holds NUL-separated key=value strings, depends= once.
			deps=$(tr '\0' '\n' < "$f" | sed -n 's/^depends=//p' | head -n 1 | tr ',' ' ')
			echo "${f#"$linux"/}" > "$pkgdir/deps/$m.file"
			echo "$deps" > "$pkgdir/deps/$m"
			for d in $deps; do
				[ -f "$pkgdir/deps/$d" ] || case " $want $next " in *" $d "*) ;; *) next="$next $d" ;; esac
			done
		done
		want=$next
	done
	echo "$stamp" > "$linux/.deb"
	echo "  GUEST   $(basename "$kdeb"): kernel and $(ls "$pkgdir/deps" | grep -vc '\.file$') modules unpacked"
fi

busybox=$pkgdir/busybox
if [ "$(cat "$busybox/.deb" 2>/dev/null)" != "$(basename "$bdeb")" ]; then
	rm -rf "$busybox"
	dpkg-deb -x "$bdeb" "$busybox" || die "$bdeb: cannot unpack (remove it to download it again)"
	basename "$bdeb" > "$busybox/.deb"
	echo "  GUEST   $(basename "$bdeb") unpacked"
fi

# Image: Debian's vmlinuz is an arm64 Image, gzip'd in some releases ("ARMd" at byte 56).
vmlinuz=$(ls "$linux"/boot/vmlinuz-*)
if newer "$vmlinuz" "$out/Image"; then
	if [ "$(head -c 2 "$vmlinuz" | od -An -tx1 | tr -d ' ')" = 1f8b ]; then
		gzip -dc "$vmlinuz" > "$out/Image.tmp"
	else
		cp "$vmlinuz" "$out/Image.tmp"
	fi
	[ "$(dd if="$out/Image.tmp" bs=1 skip=56 count=4 2> /dev/null)" = ARMd ] ||
		die "$vmlinuz is not an arm64 Image (nor a gzip'd one)"
	mv "$out/Image.tmp" "$out/Image"
	echo "  GUEST   Image ($(basename "$vmlinuz"))"
fi

# The load order: each module after its dependencies.
order=
visit() {
	case " $order " in *" $1 "*) return ;; esac
	for dep in $(cat "$pkgdir/deps/$1"); do visit "$dep"; done
	order="$order $1"
}
for m in $modules; do visit "$m"; done

initrd=$out/initrd.cpio.gz
root=$out/initrd
# (A DIR built before with another GUEST_INIT is rebuilt: $out/.init names the one it has.)
if newer "$init" "$initrd" || newer "$srctree/vmm/guest/counter.c" "$initrd" || newer "$0" "$initrd" ||
	newer "$linux/.deb" "$initrd" || newer "$busybox/.deb" "$initrd" || [ "$(cat "$out/.init" 2> /dev/null)" != "$init" ]; then
	rm -rf "$root"
	mkdir -p "$root/bin" "$root/dev" "$root/lib/modules" "$root/mnt" "$root/proc" "$root/sys"
	cp "$busybox/bin/busybox" "$root/bin/busybox"
	ln -s busybox "$root/bin/sh"
	# The benchmark's clock (freestanding: no C library in the guest).
	${CROSS_COMPILE:-aarch64-linux-gnu-}gcc -Os -static -nostdlib -ffreestanding -fno-stack-protector -s \
		-Wl,--build-id=none -o "$root/bin/counter" "$srctree/vmm/guest/counter.c"
	cp "$init" "$root/init"
	chmod 755 "$root/init"
	: > "$root/lib/modules/order"
	for m in $order; do
		f=$linux/$(cat "$pkgdir/deps/$m.file")
		cp "$f" "$root/lib/modules/"
		basename "$f" >> "$root/lib/modules/order"
	done
	# The kernel opens /dev/console before /init runs, and a device node needs root to make:
	# a second archive, written here, holds it (the kernel unpacks concatenated archives).
	newc() {	# NAME MODE RDEVMAJOR RDEVMINOR
		printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%s' \
			0 "$2" 0 0 1 0 0 0 0 "$3" "$4" $((${#1} + 1)) 0 "$1"
		# The name's NUL, then NULs to a multiple of 4 bytes (the header is 110).
		pad=$(( (4 - (110 + ${#1} + 1) % 4) % 4 + 1 ))
		head -c "$pad" /dev/zero
	}
	# Reproducible: every build of the same packages makes the same bytes (fixed times, inode
	# numbers and no gzip timestamp), so images built apart are equal (make -j8 against make).
	find "$root" -exec touch -h -d @0 {} +
	{
		(cd "$root" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --reproducible --quiet)
		newc dev/console $((0020600)) 5 1
		newc TRAILER!!! 0 0 0
	} | gzip -9 -n > "$initrd.tmp"
	mv "$initrd.tmp" "$initrd"
	echo "$init" > "$out/.init"
	echo "  GUEST   initrd.cpio.gz (busybox$(echo "$order" | sed 's/ /, /g'))"
fi

disk=$out/disk.img
if newer "$0" "$disk"; then
	rm -rf "$out/disk"
	mkdir -p "$out/disk"
	echo "hello from the microVM's disk" > "$out/disk/hello.txt"
	rm -f "$disk"
	truncate -s 1M "$disk"
	# Reproducible as the initrd: a fixed UUID, hash seed and time; mke2fs copies each file's
	# change time, which nothing can set, so debugfs sets every inode's times afterwards.
	E2FSPROGS_FAKE_TIME=1 mke2fs -q -F -t ext2 -L kauri-guest -U 4b415552-4900-4775-6573-742064697363 \
		-E hash_seed=4b415552-4900-4775-6573-742064697363 -d "$out/disk" "$disk" 1M ||
		die "mke2fs could not make $disk"
	for path in / lost+found hello.txt; do
		for field in atime ctime mtime; do
			E2FSPROGS_FAKE_TIME=1 debugfs -w -R "sif $path $field 1" "$disk" > /dev/null 2>&1 ||
				die "debugfs could not set the $field of $path in $disk"
		done
	done
	echo "  GUEST   disk.img (ext2, hello.txt)"
fi

{ basename "$kdeb"; basename "$bdeb"; } > "$out/packages"
