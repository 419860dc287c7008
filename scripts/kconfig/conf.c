/* SPDX-License-Identifier: BSD-2-Clause */
/* conf: non-interactive Kconfig front end (defconfig, olddefconfig, savedefconfig, syncconfig ...). */
#include "kconfig.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum conf_mode {
	MODE_NONE,
	MODE_DEFCONFIG,
	MODE_OLDDEFCONFIG,
	MODE_SAVEDEFCONFIG,
	MODE_LISTNEWCONFIG,
	MODE_SYNCCONFIG,
	MODE_ALLDEFCONFIG,
};

static void usage(FILE *out, const char *prog)
{
	fprintf(out,
		"Usage: %s [-s] [MODE] Kconfig\n"
		"Modes (exactly one):\n"
		"  --defconfig FILE       new .config from the values in FILE, the rest defaults\n"
		"  --olddefconfig         update .config, new symbols get their defaults\n"
		"  --savedefconfig FILE   write the minimal config reproducing .config to FILE\n"
		"  --listnewconfig        list visible symbols that .config does not set\n"
		"  --syncconfig           olddefconfig, then write auto.conf, autoconf.h and the\n"
		"                         per-symbol stamps for symbols whose value changed\n"
		"  --alldefconfig         new .config with every symbol at its default\n"
		"  --help                 this text\n"
		"Environment: KCONFIG_CONFIG (default .config), KCONFIG_AUTOCONFIG (default\n"
		"include/config/auto.conf), KCONFIG_AUTOHEADER (default\n"
		"include/generated/autoconf.h), srctree (fallback for relative source paths).\n",
		prog);
}

static const char *env_or(const char *name, const char *fallback)
{
	const char *v = getenv(name);

	return v && *v ? v : fallback;
}

/*
 * A named choice counts as set by the .config when one was read and, if the
 * choice is on, every visible member appeared in it (as kconfig-conf decides).
 */
static bool choice_has_value(struct kc_symbol *choice, bool config_read)
{
	if (!config_read)
		return false;
	if (kc_sym_tristate(choice) != KC_Y)
		return true;
	for (struct kc_menu *m = kc_choice_menu(choice)->child; m; m = m->next)
		if (m->sym && kc_sym_visible(m->sym) != KC_N && !kc_sym_has_user_value(m->sym))
			return false;
	return true;
}

/* Visible symbols that the loaded .config did not mention, in menu order. */
static void list_new(struct kc_menu *menu, bool config_read)
{
	for (; menu; menu = menu->next) {
		struct kc_symbol *sym = menu->sym;

		if (!kc_menu_visible(menu))
			continue;
		if (sym && sym->name && kc_sym_is_choice(sym)) {
			if (!choice_has_value(sym, config_read) &&
			    (kc_sym_is_changeable(sym) || kc_sym_tristate(sym) == KC_Y))
				printf("CONFIG_%s\n", sym->name);
		} else if (sym && sym->name && !kc_sym_has_user_value(sym) &&
			   !kc_sym_is_choice_value(sym) && kc_sym_is_changeable(sym)) {
			printf("CONFIG_%s\n", sym->name);
		}
		list_new(menu->child, config_read);
	}
}

/*
 * Reads the configuration at path; a missing one is not an error unless must_exist,
 * and then the tree's defconfig_list file, if any, is read instead (said on stdout
 * unless silent, as kconfig-conf says it).  Returns 1 if a file was read, 0 if none,
 * or a negative code.
 */
static int read_config(const char *path, bool must_exist, bool silent)
{
	int err = kc_conf_read(path, false);

	if (err == -ENOENT && !must_exist) {
		path = kc_conf_default_name();
		if (!path)
			return 0;
		if (!silent)
			printf("#\n# using defaults found in %s\n#\n", path);
		err = kc_conf_read(path, false);
	}
	if (err)
		fprintf(stderr, "conf: cannot read %s: %s\n", path, strerror(-err));
	return err ? err : 1;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "defconfig", required_argument, NULL, MODE_DEFCONFIG },
		{ "olddefconfig", no_argument, NULL, MODE_OLDDEFCONFIG },
		{ "oldnoconfig", no_argument, NULL, MODE_OLDDEFCONFIG },
		{ "savedefconfig", required_argument, NULL, MODE_SAVEDEFCONFIG },
		{ "listnewconfig", no_argument, NULL, MODE_LISTNEWCONFIG },
		{ "syncconfig", no_argument, NULL, MODE_SYNCCONFIG },
		{ "silentoldconfig", no_argument, NULL, MODE_SYNCCONFIG },
		{ "alldefconfig", no_argument, NULL, MODE_ALLDEFCONFIG },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	enum conf_mode mode = MODE_NONE;
	const char *mode_file = NULL, *config, *kconfig;
	bool silent = false, config_read = false;
	int opt, err;

	while ((opt = getopt_long(argc, argv, "sh", opts, NULL)) != -1) {
		switch (opt) {
		case 's':
			silent = true;
			break;
		case 'h':
			usage(stdout, argv[0]);
			return 0;
		case '?':
			usage(stderr, argv[0]);
			return 2;
		default:
			if (mode != MODE_NONE) {
				fprintf(stderr, "conf: only one mode may be given\n");
				return 2;
			}
			mode = (enum conf_mode)opt;
			mode_file = optarg;
			break;
		}
	}
	if (optind != argc - 1 || mode == MODE_NONE) {
		usage(stderr, argv[0]);
		return 2;
	}
	kconfig = argv[optind];
	config = kc_conf_path();

	err = kc_parse(kconfig);
	if (err)
		return 1;

	switch (mode) {
	case MODE_DEFCONFIG:
		err = read_config(mode_file, true, silent);
		break;
	case MODE_ALLDEFCONFIG:
		break;
	default:
		err = read_config(config, false, silent);
		config_read = err > 0;
		break;
	}
	if (err < 0)
		return 1;

	switch (mode) {
	case MODE_SAVEDEFCONFIG:
		err = kc_conf_write_min(mode_file);
		break;
	case MODE_LISTNEWCONFIG:
		list_new(kc_root_menu()->child, config_read);
		break;
	case MODE_SYNCCONFIG:
		err = kc_conf_write_if_changed(config);
		if (!err)
			err = kc_conf_write_auto(env_or("KCONFIG_AUTOCONFIG", "include/config/auto.conf"),
						 env_or("KCONFIG_AUTOHEADER",
							"include/generated/autoconf.h"));
		break;
	default:
		err = kc_conf_write(config);
		if (!err && !silent)
			printf("#\n# configuration written to %s\n#\n", config);
		break;
	}
	return err ? 1 : 0;
}
