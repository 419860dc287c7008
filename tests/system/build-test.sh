#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Build-system tests: on a fresh clone (no .deps/, no keys/), imx8mm_evk builds with plain make
# from the arm64 package cache alone, and every defconfig builds and round-trips through
# savedefconfig; rebuilds are exact (one option changed rebuilds only its users), V=1, -j, O=,
# and each bad input gets its clear error.
#
# Usage: tests/system/build-test.sh WORKDIR
set -u

. "$(dirname "$0")/lib.sh"
work_dir "${1:?usage: build-test.sh WORKDIR}" --fresh

# A copy of the tree as `git clone` gives it: no build/, .config, .deps/ (the arm64 libraries)
# or keys/. Every build below runs in one, so none touches the tree under test.
clone() {
	mkdir -p "$1"
	(cd "$srctree" && tar --exclude=./.git --exclude=./build --exclude=./.config --exclude=./.config.old \
		--exclude=./defconfig --exclude=./.deps --exclude=./keys -cf - .) | (cd "$1" && tar xf -)
}
tree=$work/clone
kmake() { make -C "$tree" "$@"; }

# The object files a make run compiled, from its quiet "  CC  x.o" / "  AS  x.o" lines.
compiled() { sed -n 's/^  \(CC\|AS\) *\(.*\.o\)$/\2/p' "$1" | sort; }

# ---- the arm64 libraries: a first clone fills a package cache (this test's own, seeded from the
# user's when that has the packages, else from Debian's archive); a second clone builds from it
# with no network and no apt-get.
user_cache=${KAURI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kauri}
export KAURI_CACHE=$work/cache
mkdir -p "$KAURI_CACHE"
# (only the sysroot's two: the cache also holds the microVM guest's, which make guest uses)
cp "$user_cache"/libfdt-dev_*_arm64.deb "$user_cache"/libmbedtls-dev_*_arm64.deb "$KAURI_CACHE"/ 2> /dev/null
clone "$work/first"
"$work/first/scripts/sysroot.sh" > "$work/first.log" 2>&1
check "first clone: the arm64 libraries are unpacked into its .deps" \
	test -f "$work/first/.deps/sysroot-arm64/usr/lib/aarch64-linux-gnu/libfdt.a"
check "first clone: the packages are kept in the cache outside the clone" \
	test "$(ls "$KAURI_CACHE" | grep -c '_arm64\.deb$')" = 2
rm -rf "$work/first"

mkdir -p "$work/noapt"
printf '#!/bin/sh\necho "apt-get $*" >> "%s/apt-get.calls"\nexit 1\n' "$work" > "$work/noapt/apt-get"
chmod +x "$work/noapt/apt-get"
clone "$tree"
fresh_board=imx8mm_evk
{ PATH=$work/noapt:$PATH kmake ${fresh_board}_defconfig && PATH=$work/noapt:$PATH kmake -j2; } > "$work/fresh.log" 2>&1
check "fresh clone: make ${fresh_board}_defconfig && make builds kauri.img" test -s "$tree/build/kauri.img"
check "fresh clone: the arm64 libraries came from the cache, nothing was downloaded" \
	sh -c "grep -q 'unpacked into .deps/sysroot-arm64' '$work/fresh.log' && test ! -e '$work/apt-get.calls'"
check "fresh clone: no keys/ needed; a development key generated in build/keys, and said so" \
	sh -c "test ! -e '$tree/keys' && test -f '$tree/build/keys/development.key' &&
		grep -q '^### No CONFIG_MANIFEST_SIGNING_KEY: generated a DEVELOPMENT key pair' '$work/fresh.log'"

