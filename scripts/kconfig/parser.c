/* SPDX-License-Identifier: BSD-2-Clause */
/* Kconfig parser: turns the lexer's lines into menu nodes, symbols and properties. */
#include "kconfig_internal.h"

#include <errno.h>
#include <glob.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct kc_menu kc_rootmenu;
char *kc_mainmenu;
static const char *mainmenu_file;
static int mainmenu_line;

/* Parser state: one line of lookahead. */
static struct kc_line line;
static bool have_line;
static bool at_eof;
static int tok_pos;		/* next token of `line` to consume */

enum entry_kind {
	ENTRY_CONFIG,
	ENTRY_CHOICE,
	ENTRY_MENU,
	ENTRY_COMMENT,
};

static const char *const entry_names[] = {
	[ENTRY_CONFIG] = "config",
	[ENTRY_CHOICE] = "choice",
	[ENTRY_MENU] = "menu",
	[ENTRY_COMMENT] = "comment",
};

static void free_line(struct kc_line *l)
{
	for (int i = 0; i < l->ntok; i++)
		free(l->tok[i].text);
	free(l->tok);
	memset(l, 0, sizeof(*l));
}

/* Make the next line current (if any).  Returns 1, 0 at EOF, <0 on error. */
static int peek_line(void)
{
	int ret;

	if (have_line)
		return 1;
	if (at_eof)
		return 0;
	free_line(&line);
	ret = kc_lex_next_line(&line);
	if (ret < 0)
		return ret;
	if (ret == 0) {
		at_eof = true;
		return 0;
	}
	have_line = true;
	tok_pos = 0;
	return 1;
}

static void consume_line(void)
{
	have_line = false;
}

static struct kc_token *peek_tok(void)
{
	return tok_pos < line.ntok ? &line.tok[tok_pos] : NULL;
}

static struct kc_token *next_tok(void)
{
	return tok_pos < line.ntok ? &line.tok[tok_pos++] : NULL;
}

static bool tok_is_word(const struct kc_token *t, const char *word)
{
	return t && t->kind == KC_T_WORD && !strcmp(t->text, word);
}

static int syntax_error(const char *fmt, const char *arg)
{
	char msg[300];

	snprintf(msg, sizeof(msg), fmt, arg);
	kc_error_at(line.file, line.line, "%s", msg);
	return -EINVAL;
}

static int expect_eol(const char *after)
{
	struct kc_token *t = peek_tok();

	if (!t)
		return 0;
	kc_error_at(line.file, line.line, "unexpected %s after %s", kc_tok_describe(t), after);
	return -EINVAL;
}

static bool looks_numeric(const char *s)
{
	long long v;

	return kc_parse_int(s, 0, &v);
}

/* A word or string as an expression operand. */
static struct kc_symbol *operand_symbol(const struct kc_token *t)
{
	if (t->kind == KC_T_STRING)
		return kc_sym_const(t->text);
	if (!strcmp(t->text, "y"))
		return &kc_sym_yes;
	if (!strcmp(t->text, "m"))
		return &kc_sym_mod;
	if (!strcmp(t->text, "n"))
		return &kc_sym_no;
	if (looks_numeric(t->text))
		return kc_sym_const(t->text);
	return kc_sym_lookup(t->text);
}

static bool is_operand(const struct kc_token *t)
{
	return t && (t->kind == KC_T_WORD || t->kind == KC_T_STRING) && !tok_is_word(t, "if");
}

static int parse_or(struct kc_expr **out);

