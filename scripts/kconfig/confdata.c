/* SPDX-License-Identifier: BSD-2-Clause */
/* Config data: reading .config files and writing .config, defconfig, auto.conf, autoconf.h, stamps. */
#include "kconfig_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PREFIX "CONFIG_"

const char *kc_conf_path(void)
{
	const char *p = getenv("KCONFIG_CONFIG");

	return p && *p ? p : ".config";
}

bool kc_conf_changed(void)
{
	return kc_dirty;
}

void kc_conf_set_saved(void)
{
	kc_dirty = false;
}

char *kc_escape_string(const char *s)
{
	struct kc_buf b = { 0 };

	kc_buf_addc(&b, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			kc_buf_addc(&b, '\\');
		kc_buf_addc(&b, *s);
	}
	kc_buf_addc(&b, '"');
	return kc_buf_take(&b);
}

/* "abc\"d" -> abc"d; returns false if the closing quote is missing or junk follows. */
static bool unescape_string(const char *in, char **out)
{
	struct kc_buf b = { 0 };

	if (*in++ != '"')
		return false;
	for (; *in && *in != '"'; in++) {
		if (*in == '\\' && in[1])
			in++;
		kc_buf_addc(&b, *in);
	}
	if (*in != '"' || in[1]) {
		free(b.s);
		return false;
	}
	*out = kc_buf_take(&b);
	return true;
}

static void warn_invalid(const char *file, int line, struct kc_symbol *sym, const char *value)
{
	kc_warn_at(file, line, "invalid value '%s' for " PREFIX "%s (%s); using default", value,
		   sym->name, kc_type_name(kc_sym_type(sym)));
}

/*
 * Forget the user values.  Every choice then has one, n, that its members' lines
 * raise (a member at m makes it m, a member at y picks it), as kconfig-conf reads
 * a .config: an optional choice none of whose members is set stays off.
 */
static void clear_user_values(void)
{
	for (struct kc_symbol *s = kc_sym_first(); s; s = kc_sym_next(s)) {
		s->flags &= ~KC_SYM_USER;
		s->user.choice_sel = NULL;
		if (s->flags & KC_SYM_CHOICE) {
			s->flags |= KC_SYM_USER;
			s->user.tri = KC_N;
		}
	}
}

/* What a member's line in a .config does to its choice's user value. */
static void set_choice_from_member(struct kc_symbol *member, enum kc_tristate tri,
				   const char *file, int line)
{
	struct kc_symbol *choice = member->choice;

	if (tri == KC_Y) {
		if (choice->user.tri != KC_N)
			kc_warn_at(file, line, "override: %s changes choice state", member->name);
		/* kc_choice_select() also sets kc_dirty, which kc_conf_read() clears at its end. */
		kc_choice_select(choice, member);
	} else if (tri == KC_M && choice->user.tri == KC_Y) {
		/* y for one member and m for another: the file's choice value is not used. */
		kc_warn_at(file, line, "%s creates inconsistent choice state", member->name);
		choice->flags &= ~KC_SYM_USER;
	}
	choice->user.tri = kc_tri_or(choice->user.tri, tri);
}

static void set_user(struct kc_symbol *sym, const char *str, enum kc_tristate tri,
		     const char *file, int line)
{
	kc_sym_set_user_raw(sym, str, tri);
	sym->user_file = file;
	sym->user_line = line;
	if ((sym->flags & KC_SYM_CHOICE_VALUE) && sym->choice)
		set_choice_from_member(sym, tri, file, line);
}

