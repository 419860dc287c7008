/* SPDX-License-Identifier: BSD-2-Clause */
/* mconf: Kauri's ncurses menuconfig, a UI over the Kconfig core in kconfig.h. */
#define _GNU_SOURCE
#include "kconfig.h"
#include "mconf_dialog.h"
#include "mconf_info.h"

#include <curses.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_DEPTH 64

/* One entered menu: which node, and where the highlight and the scroll were. */
struct level {
	struct kc_menu *menu;
	int cursor;
	int top;
};

/* One line of the current list. */
struct row {
	struct kc_menu *node;
	int indent;
};

/* The whole UI state; global because the dialogs' background callback takes no context. */
static struct {
	struct level stack[MAX_DEPTH];
	int depth;
	struct row *rows;
	int nrows, rows_cap;
	char message[512];
	bool message_is_error;
	bool saved;
	bool discarded;
	bool config_missing;	/* no .config was read: leaving offers to write one */
} ui;

static struct level *current(void)
{
	return &ui.stack[ui.depth - 1];
}

static void set_message(bool error, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void set_message(bool error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ui.message, sizeof(ui.message), fmt, ap);
	va_end(ap);
	ui.message_is_error = error;
}

static void add_row(struct kc_menu *node, int indent)
{
	if (ui.nrows == ui.rows_cap) {
		int cap = ui.rows_cap ? ui.rows_cap * 2 : 64;
		struct row *grown = realloc(ui.rows, (size_t)cap * sizeof(*grown));

		if (!grown)
			return; /* Out of memory: show what fits rather than crash mid-edit. */
		ui.rows = grown;
		ui.rows_cap = cap;
	}
	ui.rows[ui.nrows].node = node;
	ui.rows[ui.nrows].indent = indent;
	ui.nrows++;
}

/* Lists @parent's children; children of plain configs are flattened in. */
static void collect_rows(struct kc_menu *parent, int indent)
{
	struct kc_menu *node;

	for (node = parent->child; node; node = node->next) {
		bool shown;

		shown = mconf_prompt_visible(node);
		if (shown)
			add_row(node, indent);
		if (node->kind == KC_MENU_CONFIG && !node->is_menuconfig && node->child)
			collect_rows(node, indent + (shown ? 1 : 0));
	}
}

static int list_height(void)
{
	return LINES - 7;
}

static void rebuild_rows(void)
{
	struct level *lvl = current();
	int height = list_height();

	ui.nrows = 0;
	collect_rows(lvl->menu, 0);
	if (lvl->cursor >= ui.nrows)
		lvl->cursor = ui.nrows - 1;
	if (lvl->cursor < 0)
		lvl->cursor = 0;
	if (lvl->top > lvl->cursor)
		lvl->top = lvl->cursor;
	if (height > 0 && lvl->cursor >= lvl->top + height)
		lvl->top = lvl->cursor - height + 1;
	if (lvl->top < 0)
		lvl->top = 0;
}

static bool has_visible_child(struct kc_menu *parent)
{
	struct kc_menu *node;

	for (node = parent->child; node; node = node->next)
		if (kc_menu_visible(node))
			return true;
	return false;
}

static const char *value_box(struct kc_symbol *sym)
{
	enum kc_tristate val = kc_sym_tristate(sym);
	bool changeable = kc_sym_is_changeable(sym);

	if (kc_sym_type(sym) == KC_TRISTATE) {
		if (!changeable)
			return val == KC_Y ? "-*-" : val == KC_M ? "-M-" : "---";
		if (kc_sym_tristate_min(sym) > KC_N)
			return val == KC_Y ? "{*}" : "{M}";
		return val == KC_Y ? "<*>" : val == KC_M ? "<M>" : "< >";
	}
	if (!changeable)
		return val == KC_Y ? "-*-" : "---";
	return val == KC_Y ? "[*]" : "[ ]";
}

