#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Nothing is offered that does not exist: every Kconfig option a user can set, on any board, has
# code behind it; an option whose code has not landed depends on NOT_AVAILABLE_YET.
#
# "Offered": the option appears in a .config that conf writes, starting from each defconfig and
# switching on every bool it lists as not set until nothing new appears. "Code behind it":
# CONFIG_<NAME> in a source, makefile or manifest outside tests/, docs and configs/ (the kernel
# banner's list of service names is a claim, not code, so it does not count), or the option
# decides the default of an option that has code (in a `default … if`, or as the `if` around that
# default: a board's Kconfig sets the board's values inside `if BOARD_…`), or it is a choice
# member beside one that has.
#
# Usage: tests/system/options-test.sh WORKDIR
set -u

. "$(dirname "$0")/lib.sh"
work_dir "${1:?usage: options-test.sh WORKDIR}" --fresh

if ! make -C "$srctree" O="$work/kconfig" qemu_arm_virt_defconfig > "$work/kconfig.log" 2>&1; then
	fail "conf builds" "$(tail -5 "$work/kconfig.log")"
	echo "$passed passed, $failed failed"
	exit 1
fi
conf=$work/kconfig/scripts/kconfig/conf
runconf() { (cd "$srctree" && KCONFIG_CONFIG=$1 "$conf" "$2" ${3:+"$3"} Kconfig > /dev/null 2>&1); }

# ---- the offered options: every name in any .config reachable from a defconfig
for f in "$srctree"/configs/*_defconfig; do
	cfg=$work/$(basename "$f").config
	runconf "$cfg" --defconfig "$f" || { fail "$(basename "$f"): conf --defconfig"; continue; }
	for _ in 1 2 3 4 5 6 7 8; do
		before=$(sort -u "$work/offered.all" 2>/dev/null | wc -l)
		sed -n 's/^\(# \)\{0,1\}CONFIG_\([A-Za-z0-9_]*\)[= ].*/\2/p' "$cfg" >> "$work/offered.all"
		[ "$(sort -u "$work/offered.all" | wc -l)" != "$before" ] || break
		# Every bool on, every empty string filled, and again.
		sed -i -e 's/^# \(CONFIG_[A-Za-z0-9_]*\) is not set$/\1=y/' \
			-e 's/^\(CONFIG_[A-Za-z0-9_]*\)=""$/\1="x"/' "$cfg"
		runconf "$cfg" --olddefconfig || { fail "$(basename "$f"): conf --olddefconfig"; break; }
	done
done
sort -u "$work/offered.all" > "$work/offered"

# ---- what each Kconfig file says: prompts, names in defaults, choice members
find "$srctree" \( -path "$srctree/.git" -o -path "$srctree/build" -o -path "$srctree/tests" \
	-o -path "$srctree/.deps" \) -prune -o -type f -name 'Kconfig*' -print | sort |
while read -r k; do
	awk -v file="${k#"$srctree"/}" '
	function names(text,   n, i, a) {
		gsub(/"[^"]*"/, "", text)
		n = split(text, a, /[^A-Za-z0-9_]+/)
		for (i = 1; i <= n; i++)
			if (a[i] ~ /^[A-Z_][A-Z0-9_]*$/)
				print "default", sym, a[i]
	}
	inhelp {
		if ($0 ~ /^[ \t]*$/)
			next
		match($0, /^[ \t]*/)
		if (indent < 0)
			indent = RLENGTH
		if (RLENGTH >= indent)
			next
		inhelp = 0
	}
	/^[ \t]*(config|menuconfig)[ \t]/ { sym = $2; if (inchoice) print "choice", file ":" choice, sym; next }
	/^[ \t]*if[ \t]/ { cond[++depth] = $0; sub(/^[ \t]*if[ \t]+/, "", cond[depth]); sym = ""; next }
	/^[ \t]*endif([ \t]|$)/ { if (depth > 0) depth--; sym = ""; next }
	/^[ \t]*choice([ \t]|$)/ { inchoice = 1; choice = NR; sym = ""; next }
	/^[ \t]*endchoice/ { inchoice = 0; sym = ""; next }
	/^[ \t]*(menu|endmenu|if|endif|comment|source|mainmenu)([ \t]|$)/ { sym = ""; next }
	/^[ \t]*(help|---help---)[ \t]*$/ { inhelp = 1; indent = -1; next }
	sym != "" && /^[ \t]*((bool|tristate|int|hex|string)[ \t]+|prompt[ \t]+)"/ { print "prompt", sym }
	sym != "" && /^[ \t]*(default|def_bool|def_tristate)[ \t]/ {
		names($0)
		for (d = 1; d <= depth; d++)
			names(cond[d])
	}
	' "$k"
done > "$work/kconfig.facts"

# ---- the names code uses
find "$srctree" \( -path "$srctree/.git" -o -path "$srctree/build" -o -path "$srctree/tests" \
	-o -path "$srctree/.deps" -o -path "$srctree/docs" -o -path "$srctree/configs" \) -prune -o \
	-type f ! -name 'Kconfig*' ! -name '*.md' -print |
while read -r f; do
	sed '/built_in_services\[\] = {/,/^};/d' "$f" | grep -aow 'CONFIG_[A-Z0-9_]*'
done | sed 's/^CONFIG_//' | sort -u > "$work/backed"

# An option deciding a backed option's default, or a member of a choice with a backed member,
# is backed too; repeat until nothing changes.
while :; do
	{
		cat "$work/backed"
		awk 'NR == FNR { backed[$1] = 1; next }
		     $1 == "default" && ($2 in backed) { print $3 }
		     $1 == "choice" { member[$2] = member[$2] " " $3; if ($3 in backed) hit[$2] = 1 }
		     END { for (c in hit) { n = split(member[c], m, " "); for (i = 1; i <= n; i++) print m[i] } }' \
			"$work/backed" "$work/kconfig.facts"
	} | sort -u > "$work/backed.next"
	cmp -s "$work/backed" "$work/backed.next" && break
	mv "$work/backed.next" "$work/backed"
done

# ---- every offered option with a prompt has code
awk '$1 == "prompt" { print $2 }' "$work/kconfig.facts" | sort -u > "$work/prompted"
offered=$(comm -12 "$work/offered" "$work/prompted")
[ -n "$offered" ] || fail "options are offered at all" "none found: the test is broken"
for sym in $offered; do
	if grep -qx "$sym" "$work/backed"; then
		pass "CONFIG_$sym has code behind it"
	else
		fail "CONFIG_$sym is offered but no code uses it" \
			"make it depend on NOT_AVAILABLE_YET until its code lands"
	fi
done

# The marker itself can never be set.
if grep -hq '^CONFIG_NOT_AVAILABLE_YET=' "$work"/*.config; then
	fail "NOT_AVAILABLE_YET is never set"
else
	pass "NOT_AVAILABLE_YET is never set"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
