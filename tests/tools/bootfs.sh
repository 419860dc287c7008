# SPDX-License-Identifier: BSD-2-Clause
# kauri-bootfs: package -> image, list, extract (signature carried along), and bad images.
. "$(dirname "$0")/lib.sh"

T=$TOOLS
cd "$WORK" || exit 1
dtc -q -I dts -O dtb -o manifest.dtb "$SRCTREE/tests/tools/data/manifest.dts"
head -c 50000 /dev/urandom > hello
yes weather | head -c 70000 > weatherstation
"$T/kauri-keys" generate k >/dev/null
"$T/kauri-release" -o pkg.zip manifest.dtb hello weatherstation >/dev/null
"$T/kauri-sign" --key k.key --apply-props -o signed.zip pkg.zip >/dev/null

check "create an image from a signed package" "$T/kauri-bootfs" create -o boot.img signed.zip
check "list checks and prints the image" "$T/kauri-bootfs" list boot.img
grep -q "^manifest.dtb .* M " "$WORK/out" && pass "manifest.dtb is flagged M" || fail "manifest.dtb not flagged"
grep -q "^manifest.dtb.sig .* S " "$WORK/out" && pass "the signature is carried, flagged S" ||
	fail "manifest.dtb.sig not carried"
grep -q "^4 entries" "$WORK/out" && pass "4 entries listed" || fail "wrong entry count: $(tail -1 "$WORK/out")"
check "extract hello" "$T/kauri-bootfs" extract boot.img hello -o hello.out
cmp -s hello hello.out && pass "extracted hello is identical" || fail "extracted hello differs"
"$T/kauri-bootfs" extract boot.img manifest.dtb -o m.dtb && "$T/kauri-bootfs" extract boot.img manifest.dtb.sig -o m.sig
check "the carried signature verifies the carried manifest" "$T/kauri-keys" verify k.pub m.dtb m.sig
off=$(od -An -tu8 -j $((64 + 128 * 2 + 64)) -N8 boot.img | tr -d ' ')
[ $((off % 4096)) -eq 0 ] && pass "entries are 4 KiB aligned" || fail "entry offset $off not aligned"
# An entry of 1 MiB or more starts on a 2 MiB boundary and the next one on the next boundary:
# the root server shares such an entry (a microVM's kernel) as whole 2 MiB frames.
head -c $((3 * 1024 * 1024 + 5)) /dev/urandom > hello
"$T/kauri-release" -o big.zip --force manifest.dtb hello weatherstation > /dev/null &&
	"$T/kauri-bootfs" create -o big.img big.zip > /dev/null &&
	"$T/kauri-bootfs" list big.img > big.list
big=$(awk '$1 == "hello" { print $2 }' big.list)
after=$(awk '$1 == "weatherstation" { print $2 }' big.list)
[ -n "$big" ] && [ $((big % 2097152)) -eq 0 ] && [ "$after" -ge $(( (big + 3 * 1048576 + 5 + 2097151) / 2097152 * 2097152 )) ] &&
	[ $((after % 2097152)) -eq 0 ] && pass "a 3 MiB entry starts on 2 MiB, the next entry past its last 2 MiB frame" ||
	fail "large entry placement: hello at ${big:-?}, weatherstation at ${after:-?}"
check "an image with a large entry checks and extracts" "$T/kauri-bootfs" extract big.img hello -o big.out
cmp -s hello big.out && pass "the large entry extracts whole" || fail "the large entry differs"
head -c 50000 /dev/urandom > hello
check_error "extract refuses to overwrite" "already exists" "$T/kauri-bootfs" extract boot.img hello -o hello.out
check_error "extract of an absent entry" "no entry called 'nope'" "$T/kauri-bootfs" extract boot.img nope -o x
check "create from an unsigned package" "$T/kauri-bootfs" create -o unsigned.img pkg.zip

cp boot.img bad1.img && printf 'X' | dd of=bad1.img bs=1 seek=0 conv=notrunc 2>/dev/null
check_error "bad magic: offset 0" "offset 0: not a valid bootfs image: malformed" "$T/kauri-bootfs" list bad1.img
cp boot.img bad2.img && flip_byte bad2.img $((off + 100))
check_error "one data byte flipped: digest mismatch" "digest mismatch" "$T/kauri-bootfs" list bad2.img
head -c 5000 boot.img > bad3.img
check_error "truncated image" "truncated" "$T/kauri-bootfs" list bad3.img
check_error "a zip that is not a package" "not a usable zip" "$T/kauri-bootfs" create -o x.img hello
check "--help" "$T/kauri-bootfs" --help

summary