/* The text of one list line, Linux-style: "[*] Name", "(123) Name", "Name  --->". */
static char *format_row(const struct row *row)
{
	struct kc_menu *node = row->node;
	struct kc_symbol *sym = node->sym;
	const char *prompt = kc_menu_prompt(node);
	int pad = 2 * row->indent;
	char *text = NULL;

	if (!prompt)
		prompt = "";
	switch (node->kind) {
	case KC_MENU_MENU:
		if (asprintf(&text, "    %*s%s  --->", pad, "", prompt) < 0)
			text = NULL;
		break;
	case KC_MENU_COMMENT:
		if (asprintf(&text, "    %*s*** %s ***", pad, "", prompt) < 0)
			text = NULL;
		break;
	case KC_MENU_CHOICE: {
		struct kc_symbol *pick = sym ? kc_choice_selected(sym) : NULL;
		struct kc_property *pick_prompt = pick ? kc_sym_prompt(pick) : NULL;
		const char *box = sym && (sym->flags & KC_SYM_OPTIONAL) ? value_box(sym) : "   ";

		if (asprintf(&text, "%s %*s%s (%s)  --->", box, pad, "", prompt,
			     pick_prompt ? pick_prompt->text : pick && pick->name ? pick->name : "none") < 0)
			text = NULL;
		break;
	}
	case KC_MENU_CONFIG: {
		const char *arrow = !node->is_menuconfig ? "" : has_visible_child(node) ? "  --->" : "  ----";
		enum kc_type type = sym ? kc_sym_type(sym) : KC_UNKNOWN;
		int rc;

		if (type == KC_BOOL || type == KC_TRISTATE)
			rc = asprintf(&text, "%s %*s%s%s", value_box(sym), pad, "", prompt, arrow);
		else if (type == KC_INT || type == KC_HEX || type == KC_STRING)
			rc = asprintf(&text, "(%s) %*s%s%s", kc_sym_string(sym), pad, "", prompt, arrow);
		else
			rc = asprintf(&text, "    %*s%s%s", pad, "", prompt, arrow);
		if (rc < 0)
			text = NULL;
		break;
	}
	default:
		text = strdup(prompt);
		break;
	}
	return text;
}

static void draw_breadcrumb(int width)
{
	char path[1024];
	size_t len = 0;
	int i;

	path[0] = '\0';
	for (i = 1; i < ui.depth; i++) {
		const char *prompt = kc_menu_prompt(ui.stack[i].menu);

		len += (size_t)snprintf(path + len, sizeof(path) - len, " > %s", prompt ? prompt : "?");
		if (len >= sizeof(path))
			len = sizeof(path) - 1;
	}
	/* Keep the innermost menus when the path is wider than the screen. */
	if ((int)len > width)
		mvaddnstr(1, 1, path + len - (size_t)width, width);
	else
		mvaddnstr(1, 1, ui.depth > 1 ? path : " (top level)", width);
}

/* Draws the whole main screen; also the background of every dialog. */
static void draw_main(void)
{
	struct level *lvl = current();
	const char *where = ui.depth > 1 ? kc_menu_prompt(lvl->menu) : kc_mainmenu_title();
	int height = list_height(), width = COLS - 6, i;
	char status[256];

	rebuild_rows();
	attron(dlg_title_attr());
	mvhline(0, 0, ' ', COLS);
	mvaddnstr(0, 1, kc_mainmenu_title(), COLS - 2);
	snprintf(status, sizeof(status), "%s%s", kc_conf_path(),
		 ui.config_missing ? " (new)" : kc_conf_changed() ? " (modified)" : "");
	if ((int)strlen(status) + 2 < COLS - (int)strlen(kc_mainmenu_title()) - 2)
		mvaddstr(0, COLS - (int)strlen(status) - 1, status);
	attroff(dlg_title_attr());
	draw_breadcrumb(COLS - 2);
	dlg_draw_box(2, 1, LINES - 5, COLS - 2, where ? where : "");
	for (i = 0; i < height && lvl->top + i < ui.nrows; i++) {
		int index = lvl->top + i;
		char *text = format_row(&ui.rows[index]);

		if (index == lvl->cursor) {
			attron(A_REVERSE);
			mvhline(3 + i, 2, ' ', COLS - 4);
		}
		mvaddnstr(3 + i, 3, text ? text : "?", width);
		if (index == lvl->cursor)
			attroff(A_REVERSE);
		free(text);
	}
	if (ui.nrows == 0)
		mvaddstr(3, 3, "(no visible entries)");
	if (lvl->top > 0)
		mvaddstr(2, COLS - 8, "(-)");
	if (lvl->top + height < ui.nrows)
		mvaddstr(LINES - 4, COLS - 8, "(+)");
	if (ui.message[0]) {
		int attr = ui.message_is_error ? dlg_error_attr() : (int)A_BOLD;

		attron(attr);
		mvaddnstr(LINES - 3, 1, ui.message, COLS - 2);
		attroff(attr);
	}
	mvaddnstr(LINES - 2, 1, "Enter:open/edit  Space:toggle  y/n/m:set  ?:help  /:search",
		  COLS - 2);
	mvaddnstr(LINES - 1, 1, "Esc Esc/x/Left:back  S:save  Q:quit  j/k/PgUp/PgDn:move",
		  COLS - 2);
}

