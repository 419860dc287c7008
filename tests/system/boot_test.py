#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Boots kauri.img in QEMU, directly and through Debian's U-Boot (booti), and checks the console.

Usage: boot_test.py --config include/config/auto.conf --image kauri.img -- QEMU QEMU-FLAGS...

The expected lines come from the configuration (board, exception level, services).
Prints PASS/FAIL per check and "N passed, N failed"; exits 1 if anything failed.
"""
import argparse
import os
import re
import select
import subprocess
import sys
import time

UBOOT_BIN = "/usr/lib/u-boot/qemu_arm64/u-boot.bin"
UBOOT_LOAD_ADDR = "0x44000000"
VERSION = "0.1.0"

# The services the banner lists, in its order, with the option that builds each.
SERVICES = [
    ("MSG_SERVER", "msg_server"), ("CHANNELS", "channels"), ("CONSOLE_SERVER", "console"),
    ("LOG_SERVER", "log"), ("RNG_SERVER", "rng"), ("KEY_STORE", "key_store"),
    ("ADMIN", "admin"), ("SELF_TEST", "self_test"), ("SDMMC", "sdmmc"), ("NET", "net"),
    ("TUNNEL", "tunnel"), ("VMM", "vmm"),
]


def read_config(path):
    config = {}
    with open(path) as f:
        for line in f:
            m = re.match(r'^CONFIG_(\w+)=(.*)$', line.strip())
            if m:
                config[m.group(1)] = m.group(2).strip('"')
    return config


class Console:
    """A QEMU process whose serial console is its stdin/stdout."""

    def __init__(self, argv, log_path):
        self.log = open(log_path, "wb")
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        self.text = ""
        self.whole = ""     # everything the console printed, for checks over the whole run

    def _pump(self, deadline):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return False
        ready, _, _ = select.select([self.proc.stdout], [], [], min(remaining, 0.5))
        if ready:
            data = os.read(self.proc.stdout.fileno(), 65536)
            if not data:
                return False
            self.log.write(data)
            self.log.flush()
            text = data.decode("utf-8", "replace")
            self.text += text
            self.whole += text
        return True

    def expect(self, pattern, timeout):
        """Waits until PATTERN appears after what was matched before; returns the match or None."""
        deadline = time.monotonic() + timeout
        regex = re.compile(pattern)
        while True:
            m = regex.search(self.text)
            if m:
                self.text = self.text[m.end():]
                return m
            if not self._pump(deadline) and (self.proc.poll() is not None or time.monotonic() >= deadline):
                m = regex.search(self.text)
                return m

    def send(self, text):
        self.proc.stdin.write(text.encode())
        self.proc.stdin.flush()

    def finish(self, timeout):
        """Reads until QEMU exits; returns its status, or None on timeout (QEMU is killed)."""
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None and time.monotonic() < deadline:
            self._pump(deadline)
        if self.proc.poll() is not None:
            # Drain what it wrote before it exited, up to end of file.
            drain_until = time.monotonic() + 2.0
            while self._pump(drain_until) and time.monotonic() < drain_until:
                pass
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
            return None
        return self.proc.returncode

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


class Results:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, ok, detail=""):
        if ok:
            self.passed += 1
            print(f"PASS {name}")
        else:
            self.failed += 1
            print(f"FAIL {name}{': ' + detail if detail else ''}")


def expected_banner(config):
    """The console lines a good boot prints, in order, as (check name, regex)."""
    board = config.get("BOARD", "?")
    run_el = 2 if "HYP" in config else 1
    services = [name for option, name in SERVICES if option in config]
    gic = "GICv3" if "GIC_V3" in config else "GICv2"
    ram_mb = config.get("QEMU_RAM_MB", r"\d+")
    # With the VMM the board's system has the microVM example: vm0 and its peer, two channels.
    vmm = "VMM" in config
    apps, channels = (13, 5) if vmm else (11, 3)
    microvm = [
        ("vm0: the guest boots to its init and pings net_responder",
         re.escape("vm0: microvm: ping 10.0.2.2 answered")),
        ("vm0: the guest powers off and its VMM ends with 0", re.escape("rootserver: app vm0 exited with status 0")),
    ] if vmm else []
    return [
        ("banner", re.escape(f"Kauri {VERSION} on {board}")),
        ("exception level", rf"entered:  EL\d, running at EL{run_el} "),
        ("MMU on, kernel in its window", r"mmu:      on, kernel window at 0x[0-9a-f]+"),
        ("services", re.escape("services: " + (" ".join(services) or "(none)")) + r"\r?\n"),
        ("device tree passed in x0", r"dtb:      0x[0-9a-f]+\r?\n"),
        ("memory from the device tree", rf"memory:   0x40000000-0x[0-9a-f]+ \({ram_mb} MiB\)"),
        ("interrupt controller from the device tree", rf"gic:      {gic}, distributor 0x[0-9a-f]+"),
        ("timer from the device tree", r"timer:    [1-9]\d* Hz"),
        ("kernel boot done", re.escape("kernel: boot done, starting the root server")),
        ("root server runs in user mode", re.escape(f"rootserver: running in user mode on {board}, "
                                                    f"kernel at EL{run_el}")),
        ("bootfs mapped for the root server", r"rootserver: bootfs: [1-9]\d* bytes at 0x7e00000000"),
        ("bootfs verified on the device with the host tools' format code",
         r"rootserver: bootfs: \d+ entries, SHA-256 verified; manifest.dtb [1-9]\d* bytes"),
        ("manifest validated", rf"rootserver: manifest: {apps} apps, {channels} channels, 2 message servers"),
        ("the root server hands its lines to the console server",
         r"rootserver: console: lines go to the console server from here on \(\d+ lines buffered\)"),
        ("the console server owns the UART; root server lines come after its first, through it",
         r"console: pl011 at 0x[0-9a-f]+ owns the console from here on\r?\nrootserver: started app console"),
        ("hello started from the bootfs", re.escape("rootserver: started app hello (priority 180)")),
        ("all apps started, boot time reported", rf"rootserver: all {apps} apps started, [1-9]\d* timer ticks after reset"),
        ("hello's line through the console server, timestamped", r"\[\s*\d+\.\d{6}\] hello: 3 arguments"),
        ("hello gets argv[0] = its name", re.escape("hello: argv[0] = hello")),
        ("hello gets the manifest's args", re.escape("hello: argv[2] = test")),
        ("hello gets the manifest's environ", re.escape("hello: env HELLO=WORLD")),
        ("the supervisor sees hello exit", re.escape("rootserver: app hello exited with status 0")),
        ("echo_server publishes its protocol", re.escape("echo_server: serving echo_protocol")),
        ("calls arrive badged with the client", r"echo_server: 6 words from client \d+"),
        ("echo_client's calls come back", re.escape("echo_client: 3 of 3 calls echoed")),
        ("an undeclared connect is refused",
         re.escape("stranger: connect to echo_protocol refused: not declared in the manifest")),
        ("a diode carries 10000 records from one message-server domain to another, checked",
         re.escape("diode_rx: 10000 of 10000 records in order with the right content, 0 lost")),
        ("the diode's sender never waited", re.escape("diode_tx: sent 10000 records of 64 bytes through 204 slots")),
    ] + microvm


def expected_base_layer(config):
    """The base layer's lines (boards/common/base.dtsi), as {app: [(check name, regex)]}, for the
    services the configuration enables (the build drops the others from the manifest).

    Each app's lines come in the order listed; between apps the order is the scheduler's
    (priorities), so it is not required. They are looked for in the whole console output.
    """
    prefix = r"\[\s*\d+\.\d{6}\] "
    layer = {
        "log_server": [
            ("log_server publishes kos_log_protocol", prefix + re.escape("log_server: serving kos_log_protocol")),
            ("a record is printed with name, badge and level",
             prefix + r"log_server: self_test\[[1-9]\d*\] info: self test record\r?\n"),
            ("a record with a bad level is refused, badge named",
             prefix + r"log_server: refused a record from badge [1-9]\d*: not a log level"),
        ],
        "rng_server": [
            ("rng_server publishes kos_rng_protocol", prefix + re.escape("rng_server: serving kos_rng_protocol")),
            ("rng_server says its seed is weak", prefix + re.escape("rng_server: WARNING: weak seed")),
        ],
        "key_store": [
            ("key_store publishes kos_keystore_protocol as a stub",
             prefix + re.escape("key_store: serving kos_keystore_protocol as a stub")),
        ],
        "self_test": [(name, re.escape(line)) for option, name, line in (
            (None, "message server", "self_test: PASS message server: "),
            ("LOG_SERVER", "log record accepted", "self_test: PASS log server: a record is accepted"),
            ("LOG_SERVER", "bad log level refused", "self_test: PASS log server: a record with a bad level"),
            ("RNG_SERVER", "rng draws", "self_test: PASS rng server: two 32-byte draws differ"),
            ("KEY_STORE", "key store answers", "self_test: PASS key store: answers not-provisioned"),
            ("CHANNELS", "channel round trip", "self_test: PASS channel: a record round trip through a diode"),
        ) if option is None or option in config] + [
            ("every check passed", r"self_test: (\d+) of \1 checks passed"),
            ("exits with status 0", re.escape("rootserver: app self_test exited with status 0")),
        ],
    }
    # Each app is there only with its service; self_test checks only those configured.
    needs = {"log_server": "LOG_SERVER", "rng_server": "RNG_SERVER", "key_store": "KEY_STORE",
             "self_test": "SELF_TEST"}
    return {app: lines for app, lines in layer.items() if needs[app] in config}


def check_in_order(results, label, text, expected):
    """Each pattern of EXPECTED must appear in TEXT after the one before it."""
    at = 0
    for name, pattern in expected:
        m = re.compile(pattern).search(text, at)
        results.check(f"{label}: {name}", m is not None, f"no match for /{pattern}/ after offset {at}")
        if m is None:
            return
        at = m.end()


# What the default system never prints when all is well: a kernel BUG or a thread stopped
# without a fault handler, an app's fault or restart, a boot the root server stopped.
TROUBLE = (r"kernel: BUG|no fault handler|stack smashing|fault at 0x|at pc 0x|restarting app"
           r"|giving up after|boot stopped|self_test: FAIL")


def check_boot(results, label, console, config, timeout):
    for name, pattern in expected_banner(config):
        m = console.expect(pattern, timeout)
        results.check(f"{label}: {name}", m is not None, f"no match for /{pattern}/")
        if m is None:
            return
    # echo_server serves for ever: the system keeps running (or, had it ended, ended cleanly).
    status = console.finish(1.0)
    results.check(f"{label}: system still running or ended with status 0", status in (None, 0),
                  f"status {status}")
    for app, expected in expected_base_layer(config).items():
        check_in_order(results, f"{label}: {app}", console.whole, expected)
    trouble = re.search(TROUBLE, console.whole)
    results.check(f"{label}: no fault, kernel bug, restart or stopped boot on the console",
                  trouble is None, trouble and f"found {trouble.group(0)!r}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", required=True, help="include/config/auto.conf of the build")
    parser.add_argument("--image", required=True, help="kauri.img")
    parser.add_argument("--logdir", default="test-logs", help="where console logs are kept")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per step")
    parser.add_argument("qemu", nargs=argparse.REMAINDER, help="-- QEMU and its flags")
    args = parser.parse_args()
    qemu = [a for a in args.qemu if a != "--"]
    if not qemu:
        parser.error("the QEMU command line is missing after --")

    config = read_config(args.config)
    os.makedirs(args.logdir, exist_ok=True)
    results = Results()
    board = config.get("BOARD", "?")
    hyp = "HYP" in config

    # 1. Direct boot: QEMU loads the Image and passes its DTB in x0.
    log = os.path.join(args.logdir, f"{board}{'-hyp' if hyp else ''}-direct.log")
    console = Console(qemu + ["-kernel", args.image], log)
    try:
        check_boot(results, "direct", console, config, args.timeout)
    finally:
        console.close()

    # The console log splits per app with the host tool.
    kauri_log = os.path.join("tools", "kauri-log")
    if os.path.exists(kauri_log):
        split = subprocess.run([kauri_log, "--app", "hello", log], capture_output=True, text=True)
        results.check("kauri-log --app hello splits the captured log",
                      split.returncode == 0 and split.stdout.startswith("3 arguments\n"),
                      f"exit {split.returncode}: {split.stdout[:80]!r}")
    else:
        results.check("kauri-log --app hello splits the captured log", False, f"{kauri_log} not built")

    # 2. Through U-Boot, as on a board: stop autoboot, booti the image with U-Boot's DTB.
    log = os.path.join(args.logdir, f"{board}{'-hyp' if hyp else ''}-uboot.log")
    if not os.path.exists(UBOOT_BIN):
        results.check("u-boot: booti", False, f"{UBOOT_BIN} missing (apt-get install u-boot-qemu)")
    else:
        console = Console(qemu + ["-nic", "none", "-bios", UBOOT_BIN, "-device",
                                  f"loader,file={args.image},addr={UBOOT_LOAD_ADDR},force-raw=on"], log)
        try:
            m = console.expect(r"Hit any key to stop autoboot|=> ", args.timeout)
            results.check("u-boot: prompt", m is not None, "U-Boot printed no prompt")
            if m is not None:
                if not m.group(0).startswith("=>"):
                    console.send("\n")
                    console.expect(r"=> ", args.timeout)
                console.send(f"booti {UBOOT_LOAD_ADDR} - ${{fdtcontroladdr}}\n")
                m = console.expect(r"Starting kernel", args.timeout)
                results.check("u-boot: booti accepts the image", m is not None,
                              "booti did not start the image")
                if m is not None:
                    check_boot(results, "u-boot", console, config, args.timeout)
        finally:
            console.close()

    # 3. A bootfs changed after the build is refused by the root server's own check.
    with open(args.image, "rb") as f:
        image = bytearray(f.read())
    # The bootfs is page-aligned; the root server's code also holds the magic string.
    at = image.find(b"KAURIBFS\x01\x00\x00\x00")
    while at >= 0 and at % 4096:
        at = image.find(b"KAURIBFS\x01\x00\x00\x00", at + 1)
    results.check("bootfs found in the image", at >= 0, "no KAURIBFS magic in the image")
    if at >= 0:
        image[at + 4096 + 8] ^= 0xff        # a byte of the first entry's data (the manifest)
        corrupt = os.path.join(args.logdir, "kauri-corrupt-bootfs.img")
        with open(corrupt, "wb") as f:
            f.write(image)
        log = os.path.join(args.logdir, f"{board}{'-hyp' if hyp else ''}-corrupt-bootfs.log")
        console = Console(qemu + ["-kernel", corrupt], log)
        try:
            m = console.expect(r"rootserver: bootfs: (invalid at offset \d+|entry \d+ fails its SHA-256)",
                               args.timeout)
            results.check("corrupted bootfs: refused", m is not None, "no refusal message")
            status = console.finish(args.timeout)
            results.check("corrupted bootfs: exit status 1", status == 1, f"status {status}")
        finally:
            console.close()

    # 4. A hypervisor build refuses to run when QEMU enters it at EL1.
    if hyp:
        el1_qemu = [re.sub(r",virtualization=on", "", a) for a in qemu]
        log = os.path.join(args.logdir, f"{board}-hyp-at-el1.log")
        console = Console(el1_qemu + ["-kernel", args.image], log)
        try:
            m = console.expect(re.escape("error: CONFIG_HYP=y needs the kernel entered at EL2"), args.timeout)
            results.check("hyp at EL1: clear error", m is not None, "no error message")
            status = console.finish(args.timeout)
            results.check("hyp at EL1: exit status 1", status == 1, f"status {status}")
        finally:
            console.close()

    print(f"{results.passed} passed, {results.failed} failed")
    return 1 if results.failed else 0


if __name__ == "__main__":
    sys.exit(main())
