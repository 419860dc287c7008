/* SPDX-License-Identifier: BSD-2-Clause */
/* Kconfig symbols: the symbol table, value and visibility computation, and setting values. */
#include "kconfig_internal.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CONST_TRI(n, t) { .name = (char *)(n), .type = KC_TRISTATE, .flags = KC_SYM_CONST, \
			  .cur = { .tri = (t), .str = (char *)(n) } }

struct kc_symbol kc_sym_yes = CONST_TRI("y", KC_Y);
struct kc_symbol kc_sym_mod = CONST_TRI("m", KC_M);
struct kc_symbol kc_sym_no = CONST_TRI("n", KC_N);
struct kc_symbol *kc_modules_sym;
unsigned int kc_value_gen = 1;
bool kc_dirty;

#define HASH_SIZE 1024
static struct kc_symbol *sym_hash[HASH_SIZE];
static struct kc_symbol *const_hash[HASH_SIZE];
static struct kc_symbol *all_first, *all_last;

static unsigned int hash_name(const char *s)
{
	unsigned int h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h % HASH_SIZE;
}

static struct kc_symbol *sym_alloc(const char *name)
{
	struct kc_symbol *sym = kc_xcalloc(1, sizeof(*sym));

	sym->name = name ? kc_xstrdup(name) : NULL;
	sym->cur.str = kc_xstrdup("");
	if (all_last)
		all_last->all_next = sym;
	else
		all_first = sym;
	all_last = sym;
	return sym;
}

struct kc_symbol *kc_sym_find(const char *name)
{
	struct kc_symbol *sym;

	if (!name)
		return NULL;
	for (sym = sym_hash[hash_name(name)]; sym; sym = sym->hash_next)
		if (!strcmp(sym->name, name))
			return sym;
	return NULL;
}

struct kc_symbol *kc_sym_lookup(const char *name)
{
	struct kc_symbol *sym = kc_sym_find(name);
	unsigned int h;

	if (sym)
		return sym;
	sym = sym_alloc(name);
	h = hash_name(name);
	sym->hash_next = sym_hash[h];
	sym_hash[h] = sym;
	return sym;
}

struct kc_symbol *kc_sym_const(const char *value)
{
	unsigned int h = hash_name(value);
	struct kc_symbol *sym;

	for (sym = const_hash[h]; sym; sym = sym->hash_next)
		if (!strcmp(sym->name, value))
			return sym;
	/* Constants are not in the iteration list. */
	sym = kc_xcalloc(1, sizeof(*sym));
	sym->name = kc_xstrdup(value);
	sym->flags = KC_SYM_CONST;
	sym->cur.str = sym->name;
	sym->hash_next = const_hash[h];
	const_hash[h] = sym;
	return sym;
}

struct kc_symbol *kc_sym_new_choice(const char *name)
{
	struct kc_symbol *sym;

	if (name) {
		sym = kc_sym_lookup(name);
	} else {
		sym = sym_alloc(NULL);
	}
	sym->flags |= KC_SYM_CHOICE;
	return sym;
}

void kc_symbols_reset(void)
{
	memset(sym_hash, 0, sizeof(sym_hash));
	all_first = all_last = NULL;
	kc_modules_sym = NULL;
	kc_dirty = false;
	kc_value_gen++;
}

struct kc_symbol *kc_sym_first(void)
{
	return all_first;
}

struct kc_symbol *kc_sym_next(struct kc_symbol *sym)
{
	return sym->all_next;
}

void kc_values_changed(void)
{
	kc_value_gen++;
}

void kc_recalc(void)
{
	kc_values_changed();
	for (struct kc_symbol *s = all_first; s; s = s->all_next)
		kc_sym_calc(s);
}

bool kc_modules_enabled(void)
{
	return kc_modules_sym && kc_sym_tristate(kc_modules_sym) != KC_N;
}

enum kc_type kc_sym_type(struct kc_symbol *sym)
{
	if (sym->type == KC_TRISTATE && !(sym->flags & KC_SYM_CONST) && !kc_modules_enabled())
		return KC_BOOL;
	return sym->type;
}

