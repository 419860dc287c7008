/* SPDX-License-Identifier: BSD-2-Clause */
/* Kconfig expressions: construction, tristate evaluation and rendering as text. */
#include "kconfig_internal.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static struct kc_expr *expr_new(enum kc_expr_op op)
{
	struct kc_expr *e = kc_xcalloc(1, sizeof(*e));

	e->op = op;
	return e;
}

struct kc_expr *kc_expr_sym(struct kc_symbol *sym)
{
	struct kc_expr *e = expr_new(KC_E_SYMBOL);

	e->sym = sym;
	return e;
}

struct kc_expr *kc_expr_cmp(enum kc_expr_op op, struct kc_symbol *l, struct kc_symbol *r)
{
	struct kc_expr *e = expr_new(op);

	e->sym = l;
	e->rsym = r;
	return e;
}

struct kc_expr *kc_expr_not(struct kc_expr *sub)
{
	struct kc_expr *e = expr_new(KC_E_NOT);

	e->left = sub;
	return e;
}

static struct kc_expr *binary(enum kc_expr_op op, struct kc_expr *a, struct kc_expr *b)
{
	struct kc_expr *e = expr_new(op);

	e->left = a;
	e->right = b;
	return e;
}

struct kc_expr *kc_expr_and(struct kc_expr *a, struct kc_expr *b)
{
	if (!a)
		return b;
	if (!b)
		return a;
	return binary(KC_E_AND, a, b);
}

struct kc_expr *kc_expr_or(struct kc_expr *a, struct kc_expr *b)
{
	/* NULL means y, and y || anything is y. */
	if (!a || !b)
		return NULL;
	return binary(KC_E_OR, a, b);
}

struct kc_expr *kc_expr_copy(const struct kc_expr *e)
{
	struct kc_expr *c;

	if (!e)
		return NULL;
	c = expr_new(e->op);
	*c = *e;
	c->left = kc_expr_copy(e->left);
	c->right = kc_expr_copy(e->right);
	return c;
}

struct kc_expr *kc_expr_rewrite_m(const struct kc_expr *e)
{
	struct kc_expr *c;

	if (!e)
		return NULL;
	if (e->op == KC_E_SYMBOL && e->sym == &kc_sym_mod) {
		/* `m` in a dependency only holds when modules are enabled. */
		return kc_expr_and(kc_expr_sym(&kc_sym_mod),
				   kc_expr_sym(kc_modules_sym ? kc_modules_sym : &kc_sym_no));
	}
	/* Only NOT, AND and OR have subexpressions; the rest are leaves, copied as they are. */
	c = expr_new(e->op);
	*c = *e;
	c->left = kc_expr_rewrite_m(e->left);
	c->right = kc_expr_rewrite_m(e->right);
	return c;
}

enum value_kind { VK_STRING, VK_INVALID, VK_SIGNED, VK_UNSIGNED };

/* How a comparison operand reads as a number, following the operand's type. */
static enum value_kind parse_operand(const char *str, enum kc_type type, long long *s,
				     unsigned long long *u)
{
	char *tail;
	enum value_kind kind;

	errno = 0;
	switch (type) {
	case KC_BOOL:
	case KC_TRISTATE:
		*s = !strcmp(str, "n") ? 0 : !strcmp(str, "m") ? 1 : !strcmp(str, "y") ? 2 : -1;
		*u = (unsigned long long)*s;
		return VK_SIGNED;
	case KC_INT:
		*s = strtoll(str, &tail, 10);
		*u = (unsigned long long)*s;
		kind = VK_SIGNED;
		break;
	case KC_HEX:
		*u = strtoull(str, &tail, 16);
		*s = (long long)*u;
		kind = VK_UNSIGNED;
		break;
	case KC_STRING:
		return VK_STRING;	/* a string symbol always compares as text */
	default:
		*s = strtoll(str, &tail, 0);
		*u = (unsigned long long)*s;
		kind = VK_SIGNED;
		break;
	}
	if (errno || *tail || tail == str || !isxdigit((unsigned char)tail[-1]))
		return VK_INVALID;
	return kind;
}

static enum kc_tristate eval_compare(const struct kc_expr *e)
{
	const char *s1, *s2;
	enum kc_type t1, t2;
	enum value_kind k1 = VK_STRING, k2 = VK_STRING;
	long long ls = 0, rs = 0;
	unsigned long long lu = 0, ru = 0;
	int res;

