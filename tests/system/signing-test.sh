#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# System tests of signed manifests (CONFIG_MANIFEST_SIGNING): two key pairs from the built
# kauri-keys, qemu_arm_virt images of tests/system/manifests/signed.dts signed with key A and
# trusting A or B, with and without MANIFEST_SIGNING_ENFORCE; a tampered binary and a tampered
# manifest; the development key the build generates when no key is given; and the build errors
# for key files that are missing or not public keys.
#
# Usage: tests/system/signing-test.sh WORKDIR
set -u

. "$(dirname "$0")/lib.sh"
work_dir "${1:?usage: signing-test.sh WORKDIR}"

# ---- two key pairs, made by the tree's own kauri-keys
keys=$work/keys
rm -rf "$keys"
mkdir -p "$keys"
if ! make -C "$srctree/scripts/tools" O="$work/tools" > "$work/tools.log" 2>&1; then
	fail "host tools build" "$(tail -5 "$work/tools.log")"
	echo "$passed passed, $failed failed"
	exit 1
fi
"$work/tools/kauri-keys" generate "$keys/a" > /dev/null &&
"$work/tools/kauri-keys" generate "$keys/b" > /dev/null
check "kauri-keys makes two key pairs" test -s "$keys/a.key" -a -s "$keys/b.pub.b64"
# The key file reader alone (scripts/manifest-key.sh), in both of kauri-keys' forms and bad ones.
mkkey() { "$srctree/scripts/manifest-key.sh" "$1" "$work/key.h" 2> "$work/key.err"; }
mkkey "$keys/a.pub" && cp "$work/key.h" "$work/key-pem.h" && mkkey "$keys/a.pub.b64"
check "key file: .pub (SPKI PEM) and .pub.b64 give the same trusted key" cmp -s "$work/key.h" "$work/key-pem.h"
check "key file: the header holds 32 bytes" test "$(grep -o '0x' "$work/key.h" | wc -l)" = 32
echo 'not a key' > "$work/garbage.pub"
! mkkey "$work/garbage.pub"
check "key file: garbage refused, naming the option" \
	grep -q "CONFIG_MANIFEST_PUBLIC_KEY: $work/garbage.pub: decodes to" "$work/key.err"
# An X25519 SubjectPublicKeyInfo: 44 bytes like an Ed25519 one, another algorithm.
{ echo '-----BEGIN PUBLIC KEY-----'; printf '\x30\x2a\x30\x05\x06\x03\x2b\x65\x6e\x03\x21\x00%032d' 0 | base64
  echo '-----END PUBLIC KEY-----'; } > "$work/x25519.pub"
! mkkey "$work/x25519.pub"
check "key file: a 44-byte key of another algorithm refused" \
	grep -q 'a 44-byte key that is not Ed25519 SubjectPublicKeyInfo' "$work/key.err"

# The first four bytes of a key in hex, as the root server names it.
key_id() { grep -v -- ----- "$1" | base64 -d | tail -c 32 | od -An -tx1 -N4 | tr -d ' \n'; }

# Configures qemu_arm_virt with the test manifest and the given CONFIG_ lines into WORKDIR/NAME
# and builds it (log: WORKDIR/NAME.build.log); returns make's status.
# Every case builds in the one object tree WORKDIR/image (after the first, a case rebuilds only what
# its keys and options change) and keeps its kauri.img in WORKDIR/NAME.
out=$work/image
rm -rf "$out"	# an earlier run's development key and tampered packages
build() {
	local name=$1
	shift
	rm -rf "${work:?}/$name"
	make -C "$srctree" O="$out" qemu_arm_virt_defconfig > "$work/$name.build.log" 2>&1 || return 1
	sed -i -e 's/^CONFIG_MANIFEST_BOARD_DEFAULT=y$/# CONFIG_MANIFEST_BOARD_DEFAULT is not set/' "$out/.config"
	{
		echo 'CONFIG_MANIFEST_CUSTOM=y'
		echo 'CONFIG_MANIFEST_PATH="tests/system/manifests/signed.dts"'
		printf '%s\n' "$@"
	} >> "$out/.config"
	make -C "$srctree" O="$out" olddefconfig >> "$work/$name.build.log" 2>&1 &&
	make -C "$srctree" O="$out" >> "$work/$name.build.log" 2>&1 && keep "$name"
}
keep() { mkdir -p "$work/$1" && cp "$out/kauri.img" "$work/$1/"; }