const char *kc_type_name(enum kc_type type)
{
	switch (type) {
	case KC_BOOL:
		return "bool";
	case KC_TRISTATE:
		return "tristate";
	case KC_INT:
		return "int";
	case KC_HEX:
		return "hex";
	case KC_STRING:
		return "string";
	default:
		return "unknown";
	}
}

bool kc_sym_is_choice(struct kc_symbol *sym)
{
	return sym && (sym->flags & KC_SYM_CHOICE);
}

bool kc_sym_is_choice_value(struct kc_symbol *sym)
{
	return sym && (sym->flags & KC_SYM_CHOICE_VALUE);
}

struct kc_menu *kc_choice_menu(struct kc_symbol *choice)
{
	return choice->menus;
}

struct kc_property *kc_sym_prompt(struct kc_symbol *sym)
{
	for (struct kc_property *p = sym->props; p; p = p->next)
		if (p->kind == KC_PROP_PROMPT)
			return p;
	return NULL;
}

bool kc_parse_int(const char *s, int base, long long *out)
{
	char *end;

	if (!*s)
		return false;
	errno = 0;
	if (base == 16 || (base == 0 && (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))))
		*out = (long long)strtoull(s, &end, base);	/* hex is unsigned */
	else
		*out = strtoll(s, &end, base);
	return !errno && !*end && end > s;
}

/* A choice's tristate; while the choice is being computed, the value it has so far. */
static enum kc_tristate choice_tri(struct kc_symbol *choice)
{
	kc_sym_calc(choice);
	return choice->cur.tri;
}

/* Prompt visibility plus the tristates of the dependency expressions. */
static void calc_visibility(struct kc_symbol *sym)
{
	enum kc_tristate tri = KC_N;

	for (struct kc_property *p = sym->props; p; p = p->next) {
		enum kc_tristate vis;

		if (p->kind != KC_PROP_PROMPT)
			continue;
		vis = kc_expr_eval(p->visible);
		/* A tristate member that could only be m hides while its choice is y. */
		if (vis == KC_M && sym->type == KC_TRISTATE && (sym->flags & KC_SYM_CHOICE_VALUE) &&
		    sym->choice && choice_tri(sym->choice) == KC_Y)
			vis = KC_N;
		tri = kc_tri_or(tri, vis);
	}
	if (tri == KC_M && (sym->type != KC_TRISTATE || !kc_modules_enabled()))
		tri = KC_Y;
	sym->visible = tri;
	if (sym->flags & KC_SYM_CHOICE_VALUE) {
		/* Choice members are driven by their choice, never by select/imply. */
		sym->dir_dep_tri = KC_Y;
		sym->rev_dep_tri = KC_N;
		sym->implied_tri = KC_N;
		return;
	}
	tri = kc_expr_eval(sym->dir_dep);
	sym->dir_dep_tri = tri == KC_M ? KC_Y : tri;
	tri = sym->rev_dep ? kc_expr_eval(sym->rev_dep) : KC_N;
	if (tri == KC_M && kc_sym_type(sym) == KC_BOOL)
		tri = KC_Y;
	sym->rev_dep_tri = tri;
	tri = sym->implied && sym->dir_dep_tri != KC_N ? kc_expr_eval(sym->implied) : KC_N;
	if (tri == KC_M && kc_sym_type(sym) == KC_BOOL)
		tri = KC_Y;
	sym->implied_tri = tri;
}

struct kc_property *kc_sym_default_prop(struct kc_symbol *sym)
{
	for (struct kc_property *p = sym->props; p; p = p->next)
		if (p->kind == KC_PROP_DEFAULT && kc_expr_eval(p->visible) != KC_N)
			return p;
	return NULL;
}

static struct kc_property *range_prop(struct kc_symbol *sym)
{
	for (struct kc_property *p = sym->props; p; p = p->next)
		if (p->kind == KC_PROP_RANGE && kc_expr_eval(p->visible) != KC_N)
			return p;
	return NULL;
}

