/* SPDX-License-Identifier: BSD-2-Clause */
/* Generic ncurses dialogs (message, yes/no/cancel, input, text box, lists) used by mconf. */
#ifndef MCONF_DIALOG_H
#define MCONF_DIALOG_H

#include <stddef.h>

/* Smallest terminal the UI can draw in; anything smaller gets a polite refusal. */
#define DLG_MIN_ROWS 19
#define DLG_MIN_COLS 60

enum dlg_result {
	DLG_OK = 0,
	DLG_YES = 0,
	DLG_NO = 1,
	DLG_CANCEL = 2,
};

/* Draws whatever lies under a dialog; dialogs call it before every redraw (resize included). */
typedef void (*dlg_background_fn)(void);

/* Checks an input box's text: returns NULL when acceptable, else a message saying why not. */
typedef const char *(*dlg_validate_fn)(const char *text, void *ctx, char *msg, size_t msg_size);

int dlg_start(void);
void dlg_stop(void);
void dlg_set_background(dlg_background_fn fn);

/* Reads one key, turning Esc Esc into DLG_KEY_BACK and a lone Esc into DLG_KEY_NONE. */
#define DLG_KEY_BACK  0x10001
#define DLG_KEY_NONE  0x10002
int dlg_getkey(void);

/* Repaints the whole terminal next refresh (after something else wrote to it, e.g. stderr). */
void dlg_repaint(void);

/* True when the terminal is big enough; otherwise draws the refusal message. */
int dlg_screen_ok(void);

/* A text with an OK button; any of Enter, Space, o or Esc Esc closes it. */
void dlg_message(const char *title, const char *text);
/* Asks @question; returns DLG_YES, DLG_NO or DLG_CANCEL (also for Esc Esc). */
int dlg_yes_no_cancel(const char *title, const char *question);
/*
 * An editable one-line field holding @buf. On OK, @validate (if any) either accepts
 * the text or returns a message that is shown while the dialog stays open. Returns
 * DLG_OK with the accepted text in @buf, or DLG_CANCEL with @buf untouched.
 */
int dlg_input(const char *title, const char *prompt, char *buf, size_t size,
	      dlg_validate_fn validate, void *ctx);
/* A read-only, scrollable text (help screens). */
void dlg_textbox(const char *title, const char *text);
/*
 * A list of items (each may span several lines) under @header. Enter/Space picks
 * the highlighted item, 1-9 picks by number: DLG_OK with *@selected set. Back keys
 * return DLG_CANCEL. *@selected is also where the highlight starts.
 */
int dlg_choose(const char *title, const char *header, const char *const *items, int count,
	       int *selected);
/* A "( ) / (X)" radio list of one-line items; *@selected is the current pick (-1: none). */
int dlg_radiolist(const char *title, const char *const *items, int count, int *selected);

/* Wraps @text into lines of at most @width columns; returns a malloc'd array of malloc'd lines. */
char **dlg_wrap(const char *text, int width, int *nlines);
void dlg_free_lines(char **lines, int nlines);

/* Helpers shared with the menu view. */
int dlg_title_attr(void);	/* title bar: white on blue, or reverse without colours */
int dlg_error_attr(void);	/* error text: white on red, or bold without colours */
/* Clears the rectangle and draws a line box around it with @title in its top edge. */
void dlg_draw_box(int y, int x, int h, int w, const char *title);

#endif
