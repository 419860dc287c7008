/* SPDX-License-Identifier: BSD-2-Clause */
/* Generic ncurses dialogs for mconf: all drawing goes to stdscr over a caller-drawn background. */
#define _GNU_SOURCE
#include "mconf_dialog.h"

#include <curses.h>
#include <locale.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

enum {
	PAIR_TITLE = 1,
	PAIR_ERROR,
	PAIR_DIALOG,
};

static dlg_background_fn background;
static int started;

static void restore_terminal_and_die(int sig)
{
	/* endwin() is not async-signal-safe, but leaving the terminal in raw mode is worse. */
	endwin();
	signal(sig, SIG_DFL);
	raise(sig);
}

int dlg_start(void)
{
	static const int fatal_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
	struct sigaction sa;
	size_t i;

	setlocale(LC_ALL, "");
	if (!initscr())
		return -1;
	started = 1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = restore_terminal_and_die;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(fatal_signals) / sizeof(fatal_signals[0]); i++)
		sigaction(fatal_signals[i], &sa, NULL);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(50);
	curs_set(0);
	if (has_colors()) {
		start_color();
		use_default_colors();
		init_pair(PAIR_TITLE, COLOR_WHITE, COLOR_BLUE);
		init_pair(PAIR_ERROR, COLOR_WHITE, COLOR_RED);
		init_pair(PAIR_DIALOG, -1, -1);
	}
	return 0;
}

void dlg_stop(void)
{
	if (!started)
		return;
	started = 0;
	curs_set(1);
	endwin();
}

int dlg_title_attr(void)
{
	return A_BOLD | (has_colors() ? COLOR_PAIR(PAIR_TITLE) : A_REVERSE);
}

int dlg_error_attr(void)
{
	return A_BOLD | (has_colors() ? COLOR_PAIR(PAIR_ERROR) : 0);
}

void dlg_set_background(dlg_background_fn fn)
{
	background = fn;
}

int dlg_getkey(void)
{
	int key = getch();
	int next;

	if (key != 27)
		return key;
	/* Linux-style: a single Esc does nothing, Esc Esc means "back". */
	timeout(1500);
	next = getch();
	timeout(-1);
	if (next == 27)
		return DLG_KEY_BACK;
	if (next != ERR)
		ungetch(next);
	return DLG_KEY_NONE;
}

void dlg_repaint(void)
{
	clearok(curscr, TRUE);
}

int dlg_screen_ok(void)
{
	if (LINES >= DLG_MIN_ROWS && COLS >= DLG_MIN_COLS)
		return 1;
	erase();
	mvprintw(0, 0, "Terminal too small: menuconfig needs at least %dx%d,",
		 DLG_MIN_COLS, DLG_MIN_ROWS);
	mvprintw(1, 0, "this one is %dx%d. Enlarge it to continue", COLS, LINES);
	mvprintw(2, 0, "(Q quits if nothing is left unsaved).");
	refresh();
	return 0;
}

static void fill(int y, int x, int h, int w)
{
	int row;

	for (row = 0; row < h; row++)
		mvhline(y + row, x, ' ', w);
}

void dlg_draw_box(int y, int x, int h, int w, const char *title)
{
	fill(y, x, h, w);
	mvhline(y, x + 1, ACS_HLINE, w - 2);
	mvhline(y + h - 1, x + 1, ACS_HLINE, w - 2);
	mvvline(y + 1, x, ACS_VLINE, h - 2);
	mvvline(y + 1, x + w - 1, ACS_VLINE, h - 2);
	mvaddch(y, x, ACS_ULCORNER);
	mvaddch(y, x + w - 1, ACS_URCORNER);
	mvaddch(y + h - 1, x, ACS_LLCORNER);
	mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
	if (title && *title && w > 6) {
		attron(A_BOLD);
		mvprintw(y, x + 2, " %.*s ", w - 6, title);
		attroff(A_BOLD);
	}
}

static void draw_background(void)
{
	erase();
	if (background)
		background();
}