static int type_base(enum kc_type type, int fallback)
{
	return type == KC_INT ? 10 : type == KC_HEX ? 16 : fallback;
}

static long long range_value(struct kc_symbol *bound, int base)
{
	return strtoll(kc_sym_string(bound), NULL, type_base(bound->type, base));
}

bool kc_sym_range(struct kc_symbol *sym, long long *low, long long *high)
{
	struct kc_property *p;
	int base;

	if (sym->type != KC_INT && sym->type != KC_HEX)
		return false;
	p = range_prop(sym);
	if (!p)
		return false;
	base = type_base(sym->type, 10);
	*low = range_value(p->expr->sym, base);
	*high = range_value(p->expr2->sym, base);
	return true;
}

static void set_cur_str(struct kc_symbol *sym, const char *s)
{
	char *copy = kc_xstrdup(s);

	free(sym->cur.str);
	sym->cur.str = copy;
}

/* Values outside the active range are clamped to the nearest bound. */
static void clamp_to_range(struct kc_symbol *sym)
{
	long long low, high, val;
	char text[32];

	if (!kc_sym_range(sym, &low, &high))
		return;
	val = strtoll(sym->cur.str, NULL, type_base(sym->type, 10));
	if (val >= low && val <= high)
		return;
	val = val < low ? low : high;
	if (sym->type == KC_INT)
		snprintf(text, sizeof(text), "%lld", val);
	else
		snprintf(text, sizeof(text), "0x%llx", (unsigned long long)val);
	set_cur_str(sym, text);
}

static void warn_unmet_select(struct kc_symbol *sym)
{
	struct kc_buf who = { 0 };
	char *names, *deps;

	if (sym->flags & KC_SYM_UNMET_WARNED)
		return;
	sym->flags |= KC_SYM_UNMET_WARNED;
	for (struct kc_property *p = sym->selected_by; p; p = p->next_rev) {
		if (kc_expr_eval(p->visible) == KC_N || kc_sym_tristate(p->sym) == KC_N)
			continue;
		kc_buf_printf(&who, "%s%s", who.len ? ", " : "", p->sym->name);
	}
	names = kc_buf_take(&who);
	deps = kc_expr_to_str_alloc(sym->dir_dep, false);
	kc_warn("%s is selected by %s but its dependencies (%s) are not met", sym->name,
		names, deps);
	free(deps);
	free(names);
}

static bool member_visible(struct kc_symbol *member)
{
	calc_visibility(member);
	return member->visible != KC_N;
}

struct kc_symbol *kc_choice_default(struct kc_symbol *choice)
{
	struct kc_menu *cm = choice->menus;

	for (struct kc_property *p = choice->props; p; p = p->next) {
		if (p->kind != KC_PROP_DEFAULT || kc_expr_eval(p->visible) == KC_N)
			continue;
		if (p->expr->op == KC_E_SYMBOL && (p->expr->sym->flags & KC_SYM_CHOICE_VALUE) &&
		    p->expr->sym->choice == choice && member_visible(p->expr->sym))
			return p->expr->sym;
	}
	for (struct kc_menu *m = cm ? cm->child : NULL; m; m = m->next)
		if (m->sym && (m->sym->flags & KC_SYM_CHOICE_VALUE) && member_visible(m->sym))
			return m->sym;
	return NULL;
}

static struct kc_symbol *calc_choice(struct kc_symbol *choice)
{
	struct kc_symbol *pick = choice->user.choice_sel;

	if ((choice->flags & KC_SYM_USER) && pick && member_visible(pick))
		return pick;
	return kc_choice_default(choice);
}

