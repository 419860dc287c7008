/* SPDX-License-Identifier: BSD-2-Clause */
/* Overlay admission: compare each path a DTBO writes with the base's kos_options/variables. */
#include <format/dtb.h>
#include <format/error.h>
#include <format/overlay_check.h>
#include <libfdt.h>
#include <string.h>

#define MAX_DEPTH 32

/* a is p itself or an ancestor of p (at a '/' boundary). */
static int is_prefix_path(const char *a, size_t alen, const char *p, size_t plen)
{
	if (alen == 1 && a[0] == '/')
		return 1;
	return alen <= plen && memcmp(a, p, alen) == 0 && (plen == alen || p[alen] == '/');
}

/* Visit each string of kos_options/variables; relation 0: path under a variable,
 * relation 1: path is an ancestor of (or equal to) a variable. */
static int match_variables(const void *base, const char *path, int relation)
{
	const char *list, *s;
	int node, len, pos = 0;
	size_t plen = strnlen(path, OVERLAY_PATH_MAX), n;

	node = fdt_path_offset(base, "/kos_options");
	if (node < 0)
		return 0;
	list = fdt_getprop(base, node, "variables", &len);
	if (!list || len <= 0)
		return 0;
	while (pos < len) {
		s = list + pos;
		n = strnlen(s, (size_t)(len - pos));
		if (n > 0 && s[0] == '/') {
			if (relation == 0 && is_prefix_path(s, n, path, plen))
				return 1;
			if (relation == 1 && is_prefix_path(path, plen, s, n))
				return 1;
		}
		pos += (int)n + 1;
	}
	return 0;
}

/* Append "/name" (or "name" after the root "/") to path; 0 or -KFMT_EOVL_TOO_DEEP. */
static int path_push(char *path, size_t cap, size_t *len, const char *name, size_t nlen)
{
	size_t need = (*len > 1 ? 1 : 0) + nlen;

	if (*len + need + 1 > cap)
		return -KFMT_EOVL_TOO_DEEP;
	if (*len > 1)
		path[(*len)++] = '/';
	memcpy(path + *len, name, nlen);
	*len += nlen;
	path[*len] = '\0';
	return 0;
}

static int report(char *bad, size_t cap, const char *path, int err)
{
	size_t n = strnlen(path, OVERLAY_PATH_MAX);

	if (cap) {
		if (n >= cap)
			n = cap - 1;
		memcpy(bad, path, n);
		bad[n] = '\0';
	}
	return err;
}

/* Walk the __overlay__ node at ov_node, whose base counterpart is path. */
static int check_node(const void *base, const void *ov, int ov_node, char *path, size_t len,
		      int depth, char *bad, size_t bad_cap)
{
	int prop, child, ret, nlen;
	const char *name;

	if (depth > MAX_DEPTH)
		return report(bad, bad_cap, path, -KFMT_EOVL_TOO_DEEP);
	/* A node the base lacks must be on the way to, or inside, an allowed path. */
	if (fdt_path_offset(base, path) < 0 && !match_variables(base, path, 0) &&
	    !match_variables(base, path, 1))
		return report(bad, bad_cap, path, -KFMT_EOVL_FORBIDDEN);
	fdt_for_each_property_offset(prop, ov, ov_node) {
		size_t l = len;

		if (!fdt_getprop_by_offset(ov, prop, &name, NULL))
			return report(bad, bad_cap, path, -KFMT_EOVL_OVERLAY);
		ret = path_push(path, OVERLAY_PATH_MAX, &l, name, strnlen(name, OVERLAY_PATH_MAX));
		if (ret)
			return report(bad, bad_cap, path, ret);
		if (!match_variables(base, path, 0))
			return report(bad, bad_cap, path, -KFMT_EOVL_FORBIDDEN);
		path[len] = '\0';
	}
	if (prop != -FDT_ERR_NOTFOUND)
		return report(bad, bad_cap, path, -KFMT_EOVL_OVERLAY);
	fdt_for_each_subnode(child, ov, ov_node) {
		size_t l = len;

		name = fdt_get_name(ov, child, &nlen);
		if (!name || nlen <= 0)
			return report(bad, bad_cap, path, -KFMT_EOVL_OVERLAY);
		ret = path_push(path, OVERLAY_PATH_MAX, &l, name, (size_t)nlen);
		if (ret)
			return report(bad, bad_cap, path, ret);
		ret = check_node(base, ov, child, path, l, depth + 1, bad, bad_cap);
		if (ret)
			return ret;
		path[len] = '\0';
	}
	return 0;
}