# ---- every board: defconfig, build, image header, savedefconfig round trip (the fresh clone's
# board was built above, in the tree; the others build beside it with O=)
for f in "$srctree"/configs/*_defconfig; do
	board=$(basename "$f" _defconfig)
	if [ "$board" = "$fresh_board" ]; then
		out=$tree/build config=$tree/.config log=$work/fresh.log
	else
		out=$work/$board config=$work/$board/.config log=$work/$board.log
		kmake O="$out" "${board}_defconfig" > "$log" 2>&1
		kmake O="$out" -j2 >> "$log" 2>&1
	fi
	if [ ! -s "$out/kauri.img" ]; then
		fail "$board: builds" "$(tail -5 "$log")"
		continue
	fi
	check "$board: builds kauri.elf" test -s "$out/kauri.elf"
	check "$board: builds without compiler warnings" test -z "$(grep -i 'warning:' "$log")"
	magic=$(dd if="$out/kauri.img" bs=1 skip=56 count=4 2>/dev/null)
	check "$board: kauri.img has the arm64 Image header" test "$magic" = "ARMd"
	check "$board: the bootfs holds the board's manifest" \
		sh -c "'$out/tools/kauri-bootfs' list '$out/bootfs.img' | grep -q '^manifest.dtb '"
	if grep -q '^CONFIG_MANIFEST_SIGNING=y$' "$config"; then
		check "$board: the bootfs carries the manifest's signature" \
			sh -c "'$out/tools/kauri-bootfs' list '$out/bootfs.img' | grep -q '^manifest.dtb.sig '"
		check "$board: signed with a development key the build generated, and said so" \
			sh -c "test -f '$out/keys/development.key' && grep -q '^### No CONFIG_MANIFEST_SIGNING_KEY' '$log'"
	fi
	if [ "$board" = "$fresh_board" ]; then kmake savedefconfig; else kmake O="$out" savedefconfig; fi > /dev/null 2>&1
	check "$board: savedefconfig reproduces configs/${board}_defconfig" cmp -s "$f" "$out/defconfig"
done

# ---- the boards with the SD/MMC stack (CONFIG_SDMMC=y): each builds its host controller's front
# end into the storage server, whose manifest entry gets the controller's registers and interrupt
# (qemu_arm_virt's sdhci-pci is the storage suite's)
for spec in "imx8mm_evk usdhc usdhc 30b60000 56" "portenta_x8 usdhc usdhc 30b40000 54" \
	"rpi4 sdhci_mmio sdhci fe340000 158"; do
	read -r board front_end device base irq <<< "$spec"
	out=$work/sdmmc-$board log=$work/sdmmc-$board.log
	{ kmake O="$out" "${board}_defconfig" && echo CONFIG_SDMMC=y >> "$out/.config" &&
		kmake O="$out" olddefconfig && kmake O="$out" -j2; } > "$log" 2>&1
	if [ ! -s "$out/kauri.img" ]; then
		fail "$board with CONFIG_SDMMC: builds" "$(tail -5 "$log")"
		continue
	fi
	check "$board with CONFIG_SDMMC: builds without compiler warnings" test -z "$(grep -i 'warning:' "$log")"
	check "$board with CONFIG_SDMMC: the storage server has the $front_end front end" \
		sh -c "test -f '$out/user/drivers/sdmmc/$front_end.o' && test -f '$out/bin/storage'"
	check "$board with CONFIG_SDMMC: the storage server's device $device at 0x$base, irq $irq" \
		sh -c "fdtget -t x '$out/manifest.dtb' /apps/storage/resources/devices $device | grep -q '^$base ' &&
			test \"\$(fdtget '$out/manifest.dtb' /apps/storage/resources irqs)\" = $irq"
done

# ---- the kernel without its fast paths (CONFIG_KERNEL_FASTPATH=n: every system call the general
# way, for debugging IPC) builds as well; the kernel suite runs the same semantics either way
out=$work/no-fastpath log=$work/no-fastpath.log
{ kmake O="$out" qemu_arm_virt_defconfig &&
	sed -i 's/^CONFIG_KERNEL_FASTPATH=y$/# CONFIG_KERNEL_FASTPATH is not set/' "$out/.config" &&
	kmake O="$out" olddefconfig && kmake O="$out" -j2; } > "$log" 2>&1
check "qemu_arm_virt without CONFIG_KERNEL_FASTPATH: builds kauri.img" \
	sh -c "test -s '$out/kauri.img' && grep -q '^# CONFIG_KERNEL_FASTPATH is not set' '$out/.config'"
check "qemu_arm_virt without CONFIG_KERNEL_FASTPATH: builds without compiler warnings" \
	test -z "$(grep -i 'warning:' "$log")"

# ---- exact rebuilds
out=$work/qemu_arm_virt
if [ -f "$out/kauri.img" ]; then
	kmake O="$out" > "$work/again.log" 2>&1
	check "rebuild with nothing changed compiles and links nothing" \
		test -z "$(grep -E '^  (CC|AS|LD|AR) ' "$work/again.log")"

	# What menuconfig does when HYP is toggled: .config changes in one option.
	before=$(cd "$out" && find . -name '*.o' | sed 's|^\./||' | sort)
	sed -i 's/^# CONFIG_HYP is not set$/CONFIG_HYP=y/' "$out/.config"
	kmake O="$out" > "$work/hyp.log" 2>&1
	# The objects that must rebuild: those whose sources or headers use CONFIG_HYP, and those
	# only a HYP build has (kernel-$(CONFIG_HYP) += ..., made for the first time).
	expected=$( { cd "$out" && grep -l 'include/config/HYP)' $(find . -name '.*.o.cmd') 2>/dev/null |
		sed 's|^\./||; s|/\.\([^/]*\)\.cmd$|/\1|'
		find . -name '*.o' | sed 's|^\./||' | sort | comm -13 <(echo "$before") -; } | sort -u)
	got=$(compiled "$work/hyp.log")
	check "HYP toggled: rebuilt objects are exactly those depending on CONFIG_HYP" \
		test -n "$got" -a "$got" = "$expected"
	# Independent of fixdep: every source that names CONFIG_HYP itself was rebuilt...
	missing=""
	for src in $(cd "$tree" && grep -rlw 'CONFIG_HYP' --include='*.c' --include='*.S' arch drivers kernel core boards); do
		[ -f "$out/${src%.*}.o" ] || continue	# not part of this configuration
		echo "$got" | grep -qx "${src%.*}.o" || missing="$missing ${src%.*}.o"
	done
	check "HYP toggled: every source naming CONFIG_HYP was rebuilt" test -z "$missing"
	# ...and one that does not was left alone.
	check "HYP toggled: kernel/printk.o (no CONFIG_HYP) not rebuilt" test -z "$(echo "$got" | grep -x kernel/printk.o)"
	check "HYP toggled: kauri.elf relinked" grep -q '^  LD      kauri.elf' "$work/hyp.log"
	check "HYP toggled: autoconf.h has CONFIG_HYP" grep -q '^#define CONFIG_HYP 1' "$out/include/generated/autoconf.h"

	# A service switched off in menuconfig leaves the manifest (cpp with CONFIG_ macros), the
	# release and self_test's checks.
	sed -i 's/^CONFIG_LOG_SERVER=y$/# CONFIG_LOG_SERVER is not set/' "$out/.config"
	kmake O="$out" > "$work/log-off.log" 2>&1
	check "LOG_SERVER off: the manifest has no log_server app" \
		sh -c "fdtget -l '$out/manifest.dtb' /apps | grep -qx rng_server && ! fdtget -l '$out/manifest.dtb' /apps | grep -qx log_server"
	check "LOG_SERVER off: the release does not hold log_server" \
		sh -c "unzip -l '$out/release.zip' | grep -q 'apps/rng_server\$' && ! unzip -l '$out/release.zip' | grep -q 'apps/log_server\$'"
	check "LOG_SERVER off: self_test is rebuilt without its log checks" \
		grep -q '^  CC      core/services/self_test/main.o' "$work/log-off.log"

	touch "$tree/kernel/printk.c"
	kmake O="$out" V=1 > "$work/v1.log" 2>&1
	check "V=1 prints the full compiler command" grep -q 'aarch64-linux-gnu-gcc .*-c -o kernel/printk.o' "$work/v1.log"
	check "a touched source rebuilds only itself" test "$(grep -c -- ' -c -o ' "$work/v1.log")" = 1
fi

# ---- parallel build from scratch matches a serial one
kmake O="$work/par" qemu_arm_virt_hyp_defconfig > /dev/null 2>&1 && kmake O="$work/par" -j8 > "$work/par.log" 2>&1
check "make -j8 builds" test -s "$work/par/kauri.img"
kmake O="$work/ser" qemu_arm_virt_hyp_defconfig > /dev/null 2>&1 && kmake O="$work/ser" > /dev/null 2>&1
check "make -j8 image equals the serial build's" cmp -s "$work/par/kauri.img" "$work/ser/kauri.img"

# ---- clean and distclean
kmake O="$work/par" clean > /dev/null 2>&1
check "clean removes the image" test ! -e "$work/par/kauri.img" -a ! -e "$work/par/kernel/boot.o"
check "clean keeps .config" test -f "$work/par/.config"
kmake O="$work/par" distclean > /dev/null 2>&1
check "distclean removes the build directory" test ! -e "$work/par"

# ---- bad input: each gets a clear message and a failing status
kmake O="$work/bad" nosuch_defconfig > "$work/nosuch.log" 2>&1
rc=$?
check "nosuch_defconfig fails" test $rc -ne 0
check "nosuch_defconfig lists the valid boards" grep -q 'make qemu_arm_virt_defconfig' "$work/nosuch.log"

kmake O="$work/none" > "$work/noconfig.log" 2>&1
rc=$?
check "make without a .config fails and says what to do" \
	test $rc -ne 0 -a -n "$(grep 'make qemu_arm_virt_defconfig' "$work/noconfig.log")"

kmake O="$work/bad" qemu_arm_virt_defconfig > /dev/null 2>&1
kmake O="$work/bad" CROSS_COMPILE=nosuch-linux- > "$work/nocc.log" 2>&1
rc=$?
check "missing cross compiler: fails naming the Debian package" \
	test $rc -ne 0 -a -n "$(grep 'gcc-aarch64-linux-gnu' "$work/nocc.log")"

kmake O="$work/bad" qemu QEMU=nosuch-qemu-system > "$work/noqemu.log" 2>&1
rc=$?
check "missing QEMU: fails naming the Debian package" \
	test $rc -ne 0 -a -n "$(grep 'qemu-system-arm' "$work/noqemu.log")"

sed -i 's/^CONFIG_TIMESLICE_MS=.*/CONFIG_TIMESLICE_MS=abc/' "$work/bad/.config"
kmake O="$work/bad" olddefconfig > "$work/badvalue.log" 2>&1
check "invalid .config value is reported with its line" grep -q '\.config:[0-9]*:.*abc.*TIMESLICE_MS' "$work/badvalue.log"
check "invalid .config value is reset to the default" grep -q '^CONFIG_TIMESLICE_MS=5$' "$work/bad/.config"