static void read_assignment(const char *file, int lineno, char *text)
{
	char *eq = strchr(text, '=');
	char *value, *str = NULL;
	struct kc_symbol *sym;

	if (!eq) {
		kc_warn_at(file, lineno, "unexpected line '%s'; ignored", text);
		return;
	}
	*eq = '\0';
	value = eq + 1;
	sym = kc_sym_find(text + strlen(PREFIX));
	if (!sym || !(sym->flags & KC_SYM_DEFINED) || (sym->flags & KC_SYM_CHOICE)) {
		kc_warn_at(file, lineno, "unknown symbol %s; ignored", text);
		return;
	}
	switch (sym->type) {
	case KC_BOOL:
	case KC_TRISTATE:
		if (!strcmp(value, "y") || !strcmp(value, "n") ||
		    (!strcmp(value, "m") && sym->type == KC_TRISTATE)) {
			set_user(sym, NULL, value[0] == 'y' ? KC_Y : value[0] == 'm' ? KC_M : KC_N,
				 file, lineno);
			return;
		}
		break;
	case KC_STRING:
		if (unescape_string(value, &str)) {
			set_user(sym, str, KC_N, file, lineno);
			free(str);
			return;
		}
		break;
	case KC_INT:
		if (kc_sym_string_valid(sym, value)) {
			set_user(sym, value, KC_N, file, lineno);
			return;
		}
		break;
	case KC_HEX:
		if (kc_sym_string_valid(sym, value)) {
			/* Kept as written, with or without 0x, as kconfig-conf keeps it. */
			set_user(sym, value, KC_N, file, lineno);
			return;
		}
		break;
	default:
		break;
	}
	warn_invalid(file, lineno, sym, value);
}

static void read_not_set(const char *file, int lineno, const char *text)
{
	const char *name = text + strlen("# " PREFIX);
	const char *end = strstr(name, " is not set");
	struct kc_symbol *sym;
	char *n;

	if (!end || end[strlen(" is not set")])
		return;		/* an ordinary comment */
	n = kc_xstrndup(name, (size_t)(end - name));
	sym = kc_sym_find(n);
	if (!sym || !(sym->flags & KC_SYM_DEFINED) || (sym->flags & KC_SYM_CHOICE))
		kc_warn_at(file, lineno, "unknown symbol " PREFIX "%s; ignored", n);
	else if (sym->type == KC_BOOL || sym->type == KC_TRISTATE)
		set_user(sym, NULL, KC_N, file, lineno);
	free(n);
}

int kc_conf_read(const char *path, bool merge)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t cap = 0;
	ssize_t len;
	int lineno = 0;
	const char *file;

	if (!f)
		return -errno;
	/* Messages (and symbols' user_file) keep pointing at the name. */
	file = kc_xstrdup(path);
	if (!merge)
		clear_user_values();
	while ((len = getline(&buf, &cap, f)) >= 0) {
		char *s = buf;

		lineno++;
		while (len && (s[len - 1] == '\n' || s[len - 1] == '\r'))
			s[--len] = '\0';
		if (!strncmp(s, "# " PREFIX, strlen("# " PREFIX)))
			read_not_set(file, lineno, s);
		else if (!strncmp(s, PREFIX, strlen(PREFIX)))
			read_assignment(file, lineno, s);
		else if (s[strspn(s, " \t")] != '#' && s[strspn(s, " \t")] != '\0')
			kc_warn_at(file, lineno, "unexpected line '%s'; ignored", s);
	}
	free(buf);
	fclose(f);
	/* Ranges can depend on other symbols, so they are checked once all values are in. */
	for (struct kc_symbol *s = kc_sym_first(); s; s = kc_sym_next(s)) {
		if (!(s->flags & KC_SYM_USER) || (s->type != KC_INT && s->type != KC_HEX))
			continue;
		if (s->user_file == file && !kc_sym_user_in_range(s)) {
			warn_invalid(file, s->user_line, s, s->user.str);
			s->flags &= ~KC_SYM_USER;
			kc_values_changed();
		}
	}
	kc_values_changed();
	kc_dirty = false;
	return 0;
}

static bool is_readable_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, R_OK) == 0;
}

/* Whether path names a readable file; *full gets the name that worked (caller frees). */
static bool find_config_file(const char *path, char **full)
{
	const char *srctree = getenv("srctree");

	if (is_readable_file(path)) {
		*full = kc_xstrdup(path);
		return true;
	}
	if (path[0] == '/' || !srctree || !*srctree)
		return false;
	*full = kc_xasprintf("%s/%s", srctree, path);
	if (is_readable_file(*full))
		return true;
	free(*full);
	return false;
}

