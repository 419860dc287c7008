# SPDX-License-Identifier: BSD-2-Clause
# kauri-manifest check: exit status 0/1/2/3, text and JSON output, DTS and DTB input.
. "$(dirname "$0")/lib.sh"

T=$TOOLS
DATA=$SRCTREE/tests/tools/data
cd "$WORK" || exit 1

status() { "$@" >"$WORK/out" 2>"$WORK/err"; echo $?; }

[ "$(status "$T/kauri-manifest" check "$DATA/manifest.dts")" -eq 0 ] && pass "clean manifest (DTS): exit 0" ||
	fail "clean manifest: exit $(status "$T/kauri-manifest" check "$DATA/manifest.dts")"
dtc -q -I dts -O dtb -o clean.dtb "$DATA/manifest.dts"
[ "$(status "$T/kauri-manifest" check clean.dtb)" -eq 0 ] && pass "clean manifest (DTB): exit 0" || fail "clean DTB"

sed 's/variables = .*;/variables = "\/apps\/weatherstation\/environ";/' "$DATA/manifest.dts" > warn.dts
[ "$(status "$T/kauri-manifest" check warn.dts)" -eq 1 ] && pass "a warning: exit 1" || fail "warning: exit $(status "$T/kauri-manifest" check warn.dts)"
grep -q "^warning variable-whole-node *\/kos_options\/variables: " "$WORK/out" && pass "text line: severity id path: reason" ||
	fail "text output: $(cat "$WORK/out")"

sed 's/priority = <180>;/priority = <252>; max_priority = <252>;/; s/max_priority = <190>;//' \
	"$DATA/manifest.dts" > err.dts
[ "$(status "$T/kauri-manifest" check err.dts)" -eq 2 ] && pass "an error: exit 2" || fail "error: exit $(status "$T/kauri-manifest" check err.dts)"
grep -q "error *priority-above-root *\/apps\/hello\/priority: priority 252 is above the root server's 250" "$WORK/out" &&
	pass "priority error names the node path" || fail "priority output: $(cat "$WORK/out")"
status "$T/kauri-manifest" check --json err.dts >/dev/null
grep -q '"id": "priority-above-root", "severity": "error", "path": "/apps/hello/priority"' "$WORK/out" &&
	pass "--json finding" || fail "--json output: $(cat "$WORK/out")"
grep -q '"errors": 1' "$WORK/out" && pass "--json counts" || fail "--json counts"

if command -v python3 >/dev/null; then
	python3 -m json.tool "$WORK/out" >/dev/null && pass "--json is valid JSON" || fail "--json is not valid JSON"
fi

sed 's/kos_options {/kos_options { disable-signing;/' "$DATA/manifest.dts" > dev.dts
[ "$(status "$T/kauri-manifest" check dev.dts)" -eq 0 ] && pass "disable-signing alone: allowed in development" || fail "dev manifest"
echo "CONFIG_MANIFEST_SIGNING=y" > dot.config
[ "$(status "$T/kauri-manifest" check --config dot.config dev.dts)" -eq 2 ] &&
	pass "CONFIG_MANIFEST_SIGNING=y makes disable-signing an error" || fail "--config not honoured"

printf '/dts-v1/;\n/ { apps { a { x = <1> }; }; };\n' > broken.dts
[ "$(status "$T/kauri-manifest" check broken.dts)" -eq 3 ] && pass "unparsable DTS: exit 3" || fail "broken DTS exit"
grep -q "broken.dts:2" "$WORK/err" && pass "dtc's message names file:line" || fail "no file:line: $(cat "$WORK/err")"
head -c 100 clean.dtb > cut.dtb
[ "$(status "$T/kauri-manifest" check cut.dtb)" -eq 3 ] && grep -q "cut.dtb: not a valid DTB" "$WORK/err" &&
	pass "truncated DTB: exit 3 with a clear message" || fail "truncated DTB: $(cat "$WORK/err")"
