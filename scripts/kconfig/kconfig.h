/* SPDX-License-Identifier: BSD-2-Clause */
/* Public API of Kauri's Kconfig core, shared by the conf and mconf front ends. */
#ifndef KAURI_KCONFIG_H
#define KAURI_KCONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/*
 * Model
 * -----
 * kc_parse() reads a Kconfig tree into one global configuration (there is
 * only ever one tree per process, like every kconfig front end).  The tree is
 * a list of menu nodes (struct kc_menu) with parent/child/next links rooted at
 * kc_root_menu(); config, menuconfig and choice entries point to their symbol.
 * A symbol defined in several places has one menu node per definition.
 * After parsing, `if` blocks are flattened away and entries that depend on
 * the config right before them are nested below it (as menuconfig shows a
 * menuconfig's options); the depth-first order stays the source order.
 *
 * Values are recomputed lazily: after any change (kc_sym_set_*, kc_choice_select,
 * kc_conf_read) call nothing — every getter recomputes what is stale.  Calling
 * kc_recalc() forces a full recomputation (harmless, cheap enough).
 *
 * Errors: functions return 0 or a negative errno-style code (-EINVAL, -ERANGE,
 * -ENOENT, ...).  Parse and I/O errors are printed to stderr as
 * "file:line: message" by the core itself; kc_last_error() returns the text of
 * the last message so a UI can show it in a dialog.
 */

enum kc_tristate {
	KC_N = 0,
	KC_M = 1,
	KC_Y = 2,
};

enum kc_type {
	KC_UNKNOWN = 0,
	KC_BOOL,
	KC_TRISTATE,
	KC_INT,
	KC_HEX,
	KC_STRING,
};

enum kc_expr_op {
	KC_E_SYMBOL,	/* sym */
	KC_E_NOT,	/* !left */
	KC_E_AND,	/* left && right */
	KC_E_OR,	/* left || right */
	KC_E_EQ,	/* sym = rsym */
	KC_E_NE,	/* sym != rsym */
	KC_E_LT,	/* sym < rsym */
	KC_E_LE,	/* sym <= rsym */
	KC_E_GT,	/* sym > rsym */
	KC_E_GE,	/* sym >= rsym */
};

struct kc_symbol;
struct kc_menu;

/*
 * An expression tree.  Constants ("text", 42, 0x10, y, m, n) are symbols with
 * KC_SYM_CONST set, so every leaf is a symbol.
 */
struct kc_expr {
	enum kc_expr_op op;
	struct kc_expr *left, *right;	/* NOT uses left only; AND/OR both */
	struct kc_symbol *sym;		/* SYMBOL and the left side of comparisons */
	struct kc_symbol *rsym;		/* right side of comparisons */
};

enum kc_prop_kind {
	KC_PROP_PROMPT,		/* text, cond */
	KC_PROP_DEFAULT,	/* expr = value, cond */
	KC_PROP_SELECT,		/* target, cond */
	KC_PROP_IMPLY,		/* target, cond */
	KC_PROP_RANGE,		/* expr = low (SYMBOL), expr2 = high (SYMBOL), cond */
	KC_PROP_MENU,		/* prompt of a menu/comment node (no symbol) */
};

/*
 * One property of a symbol (or a menu's prompt).  `cond` is the condition as
 * written ("if EXPR", NULL if none); `visible` is the effective condition the
 * core evaluates: cond && the dependencies of the entry and all enclosing
 * menus/ifs (NULL means always true).
 */
struct kc_property {
	struct kc_property *next;	/* next property of the same symbol */
	struct kc_property *next_rev;	/* SELECT/IMPLY: next in target's selected_by/implied_by */
	enum kc_prop_kind kind;
	struct kc_symbol *sym;		/* owner (NULL for menu/comment prompts) */
	struct kc_menu *menu;		/* the menu node that defined it */
	const char *text;		/* PROMPT / MENU: the prompt text */
	struct kc_expr *expr;		/* DEFAULT value; RANGE low */
	struct kc_expr *expr2;		/* RANGE high */
	struct kc_symbol *target;	/* SELECT / IMPLY: the selected symbol */
	struct kc_expr *cond;		/* "if EXPR" as written, or NULL */
	struct kc_expr *visible;	/* effective condition, or NULL = y */
	const char *file;
	int line;
};

/* kc_symbol.flags */
#define KC_SYM_CONST		0x0001	/* y/m/n, "string", number */
#define KC_SYM_CHOICE		0x0002	/* the symbol of a choice block */
#define KC_SYM_CHOICE_VALUE	0x0004	/* a member of a choice */
#define KC_SYM_OPTIONAL		0x0008	/* choice with `optional` */
#define KC_SYM_DEFINED		0x0010	/* has a config/menuconfig/choice entry */
#define KC_SYM_USER		0x0020	/* user value set (.config or UI) */
#define KC_SYM_WRITE		0x0040	/* computed: belongs in .config */
#define KC_SYM_ENV		0x0080	/* option env=: value from environment, never written */
#define KC_SYM_MODULES		0x0100	/* option modules / `modules` */
#define KC_SYM_DEFCONFIG_LIST	0x0200	/* option defconfig_list: kc_conf_default_name() */
#define KC_SYM_UNMET_WARNED	0x0400	/* select-with-unmet-deps warning printed */

struct kc_symbol {
	char *name;			/* NULL for an unnamed choice */
	enum kc_type type;		/* as declared (tristate stays tristate) */
	unsigned int flags;
	struct kc_property *props;	/* all properties in definition order */
	struct kc_menu *menus;		/* first definition; more via kc_menu.next_def */

	/* Dependencies, built while parsing (NULL means y). */
	struct kc_expr *dir_dep;	/* OR of each definition's `depends on` + enclosing deps */
	struct kc_expr *rev_dep;	/* OR of (SELECTOR && cond) over every `select` of it */
	struct kc_expr *implied;	/* OR of (IMPLIER && cond) over every `imply` of it */
	struct kc_property *selected_by;	/* SELECT props targeting it, via next_rev */
	struct kc_property *implied_by;		/* IMPLY props targeting it, via next_rev */

	/* Values.  Tristates read "y"/"m"/"n"; int/hex/string text is kept as written. */
	struct {
		enum kc_tristate tri;
		char *str;
		struct kc_symbol *choice_sel;	/* choices only: user's pick */
	} user, cur;
	enum kc_tristate visible;	/* computed prompt visibility */
	struct kc_symbol *choice;	/* CHOICE_VALUE: its choice symbol */

	/* Internal bookkeeping (do not use from front ends). */
	unsigned int calc_gen;		/* value generation cur was computed for */
	enum kc_tristate dir_dep_tri, rev_dep_tri, implied_tri;
	const char *user_file;		/* where the user value came from (.config) */
	int user_line;
	int dep_check;			/* dependency loop check: 0 new, 1 on path, 2 done */
	struct kc_symbol *hash_next;
	struct kc_symbol *all_next;
};

enum kc_menu_kind {
	KC_MENU_ROOT,		/* mainmenu */
	KC_MENU_MENU,		/* menu ... endmenu */
	KC_MENU_CONFIG,		/* config or menuconfig (is_menuconfig) */
	KC_MENU_CHOICE,		/* choice ... endchoice */
	KC_MENU_COMMENT,	/* comment */
	KC_MENU_IF,		/* if ... endif: flattened away after parsing, never seen */
};

struct kc_menu {
	enum kc_menu_kind kind;
	struct kc_menu *parent, *child, *next;	/* tree, in source order */
	struct kc_menu *next_def;		/* next definition of the same symbol */
	struct kc_symbol *sym;			/* CONFIG / CHOICE */
	struct kc_property *prompt;		/* NULL if the entry has no prompt */
	struct kc_expr *dep;			/* `depends on` of this entry only */
	struct kc_expr *full_dep;		/* dep && all enclosing deps (NULL = y) */
	struct kc_expr *visible_if;		/* menu: `visible if` */
	char *help;				/* NULL if none */
	bool is_menuconfig;
	const char *file;
	int line;
};

/* ---- Loading --------------------------------------------------------- */

/*
 * Parse the tree rooted at `path` (relative to the cwd, falling back to
 * $srctree).  Returns 0, or a negative code after printing "file:line: ..."
 * messages.  Call once per process.
 */
int kc_parse(const char *path);

/*
 * Forget the parsed tree and all symbols so kc_parse() can run again (used
 * by tests; memory of the old tree is not reclaimed).
 */
void kc_reset(void);

/* Text of the mainmenu (or "Configuration" if none). */
const char *kc_mainmenu_title(void);
struct kc_menu *kc_root_menu(void);

/* Number of warnings printed so far (parse + config reading). */
int kc_warning_count(void);
/* The last error or warning message printed by the core ("" if none). */
const char *kc_last_error(void);

/* ---- Symbols --------------------------------------------------------- */

struct kc_symbol *kc_sym_find(const char *name);	/* NULL if unknown */
/* Iterate every non-constant symbol (incl. choices): for (s = kc_sym_first(); s; s = kc_sym_next(s)) */
struct kc_symbol *kc_sym_first(void);
struct kc_symbol *kc_sym_next(struct kc_symbol *sym);

/* Force recomputation of every value (values are also recomputed lazily). */
void kc_recalc(void);

/* Effective type: tristate reads as bool when modules are off. */
enum kc_type kc_sym_type(struct kc_symbol *sym);
const char *kc_type_name(enum kc_type type);	/* "bool", "tristate", "int", ... */

enum kc_tristate kc_sym_tristate(struct kc_symbol *sym);
/* "y", "m" or "n". */
const char *kc_tri_name(enum kc_tristate val);
/* Current value as text: "y"/"m"/"n", decimal, 0x-hex, or the string. Never NULL. */
const char *kc_sym_string(struct kc_symbol *sym);
/* Visibility of the symbol's prompts (KC_N if it cannot be changed by the user). */
enum kc_tristate kc_sym_visible(struct kc_symbol *sym);
/* Whether the user can change it right now (visible and not forced by select). */
bool kc_sym_is_changeable(struct kc_symbol *sym);
/* Lowest value a select/visibility allows, highest the visibility allows. */
enum kc_tristate kc_sym_tristate_min(struct kc_symbol *sym);
enum kc_tristate kc_sym_tristate_max(struct kc_symbol *sym);
bool kc_sym_tristate_in_range(struct kc_symbol *sym, enum kc_tristate val);

/*
 * Set a bool/tristate.  -EINVAL: not a bool/tristate (or m without modules);
 * -ERANGE: outside [min, max] (e.g. forced by select, or invisible).
 */
int kc_sym_set_tristate(struct kc_symbol *sym, enum kc_tristate val);
/*
 * Set from text, any type.  Checks syntax for int/hex and the active `range`.
 * -EINVAL: malformed for the type; -ERANGE: outside the range
 * (kc_sym_range() tells the bounds for the message); -EPERM: the symbol has
 * no visible prompt right now.
 */
int kc_sym_set_string(struct kc_symbol *sym, const char *text);
/* Active range of an int/hex symbol.  Returns false if it has none. */
bool kc_sym_range(struct kc_symbol *sym, long long *low, long long *high);
/* Whether `text` is a well-formed value for the symbol's type (no range check). */
bool kc_sym_string_valid(struct kc_symbol *sym, const char *text);
/* Forget the user value: the symbol goes back to its default. */
void kc_sym_clear_user(struct kc_symbol *sym);
/* Whether the user (or .config) gave it a value. */
bool kc_sym_has_user_value(struct kc_symbol *sym);

/* First prompt property of the symbol (NULL if none). */
struct kc_property *kc_sym_prompt(struct kc_symbol *sym);

/* ---- Choices --------------------------------------------------------- */

bool kc_sym_is_choice(struct kc_symbol *sym);
bool kc_sym_is_choice_value(struct kc_symbol *sym);
/* The member currently selected (NULL if the choice is n / has no visible member). */
struct kc_symbol *kc_choice_selected(struct kc_symbol *choice);
/* Make `member` the selected one (also sets the choice to y). -EINVAL if not a member. */
int kc_choice_select(struct kc_symbol *choice, struct kc_symbol *member);
/* The choice's menu node; members are its children (kind CONFIG). */
struct kc_menu *kc_choice_menu(struct kc_symbol *choice);

/* ---- Menu tree ------------------------------------------------------- */

/* Whether a node is shown: prompt visible (incl. `visible if`) or a child is. */
bool kc_menu_visible(struct kc_menu *menu);
/* Prompt text or NULL (an entry without a prompt). */
const char *kc_menu_prompt(struct kc_menu *menu);
/* Depth-first successor of `menu` in the whole tree (NULL at the end). */
struct kc_menu *kc_menu_next_dfs(struct kc_menu *menu);

/* ---- Expressions ----------------------------------------------------- */

enum kc_tristate kc_expr_eval(struct kc_expr *e);	/* NULL evaluates to y */
/*
 * Render an expression into buf (always NUL-terminated, truncated if needed).
 * With `with_values`, symbols are followed by their value: "A [=y] && B [=n]".
 * Returns the length it would have needed (like snprintf).
 */
size_t kc_expr_to_string(struct kc_expr *e, bool with_values, char *buf, size_t size);
/* Same, newly allocated (caller frees). */
char *kc_expr_to_str_alloc(struct kc_expr *e, bool with_values);

/* ---- Config files ---------------------------------------------------- */

/*
 * Read a .config (or defconfig fragment) as user values.  Missing file:
 * -ENOENT, silently.  Bad lines are warned about as
 * "FILE:LINE: warning: ..." and skipped.  Clears previous user values first
 * unless `merge` is set.
 */
int kc_conf_read(const char *path, bool merge);
/*
 * The configuration to start from when there is no .config: the first default of
 * the `option defconfig_list` symbol whose condition holds and whose file exists
 * ($NAME expanded; tried as given, then under $srctree).  NULL if none.
 */
const char *kc_conf_default_name(void);
/* Write the full .config atomically (temp file + rename), creating directories. */
int kc_conf_write(const char *path);
/* Same, but leaves the file untouched when its content would not change. */
int kc_conf_write_if_changed(const char *path);
/* Write the minimal config (savedefconfig). */
int kc_conf_write_min(const char *path);
/* Write auto.conf and autoconf.h, and touch per-symbol stamps under dir(autoconf). */
int kc_conf_write_auto(const char *autoconf, const char *autoheader);
/* Whether any value changed since the last kc_conf_read / kc_conf_write. */
bool kc_conf_changed(void);
/* Mark the configuration as saved (kc_conf_changed() becomes false). */
void kc_conf_set_saved(void);
/* KCONFIG_CONFIG or ".config". */
const char *kc_conf_path(void);

#endif /* KAURI_KCONFIG_H */