const char *kc_conf_default_name(void)
{
	static char *found;

	free(found);
	found = NULL;
	for (struct kc_symbol *s = kc_sym_first(); s; s = kc_sym_next(s)) {
		if (!(s->flags & KC_SYM_DEFCONFIG_LIST))
			continue;
		for (struct kc_property *p = s->props; p; p = p->next) {
			char *name;
			bool ok;

			if (p->kind != KC_PROP_DEFAULT || p->expr->op != KC_E_SYMBOL ||
			    kc_expr_eval(p->visible) == KC_N)
				continue;
			name = kc_expand_value(p->expr->sym->name, p->file, p->line);
			ok = find_config_file(name, &found);
			free(name);
			if (ok)
				return found;
		}
		break;	/* only the first defconfig_list symbol counts */
	}
	return NULL;
}

/* ---- writing --------------------------------------------------------- */

static int mkdir_parents(const char *path)
{
	char *p = kc_xstrdup(path);
	int err = 0;

	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0755) && errno != EEXIST) {
			err = -errno;
			kc_error("cannot create directory %s: %s", p, strerror(errno));
			*s = '/';
			break;
		}
		*s = '/';
	}
	free(p);
	return err;
}

/* Write `data` to `path` via a temporary file and rename, so readers never see half a file. */
static int write_atomic(const char *path, const char *data, size_t len)
{
	char *tmp = kc_xasprintf("%s.tmp.%ld", path, (long)getpid());
	FILE *f;
	int err = mkdir_parents(path);

	if (err)
		goto out;
	f = fopen(tmp, "w");
	if (!f) {
		err = -errno;
		kc_error("cannot write %s: %s", tmp, strerror(errno));
		goto out;
	}
	if (fwrite(data, 1, len, f) != len || fflush(f) != 0) {
		err = -errno;
		kc_error("cannot write %s: %s", tmp, strerror(errno));
		fclose(f);
		unlink(tmp);
		goto out;
	}
	if (fclose(f) != 0) {
		err = -errno;
		kc_error("cannot write %s: %s", tmp, strerror(errno));
		unlink(tmp);
		goto out;
	}
	if (rename(tmp, path) != 0) {
		err = -errno;
		kc_error("cannot rename %s to %s: %s", tmp, path, strerror(errno));
		unlink(tmp);
	}
out:
	free(tmp);
	return err;
}

/* The text after '=' for a symbol, or NULL when it would be written as "is not set". */
static char *value_text(struct kc_symbol *sym)
{
	const char *v = kc_sym_string(sym);

	switch (sym->type) {
	case KC_BOOL:
	case KC_TRISTATE:
		return sym->cur.tri == KC_N ? NULL : kc_xstrdup(v);
	case KC_STRING:
		return kc_escape_string(v);
	default:
		return kc_xstrdup(v);
	}
}

static void print_symbol(struct kc_buf *b, struct kc_symbol *sym, bool skip_unset)
{
	char *v = value_text(sym);

	if (!v) {
		if (!skip_unset)
			kc_buf_printf(b, "# " PREFIX "%s is not set\n", sym->name);
		return;
	}
	kc_buf_printf(b, PREFIX "%s=%s\n", sym->name, v);
	free(v);
}

static void clear_written(void)
{
	for (struct kc_symbol *s = kc_sym_first(); s; s = kc_sym_next(s))
		s->flags &= ~KC_SYM_WRITTEN;
}

/* Whether the symbol of a menu node is due for output (first time, marked WRITE). */
static bool take_for_output(struct kc_symbol *sym)
{
	if (!sym->name || (sym->flags & (KC_SYM_CHOICE | KC_SYM_WRITTEN)))
		return false;
	kc_sym_calc(sym);
	if (!(sym->flags & KC_SYM_WRITE))
		return false;
	sym->flags |= KC_SYM_WRITTEN;
	return true;
}