# What the device refuses, the check refuses first with the device's own path and message (exit 2),
# and runs no assurance check on it; kauri-release will not package it. Each case: a sed script
# over the clean manifest, the node path and the message manifest_parse (the root server) gives.
refused() {
	case_name=$1 script=$2 path=$3 message=$4
	sed "$script" "$DATA/manifest.dts" > "$case_name.dts"
	[ "$(status "$T/kauri-manifest" check "$case_name.dts")" -eq 2 ] &&
		grep -qxF "error   manifest-invalid     $path: $message" "$WORK/out" &&
		[ "$(grep -c '^\(error\|warning\|info\) ' "$WORK/out")" -eq 1 ] &&
		pass "check: $case_name: exit 2, the device's path and message, nothing else" ||
		fail "check: $case_name: exit $(status "$T/kauri-manifest" check "$case_name.dts"): $(cat "$WORK/out")"
	status "$T/kauri-manifest" check --json "$case_name.dts" >/dev/null
	grep -qF "\"id\": \"manifest-invalid\", \"severity\": \"error\", \"path\": \"$path\", \"reason\": \"$message\"" "$WORK/out" &&
		pass "check --json: $case_name" || fail "check --json: $case_name: $(cat "$WORK/out")"
	dtc -q -I dts -O dtb -o "$case_name.dtb" "$case_name.dts"
	: > hello; : > weatherstation
	check_error "release refuses $case_name with the device's path and message" \
		"kauri-release: error: $case_name.dtb: $path: $message" \
		"$T/kauri-release" -o "$case_name.zip" "$case_name.dtb" hello weatherstation
	[ ! -e "$case_name.zip" ] && pass "release: $case_name: no package" || fail "release: $case_name: a package was written"
}
refused priority-high 's/priority = <180>;/priority = "high";/' \
	/apps/hello/priority "priority must be one 32-bit cell, not 5 bytes"
refused no-binary '/binary = "hello";/d' /apps/hello "missing property binary"
refused restart-cycle 's/^\(\t*\)hello {/\1hello: hello {/; s/^\(\t*\)weatherstation {/\1weatherstation: weatherstation {/;
	s/priority = <180>;/priority = <180>; restart-deps = <\&weatherstation>;/;
	s/priority = <150>;/priority = <150>; restart-deps = <\&hello>;/' \
	/apps/hello/restart-deps "restart-deps cycle: hello -> weatherstation -> hello"
refused no-apps '/^\tapps {/,/^\t};/d' /apps "missing node /apps"
refused heap-too-big 's/heap_pages = <256>;/heap_pages = <0x7fffffff>;/' /apps/hello/heap_pages \
	"heap_pages 2147483647 is more than 196608, the heap's 768 MiB of address space"
refused publishes-no-server '/msg_server = <&msg0>;/d' /apps/hello/publishes \
	"publishes needs msg_server: the message server the protocols are on"
refused connects-no-server '/connects/{n;n;}; /^\t\tweatherstation {/,/};/{/msg_server/d}' \
	/apps/weatherstation/connects "connects needs msg_server: the message server the protocols are on"
# A microVM asks for the VMM: refused unless the build has it (--with-vmm, CONFIG_VMM=y), as the device does.
refused vm-without-vmm 's/ut_large_pages = <4>;/ut_large_pages = <8>;/;
	s/resources { channels { diode0 = "WRITE", "SIGNAL"; }; };/&\n\t\t\tvm { kernel = "Image"; ram_mb = <16>; };/' \
	/apps/hello/vm "a microVM needs the VMM, which this build does not have (CONFIG_VMM)"
[ "$(status "$T/kauri-manifest" check --with-vmm vm-without-vmm.dts)" -le 1 ] &&
	! grep -q manifest-invalid "$WORK/out" && pass "check --with-vmm: a microVM is valid for a build with the VMM" ||
	fail "check --with-vmm: $(cat "$WORK/out")"
printf 'CONFIG_VMM=y\n' > vmm.config
[ "$(status "$T/kauri-manifest" check --config vmm.config vm-without-vmm.dts)" -le 1 ] &&
	pass "check --config: CONFIG_VMM=y lets a microVM through" || fail "check --config CONFIG_VMM: $(cat "$WORK/out")"
: > Image
"$T/kauri-release" -o vm.zip --with-vmm vm-without-vmm.dtb hello weatherstation Image > /dev/null 2>&1 && [ -s vm.zip ] &&
	pass "release --with-vmm packages a microVM's manifest" || fail "release --with-vmm"
# A build's VMM gives a microVM at most CONFIG_VMM_MAX_BLK disks: the second of two is refused.
sed 's/vm { kernel = "Image"; ram_mb = <16>; };/vm { kernel = "Image"; ram_mb = <16>; a { image = "a.img"; }; b { image = "b.img"; }; };/' \
	vm-without-vmm.dts > two-disks.dts
dtc -q -I dts -O dtb -o two-disks.dtb two-disks.dts
: > a.img; : > b.img
check_error "release --vmm-max-disks 1 refuses a microVM's second disk, naming it" \
	"kauri-release: error: two-disks.dtb: /apps/hello/vm/b: this build's VMM gives a microVM at most 1 disks (CONFIG_VMM_MAX_BLK)" \
	"$T/kauri-release" -o two.zip --vmm-max-disks 1 two-disks.dtb hello weatherstation Image a.img b.img