static void enter_menu(struct kc_menu *menu)
{
	if (ui.depth >= MAX_DEPTH) {
		set_message(true, "Menus nested too deeply to show (more than %d levels)", MAX_DEPTH);
		return;
	}
	ui.stack[ui.depth].menu = menu;
	ui.stack[ui.depth].cursor = 0;
	ui.stack[ui.depth].top = 0;
	ui.depth++;
}

static void set_tristate(struct kc_symbol *sym, enum kc_tristate val)
{
	char *why;

	if (kc_sym_tristate(sym) == val)
		return;
	if (kc_sym_set_tristate(sym, val) == 0 && kc_sym_tristate(sym) == val)
		return;
	why = mconf_refusal(sym, val);
	set_message(true, "%s", why ? why : "value refused");
	free(why);
}

/* Space: n -> m -> y -> n for tristates (skipping values the limits refuse), n <-> y for bools. */
static void toggle(struct kc_symbol *sym)
{
	enum kc_tristate cur = kc_sym_tristate(sym), next;

	if (kc_sym_type(sym) == KC_TRISTATE) {
		next = cur == KC_N ? KC_M : cur == KC_M ? KC_Y : KC_N;
		if (!kc_sym_tristate_in_range(sym, next) && next == KC_M &&
		    kc_sym_tristate_in_range(sym, KC_Y))
			next = KC_Y;
		else if (!kc_sym_tristate_in_range(sym, next) && next == KC_Y &&
			 kc_sym_tristate_in_range(sym, KC_N))
			next = KC_N;
	} else {
		next = cur == KC_Y ? KC_N : KC_Y;
	}
	set_tristate(sym, next);
}

static const char *check_value(const char *text, void *ctx, char *msg, size_t msg_size)
{
	struct kc_symbol *sym = ctx;
	enum kc_type type = kc_sym_type(sym);
	long long low, high;
	int rc;

	if (strcmp(text, kc_sym_string(sym)) == 0)
		return NULL;
	if (!kc_sym_string_valid(sym, text)) {
		snprintf(msg, msg_size, "Error: '%s' is not a valid %s value", text,
			 type == KC_HEX ? "hexadecimal" : type == KC_INT ? "decimal" : kc_type_name(type));
		return msg;
	}
	rc = kc_sym_set_string(sym, text);
	if (rc == -ERANGE && kc_sym_range(sym, &low, &high)) {
		if (type == KC_HEX)
			snprintf(msg, msg_size, "Error: %s is out of range (0x%llx..0x%llx)", text,
				 low, high);
		else
			snprintf(msg, msg_size, "Error: %s is out of range (%lld..%lld)", text, low,
				 high);
		return msg;
	}
	if (rc < 0) {
		snprintf(msg, msg_size, "Error: %s refused: %s", text,
			 *kc_last_error() ? kc_last_error() : strerror(-rc));
		return msg;
	}
	return NULL;
}

static void edit_value(struct kc_menu *node)
{
	struct kc_symbol *sym = node->sym;
	enum kc_type type = kc_sym_type(sym);
	char prompt[512], value[1024];
	long long low, high;
	int len;

	if (!kc_sym_is_changeable(sym)) {
		set_message(true, "%s cannot be changed: its prompt is hidden or it is forced",
			    sym->name ? sym->name : "this entry");
		return;
	}
	len = snprintf(prompt, sizeof(prompt), "%s",
		       type == KC_INT ? "Please enter a decimal value." :
		       type == KC_HEX ? "Please enter a hexadecimal value (0x...)." :
		       "Please enter a string value.");
	if ((type == KC_INT || type == KC_HEX) && kc_sym_range(sym, &low, &high))
		snprintf(prompt + len, sizeof(prompt) - (size_t)len,
			 type == KC_HEX ? " Allowed range: 0x%llx..0x%llx." :
			 " Allowed range: %lld..%lld.", low, high);
	snprintf(value, sizeof(value), "%s", kc_sym_string(sym));
	if (dlg_input(kc_menu_prompt(node), prompt, value, sizeof(value), check_value, sym) ==
	    DLG_OK)
		set_message(false, "%s set to %s", sym->name ? sym->name : "value",
			    kc_sym_string(sym));
}

