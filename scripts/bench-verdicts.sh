#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# make bench's last lines: one verdict per performance goal (met / not met, with the two
# numbers), from the figures the benchmarks printed into RESULTS (build/bench/results.txt).
# A figure that is missing makes its goal "not met" and says so: nothing is assumed.
#
# Usage: scripts/bench-verdicts.sh RESULTS
set -u

case ${1:-} in
-h | --help)
	sed -n '3,7p' "$0" | sed 's/^# \{0,1\}//'
	exit 0 ;;
esac
results=${1:?usage: bench-verdicts.sh RESULTS (see --help)}
if [ ! -r "$results" ]; then
	echo "bench-verdicts.sh: $results: no benchmark results to judge" >&2
	exit 1
fi

# Boot, reset to all apps started, when the goal was set (make bench of 2026-12-06, before the
# work on it; docs/benchmarks.md): the goal is half of it.
BOOT_BEFORE=4075248

awk -v boot_before="$BOOT_BEFORE" '
function row(label,    i, f) {		# the Kauri column of the kernel table row LABEL
	for (i = 1; i <= nrows; i++)
		if (rows_label[i] == label)
			return rows_value[i]
	return ""
}
function verdict(goal, ok, text) {
	printf "bench: goal %s: %s: %s\n", goal, ok ? "met" : "not met", text
}
function at_most(goal, what, value, limit) {
	if (value == "")
		verdict(goal, 0, what ": no figure")
	else
		verdict(goal, value + 0 <= limit + 0, sprintf("%s %d, at most %d", what, value, limit))
}
/^\| / {
	n = split($0, f, "|")
	label = f[2]; gsub(/^ +| +$/, "", label)
	value = f[3]; gsub(/ /, "", value)
	if (value ~ /^[0-9]+$/) { nrows++; rows_label[nrows] = label; rows_value[nrows] = value }
}
/^bench: protocol call round trip through libkauri, [0-9]+ words: / {
	w = $8; protocol[w] = $(NF - 1)
}
/^bench: diode, [0-9]+-byte records, signal every 32, read in place: / {
	size = $3; sub(/-byte/, "", size)
	diode[size] = $(NF - 10)
	memcpy_rate[size] = $NF; sub(/\)/, "", memcpy_rate[size]); memcpy_rate[size] += 0
}
/^bench: diode run [0-9]+: [0-9]+ records, [0-9]+ instructions a record in all, [0-9]+ of them in signal calls/ {
	in_signal[$4 + 0] = $(NF - 5)
}
/^bench: diode run [0-9]+: the receiver read [0-9]+ records, [0-9]+ instructions a record/ {
	reading[$4 + 0] = $10
}
/^bench: boot, reset to all [0-9]+ apps started: / { boot = $(NF - 4) }
/^bench: interrupt latency under a concurrent revoke of [0-9]+ objects: / {
	latency_n["revoke"]++; n = latency_n["revoke"]
	latency_objects["revoke", n] = $(NF - 3); latency["revoke", n] = $(NF - 1)
}
/^bench: interrupt latency under a concurrent delete of a CNode of [0-9]+ objects: / {
	latency_n["delete"]++; n = latency_n["delete"]
	latency_objects["delete", n] = $(NF - 3); latency["delete", n] = $(NF - 1)
}
/^bench: interrupt latency under a concurrent Retype of [0-9]+ MiB in 2 MiB frames: / {
	latency_n["Retype"]++; n = latency_n["Retype"]
	latency_objects["Retype", n] = $(NF - 7); latency["Retype", n] = $(NF - 1)
}
END {
	at_most("1 (fast path, Call)", "Call 0 words", row("Call, 0 words, cross address space"), 191)
	at_most("1 (fast path, ReplyRecv)", "ReplyRecv 0 words", row("ReplyRecv, 0 words, cross address space"), 215)
	at_most("1 (fast path, round trip)", "round trip", row("round trip Call + ReplyRecv (same priority)"), 406)
	at_most("2 (10 words, Call)", "Call 10 words", row("Call, 10 words"), 703)
	at_most("2 (10 words, ReplyRecv)", "ReplyRecv 10 words", row("ReplyRecv, 10 words"), 687)

	kernel[0] = row("round trip Call + ReplyRecv (same priority)")
	kernel[4] = row("round trip Call + ReplyRecv, 4 words each way")
	kernel[10] = row("round trip Call + ReplyRecv, 10 words each way")
	split("0 4 10", sizes, " ")
	for (i = 1; i <= 3; i++) {
		w = sizes[i]
		if (protocol[w] == "" || kernel[w] == "")
			verdict("3 (libkauri, " w " words)", 0, "no figure")
		else
			verdict("3 (libkauri, " w " words)", protocol[w] <= kernel[w] * 1.10,
				sprintf("protocol call %d, kernel round trip %d (+%.1f %%, at most +10 %%)", protocol[w],
					kernel[w], 100 * (protocol[w] - kernel[w]) / kernel[w]))
	}

	split("64 1024", sizes, " ")
	for (i = 1; i <= 2; i++) {
		s = sizes[i]
		if (diode[s] == "" || memcpy_rate[s] == "")
			verdict("4 (diode, " s "-byte records)", 0, "no figure")
		else
			verdict("4 (diode, " s "-byte records)", diode[s] * 2 >= memcpy_rate[s],
				sprintf("%d bytes per 1000 instructions, memcpy %d (%d %%, at least 50 %%)", diode[s],
					memcpy_rate[s], 100 * diode[s] / memcpy_rate[s]))
	}
	# Runs 1 and 3 are the in-place ones signalled every 32 records (tests/apps/bench_diode).
	if (1 in in_signal && 1 in reading && 3 in in_signal && 3 in reading)
		printf "bench: diode signalling, every 32 records: %d instructions a record (64 B), %d (1 KiB)\n",
			in_signal[1] - reading[1], in_signal[3] - reading[3]

	if (boot == "")
		verdict("5 (boot halved)", 0, "no figure")
	else
		verdict("5 (boot halved)", boot * 2 <= boot_before,
			sprintf("%d instructions, at most %d (half of %d)", boot, boot_before / 2, boot_before))

	# Bounded: the latency with the most objects is within twice that with the fewest (plus noise).
	split("revoke delete Retype", ops, " ")
	for (o = 1; o <= 3; o++) {
		op = ops[o]
		goal = "6 (interrupt latency bounded, " op ")"
		if (!latency_n[op]) {
			verdict(goal, 0, "not measured: no interrupt latency figure")
			continue
		}
		last = latency_n[op]
		bounded = latency[op, last] <= 2 * latency[op, 1] + 1000
		text = ""
		for (i = 1; i <= last; i++)
			text = text sprintf("%s%d instructions with %d %s", i > 1 ? ", " : "", latency[op, i],
				latency_objects[op, i], op == "Retype" ? "MiB in 2 MiB frames" : "objects")
		verdict(goal, bounded, text " (bounded: it does not grow with the " op ")")
	}
}' "$results"
