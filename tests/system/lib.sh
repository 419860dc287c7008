# SPDX-License-Identifier: BSD-2-Clause
# What every system test sources: the source tree, its work directory, and PASS/FAIL counting
# (each test ends with the "N passed, N failed" line tests/run-checks.sh sums); and building an
# image with a manifest of the test's own. Bash and dash (/bin/sh) both source it: tests/bench/vmm.sh
# is a /bin/sh script.
# shellcheck shell=dash

# A /bin/sh caller sets srctree first: only bash says where a sourced file is.
# shellcheck disable=SC3028,SC3054
srctree=${srctree:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "PASS $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1${2:+: $2}"; }
check() { local name=$1; shift; if "$@"; then pass "$name"; else fail "$name"; fi; }
# check_log NAME LOG PATTERN...: one check that the console log LOG has a line matching each
# PATTERN (grep's basic expressions) and none matching a PATTERN written !PATTERN. A failure
# says which pattern did not hold, so that a run whose logs are gone (CI) still says why.
check_log() {
	local name=$1 log=$2 pattern why=
	shift 2
	for pattern in "$@"; do
		case $pattern in
		!*) if grep -aq -- "${pattern#!}" "$log"; then why="the log has '${pattern#!}'"; break; fi ;;
		*) if ! grep -aq -- "$pattern" "$log"; then why="the log has no '$pattern'"; break; fi ;;
		esac
	done
	if [ -z "$why" ]; then pass "$name"; else fail "$name" "$why (${log##*/})"; fi
}

# work_dir DIR [--fresh]: makes DIR (emptied first with --fresh) and sets $work to its absolute path.
work_dir() {
	[ "${2:-}" = --fresh ] && rm -rf "$1"
	mkdir -p "$1"
	# shellcheck disable=SC2034 # the caller's
	work=$(cd "$1" && pwd)
}

# build_image LOG OBJ DEFCONFIG MANIFEST [CONFIG_LINE...]: configures the object tree OBJ with
# DEFCONFIG (a board's, without _defconfig), MANIFEST (relative to the source tree) in place of
# the board's default manifest and any further CONFIG_ lines, and builds it; everything make says
# goes to LOG. Returns make's status. A subshell: its variables stay its own.
build_image() (
	image_log=$1 image_obj=$2 image_defconfig=$3 image_manifest=$4
	shift 4
	{
		make -C "$srctree" O="$image_obj" "${image_defconfig}_defconfig" &&
		sed -i -e 's/^CONFIG_MANIFEST_BOARD_DEFAULT=y$/# CONFIG_MANIFEST_BOARD_DEFAULT is not set/' \
			"$image_obj/.config" &&
		printf 'CONFIG_MANIFEST_CUSTOM=y\nCONFIG_MANIFEST_PATH="%s"\n' "$image_manifest" >> "$image_obj/.config" &&
		{ [ $# -eq 0 ] || printf '%s\n' "$@" >> "$image_obj/.config"; } &&
		make -C "$srctree" O="$image_obj" olddefconfig &&
		make -C "$srctree" O="$image_obj"
	} > "$image_log" 2>&1
)

# qemu_until LOG SECONDS DONE QEMU-ARGS...: runs qemu-system-aarch64 -M virt (or $QEMU_MACHINE) with QEMU-ARGS, its
# console to LOG, until the function DONE LOG succeeds, QEMU ends or SECONDS pass; then stops
# it and takes the carriage returns out of LOG.
qemu_until() {
	local log=$1 polls=$(($2 * 5)) done=$3 qemu i
	shift 3
	qemu-system-aarch64 -M "${QEMU_MACHINE:-virt}" -cpu cortex-a53 -m 1024 -smp 1 -nographic -no-reboot -nic none \
		-semihosting "$@" < /dev/null > "$log" 2>&1 &
	qemu=$!
	i=0
	while [ "$i" -lt "$polls" ]; do
		"$done" "$log" && break
		kill -0 "$qemu" 2> /dev/null || break
		sleep 0.2
		i=$((i + 1))
	done
	kill "$qemu" 2> /dev/null
	# QEMU can hang on its way out (seen once in the middle of the card's I/O): killed outright then.
	i=0
	while kill -0 "$qemu" 2> /dev/null && [ "$i" -lt 25 ]; do
		sleep 0.2
		i=$((i + 1))
	done
	kill -KILL "$qemu" 2> /dev/null
	wait "$qemu" 2> /dev/null
	tr -d '\r' < "$log" > "$log.txt" && mv "$log.txt" "$log"
}

# part CARD NAME: partition NAME of the card image CARD as "START SIZE" in sectors (sfdisk's dump).
part() {
	sfdisk -d "$1" 2> /dev/null | sed -n "s/.*start= *\([0-9]*\), size= *\([0-9]*\),.*name=\"$2\".*/\1 \2/p"
}

# The median of the numbers given (make bench-vmm's and bench-storage's runs).
median() {
	printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"
}