/* Resolve a fragment's target to a base path: target-path, a resolved phandle, or a label
 * through the overlay's __fixups__ and the base's __symbols__. */
static int fragment_target(const void *base, const void *ov, int frag, char *path, size_t cap)
{
	const char *tp, *label, *list, *frag_name;
	const fdt32_t *ph;
	int len, fixups, prop, node, flen, pos;
	char frag_path[OVERLAY_PATH_MAX];

	tp = fdt_getprop(ov, frag, "target-path", &len);
	if (tp) {
		if (len < 2 || tp[len - 1] != '\0' || (size_t)len > cap || tp[0] != '/')
			return -KFMT_EOVL_TARGET;
		memcpy(path, tp, (size_t)len);
		return fdt_path_offset(base, path) < 0 ? -KFMT_EOVL_TARGET : 0;
	}
	ph = fdt_getprop(ov, frag, "target", &len);
	if (!ph || len != 4)
		return -KFMT_EOVL_OVERLAY;
	if (fdt32_to_cpu(*ph) != 0xffffffffu) {
		node = fdt_node_offset_by_phandle(base, fdt32_to_cpu(*ph));
		if (node < 0 || fdt_get_path(base, node, path, (int)cap) != 0)
			return -KFMT_EOVL_TARGET;
		return 0;
	}
	if (fdt_get_path(ov, frag, frag_path, sizeof(frag_path)) != 0)
		return -KFMT_EOVL_OVERLAY;
	frag_name = frag_path;
	flen = (int)strnlen(frag_name, sizeof(frag_path));
	fixups = fdt_path_offset(ov, "/__fixups__");
	if (fixups < 0)
		return -KFMT_EOVL_TARGET;
	fdt_for_each_property_offset(prop, ov, fixups) {
		list = fdt_getprop_by_offset(ov, prop, &label, &len);
		for (pos = 0; list && pos < len;) {
			const char *s = list + pos;
			size_t n = strnlen(s, (size_t)(len - pos));

			/* "<fragment path>:target:0" names the label this fragment targets. */
			if (n == (size_t)flen + 9 && memcmp(s, frag_name, (size_t)flen) == 0 &&
			    memcmp(s + flen, ":target:0", 9) == 0) {
				int sym = fdt_path_offset(base, "/__symbols__");
				const char *target = sym >= 0 ? fdt_getprop(base, sym, label, &len) : NULL;

				if (!target || len < 2 || target[len - 1] != '\0' || (size_t)len > cap)
					return -KFMT_EOVL_TARGET;
				memcpy(path, target, (size_t)len);
				return fdt_path_offset(base, path) < 0 ? -KFMT_EOVL_TARGET : 0;
			}
			pos += (int)n + 1;
		}
	}
	return -KFMT_EOVL_TARGET;
}

int overlay_check_allowed(const void *base, size_t base_len, const void *overlay,
			  size_t overlay_len, char *bad_path, size_t bad_cap)
{
	char path[OVERLAY_PATH_MAX];
	int frag, ov_node, ret, opts, nlen;
	const char *name;

	if (bad_cap)
		bad_path[0] = '\0';
	if (dtb_check(base, base_len) != 0)
		return -KFMT_EOVL_BASE;
	if (dtb_check(overlay, overlay_len) != 0)
		return -KFMT_EOVL_OVERLAY;
	opts = fdt_path_offset(base, "/kos_options");
	if (opts < 0 || !fdt_getprop(base, opts, "variables", NULL))
		return -KFMT_EOVL_NO_VARIABLES;
	fdt_for_each_subnode(frag, overlay, 0) {
		name = fdt_get_name(overlay, frag, &nlen);
		if (!name)
			return -KFMT_EOVL_OVERLAY;
		/* Only fragments change the base; __fixups__ and friends are bookkeeping. */
		if (nlen >= 2 && name[0] == '_' && name[1] == '_')
			continue;
		ov_node = fdt_subnode_offset(overlay, frag, "__overlay__");
		if (ov_node < 0)
			continue;
		ret = fragment_target(base, overlay, frag, path, sizeof(path));
		if (ret) {
			report(bad_path, bad_cap, name, 0);
			return ret;
		}
		ret = check_node(base, overlay, ov_node, path, strnlen(path, sizeof(path)), 0, bad_path,
				 bad_cap);
		if (ret)
			return ret;
	}
	if (frag != -FDT_ERR_NOTFOUND)
		return -KFMT_EOVL_OVERLAY;
	return 0;
}
