# SPDX-License-Identifier: BSD-2-Clause
# kauri-trace2json on a generated trace, and on truncated and corrupt traces.
. "$(dirname "$0")/lib.sh"

T=$TOOLS
cd "$WORK" || exit 1

check "generate a 100-round trace" "$T/kauri-trace2json" --generate 100 -o trace.bin
[ "$(stat -c %s trace.bin)" -eq $((32 + 100 * 12 * 48)) ] && pass "trace has 1200 records" ||
	fail "trace size $(stat -c %s trace.bin)"
check "convert it" "$T/kauri-trace2json" trace.bin -o trace.json
n() { grep -c "$1" trace.json; }
[ "$(n '"ph":"B"')" -eq 300 ] && [ "$(n '"ph":"E"')" -eq 300 ] && pass "300 B and 300 E events (syscalls, IRQs)" ||
	fail "B/E counts $(n '"ph":"B"')/$(n '"ph":"E"')"
[ "$(n '"ph":"i"')" -eq 300 ] && pass "300 instant events (IPC, faults)" || fail "i count $(n '"ph":"i"')"
[ "$(n '"ph":"X"')" -eq 300 ] && pass "300 running slices from context switches" || fail "X count $(n '"ph":"X"')"
grep -q '"ts":16.000' trace.json && pass "ts converted to microseconds at 62.5 MHz" || fail "ts not in us"
grep -q '"traceEvents":\[' trace.json && pass "traceEvents array present" || fail "no traceEvents"
if command -v python3 >/dev/null; then
	check "output is valid JSON" python3 -m json.tool trace.json
fi

head -c $((32 + 48 * 5 + 10)) trace.bin > trunc.bin
check_error "truncated trace: names the offset" "offset 272: trace ends inside a record" \
	"$T/kauri-trace2json" trunc.bin -o trunc.json
[ ! -e trunc.json ] && pass "no output for a truncated trace" || fail "trunc.json written"
cp trace.bin badtype.bin && printf '\143' | dd of=badtype.bin bs=1 seek=$((32 + 48 * 2 + 8)) conv=notrunc 2>/dev/null
check_error "unknown event type: offset" "offset 136: corrupt record" "$T/kauri-trace2json" badtype.bin -o x.json
cp trace.bin badcpu.bin && printf '\011' | dd of=badcpu.bin bs=1 seek=$((32 + 10)) conv=notrunc 2>/dev/null
check_error "cpu out of range: offset" "offset 42: corrupt record" "$T/kauri-trace2json" badcpu.bin -o x.json
printf 'NOPE' | dd of=trace.bin bs=1 seek=0 conv=notrunc 2>/dev/null
check_error "bad magic" "offset 0: not a Kauri trace" "$T/kauri-trace2json" trace.bin -o x.json
head -c 10 trace.bin > short.bin
check_error "shorter than a header" "truncated" "$T/kauri-trace2json" short.bin -o x.json
check_error "refuses to overwrite" "already exists" "$T/kauri-trace2json" --generate 1 -o trace.json
check "--help" "$T/kauri-trace2json" --help

summary
