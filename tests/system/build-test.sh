#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Build-system tests: every defconfig builds and round-trips through savedefconfig,
# rebuilds are exact (one option changed rebuilds only its users), V=1, -j, O=,
# and each bad input gets its clear error.
#
# Usage: tests/system/build-test.sh WORKDIR
set -u

srctree=${srctree:-$(cd "$(dirname "$0")/../.." && pwd)}
work=${1:?usage: build-test.sh WORKDIR}
rm -rf "$work"
mkdir -p "$work"

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "PASS $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1${2:+: $2}"; }
check() { local name=$1; shift; if "$@"; then pass "$name"; else fail "$name"; fi; }

kmake() { make -C "$srctree" "$@"; }

# The object files a make run compiled, from its quiet "  CC  x.o" / "  AS  x.o" lines.
compiled() { sed -n 's/^  \(CC\|AS\) *\(.*\.o\)$/\2/p' "$1" | sort; }

# Boards with signed manifests (CONFIG_ADMIN selects it) need a key pair: a test one, outside
# the tree, set in OUT/.config.
use_test_keys() {
	local out=$1
	grep -q '^CONFIG_MANIFEST_SIGNING=y$' "$out/.config" || return 0
	[ -f "$work/keys/device.key" ] || { kmake O="$work/keytools" tools > /dev/null 2>&1 &&
		mkdir -p "$work/keys" && "$work/keytools/tools/kauri-keys" generate "$work/keys/device" > /dev/null; }
	printf 'CONFIG_MANIFEST_SIGNING_KEY="%s"\nCONFIG_MANIFEST_PUBLIC_KEY="%s"\n' \
		"$work/keys/device.key" "$work/keys/device.pub" >> "$out/.config"
	kmake O="$out" olddefconfig
}