static void calc_tristate_value(struct kc_symbol *sym)
{
	enum kc_tristate val = KC_N;
	bool write = false;
	struct kc_symbol *choice = sym->choice;

	if ((sym->flags & KC_SYM_CHOICE_VALUE) && choice)
		kc_sym_calc(choice);
	if ((sym->flags & KC_SYM_CHOICE_VALUE) && choice && sym->visible == KC_Y) {
		val = choice->cur.choice_sel == sym ? KC_Y : KC_N;
	} else {
		if (sym->visible != KC_N) {
			write = true;
			if (sym->flags & KC_SYM_USER) {
				val = kc_tri_and(sym->user.tri, sym->visible);
				goto combine;
			}
		}
		if (sym->rev_dep_tri != KC_N)
			write = true;
		if (!(sym->flags & KC_SYM_CHOICE)) {
			struct kc_property *p = kc_sym_default_prop(sym);

			if (p) {
				write = true;
				val = kc_tri_and(kc_expr_eval(p->expr), kc_expr_eval(p->visible));
			}
			if (sym->implied_tri != KC_N) {
				write = true;
				val = kc_tri_or(val, sym->implied_tri);
			}
		}
combine:
		if (sym->dir_dep_tri == KC_N && sym->rev_dep_tri != KC_N)
			warn_unmet_select(sym);
		val = kc_tri_or(val, sym->rev_dep_tri);
	}
	if ((sym->flags & KC_SYM_CHOICE_VALUE) && choice && (choice->flags & KC_SYM_WRITE) &&
	    sym->visible != KC_N)
		write = true;
	/* m becomes y for a bool, and for a tristate that something implies as y. */
	if (val == KC_M && (kc_sym_type(sym) == KC_BOOL || sym->implied_tri == KC_Y))
		val = KC_Y;
	sym->cur.tri = val;
	if (write)
		sym->flags |= KC_SYM_WRITE;
	if (sym->flags & KC_SYM_CHOICE) {
		/* Members' visibility reads this choice's (already updated) tristate. */
		sym->cur.choice_sel = val == KC_Y ? calc_choice(sym) : NULL;
		if (val == KC_Y && !sym->cur.choice_sel)
			sym->cur.tri = KC_N;
	}
}

char *kc_hex_with_prefix(const char *value)
{
	if (!*value || (value[0] == '0' && (value[1] == 'x' || value[1] == 'X')))
		return kc_xstrdup(value);
	return kc_xasprintf("0x%s", value);
}

/* The value a `default` gives, as written (hex without 0x stays so, as in kconfig-conf). */
static char *default_text(struct kc_property *p)
{
	return kc_xstrdup(kc_sym_string(p->expr->sym));
}

static void calc_string_value(struct kc_symbol *sym)
{
	struct kc_property *p;

	if (sym->visible != KC_N) {
		sym->flags |= KC_SYM_WRITE;
		if (sym->flags & KC_SYM_USER) {
			set_cur_str(sym, sym->user.str);
			goto done;
		}
	}
	p = kc_sym_default_prop(sym);
	if (p && p->expr->op == KC_E_SYMBOL) {
		char *value = default_text(p);

		sym->flags |= KC_SYM_WRITE;
		set_cur_str(sym, value);
		free(value);
	} else {
		set_cur_str(sym, "");
	}
done:
	clamp_to_range(sym);
}

void kc_sym_calc(struct kc_symbol *sym)
{
	if (sym->flags & KC_SYM_CONST)
		return;
	if (sym->calc_gen == kc_value_gen)
		return;
	/* Marked first: a dependency loop then sees the value being computed. */
	sym->calc_gen = kc_value_gen;
	sym->flags &= ~KC_SYM_WRITE;
	calc_visibility(sym);
	switch (sym->type) {
	case KC_BOOL:
	case KC_TRISTATE:
		calc_tristate_value(sym);
		break;
	case KC_INT:
	case KC_HEX:
	case KC_STRING:
		sym->cur.tri = KC_N;
		calc_string_value(sym);
		break;
	default:
		/*
		 * Referenced but never defined: n, and its name as text, so that
		 * `default foo` and `X = foo` read an unquoted word as kconfig-conf does.
		 */
		sym->cur.tri = KC_N;
		set_cur_str(sym, sym->name ? sym->name : "");
		break;
	}
	if (sym->flags & KC_SYM_ENV)
		sym->flags &= ~KC_SYM_WRITE;	/* comes from the environment every time */
}

