/* SPDX-License-Identifier: BSD-2-Clause */
/* Kconfig menu tree: dependency propagation after parsing, choices, nesting and visibility. */
#include "kconfig_internal.h"

#include <errno.h>
#include <stdlib.h>

struct kc_menu *kc_root_menu(void)
{
	return &kc_rootmenu;
}

const char *kc_mainmenu_title(void)
{
	return kc_mainmenu ? kc_mainmenu : "Configuration";
}

const char *kc_menu_prompt(struct kc_menu *menu)
{
	return menu->prompt ? menu->prompt->text : NULL;
}

struct kc_menu *kc_menu_next_dfs(struct kc_menu *menu)
{
	if (menu->child)
		return menu->child;
	while (menu) {
		if (menu->next)
			return menu->next;
		menu = menu->parent;
	}
	return NULL;
}

bool kc_menu_visible(struct kc_menu *menu)
{
	if (!menu->prompt)
		return false;
	if (menu->visible_if && kc_expr_eval(menu->visible_if) == KC_N)
		return false;
	if (menu->sym)
		kc_sym_calc(menu->sym);
	if (kc_expr_eval(menu->prompt->visible) != KC_N)
		return true;
	if (!menu->sym || kc_sym_tristate(menu->sym) == KC_N)
		return false;
	/* An invisible entry still shows if something nested below it does. */
	for (struct kc_menu *c = menu->child; c; c = c->next)
		if (kc_menu_visible(c))
			return true;
	return false;
}

/* `visible if` of every enclosing menu applies to a symbol's prompts. */
static struct kc_expr *enclosing_visibility(struct kc_menu *menu)
{
	struct kc_expr *vis = NULL;

	for (struct kc_menu *m = menu->parent; m; m = m->parent)
		if (m->visible_if)
			vis = kc_expr_and(vis, kc_expr_rewrite_m(m->visible_if));
	return vis;
}

static void add_reverse(struct kc_property *p)
{
	struct kc_symbol *target = p->target;
	struct kc_expr *term = kc_expr_and(kc_expr_sym(p->sym), kc_expr_copy(p->visible));
	struct kc_property **link;

	if (p->kind == KC_PROP_SELECT) {
		target->rev_dep = target->rev_dep ? kc_expr_or(target->rev_dep, term) : term;
		link = &target->selected_by;
	} else {
		target->implied = target->implied ? kc_expr_or(target->implied, term) : term;
		link = &target->implied_by;
	}
	while (*link)
		link = &(*link)->next_rev;
	*link = p;
}

static void setup_choice(struct kc_menu *cm)
{
	struct kc_symbol *choice = cm->sym;

	if (choice->type == KC_UNKNOWN) {
		for (struct kc_menu *m = cm->child; m; m = m->next)
			if (m->sym && m->sym->type != KC_UNKNOWN) {
				choice->type = m->sym->type;
				break;
			}
		if (choice->type == KC_UNKNOWN)
			choice->type = KC_BOOL;
	}
	for (struct kc_menu *m = cm->child; m; m = m->next) {
		if (!m->sym || m->kind != KC_MENU_CONFIG)
			continue;
		if (m->sym->type == KC_UNKNOWN)
			m->sym->type = choice->type;
	}
}

/* Pass 1: give every node and property its effective dependencies. */
static void propagate(struct kc_menu *parent, struct kc_expr *parentdep)
{
	for (struct kc_menu *m = parent->child; m; m = m->next) {
		struct kc_expr *childdep;

		if (m->kind == KC_MENU_CHOICE)
			setup_choice(m);
		m->full_dep = kc_expr_and(kc_expr_copy(parentdep), kc_expr_rewrite_m(m->dep));
		if (m->sym) {
			for (struct kc_property *p = m->sym->props; p; p = p->next) {
				if (p->menu != m)
					continue;
				p->visible = kc_expr_and(kc_expr_copy(m->full_dep),
							 kc_expr_rewrite_m(p->cond));
				if (p->kind == KC_PROP_PROMPT)
					p->visible = kc_expr_and(p->visible, enclosing_visibility(m));
				if (p->kind == KC_PROP_SELECT || p->kind == KC_PROP_IMPLY)
					add_reverse(p);
			}
		} else if (m->prompt) {
			m->prompt->visible = kc_expr_copy(m->full_dep);
		}
		if (m->kind == KC_MENU_CHOICE)
			childdep = kc_expr_sym(m->sym);	/* members hang off the choice's value */
		else if (m->prompt)
			childdep = m->prompt->visible;
		else
			childdep = m->full_dep;
		propagate(m, childdep);
	}
}

/* Pass 2: `if` blocks only add dependencies; splice their children into the parent. */
static void flatten_ifs(struct kc_menu *parent)
{
	struct kc_menu **link = &parent->child;

	while (*link) {
		struct kc_menu *m = *link;

		if (m->kind == KC_MENU_IF) {
			struct kc_menu *last = NULL;

			for (struct kc_menu *c = m->child; c; c = c->next) {
				c->parent = parent;
				last = c;
			}
			if (last) {
				last->next = m->next;
				*link = m->child;
			} else {
				*link = m->next;
			}
			continue;	/* re-examine what now sits at *link */
		}
		flatten_ifs(m);
		link = &m->next;
	}
}

