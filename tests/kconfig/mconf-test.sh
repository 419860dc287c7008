#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Drives mconf in a private tmux server and checks its screens and the .config it writes.
#
# usage: tests/kconfig/mconf-test.sh MCONF_BINARY SRCTREE
# The conf binary must sit next to mconf (it makes the starting .config).

set -u

if [ $# -ne 2 ]; then
	echo "usage: $0 MCONF_BINARY SRCTREE" >&2
	exit 2
fi
MCONF=$(realpath "$1")
SRCTREE=$(realpath "$2")
CONF=$(dirname "$MCONF")/conf
DEFCONFIG=$SRCTREE/configs/qemu_arm_virt_defconfig
for need in "$MCONF" "$CONF" "$SRCTREE/Kconfig" "$DEFCONFIG"; do
	if [ ! -e "$need" ]; then
		echo "$0: $need: not found" >&2
		exit 2
	fi
done
command -v tmux >/dev/null || { echo "$0: tmux is not installed" >&2; exit 2; }
unset TMUX # our private servers work the same when the test itself runs inside tmux
# A UTF-8 locale makes ncurses draw (and tmux capture) boxes as the same line characters
# everywhere; C.UTF-8 is always present on Debian.
export LC_ALL=C.UTF-8

WORK=$(mktemp -d /tmp/mconf-test.XXXXXX)
RUN=0
passed=0
failed=0

# Each run gets its own tmux server, so one run's shutdown never races the next run's start;
# the sockets live in $WORK, so nothing is left behind in tmux's shared socket directory.
tm() { tmux -S "$WORK/tmux-$RUN.sock" -f /dev/null "$@"; }
cleanup() { tm kill-server >/dev/null 2>&1; rm -rf "$WORK"; }
trap cleanup EXIT

pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() {
	echo "FAIL $1: $2"
	if [ -s "$WORK/last-screen" ]; then
		echo "---- last screen ----"
		cat "$WORK/last-screen"
		echo "---------------------"
	fi
	failed=$((failed + 1))
}

# A fresh .config made by conf from the board's defconfig.
make_config() {
	mkdir -p "$1"
	(cd "$SRCTREE" && KCONFIG_CONFIG="$1/.config" "$CONF" --defconfig "$DEFCONFIG" Kconfig) \
		>"$1/conf.log" 2>&1 || { cat "$1/conf.log"; return 1; }
}

# The pane's program: mconf, then its exit status and whether the tty is back in cooked mode.
# The shell traps (not ignores) INT/TERM so it survives them while mconf gets the default action.
cat >"$WORK/run.sh" <<'RUN'
trap true INT TERM
cd "$1" && KCONFIG_CONFIG="$3" "$2" Kconfig
echo "[mconf exit $?]"
echo "[tty $(stty -a | tr ' ;' '\n\n' | grep -xE -- '-?(icanon|echo)' | tr '\n' ' ')]"
exec cat
RUN

# start COLS ROWS CONFIG [TREE]: runs mconf on TREE/Kconfig (default SRCTREE) in a detached
# tmux window; the pane stays after mconf exits.
start() {
	tm kill-server >/dev/null 2>&1
	RUN=$((RUN + 1))
	tm new-session -d -s mconf -x "$1" -y "$2" \
		"sh '$WORK/run.sh' '${4:-$SRCTREE}' '$MCONF' '$3'"
}

# screen: prints the pane; the last capture is kept for failure reports.
screen() { tm capture-pane -p -t mconf 2>&1 | tee "$WORK/last-screen"; }
keys() { tm send-keys -t mconf "$@"; }
text() { tm send-keys -t mconf -l "$1"; }

# wait_for TEXT: polls the screen (every 0.05 s, at most 5 s) until TEXT shows.
wait_for() {
	local i
	for i in $(seq 100); do
		if screen | grep -qF -- "$1"; then
			return 0
		fi
		sleep 0.05
	done
	return 1
}

# wait_for_re REGEX: like wait_for, with an extended regular expression.
wait_for_re() {
	local i
	for i in $(seq 100); do
		if screen | grep -qE -- "$1"; then
			return 0
		fi
		sleep 0.05
	done
	return 1
}

# The key help line: shown once the main list is drawn, whatever the Kconfig tree holds.
READY="Enter:open/edit"
# The breadcrumb line of a submenu ("  > Board").
IN_SUBMENU='^  > '

# prompt_of SYMBOL: the "Prompt:" of SYMBOL in the search results on screen.
prompt_of() {
	screen | sed 's/│/ /g' | awk -v sym="Symbol: $1 [" '
		index($0, sym) { found = 1; next }
		found && /Prompt: / { sub(/.*Prompt: /, ""); sub(/ +$/, ""); print; exit }'
}

# wait_gone TEXT: polls until TEXT is no longer on the screen.
wait_gone() {
	local i
	for i in $(seq 100); do
		if ! screen | grep -qF -- "$1"; then
			return 0
		fi
		sleep 0.05
	done
	return 1
}

# search_for REGEX TEXT: "/", the pattern, Enter; waits until TEXT is among the results.
search_for() {
	keys /
	wait_for "Search Configuration Parameter" || return 1
	text "$1"
	keys Enter
	wait_for "$2"
}

# jump SYMBOL: searches ^SYMBOL$ with "/" and picks it by its number in the results;
# JUMP_PROMPT is left holding the symbol's prompt as the results showed it.
jump() {
	local number
	search_for "^$1\$" "Search Results" || return 1
	number=$(screen | sed -n "s/.*(\([0-9]*\)) Symbol: $1 \[.*/\1/p" | head -n 1)
	JUMP_PROMPT=$(prompt_of "$1")
	[ -n "$number" ] || return 1
	keys "$number"
	wait_gone "Search Results"
}

# The list box's bottom border: its row (0-based) and its width in columns.
box_bottom() { screen | grep -n '└' | head -n 1 | cut -d: -f1 | awk '{ print $1 - 1 }'; }
box_width() {
	screen | grep '└' | head -n 1 | sed 's/^ *//; s/ *$//' | tr -d '\n' | LC_ALL=C.UTF-8 wc -m
}

# (1) Enter a submenu, find HYP with /HYP, toggle it, save, exit; .config changes only there.
check_toggle_hyp() {
	local dir=$WORK/toggle name=toggle-hyp changed number prompt
	make_config "$dir" || { fail $name "conf --defconfig failed"; return; }
	cp "$dir/.config" "$dir/before"
	if grep -q '^CONFIG_HYP=y' "$dir/before"; then
		fail $name "defconfig already has CONFIG_HYP=y"
		return
	fi
	start 80 24 "$dir/.config"
	wait_for "$READY" || { fail $name "main menu not shown"; return; }
	keys Enter
	wait_for_re "$IN_SUBMENU" || { fail $name "Enter did not open the first submenu"; return; }
	search_for HYP "Symbol: HYP [=n]" || { fail $name "search results lack HYP"; return; }
	number=$(screen | sed -n 's/.*(\([0-9]*\)) Symbol: HYP \[.*/\1/p' | head -n 1)
	prompt=$(prompt_of HYP)
	[ -n "$number" ] && [ -n "$prompt" ] || { fail $name "no number/prompt for HYP"; return; }
	keys "$number"
	wait_for "[ ] $prompt" || { fail $name "jump did not show HYP"; return; }
	keys Space
	wait_for "[*] $prompt" || { fail $name "Space did not set HYP"; return; }
	keys S
	wait_for "Configuration written to" || { fail $name "S did not save"; return; }
	keys Q
	wait_for "[mconf exit 0]" || { fail $name "Q did not exit"; return; }
	screen | grep -qF -- "configuration written to $dir/.config" ||
		{ fail $name "no 'configuration written to' on exit"; return; }
	screen | grep -qF "[tty icanon echo ]" || { fail $name "terminal not restored"; return; }
	grep -qx 'CONFIG_HYP=y' "$dir/.config" || { fail $name "CONFIG_HYP=y not in .config"; return; }
	# Only HYP and what depends on it (VMM*) may differ; comment/header lines are ignored.
	changed=$(diff "$dir/before" "$dir/.config" |
		  grep -E '^[<>] (CONFIG_[A-Za-z0-9_]+=|# CONFIG_[A-Za-z0-9_]+ is not set)' |
		  grep -Ev 'CONFIG_(HYP|VMM[A-Z0-9_]*)[= ]')
	if [ -n "$changed" ]; then
		fail $name "unexpected changes: $changed"
		return
	fi
	pass $name
}

# (2) "?" on HYP shows its help with Defined at and Depends on.
check_help() {
	local dir=$WORK/help name=help
	make_config "$dir" || { fail $name "conf --defconfig failed"; return; }
	start 80 24 "$dir/.config"
	wait_for "$READY" || { fail $name "main menu not shown"; return; }
	jump HYP || { fail $name "could not jump to HYP"; return; }
	keys '?'
	wait_for "Symbol: HYP [=n]" || { fail $name "? showed no help"; return; }
	screen | grep -qE -- "Defined at [^ ]*Kconfig[^ ]*:[0-9]+" || { fail $name "no 'Defined at'"; return; }
	screen | grep -qE -- "Depends on: [A-Z0-9_]+ \[=[ymn]\]" || { fail $name "no 'Depends on'"; return; }
	screen | grep -qF -- "Type  : bool" || { fail $name "no 'Type'"; return; }
	keys End
	wait_for "(HYP [=n])" || { fail $name "End did not scroll to the Location"; return; }
	screen | grep -qF -- "  Location:" && screen | grep -qE -- '│ +-> [^ ]' ||
		{ fail $name "no Location path"; return; }
	keys Enter
	wait_gone "Symbol: HYP" || { fail $name "help did not close"; return; }
	keys Q
	wait_for "[mconf exit 0]" || { fail $name "Q did not exit"; return; }
	pass $name
}

# (3) An out-of-range or malformed int is refused with an error, the dialog stays open,
# nothing changes. Runs on the fixture tree, whose COUNT has range 1..9.
check_int_range() {
	local dir=$WORK/range name=int-range
	make_fixture_config "$dir" || { fail $name "conf --alldefconfig failed"; return; }
	cp "$dir/.config" "$dir/before"
	start 80 24 "$dir/.config" "$dir/tree"
	wait_for "$READY" || { fail $name "main menu not shown"; return; }
	jump COUNT || { fail $name "could not jump to COUNT"; return; }
	wait_for "(3) A count" || { fail $name "COUNT not shown"; return; }
	keys Enter
	wait_for "Allowed range: 1..9" || { fail $name "no input box with the range"; return; }
	keys BSpace
	text 100
	keys Enter
	wait_for "100 is out of range (1..9)" || { fail $name "no range error"; return; }
	screen | grep -qF -- "Please enter a decimal value" || { fail $name "dialog closed"; return; }
	keys BSpace BSpace BSpace
	text 1x
	keys Enter
	wait_for "'1x' is not a valid decimal value" || { fail $name "no syntax error"; return; }
	keys Escape Escape
	wait_gone "Please enter a decimal value" || { fail $name "Esc Esc did not cancel"; return; }
	screen | grep -qF -- "(3) A count" || { fail $name "value changed"; return; }
	keys Enter
	wait_for "Allowed range: 1..9" || { fail $name "no input box the second time"; return; }
	keys BSpace
	text 7
	keys Enter
	wait_for "(7) A count" || { fail $name "an in-range value was not taken"; return; }
	keys '?'
	wait_for "Range : 1..9" || { fail $name "help lacks the range"; return; }
	screen | grep -qF -- "Symbol: COUNT [=7]" || { fail $name "help lacks the new value"; return; }
	keys Escape Escape
	wait_gone "Range : 1..9" || { fail $name "Esc Esc did not close the help"; return; }
	keys Q
	wait_for "Do you wish to save your new configuration?" || { fail $name "no save prompt"; return; }
	keys Escape Escape
	wait_gone "Do you wish to save" || { fail $name "Esc Esc did not cancel leaving"; return; }
	keys Q n
	wait_for "[mconf exit 0]" || { fail $name "Q, No did not exit"; return; }
	cmp -s "$dir/before" "$dir/.config" || { fail $name ".config changed"; return; }
	pass $name
}

# (4) A 132x43 terminal gets a wider and taller list box than 80x24, and resizing redraws.
check_big_terminal() {
	local dir=$WORK/big name=big-terminal small_bottom small_width big_bottom big_width
	make_config "$dir" || { fail $name "conf --defconfig failed"; return; }
	start 80 24 "$dir/.config"
	wait_for "$READY" || { fail $name "main menu not shown at 80x24"; return; }
	small_bottom=$(box_bottom)
	small_width=$(box_width)
	start 132 43 "$dir/.config"
	wait_for "$READY" || { fail $name "main menu not shown at 132x43"; return; }
	big_bottom=$(box_bottom)
	big_width=$(box_width)
	if [ "$small_bottom" != 20 ] || [ "$small_width" != 78 ] ||
	   [ "$big_bottom" != 39 ] || [ "$big_width" != 130 ]; then
		fail $name "box 80x24: bottom $small_bottom width $small_width; 132x43: bottom $big_bottom width $big_width"
		return
	fi
	tm resize-window -t mconf -x 100 -y 30
	for i in $(seq 100); do
		[ "$(box_bottom)" = 26 ] && break
		sleep 0.05
	done
	[ "$(box_bottom)" = 26 ] && [ "$(box_width)" = 98 ] ||
		{ fail $name "no redraw after resizing to 100x30"; return; }
	tm resize-window -t mconf -x 50 -y 15
	wait_for "Terminal too small" || { fail $name "no note when shrunk to 50x15"; return; }
	tm resize-window -t mconf -x 80 -y 24
	wait_for "$READY" || { fail $name "no redraw after growing back"; return; }
	[ "$(box_bottom)" = 20 ] || { fail $name "wrong box after growing back"; return; }
	keys Q
	wait_for "[mconf exit 0]" || { fail $name "Q did not exit"; return; }
	pass $name
}

# (5) Leaving without changes writes nothing: same bytes, same mtime, no new files.
check_no_change_exit() {
	local dir=$WORK/nochange name=exit-unchanged before_stat before_list
	make_config "$dir" || { fail $name "conf --defconfig failed"; return; }
	cp "$dir/.config" "$dir/before"
	touch -d '2000-01-01 00:00:00' "$dir/.config"
	before_stat=$(stat -c '%Y %s' "$dir/.config")
	before_list=$(ls -A "$dir")
	start 80 24 "$dir/.config"
	wait_for "$READY" || { fail $name "main menu not shown"; return; }
	keys Enter
	wait_for_re "$IN_SUBMENU" || { fail $name "Enter did not open the first submenu"; return; }
	keys Escape Escape
	wait_for "(top level)" || { fail $name "Esc Esc did not go back"; return; }
	keys x
	wait_for "[mconf exit 0]" || { fail $name "x at top level did not exit"; return; }
	screen | grep -qF -- "configuration written" && { fail $name "claims to have written"; return; }
	[ "$(stat -c '%Y %s' "$dir/.config")" = "$before_stat" ] || { fail $name ".config touched"; return; }
	cmp -s "$dir/before" "$dir/.config" || { fail $name ".config changed"; return; }
	[ "$(ls -A "$dir")" = "$before_list" ] || { fail $name "new files: $(ls -A "$dir")"; return; }
	pass $name
}

# (6) A value a select forces is refused with the reason; leaving asks to save after a change.
check_refusal_and_prompt() {
	local dir=$WORK/refuse name=refusal-and-save-prompt
	make_config "$dir" || { fail $name "conf --defconfig failed"; return; }
	cp "$dir/.config" "$dir/before"
	start 80 24 "$dir/.config"
	wait_for "$READY" || { fail $name "main menu not shown"; return; }
	jump VMM || { fail $name "could not jump to VMM"; return; }
	wait_for "VMM is hidden: depends on HYP [=n]" || { fail $name "no reason why VMM is hidden"; return; }
	jump HYP || { fail $name "could not jump to HYP"; return; }
	keys m
	wait_for "HYP cannot be m" || { fail $name "m on a bool not refused"; return; }
	keys y
	wait_for "[*] $JUMP_PROMPT" || { fail $name "y did not set HYP"; return; }
	keys Escape Escape
	wait_for "(top level)" || { fail $name "Esc Esc did not go back to the top"; return; }
	keys Escape Escape
	wait_for "Do you wish to save your new configuration?" || { fail $name "no save prompt"; return; }
	keys n
	wait_for "[mconf exit 0]" || { fail $name "No did not exit"; return; }
	screen | grep -qF -- "configuration written" && { fail $name "wrote although No"; return; }
	cmp -s "$dir/before" "$dir/.config" || { fail $name ".config changed after No"; return; }
	pass $name
}

# (7) A terminal smaller than 60x19 is refused with a message.
check_too_small() {
	local dir=$WORK/small name=too-small
	make_config "$dir" || { fail $name "conf --defconfig failed"; return; }
	start 50 15 "$dir/.config"
	wait_for "[mconf exit 1]" || { fail $name "mconf did not refuse"; return; }
	screen | grep -qF -- "needs at least 60x19" || { fail $name "no message"; return; }
	pass $name
}

# (8) A choice's radio list switches the pick; the choice line shows it; .config follows.
check_choice() {
	local dir=$WORK/choice name=choice
	make_fixture_config "$dir" || { fail $name "conf --alldefconfig failed"; return; }
	start 80 24 "$dir/.config" "$dir/tree"
	wait_for "$READY" || { fail $name "main menu not shown"; return; }
	jump PICK_A || { fail $name "could not jump to the choice"; return; }
	wait_for "Pick one (First pick)  --->" || { fail $name "no choice line"; return; }
	keys Enter
	wait_for "(X) First pick" || { fail $name "no radio list"; return; }
	screen | grep -qF -- "( ) Third pick" || { fail $name "member missing"; return; }
	screen | grep -qF -- "Hidden pick" && { fail $name "invisible member listed"; return; }
	keys Down Down Space
	wait_for "Pick one (Third pick)  --->" || { fail $name "pick not shown"; return; }
	keys Enter
	wait_for "(X) Third pick" || { fail $name "radio list does not mark the pick"; return; }
	keys Escape Escape
	wait_gone "(X) Third pick" || { fail $name "Esc Esc did not close the list"; return; }
	keys S
	wait_for "Configuration written to" || { fail $name "S did not save"; return; }
	keys Q
	wait_for "[mconf exit 0]" || { fail $name "Q did not exit"; return; }
	grep -qx 'CONFIG_PICK_C=y' "$dir/.config" && grep -qx '# CONFIG_PICK_A is not set' "$dir/.config" ||
		{ fail $name "pick not switched in .config"; return; }
	pass $name
}

# (9) Ctrl-C and SIGTERM end mconf with the terminal back in cooked mode, .config untouched.
check_signals() {
	local dir=$WORK/signals name shell_pid mconf_pid
	make_config "$dir" || { fail signals "conf --defconfig failed"; return; }
	cp "$dir/.config" "$dir/before"
	name=sigint-restores-tty
	start 80 24 "$dir/.config"
	wait_for "$READY" || { fail $name "main menu not shown"; return; }
	keys y C-c
	if wait_for "[mconf exit 130]" && screen | grep -qF "[tty icanon echo ]" &&
	   ! screen | grep -qF "$READY"; then
		pass $name
	else
		fail $name "no clean exit on Ctrl-C"
	fi
	name=sigterm-restores-tty
	start 80 24 "$dir/.config"
	wait_for "$READY" || { fail $name "main menu not shown"; return; }
	shell_pid=$(tm display-message -p -t mconf '#{pane_pid}')
	mconf_pid=$(pgrep -P "$shell_pid" -x mconf)
	if [ -z "$mconf_pid" ]; then
		fail $name "cannot find mconf's pid"
		return
	fi
	kill -TERM "$mconf_pid"
	if wait_for "[mconf exit 143]" && screen | grep -qF "[tty icanon echo ]"; then
		pass $name
	else
		fail $name "no clean exit on SIGTERM"
	fi
	cmp -s "$dir/before" "$dir/.config" || fail signals ".config changed by a signal"
}

# make_fixture DIR: a small Kconfig tree of our own in DIR/tree.
make_fixture() {
	mkdir -p "$1/tree"
	cat >"$1/tree/Kconfig" <<'KCONFIG'
mainmenu "Fixture Menu"

config MODULES
	bool "Enable loadable modules"
	default y
	modules

config DRV
	tristate "A tristate driver"
	default m

config FORCER
	bool "Forces FORCED on"
	default y
	select FORCED

config FORCED
	bool "Forced by FORCER"

choice
	prompt "Pick one"
	default PICK_A

config PICK_A
	bool "First pick"

config PICK_B
	bool "Second pick"

config PICK_HIDDEN
	bool "Hidden pick"
	depends on HIDDEN

config PICK_C
	bool "Third pick"

endchoice

comment "Values below"

config COUNT
	int "A count"
	range 1 9
	default 3

config ADDR
	hex "An address"
	default 0x1000

config NAME
	string "A name"
	default "kauri"

config HIDDEN
	bool "Never shown"
	depends on FORCED && !FORCER

menuconfig FEATURES
	bool "Features"
	default y

if FEATURES
config FEATURE_A
	bool "Feature A"
	imply FORCED
endif
KCONFIG
}

# make_fixture_config DIR: the fixture tree plus a .config of its defaults.
make_fixture_config() {
	make_fixture "$1"
	(cd "$1/tree" && KCONFIG_CONFIG="$1/.config" "$CONF" --alldefconfig Kconfig) \
		>"$1/conf.log" 2>&1 || { cat "$1/conf.log"; return 1; }
}

# (10) Line formats on a small fixture tree of our own: modules, tristates, forced values,
# menuconfig, comments, values, hidden entries; y/n/m keys and a refusal by select.
check_fixture_lines() {
	local dir=$WORK/fixture name=fixture-lines
	make_fixture "$dir"
	start 80 24 "$dir/.config" "$dir/tree"
	wait_for "Fixture Menu" || { fail $name "fixture not shown"; return; }
	for line in "[*] Enable loadable modules" "<M> A tristate driver" "[*] Forces FORCED on" \
		    "-*- Forced by FORCER" "*** Values below ***" "(3) A count" "(0x1000) An address" \
		    "(kauri) A name" "[*] Features  --->"; do
		screen | grep -qF -- "$line" || { fail $name "no line '$line'"; return; }
	done
	screen | grep -qF "Never shown" && { fail $name "hidden entry shown"; return; }
	screen | grep -qF "Feature A" && { fail $name "menuconfig child shown outside"; return; }
	keys Down y
	wait_for "<*> A tristate driver" || { fail $name "y on the tristate did nothing"; return; }
	keys Space
	wait_for "< > A tristate driver" || { fail $name "Space did not cycle y -> n"; return; }
	keys Space
	wait_for "<M> A tristate driver" || { fail $name "Space did not cycle n -> m"; return; }
	keys Down Down n
	wait_for "FORCED cannot be n: selected by FORCER [=y]" || { fail $name "no refusal"; return; }
	screen | grep -qF -- "-*- Forced by FORCER" || { fail $name "forced value changed"; return; }
	keys '?'
	wait_for "Selected by [y]:" || { fail $name "help lacks 'Selected by [y]:'"; return; }
	screen | grep -qF -- "- FORCER [=y]" || { fail $name "help lacks the selector"; return; }
	keys q
	wait_gone "Selected by [y]:" || { fail $name "q did not close the help"; return; }
	keys End Enter
	wait_for "[ ] Feature A" || { fail $name "Enter did not open the menuconfig"; return; }
	keys Left Space
	wait_for "[ ] Features  ----" || { fail $name "Space did not turn the menuconfig off"; return; }
	keys Q
	wait_for "Do you wish to save your new configuration?" || { fail $name "no save prompt"; return; }
	keys y
	wait_for "[mconf exit 0]" || { fail $name "Yes did not exit"; return; }
	screen | grep -qF "configuration written to $dir/.config" || { fail $name "no exit note"; return; }
	grep -qx 'CONFIG_DRV=m' "$dir/.config" && grep -qx '# CONFIG_FEATURES is not set' "$dir/.config" &&
		grep -qx 'CONFIG_FORCED=y' "$dir/.config" || { fail $name ".config lacks the edits"; return; }
	pass $name
}

# (11) Without a .config mconf starts from the defaults and offers to write one on exit.
check_missing_config() {
	local dir=$WORK/missing name=missing-config
	make_fixture "$dir"
	start 80 24 "$dir/.config" "$dir/tree"
	wait_for "starting from the defaults" || { fail $name "no note about the missing file"; return; }
	keys Q
	wait_for "Do you wish to save your new configuration?" || { fail $name "no save prompt"; return; }
	keys Enter
	wait_for "[mconf exit 0]" || { fail $name "Yes did not exit"; return; }
	grep -qx 'CONFIG_COUNT=3' "$dir/.config" 2>/dev/null || { fail $name "no .config written"; return; }
	pass $name
}

# (12) A 40-entry menu scrolls: (+)/(-) marks, End/Home/PgDn/j; 132x43 shows more of it.
check_scrolling() {
	local dir=$WORK/scroll name=scrolling i
	mkdir -p "$dir/tree"
	{
		echo 'mainmenu "Long Menu"'
		for i in $(seq -w 1 40); do
			printf 'config ITEM%s\n\tbool "Item number %s"\n\n' "$i" "$i"
		done
	} >"$dir/tree/Kconfig"
	start 80 24 "$dir/.config" "$dir/tree"
	wait_for "Item number 01" || { fail $name "list not shown"; return; }
	if ! screen | grep -qF "Item number 17" || screen | grep -qF "Item number 18" ||
	   ! screen | grep -qF "(+)"; then
		fail $name "80x24 should show items 01-17 and (+)"
		return
	fi
	keys End
	wait_for "Item number 40" || { fail $name "End did not scroll to the last item"; return; }
	screen | grep -qF "(-)" || { fail $name "no (-) mark after scrolling"; return; }
	keys y
	wait_for "[*] Item number 40" || { fail $name "y did not set the last item"; return; }
	keys Home j j
	wait_for "Item number 01" || { fail $name "Home did not scroll back"; return; }
	keys Space
	wait_for "[*] Item number 03" || { fail $name "j j did not move to item 03"; return; }
	keys NPage Space
	wait_for "[*] Item number 19" || { fail $name "PgDn did not move one page"; return; }
	start 132 43 "$dir/.config" "$dir/tree"
	wait_for "Item number 01" || { fail $name "list not shown at 132x43"; return; }
	if ! screen | grep -qF "Item number 36" || screen | grep -qF "Item number 37"; then
		fail $name "132x43 should show items 01-36"
		return
	fi
	pass $name
}

# (13) Command line: --help, a missing argument, an unreadable Kconfig, no terminal.
check_cli() {
	local name=command-line out rc
	out=$("$MCONF" --help 2>&1)
	rc=$?
	[ $rc -eq 0 ] && printf '%s' "$out" | grep -qF "usage: mconf [--help] KCONFIG_FILE" ||
		{ fail $name "--help: status $rc, output: $out"; return; }
	out=$("$MCONF" 2>&1)
	rc=$?
	[ $rc -eq 2 ] && printf '%s' "$out" | grep -qF "usage: mconf" ||
		{ fail $name "no argument: status $rc, output: $out"; return; }
	out=$("$MCONF" "$WORK/no-such-Kconfig" </dev/null 2>&1)
	rc=$?
	[ $rc -eq 1 ] && printf '%s' "$out" | grep -qF "no-such-Kconfig" ||
		{ fail $name "missing Kconfig: status $rc, output: $out"; return; }
	out=$(cd "$SRCTREE" && KCONFIG_CONFIG="$WORK/cli.config" "$MCONF" Kconfig </dev/null 2>&1)
	rc=$?
	[ $rc -eq 1 ] && printf '%s' "$out" | grep -qF "needs a terminal" ||
		{ fail $name "no terminal: status $rc, output: $out"; return; }
	[ ! -e "$WORK/cli.config" ] || { fail $name "wrote a .config without a terminal"; return; }
	pass $name
}

# (14) Warnings from reading a bad .config are repeated in a dialog, then the menu works.
check_bad_config() {
	local dir=$WORK/bad name=bad-config-warning
	make_config "$dir" || { fail $name "conf --defconfig failed"; return; }
	echo 'CONFIG_BOOT_STACK_SIZE=abc' >>"$dir/.config"
	start 80 24 "$dir/.config"
	wait_for "Configuration warnings" || { fail $name "no warning dialog"; return; }
	# The dialog wraps the text; join its lines before looking for the warning.
	screen | tr -d '│\n' | tr -s ' ' | grep -qF "invalid value 'abc' for CONFIG_BOOT_STACK_SIZE" ||
		{ fail $name "warning text missing"; return; }
	keys Enter
	wait_for "$READY" || { fail $name "menu not shown after the dialog"; return; }
	wait_gone "Configuration warnings" || { fail $name "dialog did not close"; return; }
	keys Q
	wait_for "[mconf exit 0]" || { fail $name "Q did not exit"; return; }
	pass $name
}

# (15) A .config that cannot be written: S explains why, and leaving can still discard.
check_save_error() {
	local name=save-error config=/proc/kauri-mconf-test-$$.config
	start 80 24 "$config"
	wait_for "$READY" || { fail $name "main menu not shown"; return; }
	keys S
	wait_for "Save failed" || { fail $name "no error dialog"; return; }
	screen | grep -qF "Could not write $config" || { fail $name "dialog does not name the file"; return; }
	keys Enter
	wait_for "Not saved: could not write" || { fail $name "no note after the dialog"; return; }
	keys Q
	wait_for "Do you wish to save your new configuration?" || { fail $name "no save prompt"; return; }
	keys n
	wait_for "[mconf exit 0]" || { fail $name "No did not exit"; return; }
	screen | grep -qF "Your configuration changes were NOT saved." ||
		{ fail $name "no note that nothing was saved"; return; }
	pass $name
}

# (16) Search: a bad regular expression keeps the dialog open with the reason; no match
# says so; matching is case-insensitive.
check_search_errors() {
	local dir=$WORK/search name=search-errors
	make_fixture_config "$dir" || { fail $name "conf --alldefconfig failed"; return; }
	start 80 24 "$dir/.config" "$dir/tree"
	wait_for "$READY" || { fail $name "main menu not shown"; return; }
	keys /
	wait_for "Search Configuration Parameter" || { fail $name "/ opened no search"; return; }
	text '(item'
	keys Enter
	wait_for "bad regular expression '(item'" || { fail $name "bad regex not refused"; return; }
	keys BSpace BSpace BSpace BSpace BSpace
	text nothing_here
	keys Enter
	wait_for "No symbol matches 'nothing_here'." || { fail $name "no 'no match' note"; return; }
	keys Enter
	wait_gone "No symbol matches" || { fail $name "note did not close"; return; }
	search_for 'feature_' "Symbol: FEATURE_A [=n]" ||
		{ fail $name "case-insensitive search failed"; return; }
	screen | grep -qF -- "Location: -> Features" || { fail $name "no location in results"; return; }
	keys Enter
	wait_for "[ ] Feature A" || { fail $name "Enter did not jump into the menuconfig"; return; }
	keys Q
	wait_for "[mconf exit 0]" || { fail $name "Q did not exit"; return; }
	pass $name
}

# (17) Search results say where a symbol is defined, what it depends on and what selects or
# implies it (as Linux's search does), next to the location: a symbol of the project tree
# selected by the boards, HYP with its dependency, and FORCED of the fixture, implied too.
check_search_details() {
	local dir=$WORK/details name=search-details line
	make_config "$dir" || { fail $name "conf --defconfig failed"; return; }
	start 132 43 "$dir/.config"
	wait_for "$READY" || { fail $name "main menu not shown"; return; }
	search_for '^UART_PL011$' "Symbol: UART_PL011 [=y]" || { fail $name "no result for UART_PL011"; return; }
	for line in "Location: -> Device drivers" "Defined at drivers/serial/Kconfig.pl011:4" \
		    "Selected by [y]:" "- BOARD_QEMU_ARM_VIRT [=y]" "Selected by [n]:" "- BOARD_RPI4 [=n]"; do
		screen | grep -qF -- "$line" || { fail $name "UART_PL011 result lacks '$line'"; return; }
	done
	keys Escape Escape
	wait_gone "Search Results" || { fail $name "Esc Esc did not close the results"; return; }
	search_for '^HYP$' "Symbol: HYP [=n]" || { fail $name "no result for HYP"; return; }
	for line in "Defined at arch/arm64/Kconfig:11" "Depends on: BOARD_SUPPORTS_HYP [=y]"; do
		screen | grep -qF -- "$line" || { fail $name "HYP result lacks '$line'"; return; }
	done
	screen | grep -qF -- "Selected by" && { fail $name "HYP result claims a selector"; return; }
	keys Escape Escape
	wait_gone "Search Results" || { fail $name "Esc Esc did not close the results"; return; }
	keys Q
	wait_for "[mconf exit 0]" || { fail $name "Q did not exit"; return; }

	make_fixture_config "$dir/fixture" || { fail $name "conf --alldefconfig failed"; return; }
	start 132 43 "$dir/fixture/.config" "$dir/fixture/tree"
	wait_for "$READY" || { fail $name "fixture menu not shown"; return; }
	search_for '^FORCED$' "Symbol: FORCED [=y]" || { fail $name "no result for FORCED"; return; }
	for line in "Defined at Kconfig:" "Selected by [y]:" "- FORCER [=y]" "Implied by [n]:" \
		    "- FEATURE_A [=n]"; do
		screen | grep -qF -- "$line" || { fail $name "FORCED result lacks '$line'"; return; }
	done
	keys Escape Escape
	wait_gone "Search Results" || { fail $name "Esc Esc did not close the results"; return; }
	keys Q
	wait_for "[mconf exit 0]" || { fail $name "Q did not exit"; return; }
	pass $name
}

# (18) Without a .config, a tree's `option defconfig_list` file is where mconf starts from.
check_defconfig_list() {
	local dir=$WORK/deflist name=defconfig-list
	mkdir -p "$dir/tree/boards"
	cat >"$dir/tree/Kconfig" <<'KCONFIG'
mainmenu "Defconfig List"

config DEFCONFIG_LIST
	string
	option defconfig_list
	default "boards/missing_defconfig"
	default "boards/start_defconfig"

config COUNT
	int "A count"
	default 3
KCONFIG
	echo 'CONFIG_COUNT=7' >"$dir/tree/boards/start_defconfig"
	start 132 43 "$dir/.config" "$dir/tree"
	wait_for "starting from boards/start_defconfig" || { fail $name "no note about the start file"; return; }
	screen | grep -qF -- "(7) A count" || { fail $name "the start file's value is not shown"; return; }
	keys Q
	wait_for "Do you wish to save your new configuration?" || { fail $name "no save prompt"; return; }
	keys Enter
	wait_for "[mconf exit 0]" || { fail $name "Yes did not exit"; return; }
	grep -qx 'CONFIG_COUNT=7' "$dir/.config" 2>/dev/null || { fail $name ".config lacks the start file's value"; return; }
	cmp -s "$dir/tree/boards/start_defconfig" - <<<'CONFIG_COUNT=7' || { fail $name "the start file was written to"; return; }
	pass $name
}

check_toggle_hyp
check_help
check_int_range
check_big_terminal
check_no_change_exit
check_refusal_and_prompt
check_too_small
check_choice
check_signals
check_fixture_lines
check_missing_config
check_scrolling
check_cli
check_bad_config
check_save_error
check_search_errors
check_search_details
check_defconfig_list

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
