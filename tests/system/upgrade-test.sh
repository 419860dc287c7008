#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Upgrades on the device (docs/upgrades.md), on QEMU's SD card: release 1 (the board's manifest
# with the admin service) boots from slot A; release 2, signed with the device's key and put into
# the upgrade inbox with kauri-card, is verified, written to slot B, read back, put on trial, and
# the board reset into it; its self test passes and the admin commits it. Tampered, wrong-key,
# unsigned and older packages are refused with nothing written. Release 3, whose watched app
# faults, is not committed: the board goes back to release 2, which says why. Then power cuts:
# QEMU killed at each step of an install and of a commit, and booted again.
#
# Usage: tests/system/upgrade-test.sh WORKDIR
set -u

. "$(dirname "$0")/lib.sh"
work_dir "${1:?usage: upgrade-test.sh WORKDIR}"
export PATH=$PATH:/usr/sbin:/sbin	# sfdisk

v1=$work/v1 v2=$work/v2 v3=$work/v3 v4=$work/v4 v5=$work/v5 v6=$work/v6 v7=$work/v7
# The watchdog of a trial boot: 8 s (release 4 hangs three trial boots).
config="CONFIG_SDMMC=y CONFIG_ADMIN=y CONFIG_ADMIN_TRIAL_WATCHDOG=8"
echo "  BUILD   qemu_arm_virt with the admin service: releases 1 to 7 (tests/system/manifests/upgrade-*.dts)"
built=1
# shellcheck disable=SC2086 # the CONFIG_ lines are words
for pair in "$v1:upgrade-v1" "$v2:upgrade-v2" "$v3:upgrade-v3-unhealthy" "$v4:upgrade-v4-hang" "$v5:upgrade-v5-rotate" "$v6:upgrade-v6-rotate" \
	"$v7:upgrade-v7-self-test-fails"; do
	build_image "${pair%%:*}.build.log" "${pair%%:*}" qemu_arm_virt "tests/system/manifests/${pair#*:}.dts" $config ||
		{ fail "${pair#*:} builds" "see ${pair%%:*}.build.log"; built=0; }
done
[ "$built" = 1 ] || { echo "$passed passed, $failed failed"; exit 1; }
tools=$v1/tools
# A release of OBJ signed with release 1's (the device's) key: its package PKG.
sign_for_device() {
	"$tools/kauri-sign" --key "$v1/keys/development.key" --apply-props -o "$work/$2.zip" --force "$1/release.zip" &&
		"$tools/kauri-bootfs" create -o "$work/$2.img" --force "$work/$2.zip"
} >> "$work/sign.log" 2>&1
check "releases 2, 3, 4 and 7 sign with the device's key into packages" sh -c "$(declare -f sign_for_device);
	tools='$tools' v1='$v1' work='$work'; sign_for_device '$v2' v2 && sign_for_device '$v3' v3 && sign_for_device '$v4' v4 &&
	sign_for_device '$v7' v7"
"$tools/kauri-bootfs" create -o "$work/unsigned.img" --force "$v2/release.zip" > /dev/null 2>&1

card=$work/card.img
check "make sdcard: release 1 in both slots, slot A active" sh -c "make -C '$srctree' O='$v1' sdcard > '$work/sdcard.log' 2>&1 &&
	cp '$v1/sdcard.img' '$card'"

read -r a_start a_size <<< "$(part "$card" kauri_a)"
read -r b_start b_size <<< "$(part "$card" kauri_b)"
read -r state_start _ <<< "$(part "$card" kauri_state)"
state_of() { "$tools/kauri-card" state-show "$1" --offset $((state_start * 512)); }
inbox_of() { "$tools/kauri-card" inbox-show "$1"; }
# A digest of slot SLOT (a or b) of CARD.
slot_sum() {
	local start=$a_start size=$a_size
	[ "$2" = b ] && start=$b_start size=$b_size
	dd if="$1" bs=512 skip="$start" count="$size" status=none | sha256sum | cut -d' ' -f1
}

# One boot of CARD until the admin service has ended, the board reset or 90 s; console to NAME.log.
admin_done() {
	grep -aq 'admin: serving kos_admin_protocol\|rootserver: app admin exited\|rootserver: app admin resets the board\|boot stopped\|the watchdog was not petted' "$1"
}
boot() {
	qemu_until "$work/$1.log" 90 admin_done -device sdhci-pci -drive "if=none,id=card0,file=$2,format=raw" \
		-device sd-card,drive=card0 -kernel "$v1/kauri.img"
	sleep 0.5	# the reset's last lines
}
has() { grep -aq -- "$2" "$work/$1.log"; }

