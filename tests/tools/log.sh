#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# kauri-log: splitting a console log per app, interleaved apps, kernel/root server lines, errors.
. "$(dirname "$0")/lib.sh"

cat > "$WORK/console.log" <<'LOG'
Kauri 0.1.0 on qemu_arm_virt
kernel: boot done, starting the root server
rootserver: started app hello (priority 180)
[    0.081995] hello: 3 arguments
[    0.082001] echo_server: serving echo_protocol
[    0.083128] hello: argv[0] = hello
[    0.093999] echo_client: 3 of 3 calls echoed
rootserver: app hello exited with status 0
[    0.094000] hello: a line with: colons [and brackets]
LOG

check "per-app counts" "$TOOLS/kauri-log" "$WORK/console.log"
grep -q '^hello  *3 lines$' "$WORK/out" && pass "hello has 3 lines" || fail "hello count: $(cat "$WORK/out")"
grep -q '^rootserver  *2 lines$' "$WORK/out" && grep -q '^kernel  *1 lines$' "$WORK/out" &&
	grep -q '^boot  *1 lines$' "$WORK/out" && pass "kernel, rootserver and boot lines counted" ||
	fail "other counts: $(cat "$WORK/out")"
check "--app hello" "$TOOLS/kauri-log" --app hello "$WORK/console.log"
[ "$(cat "$WORK/out")" = "3 arguments
argv[0] = hello
a line with: colons [and brackets]" ] && pass "--app gives that app's text, in order" || fail "--app text: $(cat "$WORK/out")"
"$TOOLS/kauri-log" --app echo_client --timestamps < "$WORK/console.log" > "$WORK/out"
[ "$(cat "$WORK/out")" = "[    0.093999] 3 of 3 calls echoed" ] && pass "--timestamps from standard input" ||
	fail "--timestamps: $(cat "$WORK/out")"
check_error "unknown app" "no lines of app 'nosuch'" "$TOOLS/kauri-log" --app nosuch "$WORK/console.log"
check_error "missing file" "nosuch.log" "$TOOLS/kauri-log" "$WORK/nosuch.log"
check_error "unknown option" "unknown option --bogus" "$TOOLS/kauri-log" --bogus
check "--help" "$TOOLS/kauri-log" --help
summary
