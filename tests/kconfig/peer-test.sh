#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Peer test: our conf against Debian's kconfig-conf on the project tree and a corpus of tricky trees.
#
# Usage: peer-test.sh CONF_BINARY SRCTREE
# For every corpus tree (tests/kconfig/corpus/<name>/Kconfig, fragments *.config) and for
# SRCTREE/Kconfig with every SRCTREE/configs/*_defconfig it compares, by their CONFIG_ and
# "# CONFIG_X is not set" lines: olddefconfig from the fragment, defconfig of the fragment; and
# byte for byte: listnewconfig and savedefconfig output of both tools, and (corpus only, sorted)
# the auto.conf / autoconf.h written by our syncconfig and the peer's silentoldconfig.  For
# project defconfigs, defconfig + savedefconfig must also reproduce the defconfig file exactly.
# Every corpus tree is also run through olddefconfig with no .config at all (defaults,
# `option defconfig_list`).  A tree may have an `env` file of NAME=VALUE lines (@TREE@ stands
# for the tree's directory) that both tools get in their environment, as `option env` and
# `source "$VAR/..."` trees need.  kconfig-conf 4.11 has no globs in `source`: it reads the
# project through a copy of its Kconfig files with each glob spelled out (peer_tree), so the
# comparison is of everything but the globbing (tests/unit/kconfig tests that).
# Each tests/kconfig/errors/<name>/Kconfig is a broken tree:
# both tools must refuse it (or both warn, see check_error), and our first "file:line:" must
# be one the peer names too.
# PEER_ONLY=REGEX limits the run to corpus and error trees whose name matches.
set -u

