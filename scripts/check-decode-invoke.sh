#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Holds kernel object files to the decode/invoke split (kernel/include/kernel/invocation.h):
#  - every invoke_*() returns void and never fails (no fail() in it);
#  - no decode_*() changes state itself: it calls none of the kernel's state-changing
#    functions and writes through no pointer but its own invocation, argument record or
#    out-parameters; the change is the invoke_*() it ends with.
# It reads C as text (one function a definition, the body between a "{" and a "}" at the
# start of a line), so it is a lint, not a proof; make check runs it over kernel/object and
# over a file that breaks each rule, which must fail.
#
# Usage: scripts/check-decode-invoke.sh FILE.c...   (exit 1 and one line per finding)
set -eu

if [ $# -eq 0 ]; then
	echo "usage: $0 FILE.c..." >&2
	exit 2
fi

awk '
BEGIN {
	mutators = "^(cte_insert|cte_delete|cte_revoke|cte_empty|cdt_insert_child|cdt_insert_after|" \
		"cdt_insert_original|cdt_move|cdt_remove|cdt_swap|sched_[a-z_]+|memset|memcpy|arch_set_[a-z_]+|" \
		"arch_unmap_[a-z_]+|arch_flush_asid|vspace_load|vspace_activate|notification_bind|" \
		"notification_unbind|endpoint_cancel_[a-z_]+|ipc_cancel|irq_mask|irq_unmask|irq_claim|set_mr|" \
		"asid_pool_install|asid_release|invariants_set_mode|platform_exit|debug_uart_putc|send_signal|" \
		"finalise_[a-z_]+|suspend|thread_set_name|vcpu_bind|vcpu_unbind|vcpu_unload|vcpu_switch)$"
	bad = 0
}
function report(msg) {
	printf "%s:%d: %s: %s\n", FILENAME, fn_line, fn, msg
	bad = 1
}
# A definition: a line at column 0 naming a function, its "{" on a line of its own later.
/^[a-z].*[a-z_0-9]+\(/ && !/;[ \t]*$/ && fn == "" {
	line = $0
	sub(/\(.*/, "", line)
	n = split(line, words, /[ \t*]+/)
	candidate = words[n]
	candidate_line = FNR
	candidate_void = ($0 ~ /(^|[ \t])void[ \t*]+[a-z_0-9]+\(/)
	next
}
/^\{/ && candidate != "" {
	fn = candidate; fn_line = candidate_line; is_void = candidate_void; body = ""
	candidate = ""
	next
}
/^\}/ && fn != "" {
	if (fn ~ /^invoke_/) {
		if (!is_void)
			report("an invoke_ function must return void: it cannot fail")
		if (body ~ /(^|[^a-z_])fail\(/)
			report("an invoke_ function calls fail()")
	}
	if (fn ~ /^decode_/) {
		rest = body
		while (match(rest, /[a-z_][a-z_0-9]*\(/)) {
			call = substr(rest, RSTART, RLENGTH - 1)
			rest = substr(rest, RSTART + RLENGTH)
			if (call ~ mutators)
				report("a decode_ function calls " call "(): only its invoke_ may change state")
		}
		rest = body
		while (match(rest, /[A-Za-z_][A-Za-z_0-9]*->[A-Za-z_0-9.>\[\]-]*[ \t]*[-+|&^]?=[^=]/)) {
			lhs = substr(rest, RSTART, RLENGTH)
			rest = substr(rest, RSTART + RLENGTH)
			base = lhs
			sub(/->.*/, "", base)
			if (base != "inv" && base != "args" && base != "a" && base != "out")
				report("a decode_ function writes " lhs "...: only its invoke_ may change state")
		}
	}
	fn = ""
	next
}
fn != "" {
	line = $0
	sub(/\/\*.*\*\//, "", line)
	body = body "\n" line
}
END { exit bad }
' "$@"