static int parse_primary(struct kc_expr **out)
{
	struct kc_token *t = next_tok();
	struct kc_token *op;
	struct kc_symbol *left;
	int err;

	if (t && t->kind == KC_T_OPEN) {
		err = parse_or(out);
		if (err)
			return err;
		t = next_tok();
		if (!t || t->kind != KC_T_CLOSE) {
			kc_error_at(line.file, line.line, "expected ')' but got %s", kc_tok_describe(t));
			return -EINVAL;
		}
		return 0;
	}
	if (t && t->kind == KC_T_NOT) {
		struct kc_expr *sub;

		err = parse_primary(&sub);
		if (err)
			return err;
		*out = kc_expr_not(sub);
		return 0;
	}
	if (!is_operand(t)) {
		kc_error_at(line.file, line.line, "expected a symbol, constant, '!' or '(' but got %s",
			    kc_tok_describe(t));
		return -EINVAL;
	}
	left = operand_symbol(t);
	op = peek_tok();
	if (op && op->kind >= KC_T_EQ && op->kind <= KC_T_GE) {
		static const enum kc_expr_op map[] = {
			[KC_T_EQ] = KC_E_EQ, [KC_T_NE] = KC_E_NE, [KC_T_LT] = KC_E_LT,
			[KC_T_LE] = KC_E_LE, [KC_T_GT] = KC_E_GT, [KC_T_GE] = KC_E_GE,
		};
		struct kc_token *r;

		next_tok();
		r = next_tok();
		if (!is_operand(r)) {
			kc_error_at(line.file, line.line, "expected a symbol or constant after '%s' but got %s",
				    op->text, kc_tok_describe(r));
			return -EINVAL;
		}
		*out = kc_expr_cmp(map[op->kind], left, operand_symbol(r));
		return 0;
	}
	*out = kc_expr_sym(left);
	return 0;
}

static int parse_and(struct kc_expr **out)
{
	int err = parse_primary(out);

	while (!err && peek_tok() && peek_tok()->kind == KC_T_AND) {
		struct kc_expr *right;

		next_tok();
		err = parse_primary(&right);
		if (!err)
			*out = kc_expr_and(*out, right);
	}
	return err;
}

static int parse_or(struct kc_expr **out)
{
	int err = parse_and(out);

	while (!err && peek_tok() && peek_tok()->kind == KC_T_OR) {
		struct kc_expr *right;

		next_tok();
		err = parse_and(&right);
		if (!err)
			*out = kc_expr_or(*out, right);
	}
	return err;
}

/* A whole expression (callers check what may follow it). */
static int parse_expr(struct kc_expr **out)
{
	return parse_or(out);
}

/* Optional "if EXPR" then end of line. */
static int parse_if_cond(struct kc_expr **cond, const char *after)
{
	*cond = NULL;
	if (tok_is_word(peek_tok(), "if")) {
		int err;

		next_tok();
		err = parse_expr(cond);
		if (err)
			return err;
	}
	return expect_eol(after);
}

static struct kc_menu *new_menu(struct kc_menu *parent, enum kc_menu_kind kind)
{
	struct kc_menu *m = kc_xcalloc(1, sizeof(*m)), **link;

	m->kind = kind;
	m->parent = parent;
	m->file = line.file;
	m->line = line.line;
	for (link = &parent->child; *link; link = &(*link)->next)
		;
	*link = m;
	return m;
}

static struct kc_property *add_prop(struct kc_menu *menu, enum kc_prop_kind kind)
{
	struct kc_property *p = kc_xcalloc(1, sizeof(*p)), **link;

	p->kind = kind;
	p->menu = menu;
	p->sym = menu->sym;
	p->file = line.file;
	p->line = line.line;
	if (menu->sym) {
		for (link = &menu->sym->props; *link; link = &(*link)->next)
			;
		*link = p;
	}
	return p;
}

static int set_prompt(struct kc_menu *menu, const char *text, struct kc_expr *cond)
{
	struct kc_property *p;

	if (menu->prompt)
		kc_warn_at(line.file, line.line, "prompt redefined");
	p = add_prop(menu, menu->sym ? KC_PROP_PROMPT : KC_PROP_MENU);
	p->text = kc_xstrdup(text);
	p->cond = cond;
	menu->prompt = p;
	return 0;
}