static void header(struct kc_buf *b, const char *open, const char *mid, const char *close)
{
	kc_buf_printf(b, "%s\n%sAutomatically generated file; DO NOT EDIT.\n%s%s\n%s\n", open, mid,
		      mid, kc_mainmenu_title(), close);
}

static char *full_config_text(void)
{
	struct kc_buf b = { 0 };

	header(&b, "#", "# ", "#");
	clear_written();
	for (struct kc_menu *m = kc_root_menu()->child; m; m = kc_menu_next_dfs(m)) {
		if (!m->sym) {
			if (kc_menu_visible(m))
				kc_buf_printf(&b, "\n#\n# %s\n#\n", kc_menu_prompt(m));
		} else if (take_for_output(m->sym)) {
			print_symbol(&b, m->sym, false);
		}
	}
	return kc_buf_take(&b);
}

int kc_conf_write(const char *path)
{
	char *text;
	int err;

	kc_recalc();
	text = full_config_text();
	err = write_atomic(path, text, strlen(text));
	free(text);
	if (!err)
		kc_dirty = false;
	return err;
}

/* Whether the file at path holds exactly `text`. */
static bool file_has_content(const char *path, const char *text)
{
	char *old = kc_read_file(path);
	bool same = old && !strcmp(old, text);

	free(old);
	return same;
}

int kc_conf_write_if_changed(const char *path)
{
	char *text;
	int err = 0;

	kc_recalc();
	text = full_config_text();
	if (!file_has_content(path, text))
		err = write_atomic(path, text, strlen(text));
	free(text);
	if (!err)
		kc_dirty = false;
	return err;
}

int kc_conf_write_min(const char *path)
{
	struct kc_buf b = { 0 };
	char *text;
	int err;

	kc_recalc();
	clear_written();
	for (struct kc_menu *m = kc_root_menu()->child; m; m = kc_menu_next_dfs(m)) {
		struct kc_symbol *sym = m->sym;

		if (!sym || !take_for_output(sym))
			continue;
		if (!kc_sym_is_changeable(sym))
			continue;
		if (!strcmp(kc_sym_string(sym), kc_sym_default_string(sym)))
			continue;
		if ((sym->flags & KC_SYM_CHOICE_VALUE) && sym->choice) {
			/* The choice's default member needs no line when it is the one picked. */
			struct kc_symbol *choice = sym->choice;

			if (!(choice->flags & KC_SYM_OPTIONAL) && kc_choice_default(choice) == sym &&
			    sym->type == KC_BOOL && kc_sym_tristate(sym) == KC_Y)
				continue;
		}
		print_symbol(&b, sym, false);
	}
	text = kc_buf_take(&b);
	err = write_atomic(path, text, strlen(text));
	free(text);
	return err;
}

/* ---- auto.conf, autoconf.h and per-symbol stamps ---------------------- */

struct old_value {
	char *name;
	char *value;
};

/* Previous auto.conf as name/value pairs (value text after '='). */
static struct old_value *read_old_autoconf(const char *path, size_t *count)
{
	FILE *f = fopen(path, "r");
	struct old_value *vals = NULL;
	char *buf = NULL;
	size_t cap = 0, n = 0;
	ssize_t len;

	*count = 0;
	if (!f)
		return NULL;
	while ((len = getline(&buf, &cap, f)) >= 0) {
		char *eq;

		while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
			buf[--len] = '\0';
		if (strncmp(buf, PREFIX, strlen(PREFIX)))
			continue;
		eq = strchr(buf, '=');
		if (!eq)
			continue;
		vals = kc_xrealloc(vals, sizeof(*vals) * (n + 1));
		vals[n].name = kc_xstrndup(buf + strlen(PREFIX), (size_t)(eq - buf) - strlen(PREFIX));
		vals[n].value = kc_xstrdup(eq + 1);
		n++;
	}
	free(buf);
	fclose(f);
	*count = n;
	return vals;
}