# ---- release 1 running, nothing in the inbox
boot v1 "$card"
check "release 1 boots from slot A; admin says what runs" \
	sh -c "grep -aq 'rootserver: booting the release in card slot A' '$work/v1.log' &&
		grep -aq 'admin: running release version 1 from slot A; overlay: none; last trial: none' '$work/v1.log' &&
		grep -aq 'admin: serving kos_admin_protocol' '$work/v1.log'"

# ---- refusals: nothing written, the inbox says why
# NAME CARD PACKAGE WHAT OUTCOME: PACKAGE put into a copy of CARD's inbox is refused, the admin
# saying WHAT and the inbox OUTCOME, and neither slot changes.
refused() {
	local copy=$work/$1.card a b
	a=$(slot_sum "$2" a) b=$(slot_sum "$2" b)
	cp "$2" "$copy" && "$tools/kauri-card" inbox-put "$copy" "$3" > /dev/null && boot "$1" "$copy"
	check "$1: refused ($4), nothing written, no reset" sh -c "grep -aq -- '$4' '$work/$1.log' &&
		grep -aq 'admin: upgrade refused: .*; nothing was written' '$work/$1.log' &&
		[ '$(slot_sum "$copy" a)' = '$a' ] && [ '$(slot_sum "$copy" b)' = '$b' ] && ! grep -aq 'resets the board' '$work/$1.log'"
	check "$1: the inbox says why ($5)" sh -c "'$tools/kauri-card' inbox-show '$copy' | grep -q -- '$5'"
}
cp "$work/v2.img" "$work/tampered.img"
printf '\125' | dd of="$work/tampered.img" bs=1 seek=$(( $(stat -c %s "$work/tampered.img") - 100 )) conv=notrunc status=none
refused tampered "$card" "$work/tampered.img" 'admin: upgrade: the package is not a valid release image' \
	'refused: not a valid release image'
refused wrong_key "$card" "$v2/bootfs.img" 'admin: upgrade: signature: manifest.dtb.sig does not verify' 'refused: its signature does not verify'
{ cat "$work/v2.img"; head -c $((4 * 1048576)) /dev/zero; } > "$work/too_large.img"
refused too_large "$card" "$work/too_large.img" 'admin: upgrade: a package of [0-9]* bytes does not fit (slot: [0-9]* bytes, the admin.s memory: 4194304)' \
	'refused: too large'
refused unsigned "$card" "$work/unsigned.img" 'admin: upgrade: signature: a signature is required but there is no manifest.dtb.sig' \
	'refused: its signature does not verify'

# ---- release 2: installed into slot B, on trial, committed
cp "$card" "$work/up.img"
check "kauri-card inbox-put puts release 2 into the inbox" sh -c "'$tools/kauri-card' inbox-put '$work/up.img' '$work/v2.img' > /dev/null &&
	'$tools/kauri-card' inbox-show '$work/up.img' | grep -q 'inbox: a package of [0-9]* bytes, pending'"
boot install "$work/up.img"
check "the admin verifies it against the running manifest's key, writes slot B, reads it back, puts it on trial, resets" \
	sh -c "grep -aq 'admin: upgrade: package of [0-9]* bytes verified: signature, [0-9]* files, release version 2' '$work/install.log' &&
		grep -aq 'admin: upgrade: slot B written and read back equal; on trial for 3 boots' '$work/install.log' &&
		grep -aq 'rootserver: app admin resets the board' '$work/install.log'"
check "slot B holds release 2's package, slot A release 1's" bash -c "
	cmp -s -n $(stat -c %s "$work/v2.img") <(tail -c +$((b_start * 512 + 1)) '$work/up.img') '$work/v2.img' &&
	cmp -s -n $(stat -c %s "$v1/bootfs.img") <(tail -c +$((a_start * 512 + 1)) '$work/up.img') '$v1/bootfs.img'"
check "the card: slot B on trial (3 boots), the inbox: installed" sh -c "
	'$tools/kauri-card' state-show '$work/up.img' --offset $((state_start * 512)) | grep -q 'trial slot B, 3 boots left' &&
	'$tools/kauri-card' inbox-show '$work/up.img' | grep -q 'installed, booting on trial (slot B)'"