# Boots WORKDIR/NAME/kauri.img; the console goes to WORKDIR/LOG.log, QEMU's exit status is returned.
boot() {
	timeout 120 qemu-system-aarch64 -M virt -cpu cortex-a53 -m 1024 -smp 1 -nographic -no-reboot -nic none -semihosting \
		-kernel "$work/$1/kauri.img" < /dev/null > "$work/$2.log" 2>&1
}

signed_by() {
	printf '%s\n' CONFIG_MANIFEST_SIGNING=y "CONFIG_MANIFEST_SIGNING_KEY=\"$1\"" \
		"CONFIG_MANIFEST_PUBLIC_KEY=\"$2\""
}

tamper=$work/tamper

# A freshly signed package of image a, unpacked into $tamper for a test to change.
unpack_fresh() {
	rm -rf "$tamper" && mkdir -p "$tamper"
	rm -f "$out/signed.zip" && make -C "$srctree" O="$out" > /dev/null 2>&1	# signs afresh
	(cd "$tamper" && unzip -q "$out/signed.zip")
}

# Packs $tamper back as image a's signed package (the build then makes the bootfs from it, as it
# would from a package that came from elsewhere), rebuilds and boots it as NAME: sets rc and log.
boot_tampered() {
	rm -f "$out/signed.zip" && (cd "$tamper" && zip -q -r "$out/signed.zip" apps)
	make -C "$srctree" O="$out" > "$work/$1.build.log" 2>&1 && keep "$1"
	boot "$1" "$1"
	rc=$?
	log=$work/$1.log
}

started_nothing() { grep -q 'rootserver: boot stopped; nothing was started' "$1" && ! grep -q 'started app' "$1"; }

# ---- (a) signed with A, the root server trusts A: a production key, its public key by default
# the .pub beside it
if ! build a $(signed_by "$keys/a.key" ""); then
	fail "A/A: image builds" "$(tail -5 "$work/a.build.log")"
