#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# What a new user gets: .ci/run hands the clone to ../shared/tools/fresh-debian (a fresh Debian 12
# root) instead of running make on the CI machine, and its status is that run's; the packages
# docs/getting-started.md says the first command installs are the ones scripts/deps.sh installs.
#
# Usage: tests/system/ci-test.sh WORKDIR
set -u

. "$(dirname "$0")/lib.sh"
work_dir "${1:?usage: ci-test.sh WORKDIR}" --fresh

# A clone with .ci/run, the shared tools beside it as CI has them, and stand-ins that record how
# they were called: fresh-debian (exiting with $FRESH_STATUS) and make.
mkdir -p "$work/clone/.ci" "$work/shared/tools" "$work/bin"
cp "$srctree/.ci/run" "$work/clone/.ci/run"
printf '#!/bin/bash\necho "$PWD $*" >> %s/fresh.calls\nexit ${FRESH_STATUS:-0}\n' "$work" > "$work/shared/tools/fresh-debian"
printf '#!/bin/sh\necho "make $*" >> %s/make.calls\nexit 0\n' "$work" > "$work/bin/make"
chmod +x "$work/bin/make"
ci() { (cd "$work" && PATH=$work/bin:$PATH FRESH_STATUS=$1 bash clone/.ci/run > "$work/ci.log" 2>&1); }

ci 0
rc=$?
check ".ci/run runs fresh-debian on the clone: --repo ., from the clone's top" \
	test "$(cat "$work/fresh.calls" 2>/dev/null)" = "$work/clone --repo ."
check ".ci/run runs no make on the CI machine itself" test ! -e "$work/make.calls"
check ".ci/run passes when fresh-debian passes" test $rc -eq 0

ci 1
rc=$?
check ".ci/run fails when fresh-debian fails" test $rc -eq 1

rm -rf "$work/shared"
ci 0
rc=$?
check ".ci/run without ../shared fails, saying what is missing" \
	sh -c "[ $rc -ne 0 ] && grep -q 'shared/tools/fresh-debian not found' '$work/ci.log'"

# ---- the getting-started table of packages and scripts/deps.sh's list
sed -n '/^PACKAGES="$/,/^"$/s/^\([a-z0-9.+-]*\):.*/\1/p' "$srctree/scripts/deps.sh" | sort > "$work/deps.list"
sed -n '/^What the first `make run` installs/,/^Then/p' "$srctree/docs/getting-started.md" |
	awk -F'|' '/^\| `/ { print $2 }' | grep -o '`[^`]*`' | tr -d '`' | sort > "$work/docs.list"
check "scripts/deps.sh lists packages" test -s "$work/deps.list"
check "docs/getting-started.md names every package make deps installs, and no other" \
	cmp -s "$work/deps.list" "$work/docs.list"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