# The trial boot runs on for 11 s after the admin ends: longer than the 10 s the admin pets the
# watchdog for, and the 8 s the root server armed it with; the commit disarmed it.
# commit disarmed.
admin_ended_11s=
admin_then_9s() {
	if [ -z "$admin_ended_11s" ]; then
		admin_done "$1" || return 1
		admin_ended_11s=$(date +%s)
	fi
	[ $(($(date +%s) - admin_ended_11s)) -ge 11 ]
}
qemu_until "$work/trial.log" 120 admin_then_9s -device sdhci-pci -drive "if=none,id=card0,file=$work/up.img,format=raw" \
	-device sd-card,drive=card0 -kernel "$v1/kauri.img"
check "the next boot takes one of slot B's trial boots and boots release 2" \
	sh -c "grep -aq 'rootserver: card: slot B is on trial: this boot takes one of its budget (2 left)' '$work/trial.log' &&
		grep -aq 'rootserver: booting the release in card slot B' '$work/trial.log' && grep -aq 'argv\[1\] = release_2' '$work/trial.log'"
check "its self test passes and the admin commits slot B" \
	sh -c "grep -aq 'self_test: \([0-9]*\) of \1 checks passed' '$work/trial.log' &&
		grep -aq 'admin: running release version 2 from slot B (on trial)' '$work/trial.log' &&
		grep -aq 'admin: slot B committed: release version 2 is the active release' '$work/trial.log'"
check "kos_admin_protocol: a connecting app is told slot B, committed, version 2, the inbox's package installed" \
	sh -c "grep -aq 'admin_probe: status: slot B, on trial 0, release version 2, highest installed 2, last trial 1 of slot B, inbox outcome 1, overlay 00000000' '$work/trial.log' &&
		grep -aq 'admin_probe: request 99: label 1' '$work/trial.log'"
check "the card: slot B active, release version 2, last trial committed" sh -c "
	'$tools/kauri-card' state-show '$work/up.img' --offset $((state_start * 512)) > '$work/committed.state' &&
	grep -q 'active slot B' '$work/committed.state' && grep -q 'release version 2' '$work/committed.state' &&
	grep -q 'trial none' '$work/committed.state' && grep -q 'last trial slot B: committed' '$work/committed.state'"
boot after "$work/up.img"
check "and boots release 2 from then on, not on trial" sh -c "grep -aq 'rootserver: booting the release in card slot B' '$work/after.log' &&
	grep -aq 'admin: running release version 2 from slot B; overlay: none; last trial: committed, slot B' '$work/after.log'"

# ---- overlays on release 2: hello's arguments (its variables allow them), signed with the device's
# key; refused when they touch more, or are signed with another key; a damaged stored overlay is
# not applied; an empty one removes it
for o in overlay overlay-again overlay-forbidden overlay-remove; do
	dtc -@ -q -I dts -O dtb -o "$work/$o.dtbo" "$srctree/tests/system/manifests/upgrade-$o.dts" &&
		"$tools/kauri-overlay" package "$work/$o.dtbo" --key "$v1/keys/development.key" -o "$work/$o.pkg" --force > /dev/null
done
"$tools/kauri-overlay" package "$work/overlay.dtbo" --key "$v2/keys/development.key" -o "$work/overlay-wrong-key.pkg" --force > /dev/null
check "kauri-overlay check-package (the device's check) allows the overlay on release 2 and refuses the forbidden one" \
	sh -c "'$tools/kauri-bootfs' extract '$work/v2.img' manifest.dtb -o '$work/v2.dtb' --force > /dev/null &&
		'$tools/kauri-overlay' check-package '$work/v2.dtb' '$work/overlay.pkg' | grep -q 'overlay [0-9a-f]\{8\} allowed' &&
		! '$tools/kauri-overlay' check-package '$work/v2.dtb' '$work/overlay-forbidden.pkg' 2> '$work/forbidden.err' &&
		grep -q '/apps/hello/binary' '$work/forbidden.err'"