if [ $# -ne 2 ]; then
	echo "usage: $0 CONF_BINARY SRCTREE" >&2
	exit 2
fi
CONF=$(realpath "$1") || exit 2
SRCTREE=$(realpath "$2") || exit 2
PEER=${KCONFIG_PEER:-kconfig-conf}
HERE=$(cd "$(dirname "$0")" && pwd)

if ! command -v "$PEER" >/dev/null 2>&1; then
	echo "FAIL peer tool '$PEER' not found (apt-get install kconfig-frontends)" >&2
	exit 1
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT INT TERM
pass=0
fail=0
skip=0
case_no=0

# The lines that carry values: assignments and "# CONFIG_X is not set" (a symbol written as n
# is not the same as one left out); other comments and blank lines do not count.
significant() {
	grep -E '^(CONFIG_|# CONFIG_[A-Za-z0-9_]+ is not set$)' "$1"
}

report_pass() {
	echo "PASS $1"
	pass=$((pass + 1))
}

report_fail() {
	echo "FAIL $1"
	fail=$((fail + 1))
}

# peer_cannot_read LABEL ERRFILE: a corpus tree must be one kconfig-conf reads (broken trees
# belong in tests/kconfig/errors), or the comparison would be skipped without anyone noticing.
peer_cannot_read() {
	report_fail "$1: $PEER cannot read this corpus tree:"
	sed 's/^/    /' "$2"
}

# tree_env DIR: the tree's env file as NAME=VALUE words, @TREE@ replaced by DIR
tree_env() {
	[ -f "$1/env" ] || return 0
	grep -v '^#' "$1/env" | grep '=' | sed "s|@TREE@|$1|g"
}

# in_tree DIR COMMAND...: run COMMAND in DIR with srctree=DIR and the tree's environment
in_tree() {
	(tdir=$1
	shift
	vars=$(tree_env "$tdir" | tr '\n' ' ')
	if [ -n "$vars" ]; then
		eval "export $vars"
	fi
	cd "$tdir" && srctree=$tdir "$@")
}

# run TOOL DIR CONFIG ARGS...: run a config tool in DIR writing CONFIG; stderr kept in CONFIG.err
run() {
	tool=$1 dir=$2 cfg=$3
	shift 3
	in_tree "$dir" env KCONFIG_CONFIG="$cfg" "$tool" "$@" >/dev/null 2>"$cfg.err"
}

# compare_configs LABEL OURS THEIRS: significant lines must match
compare_configs() {
	significant "$2" >"$2.sig"
	significant "$3" >"$3.sig"
	if cmp -s "$2.sig" "$3.sig"; then
		report_pass "$1"
	else
		report_fail "$1"
		diff -u "$3.sig" "$2.sig" | sed 's/^/    /'
	fi
}

# compare_exact LABEL OURS THEIRS: byte for byte
compare_exact() {
	if cmp -s "$2" "$3"; then
		report_pass "$1"
	else
		report_fail "$1"
		diff -u "$3" "$2" | sed 's/^/    /'
	fi
}

# peer_tree SRC DEST: SRC's Kconfig files copied to DEST, each `source`/`osource` of a glob
# pattern replaced by one line per match in sorted order, the order conf reads them in.
peer_tree() {
	(cd "$1" && find . \( -path ./.git -o -path ./build -o -path ./tests \) -prune -o \
		-type f -name 'Kconfig*' -print) |
	while read -r f; do
		mkdir -p "$2/${f%/*}"
		while IFS= read -r l; do
			kw=$(printf '%s\n' "$l" | sed -n 's/^[[:space:]]*\(o\{0,1\}source\)[[:space:]][[:space:]]*"[^"]*[][*?][^"]*"[[:space:]]*$/\1/p')
			if [ -z "$kw" ]; then
				printf '%s\n' "$l"
				continue
			fi
			pat=$(printf '%s\n' "$l" | sed 's/^[^"]*"\([^"]*\)".*/\1/')
			(export LC_ALL=C; cd "$1" && for m in $pat; do [ -e "$m" ] && printf '%s "%s"\n' "$kw" "$m"; done)
		done <"$1/$f" >"$2/$f"
	done
}

# check_fragment LABEL DIR FRAGMENT [EXACT_DEFCONFIG [PEER_DIR]]: PEER_DIR is the tree the peer
# reads instead of DIR
check_fragment() {
	label=$1 dir=$2 frag=$3 exact=${4:-} pdir=${5:-$2}
	case_no=$((case_no + 1))
	w=$WORK/$case_no
	mkdir -p "$w/ours" "$w/peer"

	# olddefconfig, starting from the fragment as .config
	cp "$frag" "$w/ours/.config"
	cp "$frag" "$w/peer/.config"
	if ! run "$PEER" "$pdir" "$w/peer/.config" --olddefconfig Kconfig; then
		peer_cannot_read "$label" "$w/peer/.config.err"
		return
	fi
	if run "$CONF" "$dir" "$w/ours/.config" --olddefconfig Kconfig; then
		compare_configs "$label olddefconfig" "$w/ours/.config" "$w/peer/.config"
	else
		report_fail "$label olddefconfig (conf failed)"
		sed 's/^/    /' "$w/ours/.config.err"
	fi

	# listnewconfig with the fragment as .config: same symbols, same order
	cp "$frag" "$w/ours/new.config"
	cp "$frag" "$w/peer/new.config"
	in_tree "$pdir" env KCONFIG_CONFIG="$w/peer/new.config" "$PEER" --listnewconfig Kconfig \
		>"$w/peer/new.list" 2>/dev/null
	in_tree "$dir" env KCONFIG_CONFIG="$w/ours/new.config" "$CONF" --listnewconfig Kconfig \
		>"$w/ours/new.list" 2>/dev/null
	compare_exact "$label listnewconfig" "$w/ours/new.list" "$w/peer/new.list"

	# syncconfig (peer: silentoldconfig) on a private copy of the tree: same auto.conf and
	# autoconf.h entries (the peer writes them in hash order, so both are sorted)
	if [ -z "$exact" ]; then
		mkdir -p "$w/ours/tree" "$w/peer/tree"
		cp -R "$dir/." "$w/ours/tree/"
		cp -R "$pdir/." "$w/peer/tree/"
		for t in ours peer; do
			cp "$frag" "$w/$t/tree/.config"
		done
		# silentoldconfig would ask about new symbols: resolve them first
		# (and it does not create its output directories)
		mkdir -p "$w/peer/tree/include/config" "$w/peer/tree/include/generated"
		if ! in_tree "$w/peer/tree" sh -c 'KCONFIG_CONFIG=.config "$1" --olddefconfig Kconfig &&
			KCONFIG_CONFIG=.config "$1" --silentoldconfig Kconfig' sh "$PEER" </dev/null \
			>"$w/peer/sync.out" 2>&1; then
			# e.g. an int without a value: silentoldconfig then insists on asking
			echo "SKIP $label syncconfig: $PEER --silentoldconfig fails on this configuration"
			skip=$((skip + 1))
		elif ! in_tree "$w/ours/tree" env KCONFIG_CONFIG=.config "$CONF" --syncconfig Kconfig \
			>/dev/null 2>"$w/ours/sync.err"; then
			report_fail "$label syncconfig (conf failed)"
			sed 's/^/    /' "$w/ours/sync.err"
		else
			for t in ours peer; do
				grep '^CONFIG_' "$w/$t/tree/include/config/auto.conf" | sort \
					>"$w/$t/auto.sorted"
				grep '^#define' "$w/$t/tree/include/generated/autoconf.h" | sort \
					>"$w/$t/header.sorted"
			done
			compare_exact "$label syncconfig auto.conf" "$w/ours/auto.sorted" \
				"$w/peer/auto.sorted"
			compare_exact "$label syncconfig autoconf.h" "$w/ours/header.sorted" \
				"$w/peer/header.sorted"
		fi
	fi

	# defconfig of the fragment
	run "$PEER" "$pdir" "$w/peer/def.config" --defconfig="$frag" Kconfig
	if run "$CONF" "$dir" "$w/ours/def.config" --defconfig="$frag" Kconfig; then
		compare_configs "$label defconfig" "$w/ours/def.config" "$w/peer/def.config"
	else
		report_fail "$label defconfig (conf failed)"
		sed 's/^/    /' "$w/ours/def.config.err"
		return
	fi

	# savedefconfig of the defconfig result: same as the peer's, byte for byte
	run "$PEER" "$pdir" "$w/peer/def.config" --savedefconfig "$w/peer/min" Kconfig
	if run "$CONF" "$dir" "$w/ours/def.config" --savedefconfig "$w/ours/min" Kconfig; then
		compare_exact "$label savedefconfig" "$w/ours/min" "$w/peer/min"
	else
		report_fail "$label savedefconfig (conf failed)"
		sed 's/^/    /' "$w/ours/def.config.err"
		return
	fi

	# the minimal config reproduces the configuration
	if run "$CONF" "$dir" "$w/ours/round.config" --defconfig="$w/ours/min" Kconfig; then
		compare_configs "$label savedefconfig round trip" "$w/ours/round.config" \
			"$w/ours/def.config"
	else
		report_fail "$label savedefconfig round trip (conf failed)"
	fi
	if [ -n "$exact" ]; then
		compare_exact "$label savedefconfig reproduces $(basename "$frag")" "$w/ours/min" "$frag"
	fi
}

# check_no_config LABEL DIR: olddefconfig without any .config (defaults, defconfig_list)
check_no_config() {
	case_no=$((case_no + 1))
	w=$WORK/$case_no
	mkdir -p "$w/ours" "$w/peer"
	if ! run "$PEER" "$2" "$w/peer/.config" --olddefconfig Kconfig; then
		peer_cannot_read "$1" "$w/peer/.config.err"
	elif run "$CONF" "$2" "$w/ours/.config" --olddefconfig Kconfig; then
		compare_configs "$1" "$w/ours/.config" "$w/peer/.config"
	else
		report_fail "$1 (conf failed)"
		sed 's/^/    /' "$w/ours/.config.err"
	fi
}

# locations FILE DIR: the "file:line" places an error output names, relative to DIR
locations() {
	sed -n 's|^\([^: ]*\):\([0-9][0-9]*\):.*|\1:\2|p' "$1" | sed "s|^$2/||; s|^\./||"
}

# our_place FILE DIR: where our output puts the trouble: its first error, else its first warning
our_place() {
	grep ': error: ' "$1" >"$1.errors"
	if [ -s "$1.errors" ]; then
		locations "$1.errors" "$2" | head -n 1
	else
		locations "$1" "$2" | head -n 1
	fi
}

# check_error LABEL DIR: a tree kconfig-conf complains about.  DIR/expect says what both do:
#   refuse       (the default) both exit non-zero;
#   warn         both exit 0 with a warning, and write the same configuration;
#   ours-refuse  the peer warns and carries on, conf refuses (a difference docs/config-system.md
#                gives the reason for).
# In every case the place our output names first (its first error, else its first warning) must
# be one the peer names; a second word in DIR/expect (file:line) is the place conf must name
# instead, where the peer's place is worse (the comment in DIR/expect says why).
# Lines of DIR/expect starting with # are comments.
check_error() {
	case_no=$((case_no + 1))
	w=$WORK/$case_no
	mkdir -p "$w/ours" "$w/peer"
	expect=refuse place=
	if [ -f "$2/expect" ]; then
		read -r expect place <<-EOF
		$(grep -v '^#' "$2/expect" | head -n 1)
		EOF
	fi
	in_tree "$2" env KCONFIG_CONFIG="$w/peer/.config" "$PEER" --olddefconfig Kconfig \
		>"$w/peer/out" 2>&1
	peer_rc=$?
	in_tree "$2" env KCONFIG_CONFIG="$w/ours/.config" "$CONF" --olddefconfig Kconfig \
		>"$w/ours/out" 2>&1
	ours_rc=$?
	case $expect in
	refuse) want_peer=1 want_ours=1 ;;
	warn) want_peer=0 want_ours=0 ;;
	ours-refuse) want_peer=0 want_ours=1 ;;
	*) report_fail "$1: unknown expectation '$expect'"; return ;;
	esac
	if [ $((peer_rc != 0)) -ne "$want_peer" ] || [ $((ours_rc != 0)) -ne "$want_ours" ]; then
		report_fail "$1 ($expect): exit status $PEER $peer_rc, conf $ours_rc"
		sed 's/^/    peer: /' "$w/peer/out"
		sed 's/^/    ours: /' "$w/ours/out"
		return
	fi
	ours=$(our_place "$w/ours/out" "$2")
	if [ -n "$place" ]; then
		if [ "$ours" != "$place" ]; then
			report_fail "$1: conf names '${ours:-no file:line}', not $place:"
			sed 's/^/    ours: /' "$w/ours/out"
			return
		fi
	elif [ -z "$ours" ] || ! locations "$w/peer/out" "$2" | grep -qxF "$ours"; then
		report_fail "$1: conf names '${ours:-no file:line}', $PEER:"
		sed 's/^/    peer: /' "$w/peer/out"
		sed 's/^/    ours: /' "$w/ours/out"
		return
	fi
	if [ "$expect" = warn ]; then
		significant "$w/peer/.config" >"$w/peer/sig"
		significant "$w/ours/.config" >"$w/ours/sig"
		if ! cmp -s "$w/peer/sig" "$w/ours/sig"; then
			report_fail "$1: warned at $ours, but the configurations differ"
			diff -u "$w/peer/sig" "$w/ours/sig" | sed 's/^/    /'
			return
		fi
	fi
	report_pass "$1 ($expect) at $ours"
}