/* Replaces the background's bottom lines (message + key help) with the dialog's own keys. */
static void draw_hints(const char *first, const char *second)
{
	int row;

	for (row = LINES - 3; row < LINES; row++)
		mvhline(row, 0, ' ', COLS);
	mvaddnstr(LINES - 2, 1, first, COLS - 2);
	mvaddnstr(LINES - 1, 1, second, COLS - 2);
}

/* Full-screen dialogs cover exactly the menu's list box: rows 2..LINES-4. */
static void full_box(int *y, int *x, int *h, int *w)
{
	*y = 2;
	*x = 1;
	*h = LINES - 5;
	*w = COLS - 2;
}

/* Appends a copy of the @len bytes at @start to the growing array of lines. */
static int append_line(char ***lines, int *n, int *cap, const char *start, size_t len)
{
	char **grown;

	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		grown = realloc(*lines, (size_t)*cap * sizeof(**lines));
		if (!grown)
			return -1;
		*lines = grown;
	}
	(*lines)[*n] = strndup(start, len);
	if (!(*lines)[*n])
		return -1;
	(*n)++;
	return 0;
}

char **dlg_wrap(const char *text, int width, int *nlines)
{
	char **lines = NULL;
	int n = 0, cap = 0;
	const char *line = text;

	if (width < 8)
		width = 8;
	while (line && *line) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);

		if (len == 0 && append_line(&lines, &n, &cap, "", 0))
			goto fail;
		while (len > 0) {
			size_t take = len;

			if (take > (size_t)width) {
				take = (size_t)width;
				while (take > 0 && line[take] != ' ')
					take--;
				if (take == 0)
					take = (size_t)width;
			}
			if (append_line(&lines, &n, &cap, line, take))
				goto fail;
			line += take;
			len -= take;
			/* Continuation lines drop the space they were split at. */
			while (len > 0 && *line == ' ') {
				line++;
				len--;
			}
		}
		line = end ? end + 1 : NULL;
	}
	*nlines = n;
	return lines;
fail:
	dlg_free_lines(lines, n);
	*nlines = 0;
	return NULL;
}

void dlg_free_lines(char **lines, int nlines)
{
	int i;

	for (i = 0; i < nlines; i++)
		free(lines[i]);
	free(lines);
}

static void draw_buttons(int y, int x, int w, const char *const *labels, int count, int focus)
{
	int total = 0, i, pos;

	for (i = 0; i < count; i++)
		total += (int)strlen(labels[i]) + 2;
	pos = x + (w - total) / 2;
	for (i = 0; i < count; i++) {
		if (i == focus)
			attron(A_REVERSE);
		mvprintw(y, pos, "%s", labels[i]);
		if (i == focus)
			attroff(A_REVERSE);
		pos += (int)strlen(labels[i]) + 2;
	}
}

/* Waits for the terminal to be usable again, returning 0, or -1 if the user quit meanwhile. */
static int wait_screen(void)
{
	while (!dlg_screen_ok()) {
		int key = getch();

		if (key == 'q' || key == 'Q')
			return -1;
	}
	return 0;
}

static int button_dialog(const char *title, const char *text, const char *const *labels,
			 const char *hotkeys, int count, int cancel_index)
{
	int focus = 0;

	for (;;) {
		char **lines;
		int nlines, w, h, y, x, i, key;

		if (wait_screen())
			return cancel_index;
		w = COLS - 10 < 70 ? COLS - 10 : 70;
		lines = dlg_wrap(text, w - 4, &nlines);
		h = nlines + 4;
		if (h > LINES - 2)
			h = LINES - 2;
		y = (LINES - h) / 2;
		x = (COLS - w) / 2;
		draw_background();
		dlg_draw_box(y, x, h, w, title);
		for (i = 0; i < nlines && i < h - 4; i++)
			mvaddnstr(y + 1 + i, x + 2, lines[i], w - 4);
		dlg_free_lines(lines, nlines);
		draw_buttons(y + h - 2, x, w, labels, count, focus);
		if (count > 1)
			draw_hints("Left/Right/Tab:choose a button  Enter:press it",
				   "y/n/c:Yes/No/Cancel directly  Esc Esc:cancel");
		else
			draw_hints("Enter or Esc Esc:close", "");
		refresh();
		key = dlg_getkey();
		switch (key) {
		case KEY_LEFT:
		case KEY_BTAB:
			focus = (focus + count - 1) % count;
			break;
		case KEY_RIGHT:
		case '\t':
			focus = (focus + 1) % count;
			break;
		case '\n':
		case '\r':
		case KEY_ENTER:
		case ' ':
			return focus;
		case DLG_KEY_BACK:
			return cancel_index;
		default:
			for (i = 0; hotkeys && hotkeys[i] && i < count; i++)
				if (key == hotkeys[i] || key == hotkeys[i] - 'a' + 'A')
					return i;
			break;
		}
	}
}

