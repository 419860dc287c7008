#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Command-line tests of conf: modes, environment variables, exit status, messages, syncconfig stamps.
#
# Usage: conf-test.sh CONF_BINARY
set -u

if [ $# -ne 1 ]; then
	echo "usage: $0 CONF_BINARY" >&2
	exit 2
fi
CONF=$(realpath "$1") || exit 2
# The tests set srctree themselves where they test it; an inherited one would change messages.
unset srctree KCONFIG_CONFIG KCONFIG_AUTOCONFIG KCONFIG_AUTOHEADER
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT INT TERM
cd "$WORK" || exit 2
pass=0
fail=0

ok() {
	echo "PASS $1"
	pass=$((pass + 1))
}

bad() {
	echo "FAIL $1"
	fail=$((fail + 1))
}

# check LABEL EXPECTED ACTUAL
check() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		bad "$1"
		printf '    expected: %s\n    actual:   %s\n' "$2" "$3"
	fi
}

mtime() {
	stat -c %Y "$1" 2>/dev/null || echo missing
}

cat >Kconfig <<'EOF'
mainmenu "CLI test"
config HYP
	bool "hyp"
config SMP
	bool "smp"
	default y
config NR_PRIO
	int "priorities"
	range 4 64
	default 32
config NAME
	string "name"
	default "kauri"
EOF

"$CONF" --help >out 2>&1
check "--help exits 0" 0 $?
grep -q -- '--savedefconfig FILE' out && ok "--help lists the modes" || bad "--help lists the modes"

"$CONF" Kconfig >/dev/null 2>&1
check "no mode is a usage error" 2 $?

"$CONF" --olddefconfig >/dev/null 2>&1
check "missing Kconfig argument is a usage error" 2 $?

printf 'config A\n\tbool "a"\n\tdepends on (B\n' >Broken
"$CONF" --olddefconfig Broken >out 2>err
check "parse error exits 1" 1 $?
check "parse error message" "Broken:3: error: expected ')' but got end of line" "$(cat err)"

"$CONF" --olddefconfig NoSuchKconfig >out 2>err
check "missing Kconfig exits 1" 1 $?
check "missing Kconfig message" \
	"error: can't open file \"NoSuchKconfig\": No such file or directory" "$(cat err)"

"$CONF" --defconfig missing_defconfig Kconfig >out 2>err
check "missing defconfig exits 1" 1 $?
check "missing defconfig message" \
	"conf: cannot read missing_defconfig: No such file or directory" "$(cat err)"

rm -f .config
"$CONF" -s --olddefconfig Kconfig 2>err
check "olddefconfig without .config exits 0" 0 $?
check "olddefconfig writes defaults" "CONFIG_SMP=y CONFIG_NR_PRIO=32 CONFIG_NAME=\"kauri\"" \
	"$(grep '^CONFIG_' .config | tr '\n' ' ' | sed 's/ $//')"

printf 'CONFIG_NR_PRIO=abc\nCONFIG_HYP=y\n' >.config
"$CONF" -s --olddefconfig Kconfig 2>err
check "bad value still exits 0" 0 $?
check "bad value warning" \
	".config:1: warning: invalid value 'abc' for CONFIG_NR_PRIO (int); using default" "$(cat err)"
check "bad value reset to default" "CONFIG_NR_PRIO=32" "$(grep NR_PRIO .config)"
check "good value kept" "CONFIG_HYP=y" "$(grep HYP .config)"

KCONFIG_CONFIG=sub/dir/my.config "$CONF" -s --olddefconfig Kconfig 2>err
check "KCONFIG_CONFIG honoured (directories created)" yes \
	"$([ -f sub/dir/my.config ] && echo yes || echo no)"

printf 'CONFIG_HYP=y\nCONFIG_NR_PRIO=8\n' >board_defconfig
"$CONF" -s --defconfig board_defconfig Kconfig 2>err
check "defconfig exits 0" 0 $?
"$CONF" --savedefconfig saved Kconfig 2>err
check "savedefconfig reproduces the defconfig" "$(cat board_defconfig)" "$(cat saved)"

printf 'CONFIG_SMP=y\n' >.config
check "listnewconfig" "CONFIG_HYP CONFIG_NR_PRIO CONFIG_NAME" \
	"$("$CONF" --listnewconfig Kconfig | tr '\n' ' ' | sed 's/ $//')"

# syncconfig: files, stamps only for changed symbols, .config rewritten only when it changes
rm -rf .config include
"$CONF" --syncconfig Kconfig 2>err
check "syncconfig exits 0" 0 $?
check "auto.conf" "CONFIG_SMP=y CONFIG_NR_PRIO=32 CONFIG_NAME=\"kauri\"" \
	"$(grep '^CONFIG_' include/config/auto.conf | tr '\n' ' ' | sed 's/ $//')"
check "autoconf.h" '#define CONFIG_SMP 1 #define CONFIG_NR_PRIO 32 #define CONFIG_NAME "kauri"' \
	"$(grep '^#define' include/generated/autoconf.h | tr '\n' ' ' | sed 's/ $//')"
check "stamps for symbols that are set" "NAME NR_PRIO SMP" \
	"$(ls include/config | grep -v auto.conf | tr '\n' ' ' | sed 's/ $//')"
touch -d '2001-01-01' .config include/config/SMP include/config/NR_PRIO include/config/NAME
"$CONF" --syncconfig Kconfig 2>err
check "unchanged .config is not rewritten" "$(date -d 2001-01-01 +%s)" "$(mtime .config)"
check "unchanged symbol stamp untouched" "$(date -d 2001-01-01 +%s)" "$(mtime include/config/SMP)"
sed -i 's/CONFIG_NR_PRIO=32/CONFIG_NR_PRIO=16/' .config
touch -d '2001-01-01' .config
"$CONF" --syncconfig Kconfig 2>err
check "changed symbol stamp touched" yes \
	"$([ "$(mtime include/config/NR_PRIO)" -gt "$(date -d 2001-01-02 +%s)" ] && echo yes || echo no)"
check "other stamps untouched" "$(date -d 2001-01-01 +%s) $(date -d 2001-01-01 +%s)" \
	"$(mtime include/config/SMP) $(mtime include/config/NAME)"
check "no stamp for a symbol that stays n" missing "$(mtime include/config/HYP)"

KCONFIG_AUTOCONFIG=gen/cfg/auto.conf KCONFIG_AUTOHEADER=gen/h/autoconf.h \
	"$CONF" --syncconfig Kconfig 2>err
check "KCONFIG_AUTOCONFIG / KCONFIG_AUTOHEADER honoured" "yes yes yes" \
	"$([ -f gen/cfg/auto.conf ] && echo yes) $([ -f gen/h/autoconf.h ] && echo yes) $([ -f gen/cfg/SMP ] && echo yes)"

# srctree: relative source paths fall back to it
mkdir -p tree/sub elsewhere
printf 'source "sub/Kconfig.inc"\n' >tree/Kconfig
printf 'config FROM_TREE\n\tdef_bool y\n' >tree/sub/Kconfig.inc
(cd elsewhere && srctree=../tree "$CONF" -s --olddefconfig Kconfig 2>../err)
check "srctree fallback" "CONFIG_FROM_TREE=y" "$(grep FROM_TREE elsewhere/.config)"

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
