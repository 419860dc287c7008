# SPDX-License-Identifier: BSD-2-Clause
# Release packages end to end: kauri-release, kauri-sign (--apply-props), kauri-verify, unzip/zip
# interop, tampering (DTB, signature, app binary, initrd), wrong key, missing signature, the device rule.
. "$(dirname "$0")/lib.sh"

T=$TOOLS
DATA=$SRCTREE/tests/tools/data
cd "$WORK" || exit 1

dtc -q -I dts -O dtb -o manifest.dtb "$DATA/manifest.dts"
head -c 200000 /dev/urandom > hello
# A compressible binary so deflate is really used.
yes weatherstation | head -c 300000 > weatherstation
"$T/kauri-keys" generate release >/dev/null
"$T/kauri-keys" generate other >/dev/null

check "release builds a package" "$T/kauri-release" -o pkg.zip manifest.dtb hello weatherstation
check "unzip -t accepts the package" unzip -t pkg.zip
if unzip -v pkg.zip | grep -q "Defl.*apps/weatherstation"; then pass "entries are deflated"
else fail "apps/weatherstation is not deflated"; fi
check_error "release refuses to overwrite" "already exists" \
	"$T/kauri-release" -o pkg.zip manifest.dtb hello weatherstation
check "release --force overwrites" "$T/kauri-release" --force -o pkg.zip manifest.dtb hello weatherstation
check_error "release names the app whose binary is missing" "/apps/weatherstation: binary \"weatherstation\"" \
	"$T/kauri-release" -o missing.zip manifest.dtb hello
cp hello stray
check_error "release rejects a binary no app names" "stray: no app" \
	"$T/kauri-release" -o stray.zip manifest.dtb hello weatherstation stray
[ ! -e missing.zip ] && [ -z "$(ls -a | grep '\.tmp')" ] && pass "failed runs leave no output or temp file" ||
	fail "a failed run left files behind"
check_error "release rejects a file that is not a DTB" "not a valid DTB" \
	"$T/kauri-release" -o bad.zip hello

check "sign --apply-props" "$T/kauri-sign" --key release.key --apply-props -o signed.zip pkg.zip
check "unzip -t accepts the signed package" unzip -t signed.zip
mkdir -p x && (cd x && unzip -q -o ../signed.zip)
if [ "$(fdtget -t s x/apps/manifest.dtb /kos_options public-key)" = "$(cat release.pub.b64)" ]; then
	pass "apply-props wrote kos_options/public-key"
else fail "kos_options/public-key is not the signing key"; fi
if [ "$(fdtget -t s x/apps/manifest.dtb /kos_options variables)" = "/apps/weatherstation/environ/DEVICE_ID" ]
then pass "apply-props kept the other kos_options"; else fail "apply-props lost kos_options/variables"; fi
check "signature verifies with OpenSSL" openssl pkeyutl -verify -rawin -pubin -inkey release.pub \
	-in x/apps/manifest.dtb -sigfile x/apps/manifest.dtb.sig
check "verify --key accepts the signed package" "$T/kauri-verify" --key release.pub signed.zip
check "verify accepts the base64 key form" "$T/kauri-verify" --key release.pub.b64 signed.zip
check_error "verify --key rejects the wrong key" "does not verify" \
	"$T/kauri-verify" --key other.pub signed.zip
check_error "verify --key rejects an unsigned package" "there is no manifest.dtb.sig" \
	"$T/kauri-verify" --key release.pub pkg.zip

# The device rule: the *current* manifest decides.
check "verify --current (signed current) accepts" "$T/kauri-verify" --current signed.zip signed.zip
check "verify --current with a DTB accepts" "$T/kauri-verify" --current x/apps/manifest.dtb signed.zip
check_error "current manifest without key or disable-signing rejects" "neither kos_options/public-key" \
	"$T/kauri-verify" --current manifest.dtb signed.zip
check_error "signing enforced: missing signature rejected" "there is no manifest.dtb.sig" \
	"$T/kauri-verify" --current signed.zip pkg.zip