void dlg_message(const char *title, const char *text)
{
	static const char *const labels[] = { "< OK >" };

	button_dialog(title, text, labels, "o", 1, 0);
}

int dlg_yes_no_cancel(const char *title, const char *question)
{
	static const char *const labels[] = { "< Yes >", "< No >", "<Cancel>" };

	return button_dialog(title, question, labels, "ync", 3, DLG_CANCEL);
}

static int is_text_byte(int key)
{
	return key >= 32 && key < 256 && key != 127;
}

int dlg_input(const char *title, const char *prompt, char *buf, size_t size,
	      dlg_validate_fn validate, void *ctx)
{
	static const char *const labels[] = { "<  OK  >", "<Cancel>" };
	char *text = calloc(1, size);
	char error[256] = "";
	size_t len, cursor;
	int focus = 0; /* 0: text field, 1: OK, 2: Cancel */
	int result = DLG_CANCEL;

	if (!text)
		return DLG_CANCEL;
	snprintf(text, size, "%s", buf);
	len = cursor = strlen(text);
	for (;;) {
		char **lines;
		int nlines, w, h, y, x, i, key, field_w, scroll, err_lines = 0;
		char **err = NULL;

		if (wait_screen())
			break;
		w = COLS - 10 < 70 ? COLS - 10 : 70;
		lines = dlg_wrap(prompt, w - 4, &nlines);
		if (error[0])
			err = dlg_wrap(error, w - 4, &err_lines);
		if (nlines > LINES - 12)
			nlines = LINES - 12;
		h = nlines + err_lines + 6;
		y = (LINES - h) / 2;
		x = (COLS - w) / 2;
		draw_background();
		dlg_draw_box(y, x, h, w, title);
		for (i = 0; i < nlines; i++)
			mvaddnstr(y + 1 + i, x + 2, lines[i], w - 4);
		dlg_free_lines(lines, nlines);
		field_w = w - 4;
		scroll = cursor >= (size_t)field_w ? (int)cursor - field_w + 1 : 0;
		attron(A_UNDERLINE | (focus == 0 ? A_BOLD : 0));
		mvhline(y + nlines + 2, x + 2, ' ', field_w);
		mvaddnstr(y + nlines + 2, x + 2, text + scroll, field_w);
		attroff(A_UNDERLINE | A_BOLD);
		if (err) {
			attron(dlg_error_attr());
			for (i = 0; i < err_lines; i++)
				mvaddnstr(y + nlines + 3 + i, x + 2, err[i], w - 4);
			attroff(dlg_error_attr());
			dlg_free_lines(err, err_lines);
		}
		draw_buttons(y + h - 2, x, w, labels, 2, focus - 1);
		draw_hints("Enter:OK  Tab:to the buttons  Esc Esc:cancel",
			   "Left/Right/Home/End:move in the text  Backspace/Delete:erase");
		move(y + nlines + 2, x + 2 + (int)cursor - scroll);
		curs_set(focus == 0 ? 1 : 0);
		refresh();
		key = dlg_getkey();
		if (key == '\t' || key == KEY_BTAB || (focus && (key == KEY_LEFT || key == KEY_RIGHT))) {
			int step = key == KEY_BTAB || key == KEY_LEFT ? 2 : 1;

			focus = (focus + step) % 3;
			continue;
		}
		if (key == DLG_KEY_BACK)
			break;
		if (key == '\n' || key == '\r' || key == KEY_ENTER || (focus && key == ' ')) {
			if (focus == 2)
				break;
			error[0] = '\0';
			if (validate && validate(text, ctx, error, sizeof(error)))
				continue;
			snprintf(buf, size, "%s", text);
			result = DLG_OK;
			break;
		}
		if (focus != 0)
			continue;
		switch (key) {
		case KEY_LEFT:
			if (cursor > 0)
				cursor--;
			break;
		case KEY_RIGHT:
			if (cursor < len)
				cursor++;
			break;
		case KEY_HOME:
			cursor = 0;
			break;
		case KEY_END:
			cursor = len;
			break;
		case KEY_BACKSPACE:
		case 127:
		case 8:
			if (cursor > 0) {
				memmove(text + cursor - 1, text + cursor, len - cursor + 1);
				cursor--;
				len--;
			}
			break;
		case KEY_DC:
			if (cursor < len) {
				memmove(text + cursor, text + cursor + 1, len - cursor);
				len--;
			}
			break;
		default:
			if (is_text_byte(key) && len + 1 < size) {
				memmove(text + cursor + 1, text + cursor, len - cursor + 1);
				text[cursor++] = (char)key;
				len++;
			}
			break;
		}
	}
	curs_set(0);
	free(text);
	return result;
}