ov_id=$("$tools/kauri-overlay" check-package "$work/v2.dtb" "$work/overlay.pkg" 2> /dev/null | sed -n 's/.*overlay \([0-9a-f]\{8\}\) allowed.*/\1/p')
cp "$work/up.img" "$work/ov.card"
"$tools/kauri-card" inbox-put "$work/ov.card" "$work/overlay.pkg" > /dev/null
boot ov_install "$work/ov.card"
check "an overlay package in the inbox: verified against release 2's manifest, stored, the board reset" \
	sh -c "grep -aq 'admin: overlay $ov_id verified and stored (area 1); the next boot applies it' '$work/ov_install.log' &&
		grep -aq 'rootserver: app admin resets the board' '$work/ov_install.log' &&
		'$tools/kauri-card' state-show '$work/ov.card' --offset $((state_start * 512)) | grep -q 'overlay in area 1'"
boot ov_boot "$work/ov.card"
check "the next boot applies it: hello runs with the overlay's argument, the admin reports it (status line, kos_admin_protocol)" \
	sh -c "grep -aq 'rootserver: overlay $ov_id applied to the manifest' '$work/ov_boot.log' && grep -aq 'argv\[1\] = overlaid' '$work/ov_boot.log' &&
		grep -aq 'admin_probe: status: slot B, .* inbox outcome 10, overlay $ov_id' '$work/ov_boot.log' &&
		grep -aq 'admin: running release version 2 from slot B; overlay: $ov_id; last trial: committed, slot B' '$work/ov_boot.log'"
overlay_refused() {	# NAME PACKAGE WHAT
	cp "$work/ov.card" "$work/$1.card" && "$tools/kauri-card" inbox-put "$work/$1.card" "$2" > /dev/null && boot "$1" "$work/$1.card"
	check "$1: refused ($3), the active overlay kept" sh -c "grep -aq -- '$3' '$work/$1.log' &&
		grep -aq 'admin: overlay refused: .*nothing was written' '$work/$1.log' && ! grep -aq 'resets the board' '$work/$1.log' &&
		'$tools/kauri-card' state-show '$work/$1.card' --offset $((state_start * 512)) | grep -q 'overlay in area 1' &&
		'$tools/kauri-card' inbox-show '$work/$1.card' | grep -q 'refused: the overlay'"
}
overlay_refused ov_forbidden "$work/overlay-forbidden.pkg" 'admin: overlay refused: /apps/hello/binary'
overlay_refused ov_wrong_key "$work/overlay-wrong-key.pkg" 'admin: overlay refused: .*does not verify'
cp "$work/ov.card" "$work/ov_damaged.card"
printf '\125' | dd of="$work/ov_damaged.card" bs=1 seek=$((state_start * 512 + 65536 + 4096 + 40)) conv=notrunc status=none
boot ov_damaged "$work/ov_damaged.card"
check "a damaged stored overlay: the root server refuses it and boots release 2 as signed" \
	sh -c "grep -aq 'rootserver: overlay refused: .*booting without it' '$work/ov_damaged.log' && grep -aq 'argv\[1\] = release_2' '$work/ov_damaged.log' &&
		grep -aq 'admin: running release version 2 from slot B; overlay: none' '$work/ov_damaged.log'"
"$tools/kauri-card" inbox-put "$work/ov.card" "$work/overlay-again.pkg" > /dev/null
boot ov_again "$work/ov.card"
boot ov_again_boot "$work/ov.card"
check "a second overlay replaces the first: stored in the other area, applied at the next boot" \
	sh -c "grep -aq 'admin: overlay [0-9a-f]* verified and stored (area 2)' '$work/ov_again.log' &&
		grep -aq 'argv\[1\] = overlaid_again' '$work/ov_again_boot.log' &&
		'$tools/kauri-card' state-show '$work/ov.card' --offset $((state_start * 512)) | grep -q 'overlay in area 2'"
"$tools/kauri-card" inbox-put "$work/ov.card" "$work/overlay-remove.pkg" > /dev/null
boot ov_remove "$work/ov.card"
boot ov_removed "$work/ov.card"
check "an empty overlay removes it: the next boot runs release 2 as signed" \
	sh -c "grep -aq 'admin: overlay: removed; the next boot applies none' '$work/ov_remove.log' &&
		grep -aq 'argv\[1\] = release_2' '$work/ov_removed.log' && ! grep -aq 'rootserver: overlay' '$work/ov_removed.log' &&
		grep -aq 'admin: running release version 2 from slot B; overlay: none' '$work/ov_removed.log'"

# ---- anti-rollback: release 1 again
refused older "$work/up.img" "$v1/bootfs.img" 'admin: upgrade: release version 1 is not newer than 2' \
	'refused: its release version is not newer'