else
	check "A/A: a given key: the build generates none and does not speak of one" \
		sh -c "! grep -qi 'development key' '$work/a.build.log' && test ! -e '$out/keys'"
	check "A/A: the bootfs carries manifest.dtb.sig" \
		sh -c "'$work/tools/kauri-bootfs' list '$out/bootfs.img' | grep -q '^manifest.dtb.sig '"
	boot a a
	rc=$?
	log=$work/a.log
	check "A/A: signature verified, naming key A" \
		grep -q "^rootserver: manifest: signature verified (Ed25519, key $(key_id "$keys/a.pub")\.\.\.)" "$log"
	check "A/A: the binary matches its signed digest" \
		grep -q '^rootserver: manifest: 1 binaries match their signed SHA-256' "$log"
	check "A/A: a production key: no development-key warning at boot" \
		test -z "$(grep 'development key' "$log")"
	check "A/A: hello runs" grep -q 'rootserver: app hello exited with status 0' "$log"
	check "A/A: the run ends cleanly (exit 0)" \
		sh -c "grep -q 'rootserver: all apps have ended' '$log' && [ $rc -eq 0 ]"

	# Keys and options unchanged: nothing is signed, generated or compiled again.
	make -C "$srctree" O="$out" > "$work/a-again.build.log" 2>&1
	check "A/A: a rebuild with nothing changed signs and compiles nothing" \
		test -z "$(grep -E '^  (CC|SIGN|GEN) ' "$work/a-again.build.log")"

	# ---- a binary changed after signing: the bootfs digest is fine, the signed digest is not
	unpack_fresh
	printf 'x' >> "$tamper/apps/hello"
	boot_tampered a-binary
	check "changed binary: named, with the digest mismatch" grep -q \
		'^rootserver: manifest: bootfs entry hello: binary differs from the binary-sha256 in the signed manifest' "$log"
	check "changed binary: boot stopped, nothing started" started_nothing "$log"
	check "changed binary: exit status 1" test $rc -eq 1

	# ---- the signature removed, then cut to 63 bytes
	unpack_fresh
	sig=$tamper/manifest.dtb.sig
	mv "$tamper/apps/manifest.dtb.sig" "$sig"
	boot_tampered a-nosig
	check "no signature: said so, boot stopped, exit 1" sh -c "grep -q \
		'^rootserver: manifest: signature: .*there is no manifest.dtb.sig' '$work/a-nosig.log' &&
		grep -q 'rootserver: boot stopped; nothing was started' '$work/a-nosig.log' && [ $rc -eq 1 ]"
	head -c 63 "$sig" > "$tamper/apps/manifest.dtb.sig"
	boot_tampered a-shortsig
	check "63-byte signature: said so, boot stopped, exit 1" sh -c "grep -q \
		'^rootserver: manifest: signature: manifest.dtb.sig is not 64 bytes' '$work/a-shortsig.log' &&
		grep -q 'rootserver: boot stopped; nothing was started' '$work/a-shortsig.log' && [ $rc -eq 1 ]"

	# ---- the manifest changed after signing, to add disable-signing: still refused
	unpack_fresh
	fdtput -t s "$tamper/apps/manifest.dtb" /kos_options disable-signing ""
	boot_tampered a-manifest
	check "changed manifest: the signature does not verify" \
		grep -q '^rootserver: manifest: signature: .*does not verify' "$log"
	check "changed manifest: its disable-signing is ignored, and said so" grep -q \
		'^rootserver: manifest: kos_options/disable-signing is ignored: CONFIG_MANIFEST_SIGNING_ENFORCE is set' "$log"
	check "changed manifest: boot stopped, nothing started, exit 1" \
		sh -c "grep -q 'rootserver: boot stopped; nothing was started' '$log' && ! grep -q 'started app' '$log' && [ $rc -eq 1 ]"
	rm -f "$out/signed.zip"
fi

# ---- (b) signed with A, the root server trusts B (as a .pub.b64 line), enforced
if ! build b $(signed_by "$keys/a.key" "$keys/b.pub.b64") CONFIG_MANIFEST_SIGNING_ENFORCE=y; then
	fail "A/B enforced: image builds" "$(tail -5 "$work/b.build.log")"
else
	boot b b
	rc=$?
	log=$work/b.log
	check "A/B enforced: the signature does not verify, under key B" grep -q \
		"^rootserver: manifest: signature: .*does not verify.*(trusted key $(key_id "$keys/b.pub.b64")\.\.\.)" "$log"
	check "A/B enforced: boot stopped, nothing started" started_nothing "$log"
	check "A/B enforced: hello never ran" test -z "$(grep 'hello:' "$log")"
	check "A/B enforced: exit status 1" test $rc -eq 1
fi

# ---- (c) the same, not enforced: a warning, and boot goes on
if ! build c $(signed_by "$keys/a.key" "$keys/b.pub") '# CONFIG_MANIFEST_SIGNING_ENFORCE is not set'; then
	fail "A/B not enforced: image builds" "$(tail -5 "$work/c.build.log")"
else
	boot c c
	rc=$?
	log=$work/c.log
	check "A/B not enforced: a WARNING naming the problem" \
		grep -q '^rootserver: WARNING: manifest: signature: .*does not verify' "$log"
	check "A/B not enforced: says it boots anyway" \
		grep -q '^rootserver: WARNING: booting anyway: CONFIG_MANIFEST_SIGNING_ENFORCE is off' "$log"
	check "A/B not enforced: hello runs, exit 0" \
		sh -c "grep -q 'rootserver: app hello exited with status 0' '$log' && [ $rc -eq 0 ]"