void dlg_textbox(const char *title, const char *text)
{
	int top = 0;

	for (;;) {
		char **lines;
		int nlines, w, h, y, x, i, rows, key, max_top;

		if (wait_screen())
			return;
		full_box(&y, &x, &h, &w);
		lines = dlg_wrap(text, w - 4, &nlines);
		rows = h - 4;
		max_top = nlines > rows ? nlines - rows : 0;
		if (top > max_top)
			top = max_top;
		draw_background();
		dlg_draw_box(y, x, h, w, title);
		for (i = 0; i < rows && top + i < nlines; i++)
			mvaddnstr(y + 1 + i, x + 2, lines[top + i], w - 4);
		dlg_free_lines(lines, nlines);
		if (max_top > 0)
			mvprintw(y + h - 3, x + w - 8, "(%3d%%)", (top + rows) * 100 /
				 (nlines ? nlines : 1) > 100 ? 100 : (top + rows) * 100 / nlines);
		attron(A_REVERSE);
		mvaddstr(y + h - 2, x + (w - 8) / 2, "< Exit >");
		attroff(A_REVERSE);
		draw_hints("Up/Down/j/k/PgUp/PgDn/Home/End:scroll",
			   "Enter, q, x or Esc Esc:close");
		refresh();
		key = dlg_getkey();
		switch (key) {
		case KEY_UP:
		case 'k':
			if (top > 0)
				top--;
			break;
		case KEY_DOWN:
		case 'j':
			if (top < max_top)
				top++;
			break;
		case KEY_PPAGE:
		case 'b':
			top = top > rows ? top - rows : 0;
			break;
		case KEY_NPAGE:
		case ' ':
			top = top + rows < max_top ? top + rows : max_top;
			break;
		case KEY_HOME:
		case 'g':
			top = 0;
			break;
		case KEY_END:
		case 'G':
			top = max_top;
			break;
		case '\n':
		case '\r':
		case KEY_ENTER:
		case 'q':
		case 'x':
		case 'e':
		case KEY_LEFT:
		case DLG_KEY_BACK:
			return;
		default:
			break;
		}
	}
}