# ---- release 3: its watched app faults; not committed, release 2 boots again and says why
cp "$work/up.img" "$work/bad.img"
"$tools/kauri-card" inbox-put "$work/bad.img" "$work/v3.img" > /dev/null
boot bad_install "$work/bad.img"
check "release 3 installs into slot A (the slot not running) and goes on trial" \
	sh -c "grep -aq 'admin: upgrade: slot A written and read back equal; on trial for 3 boots' '$work/bad_install.log'"
boot bad_trial "$work/bad.img"
check "on its trial boot crasher faults: the admin ends the trial and resets into slot B" \
	sh -c "grep -aq 'argv\[1\] = release_3' '$work/bad_trial.log' && grep -aq 'admin: health: app crasher faulted' '$work/bad_trial.log' &&
		grep -aq 'admin: slot A.s trial failed: resetting into slot B' '$work/bad_trial.log' &&
		grep -aq 'rootserver: app admin resets the board' '$work/bad_trial.log'"
boot bad_after "$work/bad.img"
check "release 2 boots again, and says how release 3's trial ended" \
	sh -c "grep -aq 'rootserver: booting the release in card slot B' '$work/bad_after.log' && grep -aq 'argv\[1\] = release_2' '$work/bad_after.log' &&
		grep -aq 'admin: running release version 2 from slot B; overlay: none; last trial: an app the admin service watches failed or did not end in time, slot A' '$work/bad_after.log'"
check "the card: slot B active, version 2 kept" sh -c "
	'$tools/kauri-card' state-show '$work/bad.img' --offset $((state_start * 512)) > '$work/bad.state' &&
	grep -q 'active slot B' '$work/bad.state' && grep -q 'release version 2' '$work/bad.state' &&
	grep -q 'last trial slot A: an app the admin service watches failed' '$work/bad.state'"

# ---- release 7: its self test fails (a check refused); not committed, release 2 boots again
cp "$work/up.img" "$work/self_test.card"
"$tools/kauri-card" inbox-put "$work/self_test.card" "$work/v7.img" > /dev/null
boot st_install "$work/self_test.card"
boot st_trial "$work/self_test.card"
boot st_after "$work/self_test.card"
check "release 7, whose self test fails, is installed to slot A; on its trial boot the admin ends the trial and resets" \
	sh -c "grep -aq 'admin: upgrade: slot A written and read back equal' '$work/st_install.log' &&
		grep -aq 'argv\[1\] = release_7' '$work/st_trial.log' && grep -aq 'self_test: FAIL' '$work/st_trial.log' &&
		grep -aq 'admin: health: app self_test exited with status 1' '$work/st_trial.log' &&
		grep -aq 'admin: slot A.s trial failed: resetting into slot B' '$work/st_trial.log'"
check "release 2 boots again and says release 7's trial failed" \
	sh -c "grep -aq 'argv\[1\] = release_2' '$work/st_after.log' &&
		grep -aq 'admin: running release version 2 from slot B; overlay: none; last trial: an app the admin service watches failed or did not end in time, slot A' '$work/st_after.log'"

# ---- release 4: its trial boots hang (hog starves the admin); the watchdog resets each, the
# budget runs out, release 2 boots again
cp "$work/bad.img" "$work/hang.img"
"$tools/kauri-card" inbox-put "$work/hang.img" "$work/v4.img" > /dev/null
boot hang_install "$work/hang.img"
check "release 4 installs into slot A and goes on trial" \
	sh -c "grep -aq 'admin: upgrade: slot A written and read back equal; on trial for 3 boots' '$work/hang_install.log'"
for n in 1 2 3; do
	boot "hang$n" "$work/hang.img"
	check_log "its trial boot $n: the watchdog armed, hog starves the admin, the kernel resets the board" "$work/hang$n.log" \
		"rootserver: card: slot A is on trial: this boot takes one of its budget ($((3 - n)) left)" \
		'rootserver: trial boot: the watchdog resets the board unless the admin service pets it within 8 s' \
		'hog: spinning for ever' '!admin: running' 'kernel: the watchdog was not petted in time: resetting the machine'