enum kc_tristate kc_sym_tristate(struct kc_symbol *sym)
{
	kc_sym_calc(sym);
	return sym->cur.tri;
}

const char *kc_sym_string(struct kc_symbol *sym)
{
	if (sym->flags & KC_SYM_CONST)
		return sym->name;
	kc_sym_calc(sym);
	switch (sym->type) {
	case KC_BOOL:
	case KC_TRISTATE:
		return kc_tri_name(sym->cur.tri);
	default:
		return sym->cur.str;
	}
}

const char *kc_tri_name(enum kc_tristate val)
{
	return val == KC_Y ? "y" : val == KC_M ? "m" : "n";
}

enum kc_tristate kc_sym_visible(struct kc_symbol *sym)
{
	kc_sym_calc(sym);
	return sym->visible;
}

enum kc_tristate kc_sym_tristate_min(struct kc_symbol *sym)
{
	kc_sym_calc(sym);
	return sym->rev_dep_tri;
}

enum kc_tristate kc_sym_tristate_max(struct kc_symbol *sym)
{
	kc_sym_calc(sym);
	return sym->visible;
}

bool kc_sym_is_changeable(struct kc_symbol *sym)
{
	kc_sym_calc(sym);
	return sym->visible > sym->rev_dep_tri;
}

bool kc_sym_tristate_in_range(struct kc_symbol *sym, enum kc_tristate val)
{
	enum kc_type type = kc_sym_type(sym);

	if (type != KC_BOOL && type != KC_TRISTATE)
		return false;
	if (type == KC_BOOL && val == KC_M)
		return false;
	kc_sym_calc(sym);
	if (sym->visible <= sym->rev_dep_tri)
		return false;
	if ((sym->flags & KC_SYM_CHOICE_VALUE) && sym->visible == KC_Y)
		return val == KC_Y;
	return val >= sym->rev_dep_tri && val <= sym->visible;
}

bool kc_sym_has_user_value(struct kc_symbol *sym)
{
	return sym->flags & KC_SYM_USER;
}

void kc_sym_set_user_raw(struct kc_symbol *sym, const char *str, enum kc_tristate tri)
{
	sym->flags |= KC_SYM_USER;
	sym->user.tri = tri;
	if (str) {
		free(sym->user.str);
		sym->user.str = kc_xstrdup(str);
	}
	kc_values_changed();
}

int kc_choice_select(struct kc_symbol *choice, struct kc_symbol *member)
{
	if (!kc_sym_is_choice(choice) || !member || member->choice != choice)
		return -EINVAL;
	choice->flags |= KC_SYM_USER;
	choice->user.tri = KC_Y;
	choice->user.choice_sel = member;
	member->flags |= KC_SYM_USER;
	member->user.tri = KC_Y;
	kc_values_changed();
	kc_dirty = true;
	return 0;
}

struct kc_symbol *kc_choice_selected(struct kc_symbol *choice)
{
	if (!kc_sym_is_choice(choice) || kc_sym_tristate(choice) == KC_N)
		return NULL;
	return choice->cur.choice_sel;
}

int kc_sym_set_tristate(struct kc_symbol *sym, enum kc_tristate val)
{
	enum kc_type type = kc_sym_type(sym);

	if (type != KC_BOOL && type != KC_TRISTATE)
		return -EINVAL;
	if (type == KC_BOOL && val == KC_M)
		return -EINVAL;
	if (!kc_sym_tristate_in_range(sym, val))
		return -ERANGE;
	if ((sym->flags & KC_SYM_CHOICE_VALUE) && val == KC_Y)
		return kc_choice_select(sym->choice, sym);
	if (sym->flags & KC_SYM_CHOICE) {
		/* Switching a choice on keeps (or picks) a member. */
		if (!sym->user.choice_sel)
			sym->user.choice_sel = sym->cur.choice_sel;
	}
	sym->flags |= KC_SYM_USER;
	sym->user.tri = val;
	kc_values_changed();
	kc_dirty = true;
	return 0;
}

