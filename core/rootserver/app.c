/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * An app's protection domain, built through capability invocations from a
 * memory pool of its own: a CNode with only the capabilities the app is given,
 * a VSpace with its ELF segments, stack, heap and IPC buffer, and a TCB at its
 * priority under its maximum. Revoking the pool's untyped undoes all of it.
 */
#include <string.h>
#include <klib/elf.h>
#include <kauri/app.h>
#include <kauri/debug.h>
#include <kauri/invoke.h>
#include <kauri/protocol.h>
#include <kauri/syscalls.h>
#include <kauri/vm.h>
#include "app.h"
#include "channel.h"
#include "device.h"
#include "release.h"
#include "request.h"
#include "vm.h"

#define PAGE		4096UL
#define USER_TOP_39	(1UL << 39)	/* apps stay below it, so they run at EL1 and EL2 alike */
#define POOL_OVERHEAD	(64 * PAGE)	/* CNodes, TCB, VSpace, page tables */
#define LARGE_PAGE_BITS	21

int app_fail(const struct app *app, const char *what)
{
	kauri_printf("rootserver: app %s: %s\n", app->entry->name, what);
	return -1;
}

static int load_elf(struct app *app)
{
	const struct elf64_header *h = (const struct elf64_header *)app->elf;

	for (unsigned int i = 0; i < h->phnum; i++) {
		const struct elf64_phdr *p = elf_phdr(app->elf, i);

		if (p->type != ELF_PT_LOAD)
			continue;
		for (uint64_t off = 0; off < p->memsz; off += PAGE) {
			if (pool_map_new_frame(&app->pool, app->vspace, p->vaddr + off, elf_segment_rights(p),
					       app->elf + p->offset + off, 0, elf_page_filesz(p, off)) != KAURI_OK)
				return app_fail(app, "out of memory loading its binary");
		}
	}
	return 0;
}

/*
 * The top stack page: argc, argv[], NULL, envp[], NULL, then the strings, as
 * Linux lays them out; the rest of the stack below it. argv is the app's name
 * and its manifest args, envp its environ entries as "NAME=value". Returns the
 * initial sp (16-byte aligned), or 0.
 */
static kauri_word_t build_stack(struct app *app)
{
	const struct manifest_app *m = app->entry;
	static uint8_t page[PAGE];
	kauri_word_t top = KAURI_APP_STACK_TOP, base = top - PAGE;
	kauri_word_t argv_at[APP_MAX_ARGV], envp_at[APP_MAX_ENVP];
	unsigned int argc = 1 + m->nargs, envc = m->nenviron;
	size_t str_at = PAGE, words = 1 + argc + 1 + envc + 1;
	uint64_t *vec;
	kauri_word_t sp;

	memset(page, 0, sizeof(page));
	for (unsigned int i = 0; i < argc + envc; i++) {
		const char *s = i == 0 ? m->name : i < argc ? m->args[i - 1] : m->environ[i - argc].name;
		const char *value = i < argc ? 0 : m->environ[i - argc].value;
		size_t len = strlen(s) + 1, value_len = value ? strlen(value) + 1 : 0;

		if (len + value_len + words * 8 + 16 > str_at)
			return 0;
		str_at -= len + value_len;
		memcpy(page + str_at, s, len);
		if (value) {
			page[str_at + len - 1] = '=';
			memcpy(page + str_at + len, value, value_len);
		}
		if (i < argc)
			argv_at[i] = base + str_at;
		else
			envp_at[i - argc] = base + str_at;
	}
	sp = (base + str_at - words * 8) & ~15UL;
	vec = (uint64_t *)(page + (sp - base));
	*vec++ = argc;
	for (unsigned int i = 0; i < argc; i++)
		*vec++ = argv_at[i];
	*vec++ = 0;
	for (unsigned int i = 0; i < envc; i++)
		*vec++ = envp_at[i];
	*vec = 0;
	if (pool_map_new_frame(&app->pool, app->vspace, base, KAURI_VM_READ | KAURI_VM_WRITE, page, 0, PAGE) !=
	    KAURI_OK)
		return 0;
	for (unsigned int i = 2; i <= m->stack_pages; i++)
		if (pool_map_new_frame(&app->pool, app->vspace, top - i * PAGE, KAURI_VM_READ | KAURI_VM_WRITE, 0, 0,
				       0) != KAURI_OK)
			return 0;
	return sp;
}