# ---- every board: defconfig, build, image header, savedefconfig round trip
for f in "$srctree"/configs/*_defconfig; do
	board=$(basename "$f" _defconfig)
	out=$work/$board
	kmake O="$out" "${board}_defconfig" > "$work/$board.log" 2>&1
	signed=$(grep -c '^CONFIG_MANIFEST_SIGNING=y$' "$out/.config" 2>/dev/null)
	use_test_keys "$out" >> "$work/$board.log" 2>&1
	if ! kmake O="$out" -j2 >> "$work/$board.log" 2>&1; then
		fail "$board: builds" "$(tail -5 "$work/$board.log")"
		continue
	fi
	check "$board: builds kauri.elf" test -s "$out/kauri.elf"
	check "$board: builds without compiler warnings" test -z "$(grep -i 'warning:' "$work/$board.log")"
	magic=$(dd if="$out/kauri.img" bs=1 skip=56 count=4 2>/dev/null)
	check "$board: kauri.img has the arm64 Image header" test "$magic" = "ARMd"
	check "$board: the bootfs holds the board's manifest" \
		sh -c "'$out/tools/kauri-bootfs' list '$out/bootfs.img' | grep -q '^manifest.dtb '"
	if [ "$signed" = 1 ]; then
		check "$board: the bootfs carries the manifest's signature" \
			sh -c "'$out/tools/kauri-bootfs' list '$out/bootfs.img' | grep -q '^manifest.dtb.sig '"
	fi
	kmake O="$out" savedefconfig > /dev/null 2>&1
	# The test key paths are the only lines the build added to the board's defconfig.
	check "$board: savedefconfig reproduces configs/${board}_defconfig" \
		sh -c "grep -v '^CONFIG_MANIFEST_\(SIGNING_KEY\|PUBLIC_KEY\)=' '$out/defconfig' | cmp -s '$f' -"
done

# ---- exact rebuilds
out=$work/qemu_arm_virt
if [ -f "$out/kauri.img" ]; then
	kmake O="$out" > "$work/again.log" 2>&1
	check "rebuild with nothing changed compiles and links nothing" \
		test -z "$(grep -E '^  (CC|AS|LD|AR) ' "$work/again.log")"

	# What menuconfig does when HYP is toggled: .config changes in one option.
	sed -i 's/^# CONFIG_HYP is not set$/CONFIG_HYP=y/' "$out/.config"
	kmake O="$out" > "$work/hyp.log" 2>&1
	# The objects that must rebuild: those whose sources or headers use CONFIG_HYP.
	expected=$(cd "$out" && grep -l 'include/config/HYP)' $(find . -name '.*.o.cmd') 2>/dev/null |
		sed 's|^\./||; s|/\.\([^/]*\)\.cmd$|/\1|' | sort)
	got=$(compiled "$work/hyp.log")
	check "HYP toggled: rebuilt objects are exactly those depending on CONFIG_HYP" \
		test -n "$got" -a "$got" = "$expected"
	# Independent of fixdep: every source that names CONFIG_HYP itself was rebuilt...
	missing=""
	for src in $(cd "$srctree" && grep -rlw 'CONFIG_HYP' --include='*.c' --include='*.S' arch drivers kernel core boards); do
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

	touch "$srctree/kernel/printk.c"
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

kmake O="$work/imx" imx8mm_evk_defconfig > /dev/null 2>&1
use_test_keys "$work/imx" > /dev/null 2>&1
kmake O="$work/imx" qemu > "$work/imxqemu.log" 2>&1
rc=$?
check "make qemu on a board QEMU cannot run fails clearly" \
	test $rc -ne 0 -a -n "$(grep "does not run in QEMU" "$work/imxqemu.log")"

# The rest changes the tree: a copy of it.
copy=$work/tree
mkdir -p "$copy"
(cd "$srctree" && tar --exclude=./build --exclude=./.git --exclude=./.config -cf - .) | (cd "$copy" && tar xf -)

# A manifest names each binary by the name of one program in apps/, core/services/ or
# tests/apps/: a name no program has, or two have, stops the build before anything is compiled.
# refused_binary CASE ERROR: the copy's build fails with exactly the line ERROR, compiling nothing.
board_manifest=$copy/boards/qemu_arm_virt/manifest.dts
refused_binary() {
	local log=$work/names-$(echo "$1" | tr ' ' -).log rc
	make -C "$copy" O="$work/names" > "$log" 2>&1
	rc=$?
	check "a binary $1: the build fails" test $rc -ne 0
	check "a binary $1: the error names the manifest, the app node and the programs" grep -qxF "$2" "$log"
	check "a binary $1: nothing was compiled" test -z "$(compiled "$log")"
}
make -C "$copy" O="$work/names" qemu_arm_virt_defconfig > /dev/null 2>&1
sed -i 's/binary = "hello";/binary = "hello_typo";/' "$board_manifest"
refused_binary "no program has" \
	"error: $board_manifest: /apps/hello/binary: no program 'hello_typo' in any of core/services/ apps/ tests/apps/"
sed -i 's/binary = "hello_typo";/binary = "hello";/' "$board_manifest"
cp -r "$copy/apps/hello" "$copy/tests/apps/hello"
refused_binary "two programs have" \
	"error: $board_manifest: /apps/hello/binary: 'hello' names more than one program: apps/hello/ tests/apps/hello/"
rm -rf "$copy/tests/apps/hello"

# A Kconfig syntax error names the file and line.
line=$(($(wc -l < "$copy/kernel/Kconfig") + 1))
printf 'config BROKEN\n\tbool "broken"\n\tdepends on (FOO\n' >> "$copy/kernel/Kconfig"
make -C "$copy" O="$work/syntax" qemu_arm_virt_defconfig > "$work/syntax.log" 2>&1
rc=$?
check "Kconfig syntax error fails" test $rc -ne 0
check "Kconfig syntax error names file:line" grep -q "kernel/Kconfig:$((line + 2)):" "$work/syntax.log"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
