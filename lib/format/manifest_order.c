/* SPDX-License-Identifier: BSD-2-Clause */
/* The apps' start order: every app after its restart-deps, a dependency cycle refused by name. */
#include <string.h>

#include <format/error.h>

#include "manifest_parser.h"

/* True when app a should start before app b among apps that are both ready. */
static bool starts_before(const struct manifest_app *a, const struct manifest_app *b)
{
	if (a->priority != b->priority)
		return a->priority > b->priority;
	return strcmp(a->name, b->name) < 0;
}

/* Called when no app is ready: walk unstarted dependencies from the first unstarted app. */
static int report_cycle(struct parser *p, const bool *started)
{
	const struct kauri_manifest *m = p->m;
	uint32_t walk[MANIFEST_MAX_APPS + 1];
	uint32_t n = 0, i, j, first = 0, cur;

	for (cur = 0; started[cur]; cur++)
		;
	for (;;) {
		for (i = 0; i < n; i++)
			if (walk[i] == cur)
				break;
		if (i < n) {
			first = i;
			break;
		}
		walk[n++] = cur;
		/* cur is not ready, so one of its dependencies has not started either. */
		for (j = 0; started[m->apps[cur].restart_deps[j]]; j++)
			;
		cur = m->apps[cur].restart_deps[j];
	}
	manifest_fail(p, KFMT_EFORMAT, p->app_nodes[walk[first]], "restart-deps",
		      "restart-deps cycle: ");
	if (p->err) {
		for (i = first; i < n; i++)
			manifest_append(p->err->message, sizeof(p->err->message), "%s -> ",
					m->apps[walk[i]].name);
		manifest_append(p->err->message, sizeof(p->err->message), "%s",
				m->apps[walk[first]].name);
	}
	return -KFMT_EFORMAT;
}

int manifest_start_order(struct parser *p)
{
	struct kauri_manifest *m = p->m;
	bool started[MANIFEST_MAX_APPS] = { false };
	uint32_t k, i, d;

	for (k = 0; k < m->napps; k++) {
		int best = -1;

		for (i = 0; i < m->napps; i++) {
			const struct manifest_app *app = &m->apps[i];

			if (started[i])
				continue;
			for (d = 0; d < app->nrestart_deps; d++)
				if (!started[app->restart_deps[d]])
					break;
			if (d < app->nrestart_deps)
				continue;
			if (best < 0 || starts_before(app, &m->apps[best]))
				best = (int)i;
		}
		if (best < 0)
			return report_cycle(p, started);
		started[best] = true;
		m->start_order[k] = (uint32_t)best;
	}
	return 0;
}
