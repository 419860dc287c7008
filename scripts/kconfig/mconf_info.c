/* SPDX-License-Identifier: BSD-2-Clause */
/* Help screens, locations, refusal reasons and symbol search for mconf, built on kconfig.h only. */
#define _GNU_SOURCE
#include "mconf_info.h"

#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

bool mconf_is_container(const struct kc_menu *node)
{
	return node->kind == KC_MENU_ROOT || node->kind == KC_MENU_MENU ||
	       (node->kind == KC_MENU_CONFIG && node->is_menuconfig);
}

struct kc_menu *mconf_container_of(struct kc_menu *node)
{
	struct kc_menu *parent = node->parent;

	while (parent && !mconf_is_container(parent))
		parent = parent->parent;
	return parent ? parent : kc_root_menu();
}

struct kc_menu *mconf_row_of(struct kc_menu *node)
{
	struct kc_menu *row = node, *up;

	for (up = node->parent; up && !mconf_is_container(up); up = up->parent)
		if (up->kind == KC_MENU_CHOICE)
			row = up;
	return row;
}

bool mconf_prompt_visible(struct kc_menu *node)
{
	switch (node->kind) {
	case KC_MENU_ROOT:
		return true;
	case KC_MENU_MENU:
		return kc_menu_visible(node);
	default:
		return node->prompt && kc_expr_eval(node->prompt->visible) != KC_N;
	}
}

struct kc_menu *mconf_sym_menu(struct kc_symbol *sym)
{
	struct kc_menu *def;

	for (def = sym->menus; def; def = def->next_def)
		if (mconf_prompt_visible(def))
			return def;
	for (def = sym->menus; def; def = def->next_def)
		if (def->prompt)
			return def;
	return sym->menus;
}

/* Containers and choices above @node, outermost first, root excluded; returns the count. */
static int path_above(struct kc_menu *node, struct kc_menu **path, int max)
{
	struct kc_menu *up;
	int n = 0, i;

	for (up = node->parent; up && up->kind != KC_MENU_ROOT; up = up->parent)
		if ((mconf_is_container(up) || up->kind == KC_MENU_CHOICE) && n < max)
			path[n++] = up;
	for (i = 0; i < n / 2; i++) {
		struct kc_menu *tmp = path[i];

		path[i] = path[n - 1 - i];
		path[n - 1 - i] = tmp;
	}
	return n;
}

static const char *prompt_or(struct kc_menu *node, const char *fallback)
{
	const char *prompt = kc_menu_prompt(node);

	return prompt ? prompt : fallback;
}

char *mconf_location_line(struct kc_menu *node)
{
	struct kc_menu *path[64];
	int n = path_above(node, path, 64), i;
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);

	if (!out)
		return NULL;
	if (n == 0)
		fputs("(top level)", out);
	for (i = 0; i < n; i++)
		fprintf(out, "%s-> %s", i ? " " : "", prompt_or(path[i], "(unnamed)"));
	fclose(out);
	return text;
}

static void put_expr(FILE *out, struct kc_expr *e)
{
	char *text = kc_expr_to_str_alloc(e, true);

	fputs(text ? text : "?", out);
	free(text);
}

static void put_location(FILE *out, struct kc_menu *node)
{
	struct kc_menu *path[64];
	int n = path_above(node, path, 64), i;

	fputs("  Location:\n", out);
	for (i = 0; i < n; i++)
		fprintf(out, "%*s-> %s\n", 4 + 2 * i, "", prompt_or(path[i], "(unnamed)"));
	if (kc_menu_prompt(node)) {
		fprintf(out, "%*s-> %s", 4 + 2 * n, "", kc_menu_prompt(node));
		if (node->sym && node->sym->name)
			fprintf(out, " (%s [=%s])", node->sym->name, kc_sym_string(node->sym));
		fputc('\n', out);
	}
}

/* "Defined at file:line" and "Depends on: EXPR [=v]" of one definition, indented. */
static void put_origin(FILE *out, struct kc_menu *def, const char *indent)
{
	fprintf(out, "%sDefined at %s:%d\n", indent, def->file ? def->file : "?", def->line);
	if (def->full_dep) {
		fprintf(out, "%sDepends on: ", indent);
		put_expr(out, def->full_dep);
		fputc('\n', out);
	}
}

static void put_definition(FILE *out, struct kc_menu *def)
{
	if (def->prompt)
		fprintf(out, "  Prompt: %s\n", def->prompt->text);
	put_origin(out, def, "  ");
	if (def->visible_if) {
		fputs("  Visible if: ", out);
		put_expr(out, def->visible_if);
		fputc('\n', out);
	}
	if (def->prompt || def->kind != KC_MENU_CONFIG)
		put_location(out, def);
}