static void collect_members(struct kc_menu *parent, struct kc_menu **members, int *n, int max)
{
	struct kc_menu *node;

	for (node = parent->child; node; node = node->next) {
		if (node->kind == KC_MENU_CONFIG && node->sym && mconf_prompt_visible(node) &&
		    *n < max)
			members[(*n)++] = node;
	}
}

static void choose(struct kc_menu *node)
{
	struct kc_symbol *choice = node->sym, *pick = kc_choice_selected(choice);
	struct kc_menu *members[256];
	const char *names[256];
	int n = 0, i, selected = -1, rc;

	collect_members(node, members, &n, 256);
	if (n == 0) {
		set_message(true, "No member of this choice is visible");
		return;
	}
	for (i = 0; i < n; i++) {
		names[i] = kc_menu_prompt(members[i]);
		if (members[i]->sym == pick)
			selected = i;
	}
	if (dlg_radiolist(kc_menu_prompt(node), names, n, &selected) != DLG_OK || selected < 0)
		return;
	if (members[selected]->sym == pick && kc_sym_tristate(choice) == KC_Y)
		return;
	rc = kc_choice_select(choice, members[selected]->sym);
	if (rc < 0 || kc_choice_selected(choice) != members[selected]->sym) {
		char *why = mconf_refusal(members[selected]->sym, KC_Y);

		set_message(true, "%s", why ? why : "choice refused");
		free(why);
	}
}

static void activate(struct kc_menu *node, bool space)
{
	struct kc_symbol *sym = node->sym;
	enum kc_type type = sym ? kc_sym_type(sym) : KC_UNKNOWN;

	switch (node->kind) {
	case KC_MENU_MENU:
		enter_menu(node);
		break;
	case KC_MENU_CHOICE:
		if (!sym)
			break;
		if (space && (sym->flags & KC_SYM_OPTIONAL))
			toggle(sym);
		else
			choose(node);
		break;
	case KC_MENU_CONFIG:
		if (node->is_menuconfig && !space) {
			enter_menu(node);
		} else if (type == KC_BOOL || type == KC_TRISTATE) {
			toggle(sym);
		} else if (type == KC_INT || type == KC_HEX || type == KC_STRING) {
			edit_value(node);
		}
		break;
	default:
		break;
	}
}

static void show_help(struct kc_menu *node)
{
	char *text = mconf_help_text(node);
	const char *title = kc_menu_prompt(node);

	dlg_textbox(title ? title : "Help", text ? text : "out of memory");
	free(text);
}

static int save(void)
{
	const char *path = kc_conf_path();
	int rc = kc_conf_write(path);

	if (rc < 0) {
		char *text = NULL;

		/* The core also printed the error on stderr, over the screen. */
		dlg_repaint();
		if (asprintf(&text, "Could not write %s:\n\n%s\n\nThe configuration is kept in "
			     "memory: fix the problem and press S again, or leave without saving.",
			     path, *kc_last_error() ? kc_last_error() : strerror(-rc)) >= 0) {
			dlg_message("Save failed", text);
			free(text);
		}
		set_message(true, "Not saved: could not write %s", path);
		return rc;
	}
	ui.saved = true;
	ui.config_missing = false;
	set_message(false, "Configuration written to %s", path);
	return 0;
}

/* Rebuilds the menu stack down to @sym's entry and highlights it. */
static void jump_to(struct kc_symbol *sym)
{
	struct kc_menu *def = mconf_sym_menu(sym), *target, *chain[MAX_DEPTH], *menu;
	char *why;
	int n = 0, i;

	if (!def) {
		set_message(true, "%s has no menu entry", sym->name);
		return;
	}
	target = mconf_row_of(def);
	for (menu = mconf_container_of(target); n < MAX_DEPTH; menu = mconf_container_of(menu)) {
		chain[n++] = menu;
		if (menu->kind == KC_MENU_ROOT)
			break;
	}
	for (i = 0; i < n; i++) {
		if (chain[i]->kind != KC_MENU_ROOT && !mconf_prompt_visible(chain[i])) {
			set_message(true, "%s is in the menu '%s', which is hidden now", sym->name,
				    kc_menu_prompt(chain[i]));
			return;
		}
	}
	ui.depth = 0;
	for (i = n - 1; i >= 0; i--)
		enter_menu(chain[i]);
	rebuild_rows();
	for (i = 0; i < ui.nrows; i++) {
		if (ui.rows[i].node == target) {
			current()->cursor = i;
			current()->top = i > list_height() / 2 ? i - list_height() / 2 : 0;
			rebuild_rows();
			return;
		}
	}
	why = mconf_hidden_reason(def);
	set_message(true, "%s is hidden: %s", sym->name, why ? why : "dependencies not met");
	free(why);
}