static const struct {
	const char *word;
	enum kc_type type;
	bool is_def;	/* def_bool etc.: a default follows, not a prompt */
} type_words[] = {
	{ "bool", KC_BOOL, false }, { "boolean", KC_BOOL, false },
	{ "tristate", KC_TRISTATE, false }, { "int", KC_INT, false },
	{ "hex", KC_HEX, false }, { "string", KC_STRING, false },
	/* No def_int/def_hex/def_string: neither Linux nor kconfig-frontends has them. */
	{ "def_bool", KC_BOOL, true }, { "def_tristate", KC_TRISTATE, true },
};

static void set_type(struct kc_menu *menu, enum kc_type type)
{
	struct kc_symbol *sym = menu->sym;

	if (sym->type != KC_UNKNOWN && sym->type != type)
		kc_warn_at(line.file, line.line, "type of '%s' redefined from '%s' to '%s'",
			   sym->name ? sym->name : "<choice>", kc_type_name(sym->type),
			   kc_type_name(type));
	sym->type = type;
}

static int parse_default(struct kc_menu *menu)
{
	struct kc_property *p;
	struct kc_expr *value, *cond;
	int err = parse_expr(&value);

	if (err)
		return err;
	err = parse_if_cond(&cond, "default value");
	if (err)
		return err;
	p = add_prop(menu, KC_PROP_DEFAULT);
	p->expr = value;
	p->cond = cond;
	return 0;
}

static int parse_option(struct kc_menu *menu)
{
	struct kc_token *t = next_tok();
	struct kc_symbol *sym = menu->sym;

	if (tok_is_word(t, "env")) {
		struct kc_token *eq = next_tok(), *name = next_tok();
		const char *val;

		if (!eq || eq->kind != KC_T_EQ || !name)
			return syntax_error("expected option env=\"NAME\"%s", "");
		sym->flags |= KC_SYM_ENV;
		val = getenv(name->text);
		if (!val) {
			kc_warn_at(line.file, line.line, "environment variable %s undefined", name->text);
		} else {
			struct kc_property *p = add_prop(menu, KC_PROP_DEFAULT);

			p->expr = kc_expr_sym(kc_sym_const(val));
		}
		return expect_eol("option env");
	}
	if (tok_is_word(t, "defconfig_list")) {
		sym->flags |= KC_SYM_DEFCONFIG_LIST;
		return expect_eol("option defconfig_list");
	}
	if (tok_is_word(t, "modules")) {
		sym->flags |= KC_SYM_MODULES;
		kc_modules_sym = sym;
		return expect_eol("option modules");
	}
	if (tok_is_word(t, "allnoconfig_y"))
		return expect_eol("option allnoconfig_y");
	/* Newer trees may carry options this version does not know: skip them, as kconfig-conf does. */
	kc_warn_at(line.file, line.line, "ignoring unknown option %s",
		   t ? t->text : "(none)");
	return 0;
}

static bool is_attribute(const struct kc_token *t)
{
	static const char *const words[] = {
		"prompt", "default", "depends", "select", "imply", "range", "help",
		"---help---", "option", "modules", "optional", "visible",
	};

	if (!t || t->kind != KC_T_WORD)
		return false;
	for (size_t i = 0; i < KC_ARRAY_SIZE(words); i++)
		if (!strcmp(t->text, words[i]))
			return true;
	for (size_t i = 0; i < KC_ARRAY_SIZE(type_words); i++)
		if (!strcmp(t->text, type_words[i].word))
			return true;
	return false;
}

static int attr_not_allowed(const char *word, enum entry_kind kind)
{
	kc_error_at(line.file, line.line, "'%s' is not allowed in a %s entry", word,
		    entry_names[kind]);
	return -EINVAL;
}

