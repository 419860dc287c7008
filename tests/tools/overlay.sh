# SPDX-License-Identifier: BSD-2-Clause
# kauri-overlay: the seeds' weatherstation DEVICE_ID overlay applies; anything else is refused.
. "$(dirname "$0")/lib.sh"

T=$TOOLS
DATA=$SRCTREE/tests/tools/data
cd "$WORK" || exit 1
dtc -q -I dts -O dtb -o base.dtb "$DATA/manifest.dts"
dtc -q -@ -I dts -O dtb -o device.dtbo "$DATA/weatherstation_overlay.dts"
dtc -q -@ -I dts -O dtb -o forbidden.dtbo "$DATA/forbidden_overlay.dts"

check "the DEVICE_ID overlay applies" "$T/kauri-overlay" apply base.dtb device.dtbo -o out.dtb
v=$(fdtget -t s out.dtb /apps/weatherstation/environ DEVICE_ID)
[ "$v" = "1a7aa52a-3543-4cde-8117-f176edb91daf" ] && pass "DEVICE_ID is set in the result" ||
	fail "DEVICE_ID is '$v'"
[ "$(fdtget out.dtb /apps/hello priority)" = 180 ] && pass "the rest of the manifest is unchanged" ||
	fail "hello's priority changed"
check "check mode accepts it" "$T/kauri-overlay" check base.dtb device.dtbo
check_error "a priority change is refused, naming the path" \
	"/apps/weatherstation/priority: not allowed by kos_options/variables" \
	"$T/kauri-overlay" apply base.dtb forbidden.dtbo -o bad.dtb
[ ! -e bad.dtb ] && pass "nothing written when refused" || fail "bad.dtb was written"

# A new node outside the allowed paths.
cat > newnode.dts <<'DTS'
/dts-v1/;
/plugin/;
&{/apps} { evil { binary = "evil"; }; };
DTS
dtc -q -@ -I dts -O dtb -o newnode.dtbo newnode.dts
check_error "adding an app is refused" "/apps/evil: not allowed" \
	"$T/kauri-overlay" apply base.dtb newnode.dtbo -o x.dtb
# A label target (resolved through __fixups__ and the base's __symbols__).
dtc -q -@ -I dts -O dtb -o base_sym.dtb "$DATA/manifest.dts"
cat > label.dts <<'DTS'
/dts-v1/;
/plugin/;
&msg0 { extra = <1>; };
DTS
dtc -q -@ -I dts -O dtb -o label.dtbo label.dts
check_error "a label-targeted property is checked too" "/msg_servers/msg0/extra: not allowed" \
	"$T/kauri-overlay" apply base_sym.dtb label.dtbo -o x.dtb
# A base without variables allows nothing.
fdtput -d base.dtb /kos_options variables
check_error "no kos_options/variables: refused" "has no kos_options/variables" \
	"$T/kauri-overlay" apply base.dtb device.dtbo -o x.dtb
check_error "a broken overlay file" "not a valid DTB" "$T/kauri-overlay" apply base_sym.dtb newnode.dts -o x.dtb
check_error "refuses to overwrite" "already exists" "$T/kauri-overlay" apply base_sym.dtb device.dtbo -o out.dtb
check "--help" "$T/kauri-overlay" --help

summary
