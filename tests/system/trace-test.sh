#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# System test of the kernel trace (CONFIG_TRACE): builds qemu_arm_virt with tracing and
# tests/system/manifests/trace.dts (hello, and crasher faulting at address 0), boots it in QEMU
# from WORKDIR so that the kernel writes kauri.trace there by semihosting when the run ends,
# converts it with kauri-trace2json and checks what it holds against the console log.
#
# Usage: tests/system/trace-test.sh WORKDIR
set -u

. "$(dirname "$0")/lib.sh"
work_dir "${1:?usage: trace-test.sh WORKDIR}"
out=$work/build
finish() { echo "$passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit; }

build() {
	make -C "$srctree" O="$out" qemu_arm_virt_defconfig &&
	sed -i -e 's/^CONFIG_MANIFEST_BOARD_DEFAULT=y$/# CONFIG_MANIFEST_BOARD_DEFAULT is not set/' "$out/.config" &&
	printf 'CONFIG_MANIFEST_CUSTOM=y\nCONFIG_MANIFEST_PATH="%s"\nCONFIG_TRACE=y\n' \
		tests/system/manifests/trace.dts >> "$out/.config" &&
	make -C "$srctree" O="$out" olddefconfig &&
	make -C "$srctree" O="$out" &&
	make -C "$srctree/scripts/tools" O="$out/tools"
}
if build > "$work/build.log" 2>&1 && grep -q '^CONFIG_TRACE=y' "$out/.config"; then
	pass "qemu_arm_virt builds with CONFIG_TRACE=y"
else
	fail "qemu_arm_virt builds with CONFIG_TRACE=y" "$(tail -5 "$work/build.log")"
	finish
fi

cd "$work" || exit 1
rm -f kauri.trace trace.json
timeout "${QEMU_TIMEOUT:-120}" qemu-system-aarch64 -M virt -cpu cortex-a53 -m 1024 -smp 1 -nographic -no-reboot -nic none \
	-semihosting -kernel "$out/kauri.img" < /dev/null > console.log 2>&1
rc=$?
tr -d '\r' < console.log > run.log
[ $rc -eq 0 ] && grep -q 'rootserver: all apps have ended' run.log && pass "the run ends cleanly" ||
	fail "the run ends cleanly" "exit $rc"
line=$(grep -E '^kernel: trace: [0-9]+ records \([0-9]+ dropped\) written to kauri.trace$' run.log)
records=$(echo "$line" | sed -n 's/^kernel: trace: \([0-9]*\) records.*/\1/p')
if [ -n "$line" ] && [ -f kauri.trace ] && [ "$(stat -c %s kauri.trace)" -eq $((32 + records * 48)) ]; then
	pass "the kernel says it wrote $records records, and kauri.trace holds them"
else
	fail "trace written" "${line:-no trace line}; $(ls -l kauri.trace 2>&1)"
	finish
fi
if "$out/tools/kauri-trace2json" kauri.trace -o trace.json > convert.log 2>&1; then
	pass "kauri-trace2json converts it"
else
	fail "kauri-trace2json converts it" "$(cat convert.log)"
	finish
fi

# The checks, one PASS/FAIL line each, on the binary trace, the JSON and the console log.
python3 - kauri.trace trace.json run.log > checks.log 2>&1 <<'PY'
import json, math, re, struct, sys

trace = open(sys.argv[1], "rb").read()
doc = json.load(open(sys.argv[2]))
log = open(sys.argv[3]).read()

def check(ok, what, detail=""):
    print(("PASS " if ok else "FAIL ") + what + (": " + detail if detail and not ok else ""))

CTX, SYS_IN, SYS_OUT, SEND, RECV, IRQ_IN, IRQ_OUT, FAULT = range(1, 9)
SYS_CALL, CAP_MACHINE, FAULT_VM = 1, 9, 4  # kauri/syscall.h, kauri/bootinfo.h, kauri/fault.h

magic, version, size, hz, cpus, flags, dropped = struct.unpack_from("<4sHHQIIQ", trace, 0)
check(magic == b"KTRC" and version == 1 and size == 48, "header: KTRC, version 1, 48-byte records")
check(hz == 62500000 and doc["otherData"]["timer_hz"] == 62500000, "header: timer_hz is the board's 62500000",
      str(hz))
check(cpus == 1 and dropped == 0 and doc["otherData"]["dropped_records"] == 0, "header: 1 CPU, nothing dropped")
recs = [struct.unpack_from("<QHBBIIIQQQ", trace, off) for off in range(32, len(trace), 48)]
recs = [dict(ts=r[0], type=r[1], tid=r[4], app=r[5], a=r[7:10]) for r in recs]

ts = [r["ts"] for r in recs]
check(all(a <= b for a, b in zip(ts, ts[1:])) and ts[0] > 0, "timestamps never go back")

# Context switches: each starts from the thread the previous one switched to (0 = idle at boot).
sw = [r for r in recs if r["type"] == CTX]
chain = all(s["tid"] == (sw[i - 1]["a"][0] if i else 0) for i, s in enumerate(sw))
check(len(sw) >= 4 and chain, "context switches form one chain from idle", "%d switches" % len(sw))
slices = sum(e["ph"] == "X" and e["name"] == "running" for e in doc["traceEvents"])
check(len(sw) - 1 <= slices <= len(sw), "kauri-trace2json makes running slices of them", "%d slices" % slices)
# Every record of a thread that is not running is one of: a context switch away, an IPC receive
# (the message arrives while it waits), an IRQ (taken on the interrupted thread).
cur, wrong = 0, 0
for r in recs:
    if r["type"] == CTX:
        cur = r["a"][0]
    elif r["type"] in (SYS_IN, SYS_OUT, FAULT) and r["tid"] != cur:
        wrong += 1
check(wrong == 0, "system calls and faults are on the thread that runs", "%d are not" % wrong)

# System calls: per thread an entry, then its exit before the next entry. The one exception is
# the root server's last: its Call on the machine capability to power off, which never returns
# (the trace is written inside it).
open_call, bad = {}, 0
for r in recs:
    if r["type"] == SYS_IN:
        bad += r["tid"] in open_call
        open_call[r["tid"]] = r["a"][0]
    elif r["type"] == SYS_OUT:
        bad += open_call.pop(r["tid"], None) != r["a"][0]
entries = sum(r["type"] == SYS_IN for r in recs)
last_in = [r for r in recs if r["type"] == SYS_IN][-1]
check(bad == 0 and list(open_call.values()) == [SYS_CALL] and last_in["app"] == 0 and
      last_in["a"][0] == SYS_CALL and last_in["a"][1] == CAP_MACHINE,
      "%d system calls: entry and exit pair per thread, but the root server's last (power off)" % entries,
      "%d mismatched, open: %s" % (bad, open_call))
ev = doc["traceEvents"]
b = sum(e["ph"] == "B" and e["name"].startswith("syscall") for e in ev)
e_ = sum(e["ph"] == "E" and e["name"].startswith("syscall") for e in ev)
check(b == entries and e_ == entries - 1, "the JSON has them as B/E pairs", "%d B, %d E" % (b, e_))

# IRQs: entry and exit alternate, the timer (PPI 30) among them.
irq = [r for r in recs if r["type"] in (IRQ_IN, IRQ_OUT)]
check(irq and all(r["type"] == (IRQ_IN if i % 2 == 0 else IRQ_OUT) and r["a"][0] == irq[i - i % 2]["a"][0]
                  for i, r in enumerate(irq)) and any(r["a"][0] == 30 for r in irq),
      "%d interrupts: entry/exit pairs, the timer's 30 among them" % (len(irq) // 2))

# IPC: every send is followed by the receive of the same message.
pairs = [(recs[i], recs[i + 1]) for i, r in enumerate(recs) if r["type"] == SEND]
check(pairs and all(rv["type"] == RECV and rv["a"] == s["a"] for s, rv in pairs),
      "%d messages: each a send and its receive with the same endpoint, badge and words" % len(pairs))
# hello (the first app: badge 1) Calls the root server (app 0) once per console line: MR0 the length,
# then 8 bytes per word.
lines = re.findall(r"^\[ *[0-9.]+\] hello: (.*)$", log, re.M)
want = [1 + math.ceil(len(l) / 8) for l in lines]
hello = [(s, rv) for s, rv in pairs if s["a"][1] == 1 and s["app"] != 0 and rv["app"] == 0]
got = [s["a"][2] for s, _ in hello][:len(want)]
check(len(lines) >= 2 and got == want and len({s["tid"] for s, _ in hello}) == 1,
      "hello's %d console lines are Calls with badge 1 to the root server of %s words" % (len(lines), want),
      "got %s" % got)
replies = [p for p in pairs if p[0]["a"][0] == 0 and p[0]["app"] == 0 and p[1]["tid"] == hello[0][0]["tid"]]
check(len(replies) >= len(lines), "the root server replies to each (endpoint 0: a reply)")

# The fault: crasher reads address 0; the pc is the one the root server reports.
faults = [(i, r) for i, r in enumerate(recs) if r["type"] == FAULT]
m = re.search(r"rootserver: app crasher: VM fault at 0x0 pc (0x[0-9a-f]+)", log)
if len(faults) == 1 and m:
    i, f = faults[0]
    check(f["a"][0] == FAULT_VM and f["a"][1] == 0 and f["a"][2] == int(m.group(1), 16) and f["app"] not in (0,),
          "crasher's fault: a VM fault at address 0, pc %s as the console says" % m.group(1), str(f["a"]))
    msg = next((s for s, _ in pairs if s["tid"] == f["tid"] and s["ts"] >= f["ts"]), None)
    check(msg is not None and msg["a"][1] == 2 and msg["a"][2] == 4,
          "the fault message goes to the root server with crasher's badge 2 and 4 words", str(msg))
    fj = [e for e in ev if e["name"] == "fault"]
    check(len(fj) == 1 and fj[0]["args"]["address"] == "0x0" and fj[0]["args"]["pc"] == m.group(1),
          "the JSON has the fault with its address and pc")
else:
    check(False, "one fault in the trace and its report on the console", "%d faults" % len(faults))
check(len({r["app"] for r in recs if r["app"]}) == 2, "two apps (hello, crasher) besides the root server")
PY
cat checks.log
passed=$((passed + $(grep -c '^PASS' checks.log)))
failed=$((failed + $(grep -c '^FAIL' checks.log)))
grep -q '^PASS' checks.log || fail "the checks ran" "$(tail -3 checks.log)"
finish