# (the fresh clone's own build, imx8mm_evk)
kmake qemu > "$work/imxqemu.log" 2>&1
rc=$?
check "make qemu on a board QEMU cannot run fails clearly" \
	test $rc -ne 0 -a -n "$(grep "does not run in QEMU" "$work/imxqemu.log")"

# A manifest names each binary by the name of one program in apps/, core/services/ or
# tests/apps/: a name no program has, or two have, stops the build before anything is compiled.
# refused_binary CASE ERROR: the clone's build fails with exactly the line ERROR, compiling nothing.
board_manifest=$tree/boards/qemu_arm_virt/manifest.dts
refused_binary() {
	local log=$work/names-$(echo "$1" | tr ' ' -).log rc
	kmake O="$work/names" > "$log" 2>&1
	rc=$?
	check "a binary $1: the build fails" test $rc -ne 0
	check "a binary $1: the error names the manifest, the app node and the programs" grep -qxF "$2" "$log"
	check "a binary $1: nothing was compiled" test -z "$(compiled "$log")"
}
kmake O="$work/names" qemu_arm_virt_defconfig > /dev/null 2>&1
sed -i 's/binary = "hello";/binary = "hello_typo";/' "$board_manifest"
refused_binary "no program has" \
	"error: $board_manifest: /apps/hello/binary: no program 'hello_typo' in any of core/services/ apps/ tests/apps/"