"$T/kauri-release" -o two.zip --vmm-max-disks 2 two-disks.dtb hello weatherstation Image a.img b.img > /dev/null 2>&1 &&
	pass "release --vmm-max-disks 2 packs both disks" || fail "release --vmm-max-disks 2"
check_error "release --vmm-max-disks takes 1 to 5" \
	"kauri-release: error: --vmm-max-disks: '6' is not a number from 1 to 5" \
	"$T/kauri-release" -o two.zip --vmm-max-disks 6 two-disks.dtb hello weatherstation Image a.img b.img
printf 'CONFIG_VMM=y\nCONFIG_VMM_MAX_BLK=1\n' > vmm1.config
[ "$(status "$T/kauri-manifest" check --config vmm1.config two-disks.dts)" -eq 2 ] &&
	grep -q 'manifest-invalid  *\/apps/hello/vm/b: .*at most 1 disks (CONFIG_VMM_MAX_BLK)' "$WORK/out" &&
	pass "check --config: CONFIG_VMM_MAX_BLK=1 refuses a second disk" || fail "check CONFIG_VMM_MAX_BLK: $(cat "$WORK/out")"

# Budgets against the board's RAM: the issue's ut_large_pages = <0x100000> is 2 TiB. The option,
# the build's .config and the manifest's /board node give the RAM, in that order.
sed 's/ut_large_pages = <4>;/ut_large_pages = <0x100000>;/' "$DATA/manifest.dts" > terabytes.dts
dtc -q -I dts -O dtb -o terabytes.dtb terabytes.dts
ram_error="memory budgets come to 2147484792 KiB with this app's, more than the board's 1048576 KiB of RAM"
[ "$(status "$T/kauri-manifest" check terabytes.dts)" -eq 2 ] &&
	grep -qxF "error   untyped-over-ram     /apps/hello/ut_large_pages: $ram_error" "$WORK/out" &&
	pass "check: 2 TiB of 2 MiB pages over the /board RAM: exit 2, app and property named" ||
	fail "check: terabytes: $(cat "$WORK/out")"
printf 'CONFIG_BOARD_RAM_MB=4096\n' > ram.config
[ "$(status "$T/kauri-manifest" check --config ram.config terabytes.dtb)" -eq 2 ] &&
	grep -qF "/apps/hello/ut_large_pages: memory budgets come to 2147484792 KiB with this app's, more than the board's 4194304 KiB of RAM" "$WORK/out" &&
	pass "check --config: CONFIG_BOARD_RAM_MB is the board's RAM" || fail "check --config RAM: $(cat "$WORK/out")"
[ "$(status "$T/kauri-manifest" check --config ram.config --ram-bytes 0x40000000000 terabytes.dtb)" -eq 0 ] &&
	pass "check --ram-bytes wins over the configuration (4 TiB: it fits)" || fail "check --ram-bytes: $(cat "$WORK/out")"
[ "$(status "$T/kauri-manifest" check --ram-bytes 0x100000 clean.dtb)" -eq 2 ] &&
	grep -qF "untyped-over-ram     /apps/hello/ut_large_pages: memory budgets come to 9336 KiB with this app's, more than the board's 1024 KiB of RAM" "$WORK/out" &&
	pass "check --ram-bytes over the manifest's /board" || fail "check --ram-bytes 1 MiB: $(cat "$WORK/out")"
[ "$(status "$T/kauri-manifest" check --ram-bytes lots clean.dtb)" -eq 3 ] && grep -q "expected a byte count" "$WORK/err" &&
	pass "check --ram-bytes refuses a non-number" || fail "check --ram-bytes lots: $(cat "$WORK/err")"
: > hello; : > weatherstation
check_error "release --ram-bytes refuses budgets over the board's RAM, naming app and property" \
	"kauri-release: error: terabytes.dtb: /apps/hello/ut_large_pages: $ram_error" \
	"$T/kauri-release" --ram-bytes 0x40000000 -o terabytes.zip terabytes.dtb hello weatherstation
check "release --ram-bytes packages budgets that fit" \
	"$T/kauri-release" --ram-bytes 0x40000000 -o clean.zip clean.dtb hello weatherstation
check "release without --ram-bytes checks no RAM" \
	"$T/kauri-release" -o terabytes.zip terabytes.dtb hello weatherstation
check "--help" "$T/kauri-manifest" --help

summary
