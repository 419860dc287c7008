# SPDX-License-Identifier: BSD-2-Clause
# Kauri: configure (make <board>_defconfig / menuconfig), build (make), run (make qemu), test (make check).
# `make help` lists everything.

VERSION := 0.1.0

MAKEFLAGS += -rR --no-print-directory
.SUFFIXES:

srctree := $(CURDIR)

.DEFAULT_GOAL := all

# Out-of-tree builds: O=dir keeps objects, images and .config in dir.
ifneq ($(O),)
objtree := $(abspath $(O))
KCONFIG_CONFIG := $(objtree)/.config
else
objtree := $(srctree)/build
KCONFIG_CONFIG := $(srctree)/.config
endif

export srctree objtree KCONFIG_CONFIG V

include $(srctree)/scripts/Kbuild.include

CROSS_COMPILE ?= aarch64-linux-gnu-
export CROSS_COMPILE
HOSTCC ?= gcc
export HOSTCC

KCONFIG_AUTOCONFIG := $(objtree)/include/config/auto.conf
KCONFIG_AUTOHEADER := $(objtree)/include/generated/autoconf.h
kconfig-env := KCONFIG_CONFIG=$(KCONFIG_CONFIG) KCONFIG_AUTOCONFIG=$(KCONFIG_AUTOCONFIG) \
	KCONFIG_AUTOHEADER=$(KCONFIG_AUTOHEADER) srctree=$(srctree)
kconfig-files := $(shell find $(srctree) -name 'Kconfig*' -not -path '$(objtree)/*' \
	-not -path '$(srctree)/tests/*' -not -path '$(srctree)/.git/*')
kconfig-out := $(objtree)/scripts/kconfig
CONF := $(kconfig-out)/conf
MCONF := $(kconfig-out)/mconf
FIXDEP := $(objtree)/scripts/basic/fixdep

