# SPDX-License-Identifier: BSD-2-Clause
# Ed25519 interop with the host's OpenSSL 3: 1000 messages signed by each side, verified by the other.
. "$(dirname "$0")/lib.sh"

KEYS="$TOOLS/kauri-keys"
N=${INTEROP_MESSAGES:-1000}
cd "$WORK" || exit 1

# Keys from both sides: OpenSSL's genpkey and our generator, each read by the other.
openssl genpkey -algorithm ed25519 -out ossl.key 2>/dev/null
openssl pkey -in ossl.key -pubout -out ossl.pub
"$KEYS" generate kauri >/dev/null
check "kauri-keys reads an OpenSSL private key" "$KEYS" public ossl.key
check "OpenSSL reads a kauri-keys private key" openssl pkey -in kauri.key -noout
check "OpenSSL reads a kauri-keys public key" openssl pkey -pubin -in kauri.pub -noout
if [ "$(openssl pkey -in kauri.key -pubout)" = "$(cat kauri.pub)" ]; then
	pass "OpenSSL derives the same public key from our private key"
else
	fail "OpenSSL derives a different public key from our private key"
fi
if [ "$(stat -c %a kauri.key)" = 600 ]; then pass "private key is mode 0600"
else fail "private key mode is $(stat -c %a kauri.key)"; fi
cp kauri.key kauri.key.orig
check_error "generate refuses to overwrite a key" "kauri.key: already exists" "$KEYS" generate kauri
cmp -s kauri.key kauri.key.orig && pass "the refused run left the key untouched" || fail "key changed"
check "generate --force --type server replaces it" "$KEYS" generate --force --type server kauri
cmp -s kauri.key kauri.key.orig && fail "--force did not write a new key" || pass "--force wrote a new key"
[ "$(stat -c %a kauri.key)" = 600 ] && pass "a replaced private key is mode 0600 too" || fail "mode after --force"
[ "$("$KEYS" public kauri.key)" = "$(cat kauri.pub.b64)" ] && pass "kauri-keys public matches the .pub.b64 line" ||
	fail "public key line mismatch"

# A file the tool may not read still exists: generate must refuse before writing any of the set.
# Root reads every file, so as root the tool runs without CAP_DAC_OVERRIDE/CAP_DAC_READ_SEARCH.
printf 'not a key\n' > locked.pub
chmod 000 locked.pub
no_dac=
if [ "$(id -u)" -eq 0 ]; then
	no_dac="setpriv --bounding-set=-dac_override,-dac_read_search"
	$no_dac true 2>/dev/null || no_dac=none
fi
if [ "$no_dac" = none ]; then
	echo "NOTE unreadable-file refusal not tested: running as root and setpriv cannot drop CAP_DAC_OVERRIDE"
else
	check_error "generate refuses when an unreadable .pub exists" "locked.pub: already exists" \
		$no_dac "$KEYS" generate locked
	[ ! -e locked.key ] && [ ! -e locked.pub.b64 ] && pass "the refused run wrote no part of the key set" ||
		fail "the refused run left $(ls locked.key locked.pub.b64 2>/dev/null | tr '\n' ' ')behind"
fi

ossl_to_kauri=0 kauri_to_ossl=0 same_sig=0
i=0
while [ $i -lt "$N" ]; do
	# Lengths 1..4096: openssl pkeyutl -rawin cannot read an empty message (RFC TEST 1 covers it).
	len=$(( $(od -An -N2 -tu2 /dev/urandom) % 4096 + 1 ))
	head -c "$len" /dev/urandom > msg
	if [ $((i % 2)) -eq 0 ]; then key=ossl; else key=kauri; fi
	openssl pkeyutl -sign -rawin -inkey $key.key -in msg -out sig.ossl 2>/dev/null
	"$KEYS" sign $key.key msg sig.kauri 2>/dev/null
	"$KEYS" verify $key.pub msg sig.ossl >/dev/null 2>&1 && ossl_to_kauri=$((ossl_to_kauri + 1))
	openssl pkeyutl -verify -rawin -pubin -inkey $key.pub -in msg -sigfile sig.kauri \
		>/dev/null 2>&1 && kauri_to_ossl=$((kauri_to_ossl + 1))
	cmp -s sig.ossl sig.kauri && same_sig=$((same_sig + 1))
	i=$((i + 1))
done
[ $ossl_to_kauri -eq "$N" ] && pass "kauri verifies $N OpenSSL signatures" ||
	fail "kauri verified only $ossl_to_kauri of $N OpenSSL signatures"
[ $kauri_to_ossl -eq "$N" ] && pass "OpenSSL verifies $N kauri signatures" ||
	fail "OpenSSL verified only $kauri_to_ossl of $N kauri signatures"
[ $same_sig -eq "$N" ] && pass "$N signatures byte-identical to OpenSSL's" ||
	fail "only $same_sig of $N signatures identical to OpenSSL's"

# Each side rejects a tampered signature and a wrong key.
head -c 100 /dev/urandom > msg
"$KEYS" sign kauri.key msg sig
cp sig sig.bad
flip_byte sig.bad 40
check_error "kauri rejects a flipped signature byte" "rejected" "$KEYS" verify kauri.pub msg sig.bad
if openssl pkeyutl -verify -rawin -pubin -inkey kauri.pub -in msg -sigfile sig.bad >/dev/null 2>&1
then fail "OpenSSL accepted a flipped signature"; else pass "OpenSSL rejects the same flipped signature"; fi
check_error "kauri rejects the wrong key" "does not verify" "$KEYS" verify ossl.pub msg sig
check "the base64 public key line verifies too" "$KEYS" verify kauri.pub.b64 msg sig

summary