selected() {
	[ -z "${PEER_ONLY:-}" ] || echo "$1" | grep -qE -- "$PEER_ONLY"
}

for kconfig in "$HERE"/corpus/*/Kconfig; do
	dir=$(dirname "$kconfig")
	name=$(basename "$dir")
	selected "$name" || continue
	check_no_config "corpus/$name no .config olddefconfig" "$dir"
	for frag in "$dir"/*.config; do
		[ -e "$frag" ] || continue
		check_fragment "corpus/$name $(basename "$frag" .config)" "$dir" "$frag"
	done
done

for kconfig in "$HERE"/errors/*/Kconfig; do
	[ -e "$kconfig" ] || continue
	dir=$(dirname "$kconfig")
	selected "$(basename "$dir")" || continue
	check_error "errors/$(basename "$dir")" "$dir"
done

if [ -n "${PEER_ONLY:-}" ]; then
	:
elif [ -f "$SRCTREE/Kconfig" ]; then
	found=0
	peer_tree "$SRCTREE" "$WORK/project"
	for frag in "$SRCTREE"/configs/*_defconfig; do
		[ -e "$frag" ] || continue
		found=1
		check_fragment "project $(basename "$frag")" "$SRCTREE" "$frag" exact "$WORK/project"
	done
	if [ $found -eq 0 ]; then
		echo "SKIP project: no $SRCTREE/configs/*_defconfig yet"
		skip=$((skip + 1))
	fi
else
	echo "SKIP project: no $SRCTREE/Kconfig yet"
	skip=$((skip + 1))
fi

if [ $skip -gt 0 ]; then
	echo "$pass passed, $fail failed ($skip skipped, not counted as passed)"
else
	echo "$pass passed, $fail failed"
fi
[ $fail -eq 0 ]
