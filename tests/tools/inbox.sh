# SPDX-License-Identifier: BSD-2-Clause
# kauri-card inbox-put / inbox-show on a small card image with Kauri's partitions, and
# kauri-overlay package / check-package: what they write, and every refusal with its message.
. "$(dirname "$0")/lib.sh"

T=$TOOLS
DATA=$SRCTREE/tests/tools/data
cd "$WORK" || exit 1
export PATH=$PATH:/usr/sbin:/sbin

# A 16 MiB card: kauri_a, kauri_b, kauri_state and data (4 MiB from 12 MiB).
truncate -s 16M card.img
printf 'label: gpt\nstart=2048, size=8192, name=kauri_a\nsize=8192, name=kauri_b\nsize=2048, name=kauri_state\nsize=8192, name=data\n' |
	sfdisk -q card.img > /dev/null 2>&1
data=$(sfdisk -d card.img 2> /dev/null | sed -n 's/.*start= *\([0-9]*\),.*name="data".*/\1/p')
"$T/kauri-keys" generate device > /dev/null 2>&1
"$T/kauri-keys" generate other > /dev/null 2>&1
dtc -q -I dts -O dtb -o base.dtb "$DATA/manifest.dts"
dtc -q -@ -I dts -O dtb -o device.dtbo "$DATA/weatherstation_overlay.dts"

check "kauri-overlay package signs an overlay into a package" "$T/kauri-overlay" package device.dtbo --key device.key -o ov.pkg
check "the package is a bootfs image of overlay.dtbo and its signature" sh -c "'$T/kauri-bootfs' list ov.pkg | grep -q overlay.dtbo.sig"
# The base manifest naming the device key: the device's check passes; naming another key it fails.
cp base.dtb other.dtb
fdtput -t s base.dtb /kos_options public-key "$(cat device.pub.b64)"
fdtput -t s other.dtb /kos_options public-key "$(cat other.pub.b64)"
check "check-package: allowed on the manifest naming its key, with its id" \
	sh -c "'$T/kauri-overlay' check-package base.dtb ov.pkg | grep -q 'ov.pkg: overlay [0-9a-f]\{8\} allowed on base.dtb'"
check_error "check-package: refused on a manifest naming another key" "does not verify" \
	"$T/kauri-overlay" check-package other.dtb ov.pkg
check_error "kauri-overlay package without --key: the usage" "bad command line" "$T/kauri-overlay" package device.dtbo -o x.pkg
check_error "kauri-overlay package of a file that is no DTB" "not a valid DTB" \
	"$T/kauri-overlay" package "$DATA/manifest.dts" --key device.key -o x.pkg
check_error "check-package of a file that is no package" "device.dtbo: " "$T/kauri-overlay" check-package base.dtb device.dtbo

check "an empty inbox says so" sh -c "'$T/kauri-card' inbox-show card.img | grep -qx 'inbox: empty'"
check "inbox-put puts a package in" "$T/kauri-card" inbox-put card.img ov.pkg
check "inbox-show: pending, with its size" \
	sh -c "'$T/kauri-card' inbox-show card.img | grep -qx \"inbox: a package of $(stat -c %s ov.pkg) bytes, pending\""
check "the package is at byte 4096 of the data partition, as put" \
	bash -c "cmp -s -n $(stat -c %s ov.pkg) ov.pkg <(tail -c +$((data * 512 + 4096 + 1)) card.img)"
check_error "a file that is no bootfs image is refused" "not a release image (no bootfs header" \
	"$T/kauri-card" inbox-put card.img base.dtb
{ printf 'KAURIBFS'; head -c $((5 * 1048576)) /dev/zero; } > big.pkg
check_error "a package larger than the data partition is refused" "do not fit the inbox" \
	"$T/kauri-card" inbox-put card.img big.pkg
truncate -s 4M nogpt.img
check_error "a card with no partition table" "nogpt.img: " "$T/kauri-card" inbox-put nogpt.img ov.pkg
printf 'label: gpt\nstart=2048, size=4096, name=other\n' | sfdisk -q nogpt.img > /dev/null 2>&1
check_error "a card without a data partition" "no partition named data" "$T/kauri-card" inbox-show nogpt.img
flip_byte card.img $((data * 512 + 20))
check_error "a damaged inbox header" "the inbox header is damaged" "$T/kauri-card" inbox-show card.img
check_error "inbox-put without a package: the usage" "bad command line" "$T/kauri-card" inbox-put card.img
check "--help names the inbox commands" sh -c "'$T/kauri-card' --help | grep -q 'inbox-put' && '$T/kauri-card' --help | grep -q 'inbox-show'"

summary
