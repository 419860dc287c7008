# Kauri's U-Boot script (boot.scr on the card's boot partition, docs/storage.md): U-Boot's
# distro boot finds it and sets devtype, devnum and distro_bootpart; the image is loaded from
# the same partition and started with the device tree U-Boot has.
echo "Kauri: loading kauri.img from ${devtype} ${devnum}:${distro_bootpart}"
load ${devtype} ${devnum}:${distro_bootpart} ${kernel_addr_r} kauri.img
booti ${kernel_addr_r} - ${fdtcontroladdr}