unsigned int app_pool_bits(const struct app *app)
{
	const struct manifest_app *m = app->entry;
	uint64_t bytes = POOL_OVERHEAD + (m->heap_pages + m->stack_pages + 1) * PAGE +
			 ((app->elf_size + PAGE - 1) & ~(PAGE - 1)) * 2 + (uint64_t)m->ut_4k_pages * PAGE +
			 ((app->initrd_size + PAGE - 1) & ~(PAGE - 1)) * 2;

	bytes += vm_pool_bytes(app) + release_pool_bytes(app);
	unsigned int bits = 16;

	while ((1UL << bits) < bytes)
		bits++;
	return bits;
}

/*
 * The 2 MiB-page budget is not in the pool: a pool is one untyped, a power of two, and a
 * microVM's RAM in it would round its size up to double. Each set bit of ut_large_pages is an
 * untyped of its own from the root server's RAM, made once (the app's for good); the app gets a
 * child of the same size, which revoking the parent takes back with all that was made of it.
 */
static int take_large_budget(struct app *app)
{
	uint32_t pages = app->entry->ut_large_pages;
	unsigned int n = 0;

	for (int bit = 31; bit >= 0; bit--) {
		if (!(pages >> bit & 1))
			continue;
		app->large_budget[n] = object_alloc(KAURI_UNTYPED, (unsigned int)bit + LARGE_PAGE_BITS);
		if (!app->large_budget[n++])
			return app_fail(app, "out of memory for its 2 MiB-page budget");
	}
	return 0;
}

/* One more untyped of 2^BITS bytes for its CNode, a child of PARENT (a large budget block) or of its pool. */
static int give_untyped(struct app *app, kauri_cptr_t parent, unsigned int bits)
{
	if (app->budget_count == APP_MAX_BUDGET || app->next_cap_slot >= 1u << app->cnode_radix ||
	    bits > KAURI_MAX_UNTYPED_BITS ||
	    kauri_untyped_retype(parent ? parent : app->pool.untyped, KAURI_UNTYPED, bits, ROOT_CNODE, app->cnode,
				 ROOT_DEPTH, app->next_cap_slot, 1) != KAURI_OK)
		return app_fail(app, "out of memory for its untyped budget");
	app->budget_bits[app->budget_count++] = (unsigned char)bits;
	app->next_cap_slot++;
	return 0;
}

/*
 * Its budget as untypeds in its CNode, the 2 MiB-page ones then the 4 KiB-page ones (from the
 * pool), one per set bit of the page count, largest first, so each is aligned to its size.
 */
static int give_budget(struct app *app)
{
	const struct manifest_app *m = app->entry;
	unsigned int n = 0;

	for (int bit = 31; bit >= 0; bit--)
		if (m->ut_large_pages >> bit & 1 &&
		    give_untyped(app, app->large_budget[n++], (unsigned int)bit + LARGE_PAGE_BITS) != 0)
			return -1;
	for (int bit = 31; bit >= 0; bit--)
		if (m->ut_4k_pages >> bit & 1 && give_untyped(app, 0, (unsigned int)bit + 12) != 0)
			return -1;
	return 0;
}

/* The initrd, copied into read-only pages of the app's own (the bootfs stays the root server's). */
static int map_initrd(struct app *app)
{
	for (size_t off = 0; off < app->initrd_size; off += PAGE) {
		size_t len = app->initrd_size - off < PAGE ? app->initrd_size - off : PAGE;

		if (pool_map_new_frame(&app->pool, app->vspace, KAURI_APP_INITRD + off, KAURI_VM_READ,
				       app->initrd + off, 0, len) != KAURI_OK)
			return app_fail(app, "out of memory for its initrd");
	}
	return 0;
}

