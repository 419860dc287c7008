# SPDX-License-Identifier: BSD-2-Clause
# Shared helpers for the host-tool shell tests: PASS/FAIL lines, a summary, and error checks.
# Sourced by each tests/tools/*.sh; expects TOOLS (built tools) and WORK (scratch dir) set.

: "${TOOLS:?TOOLS must point at the built host tools}"
: "${SRCTREE:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${WORK:=$(mktemp -d)}"
rm -rf "$WORK"
mkdir -p "$WORK"
passed=0
failed=0

pass() { passed=$((passed + 1)); echo "PASS $*"; }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }

# check NAME CMD...: the command must succeed.
check() {
	name=$1; shift
	if "$@" >"$WORK/out" 2>"$WORK/err"; then pass "$name"
	else fail "$name: exit $? ($(head -c 300 "$WORK/err"))"; fi
}

# check_error NAME PATTERN CMD...: the command must fail and its stderr must match PATTERN.
check_error() {
	name=$1; pattern=$2; shift 2
	if "$@" >"$WORK/out" 2>"$WORK/err"; then
		fail "$name: succeeded but should have failed"
	elif grep -q -- "$pattern" "$WORK/err"; then
		pass "$name"
	else
		fail "$name: error message '$(head -c 300 "$WORK/err")' lacks '$pattern'"
	fi
}

# flip_byte FILE OFFSET: invert every bit of one byte, so the file surely changes.
flip_byte() {
	b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
	printf "\\$(printf '%03o' $((b ^ 255)))" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}

summary() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}