static const char *check_pattern(const char *text, void *ctx, char *msg, size_t msg_size)
{
	struct kc_symbol **found = NULL;
	int n;

	(void)ctx;
	if (!*text) {
		snprintf(msg, msg_size, "Error: enter a pattern, e.g. ^HYP$ or uart");
		return msg;
	}
	n = mconf_search(text, &found, msg, msg_size);
	free(found);
	return n < 0 ? msg : NULL;
}

static void search(void)
{
	char pattern[256] = "", header[512], err[256];
	struct kc_symbol **found = NULL;
	char **entries;
	int n, i, selected = 0;

	if (dlg_input("Search Configuration Parameter",
		      "Enter a regular expression to match symbol names (case-insensitive), "
		      "e.g. ^HYP$ or uart.", pattern, sizeof(pattern), check_pattern, NULL) != DLG_OK)
		return;
	n = mconf_search(pattern, &found, err, sizeof(err));
	if (n < 0) {
		set_message(true, "%s", err);
		return;
	}
	if (n == 0) {
		snprintf(header, sizeof(header), "No symbol matches '%s'.", pattern);
		dlg_message("Search Results", header);
		free(found);
		return;
	}
	entries = calloc((size_t)n, sizeof(*entries));
	if (!entries) {
		free(found);
		set_message(true, "Out of memory");
		return;
	}
	for (i = 0; i < n; i++)
		entries[i] = mconf_search_entry(found[i], i + 1);
	snprintf(header, sizeof(header),
		 "%d symbol%s match '%s'. Enter (or 1-9) jumps to it; Esc Esc goes back.", n,
		 n == 1 ? "" : "s", pattern);
	for (i = 0; i < n; i++)
		if (!entries[i])
			entries[i] = strdup("?");
	if (dlg_choose("Search Results", header, (const char *const *)entries, n, &selected) ==
	    DLG_OK)
		jump_to(found[selected]);
	for (i = 0; i < n; i++)
		free(entries[i]);
	free(entries);
	free(found);
}

/* The warnings went to stderr, which the full-screen UI covers: repeat them in a dialog. */
static void show_read_warnings(const char *path)
{
	char *text = NULL;
	int count = kc_warning_count();

	if (asprintf(&text, "%d warning%s while reading %s (also printed on stderr). The last one:\n\n"
		     "%s\n\nThe lines concerned were ignored; saving writes the file without them.",
		     count, count == 1 ? "" : "s", path, kc_last_error()) < 0)
		return;
	dlg_message("Configuration warnings", text);
	free(text);
}

/* Whether leaving should offer to save: values changed, or no .config was read. */
static bool needs_saving(void)
{
	return kc_conf_changed() || ui.config_missing;
}

/* Returns true when the program should end (after saving, or discarding on request). */
static bool confirm_exit(void)
{
	if (!needs_saving())
		return true;
	switch (dlg_yes_no_cancel("Save configuration?",
				  "Do you wish to save your new configuration?\n"
				  "(Cancel, or Esc Esc, continues editing.)")) {
	case DLG_YES:
		return save() == 0;
	case DLG_NO:
		ui.discarded = true;
		return true;
	default:
		return false;
	}
}

static void move_cursor(int delta)
{
	struct level *lvl = current();

	lvl->cursor += delta;
	if (lvl->cursor >= ui.nrows)
		lvl->cursor = ui.nrows - 1;
	if (lvl->cursor < 0)
		lvl->cursor = 0;
}