sed -i 's/binary = "hello_typo";/binary = "hello";/' "$board_manifest"
cp -r "$tree/apps/hello" "$tree/tests/apps/hello"
refused_binary "two programs have" \
	"error: $board_manifest: /apps/hello/binary: 'hello' names more than one program: apps/hello/ tests/apps/hello/"
rm -rf "$tree/tests/apps/hello"

# A directory says what it builds (kernel-y, user-y or lib-y), never left to its path: a Makefile
# with obj-y, or with two kinds, stops the build with its name.
hello_makefile=$tree/apps/hello/Makefile
cp "$hello_makefile" "$work/hello.Makefile"
echo 'obj-y += main.o' >> "$hello_makefile"
kmake O="$work/names" > "$work/kind-obj.log" 2>&1
check "a Makefile with obj-y: the build fails naming it" \
	grep -q "apps/hello/Makefile: obj-y does not say what it builds" "$work/kind-obj.log"
cp "$work/hello.Makefile" "$hello_makefile"
echo 'kernel-y += main.o' >> "$hello_makefile"
kmake O="$work/names" > "$work/kind-two.log" 2>&1
check "a Makefile with kernel-y and user-y: the build fails naming it" \
	grep -q "apps/hello/Makefile: fills kernel-y user-y: a directory builds one kind" "$work/kind-two.log"
