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

sed 's/priority = <180>;/priority = <200>;/' "$DATA/manifest.dts" > err.dts
[ "$(status "$T/kauri-manifest" check err.dts)" -eq 2 ] && pass "an error: exit 2" || fail "error: exit $(status "$T/kauri-manifest" check err.dts)"
grep -q "error *priority-above-max *\/apps\/hello\/priority: priority 200 is above max_priority 190" "$WORK/out" &&
	pass "priority error names the node path" || fail "priority output: $(cat "$WORK/out")"
status "$T/kauri-manifest" check --json err.dts >/dev/null
grep -q '"id": "priority-above-max", "severity": "error", "path": "/apps/hello/priority"' "$WORK/out" &&
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
check "--help" "$T/kauri-manifest" --help

summary
