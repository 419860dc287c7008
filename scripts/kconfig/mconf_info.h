/* SPDX-License-Identifier: BSD-2-Clause */
/* Text that mconf derives from the Kconfig model: help screens, menu locations, symbol search. */
#ifndef MCONF_INFO_H
#define MCONF_INFO_H

#include "kconfig.h"

#include <stddef.h>

/* Nodes the user "enters" as a menu of their own: the root, `menu` and `menuconfig`. */
bool mconf_is_container(const struct kc_menu *node);
/* The container whose list shows @node (children of plain configs are flattened into it). */
struct kc_menu *mconf_container_of(struct kc_menu *node);
/* The row that represents @node on screen: a choice member is shown by its choice. */
struct kc_menu *mconf_row_of(struct kc_menu *node);
/* The definition of @sym a jump should go to: the first one with a visible prompt. */
struct kc_menu *mconf_sym_menu(struct kc_symbol *sym);
/* Whether @node has its own line in a list: a prompt whose condition currently holds. */
bool mconf_prompt_visible(struct kc_menu *node);

/* "-> Board -> Target board" style path of the containers above @node (malloc'd). */
char *mconf_location_line(struct kc_menu *node);

/* The help screen for @node, in the layout of Linux menuconfig's help (malloc'd). */
char *mconf_help_text(struct kc_menu *node);

/* Why @node has no line of its own: "depends on X [=n]" or "it has no prompt" (malloc'd). */
char *mconf_hidden_reason(struct kc_menu *node);

/* Why @sym cannot take @val, e.g. "HYP cannot be y: depends on X [=n]" (malloc'd). */
char *mconf_refusal(struct kc_symbol *sym, enum kc_tristate val);

/*
 * Symbols whose name matches the POSIX extended regular expression @pattern
 * (case-insensitive); exact matches first, then by name. Returns the count, or
 * -EINVAL with the regcomp message in @err.
 */
int mconf_search(const char *pattern, struct kc_symbol ***results, char *err, size_t err_size);
/*
 * One search result as shown in the list (malloc'd): "(n) Symbol: ...", type, prompt,
 * location, then "Defined at" and "Depends on" per definition and the "Selected by [y]:" /
 * "Implied by [m]:" groups.
 */
char *mconf_search_entry(struct kc_symbol *sym, int number);

#endif