void app_initrd_request(struct app *app, kauri_word_t info)
{
	(void)info;
	if (!app->initrd) {
		request_error(KAURI_PROTOCOL_NOT_DECLARED);
		return;
	}
	kauri_set_mr(0, KAURI_APP_INITRD);
	kauri_set_mr(1, app->initrd_size);
	kauri_reply(kauri_msginfo(0, 0, 0, 2));
}

void app_budget_request(struct app *app, kauri_word_t info)
{
	kauri_word_t i = kauri_msginfo_length(info) >= 1 ? kauri_get_mr(0) : ~0UL;

	if (i >= app->budget_count) {
		request_error(KAURI_PROTOCOL_NOT_DECLARED);
		return;
	}
	kauri_set_mr(0, app->budget_slot + i);
	kauri_set_mr(1, app->budget_bits[i]);
	kauri_reply(kauri_msginfo(0, 0, 0, 2));
}

static bool has_budget(const struct manifest_app *m)
{
	return m->ut_4k_pages || m->ut_large_pages;
}

/*
 * Its own TCB, CNode and VSpace, for an app with an untyped budget to spend
 * (least authority: without one there is nothing to make, map or manage).
 * The kernel bounds what they allow: priorities up to its max_priority (the
 * TCB's MCP), mappings of its own frames in its own VSpace where nothing is
 * mapped yet, slots of its own CNode.
 */
static enum kauri_error give_self(struct app *app)
{
	enum kauri_error err;

	err = kauri_cnode_copy(app->cnode, KAURI_APP_CAP_TCB, app->cnode_radix, ROOT_CNODE, app->tcb, ROOT_DEPTH,
			       KAURI_ALL_RIGHTS);
	if (err == KAURI_OK)
		err = kauri_cnode_copy(app->cnode, KAURI_APP_CAP_CNODE, app->cnode_radix, ROOT_CNODE,
				       app->guarded_cnode, ROOT_DEPTH, KAURI_ALL_RIGHTS);
	if (err == KAURI_OK)
		err = kauri_cnode_copy(app->cnode, KAURI_APP_CAP_VSPACE, app->cnode_radix, ROOT_CNODE, app->vspace,
				       ROOT_DEPTH, KAURI_ALL_RIGHTS);
	return err;
}

static int build(struct app *app, kauri_cptr_t supervisor)
{
	const struct manifest_app *m = app->entry;
	kauri_word_t regs[KAURI_TCB_REG_COUNT] = { 0 };
	kauri_word_t sp;

	if (pool_object_into(&app->pool, KAURI_CNODE, app->cnode_radix, app->cnode) != KAURI_OK ||
	    pool_object_into(&app->pool, KAURI_VSPACE, 0, app->vspace) != KAURI_OK ||
	    pool_object_into(&app->pool, KAURI_TCB, 0, app->tcb) != KAURI_OK ||
	    pool_object_into(&app->pool, KAURI_FRAME_4K, 0, app->ipc_frame) != KAURI_OK)
		return app_fail(app, "out of memory for its CNode, VSpace or TCB");
	if (load_elf(app) != 0)
		return -1;
	sp = build_stack(app);
	if (!sp)
		return app_fail(app, "its arguments and environment do not fit one page, or no memory for its stack");
	for (unsigned int i = 0; i < m->heap_pages; i++)
		if (pool_map_new_frame(&app->pool, app->vspace, KAURI_APP_HEAP + i * PAGE,
				       KAURI_VM_READ | KAURI_VM_WRITE, 0, 0, 0) != KAURI_OK)
			return app_fail(app, "out of memory for its heap");
	if (pool_map(&app->pool, app->vspace, app->ipc_frame, KAURI_APP_IPC_BUFFER, KAURI_VM_READ | KAURI_VM_WRITE) !=
	    KAURI_OK)
		return app_fail(app, "cannot map its IPC buffer");
	if (map_initrd(app) != 0 || release_map(app) != 0)
		return -1;

	/* Its CSpace: one CNode whose guard makes slot numbers addresses; nothing in it but what it is given. */
	if (kauri_cnode_mint(ROOT_CNODE, app->guarded_cnode, ROOT_DEPTH, ROOT_CNODE, app->cnode, ROOT_DEPTH,
			     KAURI_ALL_RIGHTS, (kauri_word_t)(64 - app->cnode_radix) << 58) != KAURI_OK ||
	    kauri_cnode_mint(app->cnode, KAURI_APP_CAP_SUPERVISOR, app->cnode_radix, ROOT_CNODE, supervisor,
			     ROOT_DEPTH, KAURI_RIGHT_WRITE | KAURI_RIGHT_GRANT_REPLY, app_badge(app)) != KAURI_OK ||
	    (has_budget(m) && give_self(app) != KAURI_OK))
		return app_fail(app, "cannot fill its CNode");
	app->next_cap_slot = KAURI_APP_FIRST_FREE;
	app->budget_slot = app->next_cap_slot;
	app->budget_count = 0;
	if (give_budget(app) != 0)
		return -1;
	if (channel_grant(app) != 0 || device_grant(app) != 0 || vm_grant(app) != 0)
		return -1;

	if (kauri_tcb_configure(app->tcb, KAURI_APP_CAP_SUPERVISOR, app->guarded_cnode, app->vspace,
				KAURI_APP_IPC_BUFFER, app->ipc_frame) != KAURI_OK ||
	    kauri_tcb_set_mc_priority(app->tcb, ROOT_TCB, m->max_priority) != KAURI_OK ||
	    kauri_tcb_set_priority(app->tcb, ROOT_TCB, m->priority) != KAURI_OK)
		return app_fail(app, "cannot configure its thread");
	kauri_tcb_set_name(app->tcb, m->name);
	regs[KAURI_TCB_REG_PC] = ((const struct elf64_header *)app->elf)->entry;
	regs[KAURI_TCB_REG_SP] = sp;
	regs[KAURI_TCB_REG_TPIDR] = KAURI_APP_IPC_BUFFER;
	if (kauri_tcb_write_registers(app->tcb, 1, KAURI_TCB_REG_COUNT, regs) != KAURI_OK)
		return app_fail(app, "cannot start its thread");
	app->running = 1;
	return 0;
}