fi

# ---- (e) no key given: the build generates a development key in the build tree and says so,
# the image trusts it and says so at every boot
if ! build e CONFIG_MANIFEST_SIGNING=y; then
	fail "development key: image builds" "$(tail -5 "$work/e.build.log")"
else
	dev=$out/keys/development
	check "development key: generated in the build tree, the private key mode 0600" \
		sh -c "test -s '$dev.pub' && test \"\$(stat -c %a '$dev.key')\" = 600"
	check "development key: the build says so loudly" \
		grep -q '^### No CONFIG_MANIFEST_SIGNING_KEY: generated a DEVELOPMENT key pair' "$work/e.build.log"
	check "development key: the signing line names it" \
		grep -q '^  SIGN    signed.zip  (with the DEVELOPMENT key .*/keys/development.key)' "$work/e.build.log"
	boot e e
	rc=$?
	log=$work/e.log
	check "development key: the boot says the system is signed with a development key" grep -q \
		"^rootserver: WARNING: signed with a development key (key $(key_id "$dev.pub")\.\.\., generated by the build)" "$log"
	check "development key: the signature verifies under it and hello runs, exit 0" sh -c \
		"grep -q '^rootserver: manifest: signature verified (Ed25519, key $(key_id "$dev.pub")' '$log' &&
		grep -q 'rootserver: app hello exited with status 0' '$log' && [ $rc -eq 0 ]"
	sum=$(cksum < "$dev.key")
	make -C "$srctree" O="$out" > "$work/e-again.build.log" 2>&1
	check "development key: a rebuild keeps the key and signs nothing again" sh -c \
		"[ \"\$(cksum < '$dev.key')\" = '$sum' ] && ! grep -qE '^  (KEYGEN|SIGN|GEN) ' '$work/e-again.build.log'"
	make -C "$srctree" O="$out" clean > /dev/null 2>&1
	check "development key: make clean keeps it (distclean removes it)" \
		sh -c "[ \"\$(cksum < '$dev.key')\" = '$sum' ] && test ! -e '$out/kauri.img'"
fi

# ---- (d) key files missing or wrong: the build stops early with a clear message
build d $(signed_by "$keys/nosuch.key" "$keys/a.pub")
rc=$?
log=$work/d.build.log
check "missing private key: the build fails" test $rc -ne 0
check "missing private key: names the option and the path" \
	grep -q "error: CONFIG_MANIFEST_SIGNING_KEY: $keys/nosuch.key not found" "$log"
check "missing private key: says how to make a key pair, or to use a development key" sh -c \
	"grep -q 'kauri-keys generate DIR/NAME' '$log' && grep -q 'leave CONFIG_MANIFEST_SIGNING_KEY empty' '$log'"
check "missing private key: fails before compiling anything" test -z "$(grep -E '^  (CC|AS) ' "$log")"

build d $(signed_by "$keys/a.key" "$keys/nosuch.pub")
rc=$?
check "missing public key: fails naming the option and the path" \
	sh -c "[ $rc -ne 0 ] && grep -q 'error: CONFIG_MANIFEST_PUBLIC_KEY: $keys/nosuch.pub not found' '$work/d.build.log'"

cp "$keys/a.key" "$keys/lone.key"
build d $(signed_by "$keys/lone.key" "")
rc=$?
check "no public key given and none beside the private key: fails naming the path it looked for" \
	sh -c "[ $rc -ne 0 ] && grep -q 'error: CONFIG_MANIFEST_PUBLIC_KEY: $keys/lone.pub not found' '$work/d.build.log'"

build d $(signed_by "$keys/a.key" "$keys/a.key")
rc=$?
check "private key given as the public key: fails saying what it is not" \
	sh -c "[ $rc -ne 0 ] && grep -q 'error: CONFIG_MANIFEST_PUBLIC_KEY: $keys/a.key: decodes to 48 bytes' '$work/d.build.log'"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