/*
 * A bool member of a tristate choice only shows when the choice is y: with the
 * choice at m, members are modules, and a bool cannot be one.
 */
static void require_choice_y(struct kc_menu *member)
{
	struct kc_expr *is_y = kc_expr_cmp(KC_E_EQ, member->sym->choice, &kc_sym_yes);

	member->full_dep = kc_expr_and(kc_expr_copy(is_y), member->full_dep);
	for (struct kc_property *p = member->sym->props; p; p = p->next)
		if (p->menu == member)
			p->visible = kc_expr_and(kc_expr_copy(is_y), p->visible);
}

static void mark_choice_members(struct kc_menu *parent)
{
	for (struct kc_menu *m = parent->child; m; m = m->next) {
		if (m->kind == KC_MENU_CHOICE) {
			struct kc_symbol *choice = m->sym;

			for (struct kc_menu *c = m->child; c; c = c->next) {
				if (c->kind != KC_MENU_CONFIG || !c->sym)
					continue;
				c->sym->flags |= KC_SYM_CHOICE_VALUE;
				c->sym->choice = choice;
				if (choice->type == KC_TRISTATE && c->sym->type != KC_TRISTATE)
					require_choice_y(c);
				if (!c->prompt)
					kc_warn_at(c->file, c->line, "choice value '%s' must have a prompt",
						   c->sym->name);
			}
			if (!m->prompt)
				kc_warn_at(m->file, m->line, "choice must have a prompt");
			if (!(choice->flags & KC_SYM_OPTIONAL) && m->prompt) {
				/* A mandatory choice is on whenever its prompt is visible. */
				struct kc_expr *term = kc_expr_and(kc_expr_copy(m->prompt->visible),
								   kc_expr_sym(&kc_sym_mod));

				choice->rev_dep = choice->rev_dep ? kc_expr_or(choice->rev_dep, term) : term;
			}
		}
		mark_choice_members(m);
	}
}

/* Whether e (an && chain) requires sym to be set. */
static bool depends_on(const struct kc_expr *e, const struct kc_symbol *sym)
{
	if (!e)
		return false;
	switch (e->op) {
	case KC_E_AND:
		return depends_on(e->left, sym) || depends_on(e->right, sym);
	case KC_E_SYMBOL:
		return e->sym == sym;
	case KC_E_EQ:
		return e->sym == sym && (e->rsym == &kc_sym_yes || e->rsym == &kc_sym_mod);
	case KC_E_NE:
		return e->sym == sym && e->rsym == &kc_sym_no;
	default:
		return false;
	}
}

/*
 * Entries right after a config that depend on it are shown nested below it
 * (how menuconfig presents "menuconfig FOO" followed by "if FOO").  Source
 * order, and so .config order, does not change.
 */
static void nest_dependents(struct kc_menu *m)
{
	struct kc_menu *last = NULL, *n;

	if (m->kind != KC_MENU_CONFIG || !m->sym || m->child)
		return;
	for (n = m->next; n && depends_on(n->full_dep, m->sym); n = n->next) {
		nest_dependents(n);
		last = n;
	}
	if (!last)
		return;
	m->child = m->next;
	m->next = last->next;
	last->next = NULL;
	for (n = m->child; n; n = n->next)
		n->parent = m;
}

/*
 * Also inside a choice: an entry there that depends on the member before it is
 * that member's option, not a member (as kconfig-conf sees it), so this runs
 * before the members are marked.
 */
static void nest_all(struct kc_menu *parent)
{
	for (struct kc_menu *m = parent->child; m; m = m->next) {
		nest_dependents(m);
		nest_all(m);
	}
}

/* A choice and its members are one node of the dependency graph. */
static struct kc_symbol *dep_node(struct kc_symbol *s)
{
	return (s->flags & KC_SYM_CHOICE_VALUE) && s->choice ? s->choice : s;
}

/* One step of the search path: a graph node and the edge taken from it. */
struct dep_path {
	struct kc_symbol *sym;		/* the node */
	const struct dep_path *prev;
	struct kc_symbol *from;		/* the node, or the choice member the edge belongs to */
	const char *why;		/* "depends on", "default value contains", ... */
	const char *file;		/* where that edge is written */
	int line;
};

static int check_node(struct kc_symbol *node, const struct dep_path *path);

static int check_expr(const struct kc_expr *e, struct kc_symbol *node, const struct dep_path *path)
{
	int err = 0;

	if (!e)
		return 0;
	if (e->sym && !(e->sym->flags & KC_SYM_CONST) && dep_node(e->sym) != node)
		err = check_node(dep_node(e->sym), path);
	if (!err && e->rsym && !(e->rsym->flags & KC_SYM_CONST) && dep_node(e->rsym) != node)
		err = check_node(dep_node(e->rsym), path);
	if (!err)
		err = check_expr(e->left, node, path);
	if (!err)
		err = check_expr(e->right, node, path);
	return err;
}