done
boot hang_after "$work/hang.img"
check "the budget spent: release 2 boots again and says how release 4's trial ended" \
	sh -c "grep -aq 'rootserver: card: slot A.s trial is over: boot budget spent without a commit; slot B boots' '$work/hang_after.log' &&
		grep -aq 'argv\[1\] = release_2' '$work/hang_after.log' &&
		grep -aq 'admin: running release version 2 from slot B; overlay: none; last trial: boot budget spent without a commit, slot A' '$work/hang_after.log'"
check "a normal trial boot's watchdog is petted, then disarmed at the commit: 11 s on, the board was not reset" \
	sh -c "grep -aq 'rootserver: trial boot: the watchdog resets' '$work/trial.log' && ! grep -aq 'watchdog was not petted' '$work/trial.log' &&
		! grep -aq 'reset the machine' '$work/trial.log' && [ -n '$admin_ended_11s' ]"

# ---- key rotation: release 5, signed with the device's key, names a new key; release 6 is signed
# with that key only, and boots through slot B's trust chain (release 5's manifest, which the
# admin put there), which the root server follows from its compiled-in key
"$tools/kauri-keys" generate "$work/rotated" > /dev/null 2>&1
check "release 5 signs with the device's key naming a new one; release 6 with the new key alone" sh -c "
	'$tools/kauri-sign' --key '$v1/keys/development.key' --apply-props --public-key '$work/rotated.pub' -o '$work/v5.zip' --force '$v5/release.zip' &&
	'$tools/kauri-bootfs' create -o '$work/v5.img' --force '$work/v5.zip' &&
	'$tools/kauri-sign' --key '$work/rotated.key' --apply-props -o '$work/v6.zip' --force '$v6/release.zip' &&
	'$tools/kauri-bootfs' create -o '$work/v6.img' --force '$work/v6.zip'" >> "$work/sign.log" 2>&1
cp "$work/up.img" "$work/rot.card"
"$tools/kauri-card" inbox-put "$work/rot.card" "$work/v5.img" > /dev/null
boot rot5_install "$work/rot.card"
boot rot5_trial "$work/rot.card"
check "release 5 (the rotation) installs into slot A, its manifest starting the slot's trust chain, and commits" \
	sh -c "grep -aq 'admin: upgrade: the release rotates the signing key: its manifest joins the slot.s trust chain' '$work/rot5_install.log' &&
		grep -aq 'argv\[1\] = release_5' '$work/rot5_trial.log' && grep -aq 'admin: slot A committed: release version 5' '$work/rot5_trial.log'"
cp "$work/rot.card" "$work/rot_refused.card"
"$tools/kauri-card" inbox-put "$work/rot_refused.card" "$work/v2.img" > /dev/null
"$tools/kauri-card" inbox-put "$work/rot.card" "$work/v6.img" > /dev/null
boot rot6_install "$work/rot.card"
boot rot6_trial "$work/rot.card"
check "release 6, signed with the new key alone: the admin checks it under release 5's key and installs it into slot B" \
	sh -c "grep -aq 'admin: upgrade: package of [0-9]* bytes verified: signature, [0-9]* files, release version 6' '$work/rot6_install.log' &&
		grep -aq 'admin: upgrade: slot B written and read back equal' '$work/rot6_install.log'"
check "... and the root server boots it through the trust chain (the compiled-in key, then one rotation); committed" \
	sh -c "grep -aq 'rootserver: manifest: signature verified (Ed25519, key [0-9a-f]*\.\.\. and 1 key rotation)' '$work/rot6_trial.log' &&
		grep -aq 'rootserver: booting the release in card slot B' '$work/rot6_trial.log' && grep -aq 'argv\[1\] = release_6' '$work/rot6_trial.log' &&
		grep -aq 'admin: slot B committed: release version 6' '$work/rot6_trial.log'"
boot rot_old_key "$work/rot_refused.card"
check "after the rotation a package signed with the old key is refused" \
	sh -c "grep -aq 'admin: upgrade: signature: manifest.dtb.sig does not verify' '$work/rot_old_key.log'"
read -r rot_b_start _ <<< "$(part "$work/rot.card" kauri_b)"
cp "$work/rot.card" "$work/rot_nochain.card"
dd if=/dev/zero of="$work/rot_nochain.card" bs=512 seek=$((rot_b_start + ($(stat -c %s "$work/v6.img") + 4095) / 4096 * 8)) count=8 conv=notrunc status=none
boot rot_nochain "$work/rot_nochain.card"
check "release 6 without its trust chain does not boot: refused under the compiled-in key, slot A (release 5) boots" \
	sh -c "grep -aq 'rootserver: manifest: signature: manifest.dtb.sig does not verify' '$work/rot_nochain.log' &&
		grep -aq 'rootserver: booting the release in card slot A' '$work/rot_nochain.log' && grep -aq 'argv\[1\] = release_5' '$work/rot_nochain.log'"