/* One attribute line of an entry.  The line is current and starts with an attribute word. */
static int parse_attribute(struct kc_menu *menu, enum entry_kind kind)
{
	struct kc_token *t = next_tok();
	const char *w = t->text;
	bool symbol_entry = kind == ENTRY_CONFIG || kind == ENTRY_CHOICE;
	int err;

	for (size_t i = 0; i < KC_ARRAY_SIZE(type_words); i++) {
		struct kc_token *arg;

		if (strcmp(w, type_words[i].word))
			continue;
		if (!symbol_entry)
			return attr_not_allowed(w, kind);
		if (kind == ENTRY_CHOICE && type_words[i].type != KC_BOOL &&
		    type_words[i].type != KC_TRISTATE)
			return syntax_error("a choice can only be bool or tristate, not '%s'", w);
		set_type(menu, type_words[i].type);
		if (type_words[i].is_def)
			return parse_default(menu);
		arg = peek_tok();
		if (!arg)
			return 0;
		if (arg->kind != KC_T_STRING && arg->kind != KC_T_WORD)
			return syntax_error("expected a prompt string after the type but got %s",
					    kc_tok_describe(arg));
		{
			struct kc_expr *cond;

			next_tok();
			err = parse_if_cond(&cond, "prompt");
			if (err)
				return err;
			return set_prompt(menu, arg->text, cond);
		}
	}
	if (!strcmp(w, "prompt")) {
		struct kc_token *arg = next_tok();
		struct kc_expr *cond;

		if (!symbol_entry)
			return attr_not_allowed(w, kind);
		if (!arg || (arg->kind != KC_T_STRING && arg->kind != KC_T_WORD))
			return syntax_error("expected a prompt string after 'prompt' but got %s",
					    kc_tok_describe(arg));
		err = parse_if_cond(&cond, "prompt");
		return err ? err : set_prompt(menu, arg->text, cond);
	}
	if (!strcmp(w, "default")) {
		if (!symbol_entry)
			return attr_not_allowed(w, kind);
		return parse_default(menu);
	}
	if (!strcmp(w, "depends")) {
		struct kc_expr *dep;

		if (!tok_is_word(peek_tok(), "on"))
			return syntax_error("expected 'on' after 'depends' but got %s",
					    kc_tok_describe(peek_tok()));
		next_tok();
		err = parse_expr(&dep);
		if (err)
			return err;
		menu->dep = kc_expr_and(menu->dep, dep);
		return expect_eol("dependency");
	}
	if (!strcmp(w, "select") || !strcmp(w, "imply")) {
		struct kc_token *target = next_tok();
		struct kc_property *p;
		struct kc_expr *cond;

		if (kind != ENTRY_CONFIG)
			return attr_not_allowed(w, kind);
		if (!target || target->kind != KC_T_WORD) {
			kc_error_at(line.file, line.line, "expected a symbol name after '%s' but got %s",
				    w, kc_tok_describe(target));
			return -EINVAL;
		}
		err = parse_if_cond(&cond, w);
		if (err)
			return err;
		p = add_prop(menu, w[0] == 's' ? KC_PROP_SELECT : KC_PROP_IMPLY);
		p->target = kc_sym_lookup(target->text);
		p->cond = cond;
		return 0;
	}
	if (!strcmp(w, "range")) {
		struct kc_token *lo = next_tok(), *hi = next_tok();
		struct kc_property *p;
		struct kc_expr *cond;

		if (kind != ENTRY_CONFIG)
			return attr_not_allowed(w, kind);
		if (!is_operand(lo) || !is_operand(hi)) {
			kc_error_at(line.file, line.line, "expected two values after 'range'");
			return -EINVAL;
		}
		err = parse_if_cond(&cond, "range");
		if (err)
			return err;
		p = add_prop(menu, KC_PROP_RANGE);
		p->expr = kc_expr_sym(operand_symbol(lo));
		p->expr2 = kc_expr_sym(operand_symbol(hi));
		p->cond = cond;
		return 0;
	}
	if (!strcmp(w, "help") || !strcmp(w, "---help---")) {
		err = expect_eol("help");
		if (err)
			return err;
		if (menu->help)
			kc_warn_at(line.file, line.line, "help text redefined");
		consume_line();
		menu->help = kc_lex_read_help();
		return 0;
	}
	if (!strcmp(w, "option")) {
		if (kind != ENTRY_CONFIG)
			return attr_not_allowed(w, kind);
		return parse_option(menu);
	}
	if (!strcmp(w, "modules")) {
		if (kind != ENTRY_CONFIG)
			return attr_not_allowed(w, kind);
		menu->sym->flags |= KC_SYM_MODULES;
		kc_modules_sym = menu->sym;
		return expect_eol("modules");
	}
	if (!strcmp(w, "optional")) {
		if (kind != ENTRY_CHOICE)
			return attr_not_allowed(w, kind);
		menu->sym->flags |= KC_SYM_OPTIONAL;
		return expect_eol("optional");
	}
	if (!strcmp(w, "visible")) {
		struct kc_expr *cond;

		if (kind != ENTRY_MENU)
			return attr_not_allowed(w, kind);
		if (!tok_is_word(peek_tok(), "if"))
			return syntax_error("expected 'if' after 'visible' but got %s",
					    kc_tok_describe(peek_tok()));
		next_tok();
		err = parse_expr(&cond);
		if (err)
			return err;
		menu->visible_if = kc_expr_and(menu->visible_if, cond);
		return expect_eol("visible if");
	}
	return syntax_error("unknown attribute %s", kc_tok_describe(t));
}