bool kc_sym_string_valid(struct kc_symbol *sym, const char *text)
{
	const char *s = text;

	switch (sym->type) {
	case KC_STRING:
		return true;
	case KC_INT:
		if (*s == '-')
			s++;
		if (!isdigit((unsigned char)*s))
			return false;
		if (*s == '0' && s[1])
			return false;	/* no leading zeros: "010" is not decimal */
		for (; *s; s++)
			if (!isdigit((unsigned char)*s))
				return false;
		return true;
	case KC_HEX:
		if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
			s += 2;
		if (!*s)
			return false;
		for (; *s; s++)
			if (!isxdigit((unsigned char)*s))
				return false;
		return true;
	case KC_BOOL:
	case KC_TRISTATE:
		return !strcmp(s, "y") || !strcmp(s, "n") ||
		       (!strcmp(s, "m") && kc_sym_type(sym) == KC_TRISTATE);
	default:
		return false;
	}
}

/* Whether text is valid and inside the active range (if any). */
static bool string_in_range(struct kc_symbol *sym, const char *text)
{
	long long low, high, val;

	if (!kc_sym_string_valid(sym, text))
		return false;
	if (sym->type != KC_INT && sym->type != KC_HEX)
		return true;
	if (!kc_sym_range(sym, &low, &high))
		return true;
	val = strtoll(text, NULL, type_base(sym->type, 10));
	return val >= low && val <= high;
}

int kc_sym_set_string(struct kc_symbol *sym, const char *text)
{
	char *value;

	switch (sym->type) {
	case KC_BOOL:
	case KC_TRISTATE:
		if (!kc_sym_string_valid(sym, text))
			return -EINVAL;
		return kc_sym_set_tristate(sym, text[0] == 'y' ? KC_Y : text[0] == 'm' ? KC_M : KC_N);
	case KC_INT:
	case KC_HEX:
	case KC_STRING:
		break;
	default:
		return -EINVAL;
	}
	if (!kc_sym_string_valid(sym, text))
		return -EINVAL;
	if (!string_in_range(sym, text))
		return -ERANGE;
	if (kc_sym_visible(sym) == KC_N)
		return -EPERM;	/* no visible prompt: the value is not the user's to set */
	value = sym->type == KC_HEX ? kc_hex_with_prefix(text) : kc_xstrdup(text);
	kc_sym_set_user_raw(sym, value, KC_N);
	free(value);
	kc_dirty = true;
	return 0;
}

void kc_sym_clear_user(struct kc_symbol *sym)
{
	sym->flags &= ~KC_SYM_USER;
	if (sym->flags & KC_SYM_CHOICE)
		sym->user.choice_sel = NULL;
	kc_values_changed();
	kc_dirty = true;
}

bool kc_sym_user_in_range(struct kc_symbol *sym)
{
	return string_in_range(sym, sym->user.str ? sym->user.str : "");
}

const char *kc_sym_default_string(struct kc_symbol *sym)
{
	static char *text;	/* the last answer, kept until the next call */
	struct kc_property *p;
	enum kc_tristate val = KC_N;
	const char *str = "";

	kc_sym_calc(sym);
	p = kc_sym_default_prop(sym);
	if (p) {
		if (sym->type == KC_BOOL || sym->type == KC_TRISTATE) {
			val = kc_tri_and(kc_expr_eval(p->expr), kc_expr_eval(p->visible));
		} else if (p->expr->op == KC_E_SYMBOL) {
			free(text);
			text = default_text(p);
			str = text;
		}
	}
	if (sym->type == KC_BOOL || sym->type == KC_TRISTATE)
		val = kc_tri_or(val, sym->implied_tri);
	val = kc_tri_or(val, sym->rev_dep_tri);
	if (val == KC_M && kc_sym_type(sym) == KC_BOOL)
		val = KC_Y;
	switch (sym->type) {
	case KC_BOOL:
	case KC_TRISTATE:
		return kc_tri_name(val);
	default:
		return str;
	}
}