/* Handles one key of the main list; returns true when the program should end. */
static bool handle_key(int key)
{
	struct level *lvl = current();
	struct kc_menu *node = ui.nrows > 0 ? ui.rows[lvl->cursor].node : NULL;
	int page = list_height() > 1 ? list_height() - 1 : 1;

	switch (key) {
	case KEY_UP:
	case 'k':
		move_cursor(-1);
		break;
	case KEY_DOWN:
	case 'j':
		move_cursor(1);
		break;
	case KEY_PPAGE:
		move_cursor(-page);
		break;
	case KEY_NPAGE:
		move_cursor(page);
		break;
	case KEY_HOME:
		move_cursor(-ui.nrows);
		break;
	case KEY_END:
		move_cursor(ui.nrows);
		break;
	case '\n':
	case '\r':
	case KEY_ENTER:
	case KEY_RIGHT:
		if (node && (key != KEY_RIGHT || mconf_is_container(node)))
			activate(node, false);
		break;
	case ' ':
		if (node)
			activate(node, true);
		break;
	case 'y':
	case 'n':
	case 'm':
		if (node && node->sym && (node->kind == KC_MENU_CONFIG ||
					  (node->sym->flags & KC_SYM_OPTIONAL)))
			set_tristate(node->sym, key == 'y' ? KC_Y : key == 'm' ? KC_M : KC_N);
		break;
	case '?':
	case 'h':
		if (node)
			show_help(node);
		break;
	case '/':
		search();
		break;
	case 'S':
		save();
		break;
	case 'Q':
	case 'q':
		return confirm_exit();
	case DLG_KEY_BACK:
	case KEY_LEFT:
	case 'x':
		if (ui.depth > 1) {
			ui.depth--;
			break;
		}
		return confirm_exit();
	default:
		break;
	}
	return false;
}

static void usage(FILE *out)
{
	fprintf(out,
		"usage: mconf [--help] KCONFIG_FILE\n"
		"Edit the configuration in an ncurses menu. Reads and writes $KCONFIG_CONFIG\n"
		"(default .config); a missing file starts from the defaults.\n");
}

int main(int argc, char **argv)
{
	const char *path, *defaults = NULL;
	int rc;

	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		usage(stdout);
		return 0;
	}
	if (argc != 2 || argv[1][0] == '-') {
		usage(stderr);
		return 2;
	}
	if (kc_parse(argv[1]) < 0)
		return 1;
	path = kc_conf_path();
	rc = kc_conf_read(path, false);
	if (rc == -ENOENT && kc_conf_default_name()) {
		/* No .config yet: start from the tree's defconfig_list file; save writes path. */
		defaults = kc_conf_default_name();
		rc = kc_conf_read(defaults, false);
		if (rc == 0)
			rc = -ENOENT;
	}
	if (rc < 0 && rc != -ENOENT) {
		fprintf(stderr, "mconf: %s: cannot read the configuration: %s\n",
			defaults ? defaults : path,
			*kc_last_error() ? kc_last_error() : strerror(-rc));
		return 1;
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "mconf: needs a terminal on stdin and stdout\n");
		return 1;
	}
	if (dlg_start() < 0) {
		fprintf(stderr, "mconf: cannot initialise the terminal (TERM=%s)\n",
			getenv("TERM") ? getenv("TERM") : "");
		return 1;
	}
	if (LINES < DLG_MIN_ROWS || COLS < DLG_MIN_COLS) {
		int rows = LINES, cols = COLS;

		dlg_stop();
		fprintf(stderr, "mconf: this terminal (%dx%d) is too small;\n"
			"menuconfig needs at least %dx%d (columns x rows).\n",
			cols, rows, DLG_MIN_COLS, DLG_MIN_ROWS);
		return 1;
	}
	if (rc == -ENOENT) {
		ui.config_missing = true;
		set_message(false, "No %s found: starting from %s", path,
			    defaults ? defaults : "the defaults");
	}
	dlg_set_background(draw_main);
	enter_menu(kc_root_menu());
	if (rc == 0 && kc_warning_count() > 0)
		show_read_warnings(path);
	for (;;) {
		int key;

		if (!dlg_screen_ok()) {
			key = getch();
			/* The save dialog cannot be drawn now, so only leave when nothing is lost. */
			if ((key == 'q' || key == 'Q') && !needs_saving())
				break;
			continue;
		}
		erase();
		draw_main();
		refresh();
		key = dlg_getkey();
		if (key == KEY_RESIZE || key == DLG_KEY_NONE)
			continue;
		ui.message[0] = '\0';
		if (handle_key(key))
			break;
	}
	dlg_stop();
	free(ui.rows);
	if (ui.saved)
		printf("configuration written to %s\n", path);
	if (ui.discarded)
		printf("Your configuration changes were NOT saved.\n");
	return 0;
}