static const char *old_value_of(struct old_value *vals, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(vals[i].name, name))
			return vals[i].value;
	return NULL;
}

/* Missing, n and empty all mean "off" for stamp purposes. */
static bool same_value(const char *a, const char *b)
{
	if (a && (!*a || !strcmp(a, "\"\"")))
		a = NULL;
	if (b && (!*b || !strcmp(b, "\"\"")))
		b = NULL;
	if (!a || !b)
		return a == b;
	return !strcmp(a, b);
}

static int touch_stamp(const char *dir, const char *name)
{
	char *path = kc_xasprintf("%s/%s", dir, name);
	int fd, err = 0;

	fd = open(path, O_WRONLY | O_CREAT, 0644);
	if (fd < 0 || futimens(fd, NULL) != 0) {
		err = -errno;
		kc_error("cannot touch %s: %s", path, strerror(errno));
	}
	if (fd >= 0)
		close(fd);
	free(path);
	return err;
}

static void header_line(struct kc_buf *h, struct kc_symbol *sym, const char *value)
{
	switch (sym->type) {
	case KC_BOOL:
	case KC_TRISTATE:
		if (sym->cur.tri == KC_M)
			kc_buf_printf(h, "#define " PREFIX "%s_MODULE 1\n", sym->name);
		else
			kc_buf_printf(h, "#define " PREFIX "%s 1\n", sym->name);
		break;
	case KC_HEX: {
		/* auto.conf has the value as written; C needs the 0x. */
		char *literal = kc_hex_with_prefix(value);

		kc_buf_printf(h, "#define " PREFIX "%s %s\n", sym->name, literal);
		free(literal);
		break;
	}
	default:
		/* value_text() already gives a C literal: decimal or an escaped string. */
		kc_buf_printf(h, "#define " PREFIX "%s %s\n", sym->name, value);
		break;
	}
}

int kc_conf_write_auto(const char *autoconf, const char *autoheader)
{
	struct kc_buf conf = { 0 }, hdr = { 0 };
	struct old_value *old;
	size_t nold;
	char *dir, *slash;
	int err = 0;

	kc_recalc();
	old = read_old_autoconf(autoconf, &nold);
	dir = kc_xstrdup(autoconf);
	slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	else
		strcpy(dir, ".");
	header(&conf, "#", "# ", "#");
	header(&hdr, "/*", " * ", " */");

	/* Stamps first: if we stop half way, the old auto.conf makes the next run redo them. */
	{
		char *probe = kc_xasprintf("%s/.stamp", dir);

		err = mkdir_parents(probe);
		free(probe);
		if (err)
			goto out;
	}
	clear_written();
	for (struct kc_menu *m = kc_root_menu()->child; m; m = kc_menu_next_dfs(m)) {
		char *v;

		if (!m->sym || !take_for_output(m->sym))
			continue;
		v = value_text(m->sym);
		if (!v)
			continue;
		kc_buf_printf(&conf, PREFIX "%s=%s\n", m->sym->name, v);
		header_line(&hdr, m->sym, v);
		free(v);
	}
	for (struct kc_symbol *s = kc_sym_first(); s; s = kc_sym_next(s)) {
		char *v = NULL;

		if (!s->name || (s->flags & KC_SYM_CHOICE))
			continue;
		if (s->flags & KC_SYM_WRITTEN)
			v = value_text(s);
		if (!same_value(v, old_value_of(old, nold, s->name)))
			err = touch_stamp(dir, s->name);
		free(v);
		if (err)
			goto out;
	}
	err = write_atomic(autoheader, hdr.s, hdr.len);
	if (!err)
		err = write_atomic(autoconf, conf.s, conf.len);
out:
	for (size_t i = 0; i < nold; i++) {
		free(old[i].name);
		free(old[i].value);
	}
	free(old);
	free(dir);
	free(conf.s);
	free(hdr.s);
	return err;
}