# ---- power cuts. Each case is the card as a cut at one step of an install or a commit leaves it
# (made with dd, so the step is exact), booted until it settles; it must boot a valid signed
# release every time (release 1 before the commit, 2 after), and end with release 2 committed:
# the upgrade still goes through. Then QEMU itself killed at moments into an install.
pkg_blocks=$(( ($(stat -c %s "$work/v2.img") + 511) / 512 ))
# NAME: a copy of the card with release 2 pending in its inbox (release 1 in both slots, A active).
pending() {
	cp "$card" "$work/$1.card" && "$tools/kauri-card" inbox-put "$work/$1.card" "$work/v2.img" > /dev/null
}
# CARD BLOCKS: the first BLOCKS blocks of release 2's package written to slot B.
write_b() { dd if="$work/v2.img" of="$1" bs=512 seek="$b_start" count="$2" conv=notrunc status=none; }
# CARD ARGS...: the state area replaced by kauri-card state-init ARGS (copy 0, sequence 1).
set_state() {
	"$tools/kauri-card" state-init -o "$work/state.bin" --force "${@:2}" > /dev/null &&
		dd if="$work/state.bin" of="$1" bs=512 seek="$state_start" conv=notrunc status=none
}
# CARD ARGS...: copy 1 of the state area torn: the first 40 bytes of the record ARGS make.
tear_copy1() {
	"$tools/kauri-card" state-init -o "$work/torn.bin" --force "${@:2}" > /dev/null &&
		dd if="$work/torn.bin" of="$1" bs=1 count=40 seek=$((state_start * 512 + 4096)) conv=notrunc status=none
}
# NAME: boots NAME.card up to 6 times, until a boot's admin says release 2 runs committed from
# slot B; each boot's log NAME.N.log. Fails (saying which) if a boot stops or runs no release.
settle() {
	local n=1 log
	while [ "$n" -le 6 ]; do
		boot "$1.$n" "$work/$1.card"
		log=$work/$1.$n.log
		if ! grep -aq 'rootserver: booting the release in card slot [AB]' "$log" ||
			! grep -aq 'self_test: \([0-9]*\) of \1 checks passed' "$log"; then
			echo "    $1: boot $n did not boot a release from the card that passed its self test" >&2
			return 1
		fi
		if grep -aq 'admin: running release version 2 from slot B; overlay: none; last trial: committed, slot B' "$log"; then
			echo "    $1: release 2 committed and running after $n boots" >&2
			return 0
		fi
		n=$((n + 1))
	done
	echo "    $1: release 2 not committed after 6 boots" >&2
	return 1
}
# NAME WHAT: the case NAME.card (made by the caller) settles: check WHAT.
cut() { check "power cut $2: a valid release boots each time, release 2 is committed in the end" settle "$1"; }

pending cut_before
cut cut_before "before the slot is written"
for k in 1 $((pkg_blocks / 2)) $((pkg_blocks - 1)); do
	pending "cut_mid$k" && write_b "$work/cut_mid$k.card" "$k"
	cut "cut_mid$k" "mid write, $k of $pkg_blocks blocks in slot B"
done
check "... the first of those boots ran release 1 from slot A (the half-written slot never boots)" \
	sh -c "grep -aq 'rootserver: booting the release in card slot A' '$work/cut_mid1.1.log' &&
		grep -aq 'admin: running release version 1 from slot A' '$work/cut_mid1.1.log'"
pending cut_written && write_b "$work/cut_written.card" "$pkg_blocks"
cut cut_written "after the write, before the trial mark"
pending cut_torn_mark && write_b "$work/cut_torn_mark.card" "$pkg_blocks" &&
	tear_copy1 "$work/cut_torn_mark.card" --active A --trial B --budget 3
cut cut_torn_mark "during the trial mark (the new copy torn)"
check "... read back as the other copy: no trial, release 1" \
	sh -c "grep -aq 'rootserver: card: state: slot A active (sequence 1, copy 0)' '$work/cut_torn_mark.1.log' &&
		! grep -aq 'is on trial' '$work/cut_torn_mark.1.log'"