static int parse_attributes(struct kc_menu *menu, enum entry_kind kind)
{
	for (;;) {
		int err = peek_line();

		if (err <= 0)
			return err;
		if (!is_attribute(&line.tok[0]))
			return 0;
		tok_pos = 0;
		err = parse_attribute(menu, kind);
		if (err)
			return err;
		consume_line();
	}
}

/* The quoted (or bare) text argument of menu/comment/mainmenu/source. */
static int text_argument(const char *keyword, const char **text)
{
	struct kc_token *t = next_tok();

	if (!t || (t->kind != KC_T_STRING && t->kind != KC_T_WORD)) {
		kc_error_at(line.file, line.line, "expected a quoted string after '%s' but got %s",
			    keyword, kc_tok_describe(t));
		return -EINVAL;
	}
	*text = t->text;
	return expect_eol(keyword);
}

static bool has_glob_chars(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

static bool file_exists(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0;
}

/* source / rsource / osource / orsource. */
static int parse_source(const char *keyword)
{
	bool relative = keyword[0] == 'r' || !strncmp(keyword, "or", 2);
	bool optional = keyword[0] == 'o';
	const char *arg;
	char *pattern = NULL, *from_dir = NULL, *expanded;
	const char *from_file = line.file;
	int from_line = line.line;
	glob_t g = { 0 };
	int err = text_argument(keyword, &arg);

	if (err)
		return err;
	consume_line();	/* the token texts stay valid until the next line is read */
	arg = expanded = kc_expand_value(arg, from_file, from_line);
	if (relative && arg[0] != '/') {
		char *tmp = kc_xstrdup(from_file);

		from_dir = kc_xstrdup(dirname(tmp));
		free(tmp);
		pattern = kc_xasprintf("%s/%s", from_dir, arg);
	} else {
		pattern = kc_xstrdup(arg);
	}
	if (glob(pattern, 0, NULL, &g) != 0 || g.gl_pathc == 0) {
		const char *srctree = getenv("srctree");

		globfree(&g);
		memset(&g, 0, sizeof(g));
		/* Fall back to $srctree for paths relative to the working directory. */
		if (!relative && pattern[0] != '/' && srctree && *srctree) {
			char *alt = kc_xasprintf("%s/%s", srctree, pattern);

			free(pattern);
			pattern = alt;
			if (glob(pattern, 0, NULL, &g) != 0)
				g.gl_pathc = 0;
		}
	}
	if (g.gl_pathc == 0) {
		if (!optional) {
			if (has_glob_chars(arg))
				kc_error_at(from_file, from_line, "no files match \"%s\"", arg);
			else
				kc_error_at(from_file, from_line, "can't open file \"%s\"", arg);
			err = -ENOENT;
		}
		goto out;
	}
	/* Push in reverse so the files are read in sorted order. */
	for (size_t i = g.gl_pathc; i-- > 0;) {
		if (!file_exists(g.gl_pathv[i]))
			continue;
		err = kc_lex_push_file(g.gl_pathv[i], from_file, from_line);
		if (err)
			goto out;
	}
out:
	if (g.gl_pathc)
		globfree(&g);
	free(pattern);
	free(from_dir);
	free(expanded);
	return err;
}

static int parse_block(struct kc_menu *parent, const char *end_word, const char *open_word,
		       const char *open_file, int open_line);

static int parse_config(struct kc_menu *parent, bool is_menuconfig)
{
	struct kc_token *name = next_tok();
	struct kc_symbol *sym;
	struct kc_menu *m, **link;
	const char *kw = is_menuconfig ? "menuconfig" : "config";

	if (!name || name->kind != KC_T_WORD) {
		kc_error_at(line.file, line.line, "expected a symbol name after '%s' but got %s", kw,
			    kc_tok_describe(name));
		return -EINVAL;
	}
	if (!strcmp(name->text, "y") || !strcmp(name->text, "m") || !strcmp(name->text, "n") ||
	    looks_numeric(name->text)) {
		kc_error_at(line.file, line.line, "invalid symbol name '%s'", name->text);
		return -EINVAL;
	}
	sym = kc_sym_lookup(name->text);
	if (expect_eol(kw))
		return -EINVAL;
	m = new_menu(parent, KC_MENU_CONFIG);
	m->sym = sym;
	m->is_menuconfig = is_menuconfig;
	sym->flags |= KC_SYM_DEFINED;
	for (link = &sym->menus; *link; link = &(*link)->next_def)
		;
	*link = m;
	consume_line();
	return parse_attributes(m, ENTRY_CONFIG);
}

static int parse_choice(struct kc_menu *parent)
{
	struct kc_token *name = next_tok();
	struct kc_symbol *sym;
	struct kc_menu *m;
	const char *file = line.file;
	int lineno = line.line, err;

	if (name && name->kind != KC_T_WORD)
		return syntax_error("expected a choice name or end of line but got %s",
				    kc_tok_describe(name));
	sym = kc_sym_new_choice(name ? name->text : NULL);
	if (expect_eol("choice"))
		return -EINVAL;
	m = new_menu(parent, KC_MENU_CHOICE);
	m->sym = sym;
	sym->flags |= KC_SYM_DEFINED;
	if (!sym->menus)
		sym->menus = m;
	consume_line();
	err = parse_attributes(m, ENTRY_CHOICE);
	if (err)
		return err;
	return parse_block(m, "endchoice", "choice", file, lineno);
}

static int parse_menu(struct kc_menu *parent)
{
	const char *text, *file = line.file;
	int lineno = line.line;
	struct kc_menu *m;
	int err = text_argument("menu", &text);

	if (err)
		return err;
	m = new_menu(parent, KC_MENU_MENU);
	set_prompt(m, text, NULL);
	consume_line();
	err = parse_attributes(m, ENTRY_MENU);
	if (err)
		return err;
	return parse_block(m, "endmenu", "menu", file, lineno);
}

static int parse_comment(struct kc_menu *parent)
{
	const char *text;
	struct kc_menu *m;
	int err = text_argument("comment", &text);

	if (err)
		return err;
	m = new_menu(parent, KC_MENU_COMMENT);
	set_prompt(m, text, NULL);
	consume_line();
	return parse_attributes(m, ENTRY_COMMENT);
}

static int parse_if(struct kc_menu *parent)
{
	const char *file = line.file;
	int lineno = line.line;
	struct kc_menu *m;
	struct kc_expr *cond;
	int err = parse_expr(&cond);

	if (err)
		return err;
	err = expect_eol("if condition");
	if (err)
		return err;
	m = new_menu(parent, KC_MENU_IF);
	m->dep = cond;
	consume_line();
	return parse_block(m, "endif", "if", file, lineno);
}

static int parse_statement(struct kc_menu *parent)
{
	struct kc_token *t = next_tok();
	const char *w = t->text;

	if (t->kind != KC_T_WORD)
		return syntax_error("expected a statement but got %s", kc_tok_describe(t));
	if (!strcmp(w, "config") || !strcmp(w, "menuconfig"))
		return parse_config(parent, w[0] == 'm');
	if (!strcmp(w, "choice"))
		return parse_choice(parent);
	if (!strcmp(w, "menu"))
		return parse_menu(parent);
	if (!strcmp(w, "comment"))
		return parse_comment(parent);
	if (!strcmp(w, "if"))
		return parse_if(parent);
	if (!strcmp(w, "source") || !strcmp(w, "rsource") || !strcmp(w, "osource") ||
	    !strcmp(w, "orsource"))
		return parse_source(w);
	if (!strcmp(w, "mainmenu")) {
		const char *text;
		int err = text_argument("mainmenu", &text);

		if (err)
			return err;
		free(kc_mainmenu);
		kc_mainmenu = kc_xstrdup(text);
		mainmenu_file = line.file;
		mainmenu_line = line.line;
		consume_line();
		return 0;
	}
	if (!strcmp(w, "endmenu") || !strcmp(w, "endchoice") || !strcmp(w, "endif"))
		return syntax_error("'%s' without a matching opening statement", w);
	if (is_attribute(t))
		return syntax_error("'%s' outside of a config, choice, menu or comment entry", w);
	return syntax_error("unknown statement '%s'", w);
}

static int parse_block(struct kc_menu *parent, const char *end_word, const char *open_word,
		       const char *open_file, int open_line)
{
	for (;;) {
		int err = peek_line();

		if (err < 0)
			return err;
		if (err == 0) {
			if (!end_word)
				return 0;
			kc_error_at(open_file, open_line, "'%s' is missing its '%s'", open_word,
				    end_word);
			return -EINVAL;
		}
		tok_pos = 0;
		if (end_word && tok_is_word(&line.tok[0], end_word)) {
			next_tok();
			err = expect_eol(end_word);
			if (err)
				return err;
			consume_line();
			return 0;
		}
		if (end_word && (tok_is_word(&line.tok[0], "endmenu") ||
				 tok_is_word(&line.tok[0], "endchoice") ||
				 tok_is_word(&line.tok[0], "endif"))) {
			kc_error_at(line.file, line.line, "'%s' does not close the '%s' at %s:%d",
				    line.tok[0].text, open_word, open_file, open_line);
			return -EINVAL;
		}
		err = parse_statement(parent);
		if (err)
			return err;
	}
}

void kc_parser_reset(void)
{
	memset(&kc_rootmenu, 0, sizeof(kc_rootmenu));
	free(kc_mainmenu);
	kc_mainmenu = NULL;
	free_line(&line);
	have_line = false;
	at_eof = false;
	kc_lex_reset();
}

void kc_reset(void)
{
	kc_parser_reset();
	kc_symbols_reset();
}

int kc_parse(const char *path)
{
	const char *srctree = getenv("srctree");
	char *alt = NULL;
	int err;

	kc_rootmenu.kind = KC_MENU_ROOT;
	kc_rootmenu.file = path;
	kc_lex_reset();
	if (!file_exists(path) && path[0] != '/' && srctree && *srctree) {
		alt = kc_xasprintf("%s/%s", srctree, path);
		path = alt;
	}
	err = kc_lex_push_file(path, NULL, 0);
	if (err)
		goto out;
	have_line = false;
	at_eof = false;
	err = parse_block(&kc_rootmenu, NULL, NULL, NULL, 0);
	free_line(&line);
	if (err)
		goto out;
	if (kc_mainmenu) {
		/* Expanded once the whole tree is read: "$VERSION" may be defined below it. */
		char *title = kc_expand_value(kc_mainmenu, mainmenu_file, mainmenu_line);

		free(kc_mainmenu);
		kc_mainmenu = title;
	}
	err = kc_menu_finalize();
out:
	free(alt);
	return err;
}