defconfigs := $(sort $(notdir $(wildcard $(srctree)/configs/*_defconfig)))

PHONY := all
# image depends on tools (the bootfs is packed with them), so this builds both.
all: image

# ---------------------------------------------------------------- host tools

PHONY += kconfig-tools
kconfig-tools:
	$(Q)$(MAKE) -C $(srctree)/scripts/kconfig O=$(kconfig-out)

$(CONF) $(MCONF): kconfig-tools ;

quiet_cmd_host_fixdep = HOSTCC  $(call rel,$@)
      cmd_host_fixdep = mkdir -p $(dir $@) && $(HOSTCC) $(HOSTCFLAGS) -O2 -Wall -Wextra -o $@ $<

$(FIXDEP): $(srctree)/scripts/basic/fixdep.c
	$(call cmd,host_fixdep)

# ----------------------------------------------------------- configuration

PHONY += $(defconfigs)
$(defconfigs): kconfig-tools
	$(Q)mkdir -p $(objtree)
	$(Q)cd $(srctree) && $(kconfig-env) $(CONF) --defconfig configs/$@ Kconfig

%_defconfig:
	@echo "error: no such board configuration: configs/$@" >&2
	@echo "the boards Kauri has are:" >&2
	@for f in $(defconfigs); do echo "  make $$f" >&2; done
	@exit 2

PHONY += menuconfig olddefconfig savedefconfig listnewconfig
menuconfig: kconfig-tools
	$(Q)mkdir -p $(objtree)
	$(Q)cd $(srctree) && $(kconfig-env) $(MCONF) Kconfig

olddefconfig listnewconfig: kconfig-tools
	$(Q)mkdir -p $(objtree)
	$(Q)cd $(srctree) && $(kconfig-env) $(CONF) --$@ Kconfig

savedefconfig: kconfig-tools $(KCONFIG_CONFIG)
	$(Q)cd $(srctree) && $(kconfig-env) $(CONF) --savedefconfig $(objtree)/defconfig Kconfig
	@echo "minimal configuration written to $(call rel,$(objtree)/defconfig)"
	@echo "(copy it to configs/<board>_defconfig to make it a board default)"

$(KCONFIG_CONFIG):
	@echo "error: no configuration ($(call rel,$(KCONFIG_CONFIG)) does not exist)." >&2
	@echo "Choose a board first, for example: make qemu_arm_virt_defconfig" >&2
	@echo "(make help lists the boards)" >&2
	@exit 2

# auto.conf, autoconf.h and the per-symbol stamps follow .config and the Kconfig files.
$(KCONFIG_AUTOCONFIG): $(KCONFIG_CONFIG) $(kconfig-files) | kconfig-tools
	$(Q)cd $(srctree) && $(kconfig-env) $(CONF) --syncconfig Kconfig
	$(Q)touch $@

PHONY += syncconfig
syncconfig: $(KCONFIG_AUTOCONFIG)

# ------------------------------------------------------------------ build

PHONY += image check-toolchain
check-toolchain:
	@command -v $(CROSS_COMPILE)gcc >/dev/null 2>&1 || { \
	  echo "error: cross compiler $(CROSS_COMPILE)gcc not found." >&2; \
	  echo "  install it with: apt-get install gcc-aarch64-linux-gnu   (or run: make deps)" >&2; \
	  echo "  or point CROSS_COMPILE at another aarch64 toolchain prefix" >&2; exit 2; }

image: check-toolchain $(KCONFIG_AUTOCONFIG) $(FIXDEP) tools
	$(Q)$(MAKE) -C $(objtree) -f $(srctree)/scripts/Makefile.image

# Host tools (scripts/tools): keys, signatures, release packages, bootfs, overlays, checks, traces.
PHONY += tools fuzz
tools:
	$(Q)$(MAKE) -C $(srctree)/scripts/tools O=$(objtree)/tools

# Every fuzz target for FUZZ_SECONDS (default 60) each, then the kernel's stateful fuzzer for
# KERNEL_FUZZ_CALLS (default 1000000) system calls, checked after each (qemu_arm_virt, EL1).
KERNEL_FUZZ_CALLS ?= 1000000
fuzz: kconfig-tools
	$(Q)$(MAKE) -C $(srctree)/scripts/tools O=$(objtree)/tools fuzz
	$(call derived-config,$(objtree)/fuzz-kernel,$(srctree)/configs/qemu_arm_virt_defconfig,)
	$(Q)$(MAKE) O=$(objtree)/fuzz-kernel qemu-kernel-test KERNEL_TESTS=fuzz_stateful \
		KERNEL_FUZZ_CALLS=$(KERNEL_FUZZ_CALLS) KERNEL_TEST_TIMEOUT=3600

# ----------------------------------------------------------------- QEMU

PHONY += qemu qemu-test kernel-test qemu-kernel-test
qemu qemu-test: image
	$(Q)$(MAKE) -C $(objtree) -f $(srctree)/scripts/Makefile.qemu $@

# $(call derived-config,DIR,BASE,OPTIONS): DIR/.config is BASE (a defconfig or .config) with
# OPTIONS (CONFIG_X=y ...) on top; rewritten only when that changes, so rebuilds stay exact.
define derived-config
	$(Q)mkdir -p $(1)
	$(Q){ cat $(2); for c in $(3); do echo "$$c"; done; } > $(1)/derived_defconfig.new
	$(Q)if ! cmp -s $(1)/derived_defconfig.new $(1)/derived_defconfig || [ ! -f $(1)/.config ]; then \
		mv $(1)/derived_defconfig.new $(1)/derived_defconfig && \
		cd $(srctree) && KCONFIG_CONFIG=$(1)/.config $(CONF) --defconfig $(1)/derived_defconfig Kconfig >/dev/null; \
	else rm -f $(1)/derived_defconfig.new; fi
endef

# The kernel test suite: build/kernel-test/kauri-test.img, the image with the tests as its root
# server, built from this configuration plus the kernel invariant checker, which every test
# ends with (and the stateful fuzzer runs after every system call).
KTEST_DIR := $(objtree)/kernel-test
kernel-test: kconfig-tools $(KCONFIG_CONFIG)
	$(call derived-config,$(KTEST_DIR),$(KCONFIG_CONFIG),CONFIG_KERNEL_INVARIANTS=y)
	$(Q)$(MAKE) O=$(KTEST_DIR) kernel-test-image

PHONY += kernel-test-image
kernel-test-image: image
	$(Q)$(MAKE) -C $(objtree) -f $(srctree)/scripts/Makefile.image kernel-test

qemu-kernel-test: kernel-test
	$(Q)$(MAKE) -C $(KTEST_DIR) -f $(srctree)/scripts/Makefile.qemu $@

# Benchmarks: their own build (qemu_arm_virt + the user-readable cycle counter) in
# build/bench, run under -icount shift=0 so the cycle counter counts instructions: the
# kernel's (kauri-bench.img), then the system's (build/bench/system: the root server and
# apps of tests/bench/system.dts); then the guests' exits, from the same root server built for
# qemu_arm_virt_hyp in build/bench/hyp. BENCH_CONFIG adds options: BENCH_CONFIG=CONFIG_TRACE=y.
PHONY += bench bench-image bench-tools
BENCH_DIR := $(objtree)/bench
# The kernel's and the system's figures, kept for the verdicts at the end.
BENCH_RESULTS := $(BENCH_DIR)/results.txt
bench: kconfig-tools
	$(call derived-config,$(BENCH_DIR),$(srctree)/configs/qemu_arm_virt_defconfig,CONFIG_USER_CYCLE_COUNTER=y $(BENCH_CONFIG))
	$(Q)$(MAKE) O=$(BENCH_DIR) bench-image
	$(Q)rm -f $(BENCH_RESULTS)
	$(Q)$(MAKE) -C $(BENCH_DIR) -f $(srctree)/scripts/Makefile.qemu qemu-bench BENCH_RESULTS=$(BENCH_RESULTS)
	$(call derived-config,$(BENCH_DIR)/system,$(BENCH_DIR)/derived_defconfig,CONFIG_MANIFEST_CUSTOM=y 'CONFIG_MANIFEST_PATH="tests/bench/system.dts"')
	$(Q)$(MAKE) O=$(BENCH_DIR)/system image
	$(Q)$(MAKE) -C $(BENCH_DIR)/system -f $(srctree)/scripts/Makefile.qemu qemu-bench-system BENCH_RESULTS=$(BENCH_RESULTS)
	$(call derived-config,$(BENCH_DIR)/hyp,$(srctree)/configs/qemu_arm_virt_hyp_defconfig,CONFIG_USER_CYCLE_COUNTER=y $(BENCH_CONFIG))
	$(Q)$(MAKE) O=$(BENCH_DIR)/hyp bench-image
	$(Q)$(MAKE) -C $(BENCH_DIR)/hyp -f $(srctree)/scripts/Makefile.qemu qemu-bench-hyp
	@echo "  VERDICT the performance goals (scripts/bench-verdicts.sh $(BENCH_RESULTS))"
	$(Q)$(srctree)/scripts/bench-verdicts.sh $(BENCH_RESULTS)

bench-image: image
	$(Q)$(MAKE) -C $(objtree) -f $(srctree)/scripts/Makefile.image kernel-bench

# The host tools' benchmarks: Ed25519 against OpenSSL, release-package throughput.
bench-tools:
	$(Q)$(MAKE) -C $(srctree)/scripts/tools O=$(objtree)/tools bench

# ------------------------------------------------------------ microVM guest

# The guest the VMM runs (docs/vmm.md): Debian's arm64 kernel and a busybox initrd in
# build/guest, from the package cache; guest-qemu boots it on bare QEMU, bench-vmm times that
# against the same guest under Kauri.
GUEST_DIR := $(objtree)/guest
PHONY += guest guest-qemu bench-vmm bench-storage bench-upgrade
guest:
	$(Q)$(srctree)/scripts/guest.sh $(GUEST_DIR)

guest-qemu: guest
	$(Q)$(srctree)/scripts/guest-qemu.sh $(GUEST_DIR) kauri.ping=10.0.2.2

bench-vmm: guest
	$(Q)$(srctree)/tests/bench/vmm.sh $(GUEST_DIR) $(objtree)

# The block service on QEMU's SD card against dd from Debian's Linux on the same QEMU, in
# build/bench-storage (its own image, card and guest; tests/bench/storage.sh --help).
# RUNS=N runs (median; default 3), BENCH_MIB=N MiB (default 64).
bench-storage:
	$(Q)$(srctree)/tests/bench/storage.sh $(objtree)

# The admin service's install of a release of N MiB and a trial boot's extra time, in
# build/bench-upgrade (tests/bench/upgrade.sh --help). RUNS=N, BENCH_SIZES="256 768" (KiB).
bench-upgrade:
	$(Q)$(srctree)/tests/bench/upgrade.sh $(objtree)

# ------------------------------------------------------- set-up and tests

PHONY += deps run check
deps:
	$(Q)$(srctree)/scripts/deps.sh

# `make run`: a fresh machine to a running Kauri in one command.
run: deps
	$(Q)[ -f $(KCONFIG_CONFIG) ] || $(MAKE) qemu_arm_virt_defconfig
	$(Q)$(MAKE) qemu

check: deps
	$(Q)$(srctree)/tests/run-checks.sh

# ---------------------------------------------------------------- cleaning

PHONY += clean distclean
clean:
	@echo "  CLEAN   $(call rel,$(objtree)) (objects and images; .config and a development key kept)"
	$(Q)if [ -d $(objtree) ]; then \
	  find $(objtree) -mindepth 1 -maxdepth 1 ! -name .config ! -name include ! -name scripts ! -name keys \
	    -exec rm -rf {} +; \
	fi

distclean:
	@echo "  CLEAN   $(call rel,$(objtree)) and $(call rel,$(KCONFIG_CONFIG))"
	$(Q)rm -rf $(objtree) $(KCONFIG_CONFIG) $(KCONFIG_CONFIG).old

# ------------------------------------------------------------------ cards

# The card image with Kauri's layout for this board (docs/storage.md), build/sdcard.img, which
# is also the card the storage server sees under QEMU; qemu-sd boots it through U-Boot (over
# virtio-blk: Debian's U-Boot for QEMU has no driver for the SD controller); flash-emmc writes it
# with the board's bootloader to DEV=/dev/sdX, IMG=file or over USB with NXP's uuu (UUU=1;
# scripts/flash-emmc.sh --help).
PHONY += sdcard qemu-sd flash-emmc
sdcard: image
	$(Q)$(srctree)/scripts/sdcard.sh -o $(objtree)/sdcard.img --image $(objtree)/kauri.img \
		--bootfs $(objtree)/bootfs.img --tools $(objtree)/tools $(if $(SLOT_MIB),--slot-mib $(SLOT_MIB))

qemu-sd: sdcard
	$(Q)$(MAKE) -C $(objtree) -f $(srctree)/scripts/Makefile.qemu $@

flash-emmc: image
	$(Q)FLASH_BIN="$(FLASH_BIN)" DEV="$(DEV)" IMG="$(IMG)" UUU="$(UUU)" DRY_RUN="$(DRY_RUN)" FORCE="$(FORCE)" \
		SLOT_MIB="$(SLOT_MIB)" \
		$(srctree)/scripts/flash-emmc.sh $(objtree)

# ------------------------------------------------------------------- help

PHONY += help
help:
	@echo 'Kauri $(VERSION) — build targets'
	@echo ''
	@echo 'Configuration:'
	@for f in $(defconfigs); do printf '  %-30s %s\n' "$$f" "configure from configs/$$f"; done
	@echo '  menuconfig                     edit the configuration in a menu (ncurses)'
	@echo '  olddefconfig                   update .config to the current Kconfig, new options at defaults'
	@echo '  savedefconfig                  write the minimal defconfig of .config to build/defconfig'
	@echo '  listnewconfig                  list options .config does not set yet'
	@echo ''
	@echo 'Building and running:'
	@echo '  all (default)                  build build/kauri.elf, build/kauri.img and the host tools'
	@echo '  tools                          build the host tools into build/tools (kauri-keys, kauri-sign, ...)'
	@echo '  fuzz                           every fuzz target for FUZZ_SECONDS (default 60) each, then the'
	@echo '                                 kernel stateful fuzzer for KERNEL_FUZZ_CALLS (default 1000000)'
	@echo '  qemu                           boot build/kauri.img in QEMU (Ctrl-A X quits)'
	@echo '  qemu-test                      boot it without a terminal and check the console'
	@echo '  run                            deps + default board + build + qemu: the quick start'
	@echo '  kernel-test                    build build/kernel-test/kauri-test.img (the kernel test suite as root'
	@echo '                                 server, with the kernel invariant checker)'
	@echo '  qemu-kernel-test               run the kernel test suite in QEMU'
	@echo '  bench                          kernel benchmarks (instruction counts) in QEMU, as a table'
	@echo '  bench-tools                    host tool benchmarks (Ed25519 vs OpenSSL, packaging)'
	@echo '  guest                          build the microVM guest: build/guest/Image, initrd.cpio.gz, disk.img'
	@echo '                                 (Debian arm64 kernel + busybox initrd, from the package cache)'
	@echo '  guest-qemu                     boot the guest on bare QEMU (virtio-mmio disk and network)'
	@echo '  bench-vmm                      guest boot to init, under Kauri and on bare QEMU; VMM memory'
	@echo '  bench-storage                  SD card write/read MB/s: the block service vs Linux dd, same QEMU'
	@echo '  bench-upgrade                  install time of a release of N MiB; a trial boot vs a normal one'
	@echo '                                 (RUNS=3, BENCH_MIB=64)'
	@echo '  sdcard                         the card image with Kauri'"'"'s layout: build/sdcard.img (docs/storage.md)'
	@echo '  qemu-sd                        boot build/sdcard.img through U-Boot in QEMU'
	@echo '  flash-emmc                     write the card layout and FLASH_BIN=flash.bin to DEV=/dev/sdX or'
	@echo '                                 IMG=file, or over USB with UUU=1 (imx8mm_evk, portenta_x8;'
	@echo '                                 DRY_RUN=1, FORCE=1)'
	@echo ''
	@echo 'Testing and set-up:'
	@echo '  check                          all tests: unit, kconfig peer, every defconfig, QEMU boots'
	@echo '  deps                           install missing Debian packages (apt-get)'
	@echo '  clean                          remove objects and images, keep .config (and a development key)'
	@echo '  distclean                      remove build/ and .config'
	@echo ''
	@echo 'Variables: O=dir (out-of-tree build), V=1 (show commands),'
	@echo '           CROSS_COMPILE=prefix (default aarch64-linux-gnu-)'

.PHONY: $(PHONY)