cp "$work/hello.Makefile" "$hello_makefile"
# The library layer is compiled once for the kernel and once for user space, from one source.
# (in an object tree of its own: the refused builds above compiled some of the names tree)
kmake O="$work/worlds" qemu_arm_virt_defconfig > /dev/null 2>&1
kmake O="$work/worlds" -j2 > "$work/worlds.log" 2>&1
check "lib/libc/string.c is built for the kernel (lib/) and for user space (user/lib/)" \
	sh -c "grep -q '^  CC      lib/libc/string.o\$' '$work/worlds.log' &&
		grep -q '^  CC      user/lib/libc/string.o\$' '$work/worlds.log'"
check "the UART driver the kernel links is the one the console server links" \
	sh -c "grep -q '^  CC      drivers/serial/uart_pl011.o\$' '$work/worlds.log' &&
		grep -q '^  CC      user/drivers/serial/uart_pl011.o\$' '$work/worlds.log' &&
		aarch64-linux-gnu-nm '$work/worlds/bin/console.elf' | grep -q ' uart_pl011_api\$'"

# A Kconfig syntax error names the file and line (last: it breaks the clone).
line=$(($(wc -l < "$tree/kernel/Kconfig") + 1))
printf 'config BROKEN\n\tbool "broken"\n\tdepends on (FOO\n' >> "$tree/kernel/Kconfig"
kmake O="$work/syntax" qemu_arm_virt_defconfig > "$work/syntax.log" 2>&1
rc=$?
check "Kconfig syntax error fails" test $rc -ne 0
check "Kconfig syntax error names file:line" grep -q "kernel/Kconfig:$((line + 2)):" "$work/syntax.log"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