check "sign --apply-props --disable-signing" "$T/kauri-sign" --key release.key --apply-props \
	--disable-signing -o dev.zip pkg.zip
check "current with disable-signing accepts an unsigned upgrade" "$T/kauri-verify" --current dev.zip pkg.zip
if grep -q "disable-signing" "$WORK/out"; then pass "acceptance says signing was disabled"
else fail "acceptance does not mention disable-signing"; fi
check "rotate: sign with --public-key of the next key" "$T/kauri-sign" --key release.key --apply-props \
	--public-key other.pub -o rotated.zip pkg.zip
check "rotated package verifies under the current key" "$T/kauri-verify" --current signed.zip rotated.zip
"$T/kauri-sign" --key other.key -o by_other.zip pkg.zip >/dev/null
check "next upgrade signed by the rotated-to key is accepted" "$T/kauri-verify" --current rotated.zip by_other.zip
check_error "the old key no longer authorizes after rotation" "does not verify" \
	"$T/kauri-verify" --current rotated.zip signed.zip

# A package made by zip(1) from the same files is read the same.
(cd x && zip -q -r ../byzip.zip apps)
check "a package made by zip verifies" "$T/kauri-verify" --key release.pub byzip.zip
(cd x && zip -q -0 -r ../byzip0.zip apps)
check "a stored (uncompressed) zip verifies" "$T/kauri-verify" --key release.pub byzip0.zip

# Tampering, each with its own message. Rezipped with zip(1) so the CRCs are right.
mkdir -p t1 && cp -r x/apps t1/ && fdtput -t i t1/apps/manifest.dtb /apps/hello priority 250
(cd t1 && zip -q -r ../t1.zip apps)
check_error "altered DTB: signature rejected" "does not verify" "$T/kauri-verify" --key release.pub t1.zip
mkdir -p t2 && cp -r x/apps t2/ && flip_byte t2/apps/manifest.dtb 100
(cd t2 && zip -q -r ../t2.zip apps)
check_error "one DTB byte flipped: rejected" "rejected" "$T/kauri-verify" --key release.pub t2.zip
mkdir -p t3 && cp -r x/apps t3/ && flip_byte t3/apps/manifest.dtb.sig 5
(cd t3 && zip -q -r ../t3.zip apps)
check_error "one signature byte flipped: rejected" "does not verify" "$T/kauri-verify" --key release.pub t3.zip
mkdir -p t4 && cp -r x/apps t4/ && flip_byte t4/apps/hello 1000
(cd t4 && zip -q -r ../t4.zip apps)
check_error "one app binary byte flipped: rejected" "apps/hello: rejected: binary differs" \
	"$T/kauri-verify" --key release.pub t4.zip
# An initrd is bound to the signed manifest as a binary is (initrd-sha256).
fdtput -t s manifest.dtb /apps/hello initrd rootfs.img
head -c 50000 /dev/urandom > rootfs.img
check_error "release names the app whose initrd is missing" "/apps/hello: initrd \"rootfs.img\" was not given" \
	"$T/kauri-release" -o noinitrd.zip manifest.dtb hello weatherstation
check "release packs the initrd" "$T/kauri-release" -o initrd.zip manifest.dtb hello weatherstation rootfs.img
"$T/kauri-sign" --key release.key --apply-props -o initrd-signed.zip initrd.zip >/dev/null
mkdir -p i && (cd i && unzip -q -o ../initrd-signed.zip)
recorded=$(for b in $(fdtget -t bx i/apps/manifest.dtb /apps/hello initrd-sha256); do printf '%02x' "0x$b"; done)
if [ "$recorded" = "$(sha256sum rootfs.img | cut -c1-64)" ]
then pass "release records the initrd's SHA-256 as initrd-sha256"; else fail "initrd-sha256 is $recorded"; fi
check "verify accepts the package with its initrd" "$T/kauri-verify" --key release.pub initrd-signed.zip
flip_byte i/apps/rootfs.img 100 && (cd i && zip -q -r ../t6.zip apps)
check_error "one initrd byte flipped: rejected" "apps/rootfs.img: rejected: binary differs" \
	"$T/kauri-verify" --key release.pub t6.zip
