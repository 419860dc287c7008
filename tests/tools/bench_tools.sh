# SPDX-License-Identifier: BSD-2-Clause
# Host-tool benchmarks: Ed25519 sign/verify per second beside `openssl speed ed25519`, and package
# build throughput for a 50 MiB release. Prints a table; never fails on a time.
: "${TOOLS:?TOOLS must point at the built host tools}"
: "${SRCTREE:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${WORK:=$(mktemp -d)}"
: "${BENCH_MIB:=50}"
mkdir -p "$WORK" && cd "$WORK" || exit 1

set -- $("$TOOLS/bench_ed25519" 3000) || exit 1
k_sign=$1 k_verify=$2
set -- $(openssl speed -seconds 3 ed25519 2>/dev/null | awk '/Ed25519/ { print $(NF-1), $NF }')
o_sign=${1:-0} o_verify=${2:-0}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
echo "| Ed25519 (64-byte messages) | Kauri ops/s | OpenSSL ops/s | Kauri / OpenSSL |"
echo "| --- | --- | --- | --- |"
echo "| sign | $k_sign | $o_sign | $(ratio "$k_sign" "$o_sign") |"
echo "| verify | $k_verify | $o_verify | $(ratio "$k_verify" "$o_verify") |"
echo

# A release of BENCH_MIB MiB: half random (incompressible), half text-like (compressible).
dtc -q -I dts -O dtb -o manifest.dtb "$SRCTREE/tests/tools/data/manifest.dts"
half=$((BENCH_MIB * 1024 * 1024 / 2))
head -c $half /dev/urandom > hello
yes "weatherstation reading 21.5C 1013hPa" | head -c $half > weatherstation
"$TOOLS/kauri-keys" generate --force bench >/dev/null
t() { s=$(date +%s.%N); "$@" >/dev/null || exit 1; e=$(date +%s.%N); awk -v s="$s" -v e="$e" 'BEGIN { printf "%.2f", e - s }'; }
t_release=$(t "$TOOLS/kauri-release" --force -o pkg.zip manifest.dtb hello weatherstation)
t_sign=$(t "$TOOLS/kauri-sign" --force --key bench.key --apply-props -o signed.zip pkg.zip)
t_verify=$(t "$TOOLS/kauri-verify" --key bench.pub signed.zip)
t_bootfs=$(t "$TOOLS/kauri-bootfs" create --force -o boot.img signed.zip)
mibs() { awk -v s="$1" -v m="$BENCH_MIB" 'BEGIN { if (s > 0) printf "%.1f", m / s; else print "n/a" }'; }
echo "| $BENCH_MIB MiB release | seconds | MiB/s |"
echo "| --- | --- | --- |"
echo "| kauri-release (deflate level 9) | $t_release | $(mibs "$t_release") |"
echo "| kauri-sign --apply-props | $t_sign | $(mibs "$t_sign") |"
echo "| kauri-verify | $t_verify | $(mibs "$t_verify") |"
echo "| kauri-bootfs create | $t_bootfs | $(mibs "$t_bootfs") |"
echo "package: $(stat -c %s signed.zip) bytes, bootfs: $(stat -c %s boot.img) bytes"
