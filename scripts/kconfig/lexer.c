/* SPDX-License-Identifier: BSD-2-Clause */
/* Kconfig lexer: reads source files line by line into tokens and help blocks; $NAME expansion. */
#include "kconfig_internal.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One open source file; files form a stack as `source` nests. */
struct src_file {
	struct src_file *parent;
	char *path;
	char *data;		/* whole file, NUL-terminated */
	size_t pos;
	int line;		/* number of the line last returned */
};

static struct src_file *cur_file;

void kc_lex_reset(void)
{
	/* Files are kept alive: menu nodes point at their names. */
	cur_file = NULL;
}

int kc_lex_push_file(const char *path, const char *from_file, int from_line)
{
	struct src_file *f;

	for (f = cur_file; f; f = f->parent) {
		if (!strcmp(f->path, path)) {
			kc_error_at(from_file, from_line, "recursive inclusion of \"%s\"", path);
			return -ELOOP;
		}
	}
	f = kc_xcalloc(1, sizeof(*f));
	f->data = kc_read_file(path);
	if (!f->data) {
		int err = errno;

		if (from_file)
			kc_error_at(from_file, from_line, "can't open file \"%s\": %s", path,
				    strerror(err));
		else
			kc_error("can't open file \"%s\": %s", path, strerror(err));
		free(f);
		return -ENOENT;
	}
	f->path = kc_xstrdup(path);
	f->parent = cur_file;
	cur_file = f;
	return 0;
}

/* Raw physical line from the current file (without '\n'); NULL at its end. */
static char *raw_line(struct src_file *f)
{
	const char *start, *end;

	if (!f->data[f->pos])
		return NULL;
	start = f->data + f->pos;
	end = strchr(start, '\n');
	if (!end)
		end = start + strlen(start);
	f->pos = (size_t)(end - f->data) + (*end ? 1 : 0);
	f->line++;
	if (end > start && end[-1] == '\r')
		end--;
	return kc_xstrndup(start, (size_t)(end - start));
}

/* Length of the symbol name at s ([A-Za-z0-9_]*), as kconfig-frontends reads `$NAME`. */
static size_t name_length(const char *s)
{
	size_t n = 0;

	while (isalnum((unsigned char)s[n]) || s[n] == '_')
		n++;
	return n;
}

/*
 * The text of symbol `name` as the tree read so far gives it ("" for a name never seen;
 * one only referenced reads as its name).  Values are recomputed: more of the tree is
 * known than at the last expansion.
 */
static const char *symbol_text(const char *name)
{
	struct kc_symbol *sym = kc_sym_find(name);

	kc_values_changed();
	return sym ? kc_sym_string(sym) : "";
}

char *kc_expand_value(const char *text, const char *file, int line)
{
	struct kc_buf b = { 0 };
	const char *p = text;

	while (*p) {
		const char *close = NULL;
		char *name;
		size_t len;

		if (*p != '$') {
			kc_buf_addc(&b, *p++);
			continue;
		}
		if (p[1] == '(' || p[1] == '{')
			close = strchr(p + 2, p[1] == '(' ? ')' : '}');
		if (close) {
			name = kc_xstrndup(p + 2, (size_t)(close - p - 2));
			p = close + 1;
		} else {
			len = name_length(p + 1);
			name = kc_xstrndup(p + 1, len);
			p += 1 + len;
		}
		if (close && close[0] == ')') {
			const char *val = getenv(name);

			if (!val)
				kc_warn_at(file, line, "environment variable %s is undefined", name);
			kc_buf_adds(&b, val ? val : "");
		} else {
			kc_buf_adds(&b, symbol_text(name));
		}
		free(name);
	}
	return kc_buf_take(&b);
}

static bool is_word_char(int c)
{
	return isalnum(c) || c == '_' || c == '-' || c == '.' || c == '/' || c == '+';
}

static void add_token(struct kc_line *out, enum kc_tok_kind kind, char *text)
{
	out->tok = kc_xrealloc(out->tok, sizeof(*out->tok) * (size_t)(out->ntok + 1));
	out->tok[out->ntok].kind = kind;
	out->tok[out->ntok].text = text;
	out->ntok++;
}