# A microVM's kernel, initrd and disk images are bound the same way (kernel-sha256, initrd-sha256,
# image-sha256), by the one list of a release's files (release_for_each_file) kauri-verify and the
# root server check against.
dtc -q -I dts -O dtb -o vm.dtb - <<'EOF_DTS'
/dts-v1/;
/ {
	msg_servers { msg0 { }; };
	apps {
		vm0 {
			binary = "hello";
			ut_large_pages = <8>;
			ut_4k_pages = <4>;
			vm { kernel = "Image"; initrd = "guest.cpio"; ram_mb = <16>; root { image = "disk.img"; read-only; }; };
		};
	};
};
EOF_DTS
head -c 40000 /dev/urandom > Image; head -c 30000 /dev/urandom > guest.cpio; head -c 20000 /dev/urandom > disk.img
check_error "release names the vm whose disk image is missing" "/apps/vm0/vm/root: image \"disk.img\" was not given" \
	"$T/kauri-release" -o novm.zip --with-vmm vm.dtb hello Image guest.cpio
check "release packs a microVM's images" "$T/kauri-release" -o vm.zip --with-vmm vm.dtb hello Image guest.cpio disk.img
"$T/kauri-sign" --key release.key --apply-props -o vm-signed.zip vm.zip >/dev/null
mkdir -p v && (cd v && unzip -q -o ../vm-signed.zip)
digest_of() { for b in $(fdtget -t bx v/apps/manifest.dtb "$1" "$2"); do printf '%02x' "0x$b"; done; }
[ "$(digest_of /apps/vm0/vm kernel-sha256)" = "$(sha256sum Image | cut -c1-64)" ] &&
	[ "$(digest_of /apps/vm0/vm initrd-sha256)" = "$(sha256sum guest.cpio | cut -c1-64)" ] &&
	[ "$(digest_of /apps/vm0/vm/root image-sha256)" = "$(sha256sum disk.img | cut -c1-64)" ] &&
	pass "release records kernel-sha256, initrd-sha256 and image-sha256 on the vm's nodes" ||
	fail "vm digests: kernel $(digest_of /apps/vm0/vm kernel-sha256)"
check "verify accepts the package with a microVM's images" "$T/kauri-verify" --key release.pub vm-signed.zip
for f in Image guest.cpio disk.img; do
	rm -rf tv && cp -r v tv && flip_byte "tv/apps/$f" 100 && (cd tv && rm -f ../tv.zip && zip -q -r ../tv.zip apps)
	check_error "one byte of the vm's $f flipped: rejected" "apps/$f: rejected: binary differs" \
		"$T/kauri-verify" --key release.pub tv.zip
done

head -c 10 /dev/urandom > t5.sig && mkdir -p t5 && cp -r x/apps t5/ && cp t5.sig t5/apps/manifest.dtb.sig
(cd t5 && zip -q -r ../t5.zip apps)
check_error "short signature rejected" "not 64 bytes" "$T/kauri-verify" --key release.pub t5.zip
# Raw corruption inside the archive (CRC not fixed): found by the CRC/deflate checks.
cp byzip0.zip raw.zip
off=$(grep -abo 'apps/hello' raw.zip | head -1 | cut -d: -f1)
flip_byte raw.zip $((off + 10 + 5000))
check_error "raw byte flip in a stored binary: CRC mismatch" "CRC-32 mismatch" \
	"$T/kauri-verify" --key release.pub raw.zip
head -c 3000 signed.zip > trunc.zip
check_error "truncated package: names the offset" "offset" "$T/kauri-verify" --key release.pub trunc.zip
check_error "missing package file" "cannot open" "$T/kauri-verify" --key release.pub nothere.zip

for t in kauri-release kauri-sign kauri-verify; do
	if "$T/$t" --help | grep -q "Usage"; then pass "$t --help"; else fail "$t --help"; fi
done

summary