void app_init(struct app *app, const struct manifest_app *entry, unsigned int index,
	      const struct bootfs_entry *binary, const struct bootfs_entry *initrd,
	      const struct bootfs_entry *vm_files)
{
	memset(app, 0, sizeof(*app));
	app->entry = entry;
	app->index = index;
	app->cnode_radix = entry->vm.present ? KAURI_VM_CNODE_RADIX : KAURI_APP_CNODE_RADIX;
	if (entry->vm.present)
		memcpy(app->vm_files, vm_files, sizeof(app->vm_files));
	app->elf = binary->data;
	app->elf_size = binary->size;
	if (initrd) {
		app->initrd = initrd->data;
		app->initrd_size = initrd->size;
	}
}

int app_start(struct app *app, kauri_cptr_t supervisor)
{
	const char *problem = elf_check(app->elf, app->elf_size, USER_TOP_39);

	if (problem)
		return app_fail(app, problem);
	app->tcb = slot_alloc();
	app->cnode = slot_alloc();
	app->guarded_cnode = slot_alloc();
	app->vspace = slot_alloc();
	app->ipc_frame = slot_alloc();
	if (!app->ipc_frame || pool_create(&app->pool, app_pool_bits(app)) != 0)
		return app_fail(app, "out of memory for its pool");
	if (take_large_budget(app) != 0 || pool_refill(&app->pool) != 0)
		return app_fail(app, "out of memory for its pool");
	return build(app, supervisor);
}

void app_destroy(struct app *app)
{
	/*
	 * Every object of the app came from its pool or its 2 MiB-page budget: revoking them
	 * deletes them all (and stops the thread).
	 */
	for (unsigned int n = 0; n < APP_MAX_LARGE_BUDGET && app->large_budget[n]; n++)
		kauri_cnode_revoke(ROOT_CNODE, app->large_budget[n], ROOT_DEPTH);
	pool_reset(&app->pool);
	app->running = 0;
}

int app_restart(struct app *app, kauri_cptr_t supervisor)
{
	app_destroy(app);
	if (pool_refill(&app->pool) != 0)
		return app_fail(app, "cannot rebuild its pool");
	app->restarts++;
	return build(app, supervisor);
}