static int tokenize(const char *s, struct kc_line *out)
{
	while (*s) {
		enum kc_tok_kind kind;
		int len = 1;

		if (isspace((unsigned char)*s)) {
			s++;
			continue;
		}
		if (*s == '#')
			break;
		if (*s == '"' || *s == '\'') {
			char quote = *s++;
			struct kc_buf b = { 0 };

			while (*s && *s != quote) {
				if (*s == '\\' && s[1])
					s++;
				kc_buf_addc(&b, *s++);
			}
			if (*s)
				s++;
			else	/* the string ends with the line, as kconfig-conf reads it */
				kc_warn_at(out->file, out->line, "multi-line strings not supported");
			add_token(out, KC_T_STRING, kc_buf_take(&b));
			continue;
		}
		if (is_word_char((unsigned char)*s)) {
			const char *start = s;

			while (is_word_char((unsigned char)*s))
				s++;
			add_token(out, KC_T_WORD, kc_xstrndup(start, (size_t)(s - start)));
			continue;
		}
		switch (*s) {
		case '!':
			kind = s[1] == '=' ? (len = 2, KC_T_NE) : KC_T_NOT;
			break;
		case '=':
			kind = KC_T_EQ;
			break;
		case '<':
			kind = s[1] == '=' ? (len = 2, KC_T_LE) : KC_T_LT;
			break;
		case '>':
			kind = s[1] == '=' ? (len = 2, KC_T_GE) : KC_T_GT;
			break;
		case '(':
			kind = KC_T_OPEN;
			break;
		case ')':
			kind = KC_T_CLOSE;
			break;
		case '&':
		case '|':
			if (s[1] == s[0]) {
				kind = *s == '&' ? KC_T_AND : KC_T_OR;
				len = 2;
				break;
			}
			/* fall through */
		default:
			kc_error_at(out->file, out->line, "unexpected character '%c'", *s);
			return -EINVAL;
		}
		add_token(out, kind, kc_xstrndup(s, (size_t)len));
		s += len;
	}
	return 0;
}

int kc_lex_next_line(struct kc_line *out)
{
	memset(out, 0, sizeof(*out));
	while (cur_file) {
		struct src_file *f = cur_file;
		struct kc_buf logical = { 0 };
		char *raw = raw_line(f);
		int start_line = f->line;
		int err;

		if (!raw) {
			cur_file = f->parent;	/* end of this file: back to the includer */
			continue;
		}
		kc_buf_adds(&logical, raw);
		free(raw);
		/* A trailing backslash joins the next physical line. */
		while (logical.len && logical.s[logical.len - 1] == '\\') {
			logical.s[--logical.len] = '\0';
			raw = raw_line(f);
			if (!raw)
				break;
			kc_buf_adds(&logical, raw);
			free(raw);
		}
		out->file = f->path;
		out->line = start_line;
		err = tokenize(logical.s, out);
		free(logical.s);
		if (err)
			return err;
		if (out->ntok)
			return 1;
	}
	return 0;
}

static int indent_of(const char *s, const char **rest)
{
	int col = 0;

	for (; *s == ' ' || *s == '\t'; s++)
		col = *s == '\t' ? (col & ~7) + 8 : col + 1;
	if (rest)
		*rest = s;
	return col;
}

/* Text of a line with `cols` columns of indentation removed (tabs count as 8). */
static const char *strip_cols(const char *s, int cols)
{
	int col = 0;

	while (col < cols && (*s == ' ' || *s == '\t')) {
		col = *s == '\t' ? (col & ~7) + 8 : col + 1;
		s++;
	}
	return s;
}

char *kc_lex_read_help(void)
{
	struct src_file *f = cur_file;
	struct kc_buf text = { 0 };
	int help_indent = -1;
	size_t blank_run = 0;

	if (!f)
		return kc_buf_take(&text);
	for (;;) {
		size_t saved_pos = f->pos;
		int saved_line = f->line;
		char *raw = raw_line(f);
		const char *body;
		int indent;
		size_t len;

		if (!raw)
			break;
		indent = indent_of(raw, &body);
		if (!*body) {
			/* Blank lines belong to the help only if more help follows. */
			if (help_indent >= 0)
				blank_run++;
			free(raw);
			continue;
		}
		if (help_indent < 0) {
			if (indent == 0) {
				f->pos = saved_pos;
				f->line = saved_line;
				free(raw);
				break;
			}
			help_indent = indent;
		}
		if (indent < help_indent) {
			f->pos = saved_pos;
			f->line = saved_line;
			free(raw);
			break;
		}
		for (; blank_run; blank_run--)
			kc_buf_addc(&text, '\n');
		body = strip_cols(raw, help_indent);
		len = strlen(body);
		while (len && isspace((unsigned char)body[len - 1]))
			len--;
		kc_buf_add(&text, body, len);
		kc_buf_addc(&text, '\n');
		free(raw);
	}
	/* Blank lines after the last help line were consumed but are not part of the text. */
	return kc_buf_take(&text);
}

const char *kc_tok_describe(const struct kc_token *tok)
{
	static char buf[128];

	if (!tok)
		return "end of line";
	if (tok->kind == KC_T_STRING)
		snprintf(buf, sizeof(buf), "\"%s\"", tok->text);
	else
		snprintf(buf, sizeof(buf), "'%s'", tok->text);
	return buf;
}