pending cut_marked && write_b "$work/cut_marked.card" "$pkg_blocks" && set_state "$work/cut_marked.card" --active A --trial B --budget 3
cut cut_marked "after the trial mark, before the inbox says installed"
check "... the trial boot's admin finds the package is the running release and marks it installed" \
	sh -c "grep -aq 'admin: upgrade inbox: the package is the running release: already installed' '$work/cut_marked.1.log' &&
		'$tools/kauri-card' inbox-show '$work/cut_marked.card' | grep -q 'installed, booting on trial (slot B)'"
cp "$card" "$work/cut_trial_boot.card" && write_b "$work/cut_trial_boot.card" "$pkg_blocks" &&
	set_state "$work/cut_trial_boot.card" --active A --trial B --budget 2
cut cut_trial_boot "during a trial boot, before the commit (one boot of the budget taken)"
cp "$card" "$work/cut_commit.card" && write_b "$work/cut_commit.card" "$pkg_blocks" &&
	set_state "$work/cut_commit.card" --active A --trial B --budget 2 &&
	tear_copy1 "$work/cut_commit.card" --active B --release-version 2
cut cut_commit "during the commit (the new copy torn)"
check "... the torn commit is read as the trial still on, and committed again" \
	sh -c "grep -aq 'rootserver: card: slot B is on trial: this boot takes one of its budget (1 left)' '$work/cut_commit.1.log' &&
		grep -aq 'admin: slot B committed' '$work/cut_commit.1.log'"
# The last trial boot cut (QEMU killed once the root server has taken the boot): 0 boots left.
cp "$card" "$work/cut_spent.card" && write_b "$work/cut_spent.card" "$pkg_blocks" &&
	set_state "$work/cut_spent.card" --active A --trial B --budget 1 &&
	"$tools/kauri-card" inbox-put "$work/cut_spent.card" "$work/v2.img" > /dev/null
took_last() { grep -aq 'slot B is on trial: this boot takes one of its budget (0 left)' "$1"; }
qemu_until "$work/cut_spent.0.log" 90 took_last -device sdhci-pci -drive "if=none,id=card0,file=$work/cut_spent.card,format=raw" \
	-device sd-card,drive=card0 -kernel "$v1/kauri.img"
check "the last trial boot cut before its commit: the card says slot B on trial, 0 boots left" \
	sh -c "'$tools/kauri-card' state-show '$work/cut_spent.card' --offset $((state_start * 512)) | grep -q 'trial slot B, 0 boots left'"
cut cut_spent "on every trial boot until the budget is spent (then the package put in again)"
check "... the spent trial boots release 1 and says so, and the package installs again" \
	sh -c "grep -aq 'slot B.s trial is over: boot budget spent without a commit; slot A boots' '$work/cut_spent.1.log' &&
		grep -aq 'admin: running release version 1 from slot A; overlay: none; last trial: boot budget spent without a commit, slot B' '$work/cut_spent.1.log' &&
		grep -aq 'admin: upgrade: slot B written and read back equal' '$work/cut_spent.1.log'"

# QEMU killed DELAY seconds after the admin said a package waits: wherever that lands (reading,
# checking, writing, reading back, marking), the card settles as above.
cut_started=
killed_after() {
	if [ -z "$cut_started" ]; then
		grep -aq 'admin: upgrade inbox: a package of' "$1" || return 1
		cut_started=$(date +%s%N)
	fi
	[ $(( ($(date +%s%N) - cut_started) / 1000000 )) -ge "$kill_ms" ]
}
for kill_ms in 0 150 300 450 600; do
	pending "kill$kill_ms"
	cut_started=
	qemu_until "$work/kill$kill_ms.log" 90 killed_after -device sdhci-pci \
		-drive "if=none,id=card0,file=$work/kill$kill_ms.card,format=raw" -device sd-card,drive=card0 -kernel "$v1/kauri.img"
	where="before the slot write"
	grep -aq 'admin: upgrade: writing release version' "$work/kill$kill_ms.log" && where="during the slot write or read-back"
	grep -aq 'written and read back equal' "$work/kill$kill_ms.log" && where="after the trial mark"
	grep -aq 'resets the board' "$work/kill$kill_ms.log" && where="after the install (the reset)"
	check "QEMU killed ${kill_ms} ms into an install ($where): the card settles with release 2 committed" settle "kill$kill_ms"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
