/* SPDX-License-Identifier: BSD-2-Clause */
/* Declarations shared by the Kconfig core's own files; front ends use kconfig.h only. */
#ifndef KAURI_KCONFIG_INTERNAL_H
#define KAURI_KCONFIG_INTERNAL_H

#include "kconfig.h"

#include <stdarg.h>

#define KC_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* util.c: allocation that never returns NULL (host tool: out of memory is fatal). */
void *kc_xmalloc(size_t size);
void *kc_xcalloc(size_t n, size_t size);
void *kc_xrealloc(void *p, size_t size);
char *kc_xstrdup(const char *s);
char *kc_xstrndup(const char *s, size_t n);
char *kc_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A growable string. */
struct kc_buf {
	char *s;
	size_t len, cap;
};
void kc_buf_add(struct kc_buf *b, const char *s, size_t n);
void kc_buf_adds(struct kc_buf *b, const char *s);
void kc_buf_addc(struct kc_buf *b, char c);
void kc_buf_printf(struct kc_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *kc_buf_take(struct kc_buf *b);	/* returns the string (never NULL), resets b */

/* A whole file as a string (caller frees), or NULL with errno set if it cannot be opened. */
char *kc_read_file(const char *path);

/* Messages: "file:line: error: ..." / "file:line: warning: ..." on stderr. */
void kc_error_at(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void kc_warn_at(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* "file:line: note: ..." explaining the error or warning just printed. */
void kc_note_at(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void kc_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kc_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Tests silence stderr with this; every message is then appended to a log instead. */
extern bool kc_quiet;
const char *kc_message_log(void);	/* all messages since the last clear, one a line */
void kc_message_log_clear(void);
void kc_symbols_reset(void);
void kc_parser_reset(void);

/* lexer.c */
enum kc_tok_kind {
	KC_T_WORD,
	KC_T_STRING,
	KC_T_NOT,
	KC_T_AND,
	KC_T_OR,
	KC_T_EQ,
	KC_T_NE,
	KC_T_LT,
	KC_T_LE,
	KC_T_GT,
	KC_T_GE,
	KC_T_OPEN,
	KC_T_CLOSE,
};

struct kc_token {
	enum kc_tok_kind kind;
	char *text;
};

struct kc_line {
	struct kc_token *tok;
	int ntok;
	const char *file;
	int line;
};

void kc_lex_reset(void);
/* Push a file to read next (before the rest of the current one). */
int kc_lex_push_file(const char *path, const char *from_file, int from_line);
/* Next non-empty logical line: 1, or 0 at the end of all input, or <0 on error. */
int kc_lex_next_line(struct kc_line *out);
/* Read the help text following the current line (indentation-delimited). */
char *kc_lex_read_help(void);
const char *kc_tok_describe(const struct kc_token *tok);
/*
 * Expand a `source` path or the mainmenu title (caller frees): $NAME and ${NAME}
 * give the value of symbol NAME ("" if there is none; an `option env` symbol holds
 * its environment variable), as kconfig-frontends 4.11 does for $NAME; $(NAME) gives
 * environment variable NAME, warning at file:line if it is unset.
 */
char *kc_expand_value(const char *text, const char *file, int line);

/* symbol.c */
extern struct kc_symbol kc_sym_yes, kc_sym_mod, kc_sym_no;
extern struct kc_symbol *kc_modules_sym;	/* NULL if no `option modules` */
extern unsigned int kc_value_gen;		/* bumped on every change */
extern bool kc_dirty;				/* changed since load/save */
struct kc_symbol *kc_sym_lookup(const char *name);	/* creates if missing */
struct kc_symbol *kc_sym_const(const char *value);	/* interned constant */
struct kc_symbol *kc_sym_new_choice(const char *name);
void kc_sym_calc(struct kc_symbol *sym);
void kc_values_changed(void);
bool kc_modules_enabled(void);
struct kc_property *kc_sym_default_prop(struct kc_symbol *sym);
/* Default value as text, as savedefconfig needs it (ignores user values). */
const char *kc_sym_default_string(struct kc_symbol *sym);
/* The default member of a choice, ignoring the user's pick. */
struct kc_symbol *kc_choice_default(struct kc_symbol *choice);
bool kc_parse_int(const char *s, int base, long long *out);
/* Hex text with its 0x prefix, added unless already there ("" stays ""); caller frees. */
char *kc_hex_with_prefix(const char *value);
void kc_sym_set_user_raw(struct kc_symbol *sym, const char *str, enum kc_tristate tri);
/* Whether the user value of an int/hex/string is well-formed and inside the active range. */
bool kc_sym_user_in_range(struct kc_symbol *sym);

/* Scratch flag for "already written" while walking the menu tree. */
#define KC_SYM_WRITTEN 0x0800

/* expr.c */
struct kc_expr *kc_expr_sym(struct kc_symbol *sym);
struct kc_expr *kc_expr_cmp(enum kc_expr_op op, struct kc_symbol *l, struct kc_symbol *r);
struct kc_expr *kc_expr_not(struct kc_expr *e);
/* AND/OR treating NULL as y. */
struct kc_expr *kc_expr_and(struct kc_expr *a, struct kc_expr *b);
struct kc_expr *kc_expr_or(struct kc_expr *a, struct kc_expr *b);
struct kc_expr *kc_expr_copy(const struct kc_expr *e);
/* Copy of e with every constant `m` replaced by (m && MODULES). */
struct kc_expr *kc_expr_rewrite_m(const struct kc_expr *e);

static inline enum kc_tristate kc_tri_and(enum kc_tristate a, enum kc_tristate b)
{
	return a < b ? a : b;
}

static inline enum kc_tristate kc_tri_or(enum kc_tristate a, enum kc_tristate b)
{
	return a > b ? a : b;
}

/* parser.c */
extern struct kc_menu kc_rootmenu;
extern char *kc_mainmenu;

/* menu.c */
int kc_menu_finalize(void);

/* confdata.c */
char *kc_escape_string(const char *s);

#endif /* KAURI_KCONFIG_INTERNAL_H */
