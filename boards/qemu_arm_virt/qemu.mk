# SPDX-License-Identifier: BSD-2-Clause
# How `make qemu` runs this board: qemu-system-aarch64 flags derived from the configuration.

QEMU := qemu-system-aarch64

qemu-machine := virt$(if $(CONFIG_HYP),$(comma)virtualization=on)$(if $(CONFIG_GIC_V3),$(comma)gic-version=3)

QEMU_FLAGS := -M $(qemu-machine) -cpu $(patsubst "%",%,$(CONFIG_QEMU_CPU)) \
	-m $(CONFIG_QEMU_RAM_MB) -smp 1 -nographic -no-reboot -nic none \
	$(if $(CONFIG_ARM_SEMIHOSTING),-semihosting)

# Debian's U-Boot for this machine, for booting the image the way a board would.
QEMU_UBOOT := /usr/lib/u-boot/qemu_arm64/u-boot.bin

# The storage server's SD card (CONFIG_SDMMC): QEMU's sdhci-pci on the PCIe root complex, with
# QEMU_SDCARD as the card (a blank 64 MiB one, made on first use, unless another is given).
QEMU_SDCARD ?= $(CURDIR)/sdcard.img
QEMU_FLAGS += $(if $(CONFIG_SDMMC),-device sdhci-pci -drive if=none$(comma)id=card0$(comma)file=$(QEMU_SDCARD)$(comma)format=raw \
	-device sd-card$(comma)drive=card0)
