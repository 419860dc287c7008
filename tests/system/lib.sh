# SPDX-License-Identifier: BSD-2-Clause
# What every system test sources: the source tree, its work directory, and PASS/FAIL counting
# (each test ends with the "N passed, N failed" line tests/run-checks.sh sums).

srctree=${srctree:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "PASS $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1${2:+: $2}"; }
check() { local name=$1; shift; if "$@"; then pass "$name"; else fail "$name"; fi; }

# work_dir DIR [--fresh]: makes DIR (emptied first with --fresh) and sets $work to its absolute path.
work_dir() {
	[ "${2:-}" = --fresh ] && rm -rf "$1"
	mkdir -p "$1"
	work=$(cd "$1" && pwd)
}