	s1 = kc_sym_string(e->sym);
	s2 = kc_sym_string(e->rsym);
	/* Operands read by their type; constants other than y/m/n have none (KC_UNKNOWN). */
	t1 = e->sym->type;
	t2 = e->rsym->type;
	if (t1 != KC_STRING || t2 != KC_STRING) {
		k1 = parse_operand(s1, t1, &ls, &lu);
		k2 = parse_operand(s2, t2, &rs, &ru);
	}
	if (k1 == VK_STRING || k2 == VK_STRING) {
		res = strcmp(s1, s2);
	} else if (k1 == VK_INVALID || k2 == VK_INVALID) {
		/* Only equality makes sense between non-numbers. */
		if (e->op != KC_E_EQ && e->op != KC_E_NE)
			return KC_N;
		res = strcmp(s1, s2);
	} else if (k1 == VK_UNSIGNED || k2 == VK_UNSIGNED) {
		res = (lu > ru) - (lu < ru);
	} else {
		res = (ls > rs) - (ls < rs);
	}
	switch (e->op) {
	case KC_E_EQ:
		return res == 0 ? KC_Y : KC_N;
	case KC_E_NE:
		return res != 0 ? KC_Y : KC_N;
	case KC_E_LT:
		return res < 0 ? KC_Y : KC_N;
	case KC_E_LE:
		return res <= 0 ? KC_Y : KC_N;
	case KC_E_GT:
		return res > 0 ? KC_Y : KC_N;
	case KC_E_GE:
		return res >= 0 ? KC_Y : KC_N;
	default:
		return KC_N;
	}
}

enum kc_tristate kc_expr_eval(struct kc_expr *e)
{
	if (!e)
		return KC_Y;
	switch (e->op) {
	case KC_E_SYMBOL:
		return kc_sym_tristate(e->sym);
	case KC_E_NOT:
		return (enum kc_tristate)(KC_Y - kc_expr_eval(e->left));
	case KC_E_AND:
		return kc_tri_and(kc_expr_eval(e->left), kc_expr_eval(e->right));
	case KC_E_OR:
		return kc_tri_or(kc_expr_eval(e->left), kc_expr_eval(e->right));
	default:
		return eval_compare(e);
	}
}

static int precedence(enum kc_expr_op op)
{
	switch (op) {
	case KC_E_OR:
		return 1;
	case KC_E_AND:
		return 2;
	case KC_E_NOT:
		return 3;
	case KC_E_SYMBOL:
		return 5;
	default:
		return 4;	/* comparisons */
	}
}

static void print_sym(struct kc_buf *b, struct kc_symbol *sym, bool with_values)
{
	if (sym->flags & KC_SYM_CONST) {
		if (sym == &kc_sym_yes || sym == &kc_sym_mod || sym == &kc_sym_no)
			kc_buf_adds(b, sym->name);
		else if (sym->type == KC_UNKNOWN && sym->name[0] && kc_parse_int(sym->name, 0, &(long long){ 0 }))
			kc_buf_adds(b, sym->name);
		else
			kc_buf_printf(b, "\"%s\"", sym->name);
		return;
	}
	kc_buf_adds(b, sym->name ? sym->name : "<choice>");
	if (with_values)
		kc_buf_printf(b, " [=%s]", kc_sym_string(sym));
}

static void print_expr(struct kc_buf *b, const struct kc_expr *e, int outer, bool with_values)
{
	static const char *const cmp_text[] = {
		[KC_E_EQ] = "=", [KC_E_NE] = "!=", [KC_E_LT] = "<",
		[KC_E_LE] = "<=", [KC_E_GT] = ">", [KC_E_GE] = ">=",
	};
	int prec = precedence(e->op);
	bool paren = prec < outer;

	if (paren)
		kc_buf_addc(b, '(');
	switch (e->op) {
	case KC_E_SYMBOL:
		print_sym(b, e->sym, with_values);
		break;
	case KC_E_NOT:
		kc_buf_addc(b, '!');
		print_expr(b, e->left, prec + 1, with_values);
		break;
	case KC_E_AND:
	case KC_E_OR:
		print_expr(b, e->left, prec, with_values);
		kc_buf_adds(b, e->op == KC_E_AND ? " && " : " || ");
		print_expr(b, e->right, prec, with_values);
		break;
	default:
		print_sym(b, e->sym, with_values);
		kc_buf_printf(b, " %s ", cmp_text[e->op]);
		print_sym(b, e->rsym, with_values);
		break;
	}
	if (paren)
		kc_buf_addc(b, ')');
}

char *kc_expr_to_str_alloc(struct kc_expr *e, bool with_values)
{
	struct kc_buf b = { 0 };

	if (!e)
		kc_buf_adds(&b, "y");
	else
		print_expr(&b, e, 0, with_values);
	return kc_buf_take(&b);
}

size_t kc_expr_to_string(struct kc_expr *e, bool with_values, char *buf, size_t size)
{
	char *s = kc_expr_to_str_alloc(e, with_values);
	size_t len = strlen(s);

	if (size) {
		size_t n = len < size - 1 ? len : size - 1;

		memcpy(buf, s, n);
		buf[n] = '\0';
	}
	free(s);
	return len;
}