/* Follows the symbols in e from here->sym, noting in here which edge this is and where. */
static int check_edge(struct dep_path *here, const struct kc_expr *e, const char *why,
		      const char *file, int line)
{
	here->why = why;
	here->file = file;
	here->line = line;
	return check_expr(e, here->sym, here);
}

static int check_symbol_edges(struct kc_symbol *s, struct dep_path *here)
{
	const char *file = s->menus ? s->menus->file : NULL;
	int line = s->menus ? s->menus->line : 0;
	int err;

	here->from = s;
	err = check_edge(here, s->dir_dep, "depends on", file, line);
	if (!err)
		err = check_edge(here, s->rev_dep, "is selected by", file, line);
	if (!err)
		err = check_edge(here, s->implied, "is implied by", file, line);
	for (struct kc_property *p = s->props; p && !err; p = p->next) {
		if (p->kind == KC_PROP_SELECT || p->kind == KC_PROP_IMPLY)
			continue;	/* those are edges of the target (its rev_dep/implied) */
		err = check_edge(here, p->visible, "depends on", p->file, p->line);
		if (!err && p->kind == KC_PROP_DEFAULT && !(s->flags & KC_SYM_CHOICE))
			err = check_edge(here, p->expr, "default value contains", p->file, p->line);
	}
	return err;
}

static const char *sym_label(const struct kc_symbol *sym)
{
	return sym->name ? sym->name : "<choice>";
}

/*
 * "file:line: error: recursive dependency: A -> B -> A", then one note per step
 * naming where that edge is written, as kconfig-conf lists a loop.
 */
static void report_loop(struct kc_symbol *node, const struct dep_path *path)
{
	const struct dep_path *steps[256];
	size_t n = 0, i;
	struct kc_buf chain = { 0 };

	/* path runs from the innermost symbol back to the start: print it forwards. */
	for (const struct dep_path *p = path; p && n < KC_ARRAY_SIZE(steps); p = p->prev) {
		steps[n++] = p;
		if (p->sym == node)
			break;
	}
	for (i = n; i-- > 0;)
		kc_buf_printf(&chain, "%s -> ", sym_label(steps[i]->sym));
	kc_buf_adds(&chain, sym_label(node));
	if (n && steps[n - 1]->file)
		kc_error_at(steps[n - 1]->file, steps[n - 1]->line, "recursive dependency: %s",
			    chain.s);
	else
		kc_error("recursive dependency: %s", chain.s);
	for (i = n; i-- > 0;) {
		const struct kc_symbol *to = i ? steps[i - 1]->sym : node;

		if (steps[i]->file)
			kc_note_at(steps[i]->file, steps[i]->line, "symbol %s %s %s",
				   sym_label(steps[i]->from), steps[i]->why, sym_label(to));
	}
	free(chain.s);
}

/* Depth-first search; a node met again while on the current path closes a loop. */
static int check_node(struct kc_symbol *node, const struct dep_path *path)
{
	struct dep_path here = { .sym = node, .prev = path, .from = node };
	int err = 0;

	if (node->dep_check == 2)
		return 0;
	if (node->dep_check == 1) {
		report_loop(node, path);
		return -ELOOP;
	}
	node->dep_check = 1;
	err = check_symbol_edges(node, &here);
	if (!err && (node->flags & KC_SYM_CHOICE) && node->menus) {
		for (struct kc_menu *m = node->menus->child; m && !err; m = m->next)
			if (m->sym && m->sym->choice == node)
				err = check_symbol_edges(m->sym, &here);
	}
	node->dep_check = 2;
	return err;
}

int kc_menu_finalize(void)
{
	propagate(&kc_rootmenu, NULL);
	flatten_ifs(&kc_rootmenu);
	nest_all(&kc_rootmenu);
	mark_choice_members(&kc_rootmenu);

	for (struct kc_symbol *s = kc_sym_first(); s; s = kc_sym_next(s)) {
		if (s->flags & KC_SYM_CHOICE)
			continue;
		/* Direct dependencies: any of the definitions' dependencies. */
		for (struct kc_menu *m = s->menus; m; m = m->next_def) {
			struct kc_expr *dep = kc_expr_copy(m->full_dep);

			s->dir_dep = m == s->menus ? dep : kc_expr_or(s->dir_dep, dep);
			if (!s->dir_dep)
				break;	/* y || anything is y */
		}
		if ((s->flags & KC_SYM_DEFINED) && s->type == KC_UNKNOWN)
			kc_warn_at(s->menus->file, s->menus->line, "config symbol '%s' defined without type",
				   s->name);
	}
	kc_values_changed();
	for (struct kc_symbol *s = kc_sym_first(); s; s = kc_sym_next(s))
		s->dep_check = 0;
	for (struct kc_symbol *s = kc_sym_first(); s; s = kc_sym_next(s)) {
		int err = check_node(dep_node(s), NULL);

		if (err)
			return err;
	}
	return 0;
}