/* "Selects:"/"Implies:" lines for the targets of @sym's select/imply properties. */
static void put_targets(FILE *out, struct kc_symbol *sym, enum kc_prop_kind kind, const char *label)
{
	struct kc_property *prop;

	for (prop = sym->props; prop; prop = prop->next) {
		if (prop->kind != kind || !prop->target)
			continue;
		fprintf(out, "  %s: %s [=%s]", label, prop->target->name ? prop->target->name : "?",
			kc_sym_string(prop->target));
		if (prop->cond) {
			fputs(" if ", out);
			put_expr(out, prop->cond);
		}
		fputc('\n', out);
	}
}

static enum kc_tristate reverse_value(struct kc_property *prop)
{
	enum kc_tristate owner = prop->sym ? kc_sym_tristate(prop->sym) : KC_N;
	enum kc_tristate cond = kc_expr_eval(prop->cond);

	return owner < cond ? owner : cond;
}

/*
 * "Selected by [y]:" style groups, one per value, like Linux shows reverse dependencies;
 * every line starts with indent.
 */
static void put_reverse(FILE *out, struct kc_property *first, const char *label,
			const char *indent)
{
	static const enum kc_tristate order[] = { KC_Y, KC_M, KC_N };
	struct kc_property *prop;
	size_t i;

	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		bool header = false;

		for (prop = first; prop; prop = prop->next_rev) {
			if (!prop->sym || reverse_value(prop) != order[i])
				continue;
			if (!header)
				fprintf(out, "%s%s [%s]:\n", indent, label, kc_tri_name(order[i]));
			header = true;
			fprintf(out, "%s- %s [=%s]", indent,
				prop->sym->name ? prop->sym->name : "<choice>", kc_sym_string(prop->sym));
			if (prop->cond) {
				fputs(" && ", out);
				put_expr(out, prop->cond);
			}
			fputc('\n', out);
		}
	}
}

static void put_range(FILE *out, struct kc_symbol *sym)
{
	long long low, high;

	if (!kc_sym_range(sym, &low, &high))
		return;
	if (kc_sym_type(sym) == KC_HEX)
		fprintf(out, "Range : 0x%llx..0x%llx\n", low, high);
	else
		fprintf(out, "Range : %lld..%lld\n", low, high);
}

char *mconf_help_text(struct kc_menu *node)
{
	struct kc_symbol *sym = node->sym;
	char *text = NULL;
	size_t size = 0, len;
	FILE *out = open_memstream(&text, &size);

	if (!out)
		return NULL;
	if (node->help && *node->help) {
		len = strlen(node->help);
		while (len > 0 && node->help[len - 1] == '\n')
			len--;
		fprintf(out, "%.*s\n\n", (int)len, node->help);
	} else {
		fputs("There is no help available for this option.\n\n", out);
	}
	if (sym && sym->name) {
		fprintf(out, "Symbol: %s [=%s]\n", sym->name, kc_sym_string(sym));
		fprintf(out, "Type  : %s\n", kc_type_name(kc_sym_type(sym)));
		put_range(out, sym);
	} else if (sym && kc_sym_is_choice(sym)) {
		struct kc_symbol *pick = kc_choice_selected(sym);

		fprintf(out, "Choice: %s\n", prompt_or(node, "(unnamed)"));
		fprintf(out, "Selected: %s\n", pick && pick->name ? pick->name : "(none)");
	} else if (kc_menu_prompt(node)) {
		fprintf(out, "%s: %s\n", node->kind == KC_MENU_COMMENT ? "Comment" : "Menu",
			kc_menu_prompt(node));
	}
	if (sym && sym->menus) {
		struct kc_menu *def;

		for (def = sym->menus; def; def = def->next_def)
			put_definition(out, def);
	} else {
		put_definition(out, node);
	}
	if (sym) {
		put_targets(out, sym, KC_PROP_SELECT, "Selects");
		put_targets(out, sym, KC_PROP_IMPLY, "Implies");
		put_reverse(out, sym->selected_by, "Selected by", "  ");
		put_reverse(out, sym->implied_by, "Implied by", "  ");
	}
	fclose(out);
	return text;
}

/* Names the selectors that keep @sym above n, for the refusal message. */
static void put_selectors(FILE *out, struct kc_symbol *sym)
{
	struct kc_property *prop;
	bool first = true;

	for (prop = sym->selected_by; prop; prop = prop->next_rev) {
		if (!prop->sym || reverse_value(prop) == KC_N)
			continue;
		fprintf(out, "%s%s [=%s]", first ? "" : ", ",
			prop->sym->name ? prop->sym->name : "<choice>", kc_sym_string(prop->sym));
		first = false;
	}
	if (first)
		fputs("another symbol", out);
}