/* One list engine for radio lists and search results: items may span several lines. */
int dlg_choose(const char *title, const char *header, const char *const *items, int count,
	       int *selected)
{
	int cursor = *selected >= 0 && *selected < count ? *selected : 0;
	int top = 0;

	if (count == 0) {
		dlg_message(title, header && *header ? header : "Nothing to choose from.");
		return DLG_CANCEL;
	}
	for (;;) {
		int w, h, y, x, i, rows, key, row, header_lines = 0, first_row;
		char **hdr = NULL;
		bool more;

		if (wait_screen())
			return DLG_CANCEL;
		full_box(&y, &x, &h, &w);
		if (header && *header)
			hdr = dlg_wrap(header, w - 4, &header_lines);
		if (header_lines > 3)
			header_lines = 3;
		first_row = y + 1 + header_lines + (header_lines ? 1 : 0);
		rows = y + h - 3 - first_row;
		draw_background();
		dlg_draw_box(y, x, h, w, title);
		for (i = 0; i < header_lines; i++)
			mvaddnstr(y + 1 + i, x + 2, hdr[i], w - 4);
		if (hdr)
			dlg_free_lines(hdr, header_lines);
		/* Scroll so that the whole cursor item fits, counting each item's lines. */
		if (cursor < top)
			top = cursor;
		for (;;) {
			int used = 0;

			for (i = top; i <= cursor; i++) {
				const char *p = items[i];

				used++;
				while ((p = strchr(p, '\n')) && p[1]) {
					used++;
					p++;
				}
			}
			if (used <= rows || top == cursor)
				break;
			top++;
		}
		row = 0;
		more = false;
		for (i = top; i < count && row < rows; i++) {
			const char *line = items[i];

			if (i == cursor)
				attron(A_REVERSE);
			while (line && *line && row < rows) {
				const char *end = strchr(line, '\n');
				int len = end ? (int)(end - line) : (int)strlen(line);

				mvhline(first_row + row, x + 1, ' ', w - 2);
				mvaddnstr(first_row + row, x + 2, line, len < w - 4 ? len : w - 4);
				row++;
				line = end ? end + 1 : NULL;
			}
			if (i == cursor)
				attroff(A_REVERSE);
			if (line && *line)
				more = true; /* this item was cut off at the bottom */
		}
		if (top > 0)
			mvaddstr(first_row - 1, x + w - 9, "(-more-)");
		if (more || i < count)
			mvaddstr(y + h - 3, x + w - 9, "(+more+)");
		attron(A_REVERSE);
		mvaddstr(y + h - 2, x + (w - 20) / 2, "<Select>");
		attroff(A_REVERSE);
		mvaddstr(y + h - 2, x + (w - 20) / 2 + 11, "< Back >");
		draw_hints("Up/Down/j/k/PgUp/PgDn:move  Enter/Space:select  1-9:pick by number",
			   "Esc Esc, x or Left:back");
		refresh();
		key = dlg_getkey();
		switch (key) {
		case KEY_UP:
		case 'k':
			if (cursor > 0)
				cursor--;
			break;
		case KEY_DOWN:
		case 'j':
			if (cursor < count - 1)
				cursor++;
			break;
		case KEY_PPAGE:
			cursor = cursor > rows ? cursor - rows : 0;
			break;
		case KEY_NPAGE:
			cursor = cursor + rows < count ? cursor + rows : count - 1;
			break;
		case KEY_HOME:
			cursor = 0;
			break;
		case KEY_END:
			cursor = count - 1;
			break;
		case '\n':
		case '\r':
		case KEY_ENTER:
		case ' ':
			*selected = cursor;
			return DLG_OK;
		case DLG_KEY_BACK:
		case KEY_LEFT:
		case 'x':
		case 'q':
			return DLG_CANCEL;
		default:
			if (key >= '1' && key <= '9' && key - '1' < count) {
				*selected = key - '1';
				return DLG_OK;
			}
			break;
		}
	}
}

int dlg_radiolist(const char *title, const char *const *items, int count, int *selected)
{
	char **lines = calloc((size_t)count + 1, sizeof(*lines));
	int i, result = DLG_CANCEL, cursor = *selected;

	if (!lines)
		return DLG_CANCEL;
	for (i = 0; i < count; i++)
		if (asprintf(&lines[i], "(%c) %s", i == *selected ? 'X' : ' ', items[i]) < 0)
			goto out;
	result = dlg_choose(title, "Use the arrow keys to move, Space or Enter to select.",
			    (const char *const *)lines, count, &cursor);
	if (result == DLG_OK)
		*selected = cursor;
out:
	for (i = 0; i < count; i++)
		free(lines[i]);
	free(lines);
	return result;
}