char *mconf_hidden_reason(struct kc_menu *node)
{
	struct kc_expr *cond;

	if (!node->prompt)
		return strdup("it has no prompt (set only by defaults and selects)");
	cond = node->prompt->visible;
	if (!cond)
		return strdup("its prompt is hidden");
	{
		char *expr = kc_expr_to_str_alloc(cond, true), *text = NULL;

		if (asprintf(&text, "depends on %s", expr ? expr : "?") < 0)
			text = NULL;
		free(expr);
		return text;
	}
}

char *mconf_refusal(struct kc_symbol *sym, enum kc_tristate val)
{
	const char *name = sym->name ? sym->name : "this choice";
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);

	if (!out)
		return NULL;
	if (kc_sym_type(sym) != KC_BOOL && kc_sym_type(sym) != KC_TRISTATE)
		fprintf(out, "%s is a %s: it takes a value, not y/m/n", name,
			kc_type_name(kc_sym_type(sym)));
	else if (val == KC_M && kc_sym_type(sym) != KC_TRISTATE)
		fprintf(out, "%s cannot be m: it is a bool (or modules are off)", name);
	else if (val < kc_sym_tristate_min(sym)) {
		fprintf(out, "%s cannot be %s: selected by ", name, kc_tri_name(val));
		put_selectors(out, sym);
	} else if (val > kc_sym_tristate_max(sym) && sym->dir_dep &&
		   kc_expr_eval(sym->dir_dep) < val) {
		fprintf(out, "%s cannot be %s: depends on ", name, kc_tri_name(val));
		put_expr(out, sym->dir_dep);
	} else if (val > kc_sym_tristate_max(sym)) {
		fprintf(out, "%s cannot be %s: its prompt is hidden", name, kc_tri_name(val));
	} else {
		fprintf(out, "%s cannot be %s", name, kc_tri_name(val));
	}
	fclose(out);
	return text;
}

struct match {
	struct kc_symbol *sym;
	bool exact;
};

static int match_order(const void *a, const void *b)
{
	const struct match *x = a, *y = b;

	if (x->exact != y->exact)
		return x->exact ? -1 : 1;
	return strcmp(x->sym->name, y->sym->name);
}

int mconf_search(const char *pattern, struct kc_symbol ***results, char *err, size_t err_size)
{
	struct match *matches = NULL, *grown;
	struct kc_symbol *sym, **out;
	regex_t re;
	int n = 0, cap = 0, rc, i;

	*results = NULL;
	rc = regcomp(&re, pattern, REG_EXTENDED | REG_ICASE | REG_NOSUB);
	if (rc) {
		char why[200];

		regerror(rc, &re, why, sizeof(why));
		snprintf(err, err_size, "bad regular expression '%s': %s", pattern, why);
		return -EINVAL;
	}
	for (sym = kc_sym_first(); sym; sym = kc_sym_next(sym)) {
		if (!sym->name || regexec(&re, sym->name, 0, NULL, 0))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			grown = realloc(matches, (size_t)cap * sizeof(*matches));
			if (!grown)
				goto nomem;
			matches = grown;
		}
		matches[n].sym = sym;
		matches[n].exact = strcasecmp(sym->name, pattern) == 0;
		n++;
	}
	regfree(&re);
	if (n > 1)
		qsort(matches, (size_t)n, sizeof(*matches), match_order);
	out = calloc((size_t)n + 1, sizeof(*out));
	if (!out) {
		free(matches);
		snprintf(err, err_size, "out of memory");
		return -ENOMEM;
	}
	for (i = 0; i < n; i++)
		out[i] = matches[i].sym;
	free(matches);
	*results = out;
	return n;
nomem:
	regfree(&re);
	free(matches);
	snprintf(err, err_size, "out of memory");
	return -ENOMEM;
}

char *mconf_search_entry(struct kc_symbol *sym, int number)
{
	struct kc_menu *def = mconf_sym_menu(sym);
	char *text = NULL, *where;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);

	if (!out)
		return NULL;
	fprintf(out, "(%d) Symbol: %s [=%s]\n", number, sym->name, kc_sym_string(sym));
	fprintf(out, "    Type  : %s\n", kc_type_name(kc_sym_type(sym)));
	if (def && def->prompt) {
		fprintf(out, "    Prompt: %s\n", def->prompt->text);
		if (!mconf_prompt_visible(def)) {
			fputs("    Hidden: depends on ", out);
			put_expr(out, def->prompt->visible);
			fputc('\n', out);
		}
	} else {
		fputs("    Prompt: (none: set only by defaults and selects)\n", out);
	}
	if (def) {
		where = mconf_location_line(def);
		fprintf(out, "    Location: %s\n", where ? where : "?");
		free(where);
	}
	/* Where each definition is and what it needs, then who forces it: as Linux's search shows. */
	for (def = sym->menus; def; def = def->next_def)
		put_origin(out, def, "    ");
	put_reverse(out, sym->selected_by, "Selected by", "    ");
	put_reverse(out, sym->implied_by, "Implied by", "    ");
	fclose(out);
	return text;
}
