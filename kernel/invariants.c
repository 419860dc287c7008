/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The invariant checker (CONFIG_KERNEL_INVARIANTS). It walks the one list of
 * capabilities from cdt_head, works out each capability's parent and nearest
 * untyped ancestor as revoke would, files every live object by address, and
 * then checks the rules the kernel's isolation rests on. The first rule found
 * broken stops the system with its name, so a fuzzer or test that breaks one
 * is reported at the step that did it. Its tables come from boot memory; it
 * allocates nothing after boot.
 */
#include <stdarg.h>
#include <stddef.h>
#include <arch/memory.h>
#include <arch/semihosting.h>
#include <arch/vspace.h>
#include <kernel/debug_uart.h>
#include <uapi/kauri/invocation.h>
#include <uapi/kauri/types.h>
#include <kernel/bootmem.h>
#include <kernel/cspace.h>
#include <kernel/invariants.h>
#include <kernel/irq.h>
#include <kernel/object_type.h>
#include <kernel/objects.h>
#include <kernel/platform.h>
#include <kernel/printk.h>
#include <klib/sort.h>
#include <kernel/thread.h>
#include <kernel/vcpu.h>
#include <kernel/vspace_object.h>

#define MAX_CAPS		CONFIG_KERNEL_INVARIANTS_MAX_CAPS
#define MAX_BOOT_OBJECTS	16
#define MAX_BOOT_UNTYPED	512
#define NO_ENTRY		(-1)

struct cap_entry {
	struct cte *slot;
	int32_t parent;			/* the CDT parent's entry, or NO_ENTRY for an original */
	int32_t untyped;		/* the nearest untyped ancestor's entry, or NO_ENTRY */
	/*
	 * Untyped only: where its next child must end. Retype puts each new child
	 * right after the untyped in the list, and above the last one in memory,
	 * so its direct children come in strictly falling addresses.
	 */
	uint64_t children_below;
	int32_t last_child;		/* the entry of the child met last */
};

/* A live object other than untyped memory, by address and type (an open-addressed table). */
struct object_entry {
	uint64_t base;
	uint64_t end;
	uint64_t generation;		/* the check that filed it; older ones are empty */
	int32_t cap;			/* the first capability naming it */
	uint32_t type;			/* enum cap_type */
};

/* A mapping a frame or page-table capability says it made. */
struct mapping_entry {
	uint64_t asid;
	uint64_t va;			/* tables: the start of what the entry pointing at it covers */
	uint64_t level;			/* tables: the level of the table itself */
	int32_t cap;
};

extern const uint64_t image_phys_start;
extern char _end[];

#define OBJECT_TABLE_SIZE	(2 * MAX_CAPS)	/* a power of two at least twice what it holds */

static struct cap_entry *caps;
static struct object_entry *objects;
static struct mapping_entry *frames;
static struct mapping_entry *tables;
static int32_t *stack;
static unsigned int ncaps, nframes, ntables;
static uint64_t generation;

_Static_assert((MAX_CAPS & (MAX_CAPS - 1)) == 0, "CONFIG_KERNEL_INVARIANTS_MAX_CAPS is a power of two");

static struct cap boot_objects[MAX_BOOT_OBJECTS];
static unsigned int nboot_objects;
static struct mem_region boot_untyped[MAX_BOOT_UNTYPED];
static unsigned int nboot_untyped;
static bool irq_seen[MAX_IRQS];

static bool ready;
static bool every_call;
static unsigned long checks;		/* done so far: says how far a run got */

static const char *type_name(unsigned int type)
{
	return type < CAP_NUM_TYPES ? object_types[type].name : "bad type";
}

/* Reports the rule RULE broken and stops the system: nothing after this is trustworthy. */
static void __attribute__((noreturn, format(printf, 2, 3))) violated(const char *rule, const char *fmt, ...)
{
	va_list ap;

	printk("kernel: invariant violated (check %lu): %s: ", checks, rule);
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk("\n");
	debug_uart_flush();
	platform_exit(3);
}

static uint64_t pa_of(const void *p)
{
	return virt_to_phys(p);
}

/* ------------------------------------------------------------ lookups */

static uint64_t object_hash(uint64_t pa, uint32_t type)
{
	return ((pa >> 4) * 0x9e3779b97f4a7c15ULL + type) >> 20 & (OBJECT_TABLE_SIZE - 1);
}

/* The entry for the object of TYPE at PA: its own, or the empty one where it would go. */
static struct object_entry *object_slot(uint64_t pa, uint32_t type)
{
	uint64_t h = object_hash(pa, type);

	for (;;) {
		struct object_entry *o = &objects[h];

		if (o->generation != generation || (o->base == pa && o->type == type))
			return o;
		h = (h + 1) & (OBJECT_TABLE_SIZE - 1);
	}
}

static bool is_live(const void *object, enum cap_type type)
{
	const struct object_entry *o;

	if (!object)
		return false;
	o = object_slot(pa_of(object), type);
	return o->generation == generation;
}

/* Whether PA lies in memory handed out as untyped at boot (the list is kept sorted). */
static bool in_boot_untyped(uint64_t pa)
{
	unsigned int lo = 0, hi = nboot_untyped;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (boot_untyped[mid].base <= pa)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo && pa - boot_untyped[lo - 1].base < boot_untyped[lo - 1].size;
}

static bool in_ram(uint64_t base, uint64_t end)
{
	for (unsigned int i = 0; i < platform.memory_count; i++)
		if (base >= platform.memory[i].base && end <= platform.memory[i].base + platform.memory[i].size)
			return true;
	return false;
}

static bool touches_ram(uint64_t base, uint64_t end)
{
	for (unsigned int i = 0; i < platform.memory_count; i++)
		if (base < platform.memory[i].base + platform.memory[i].size && end > platform.memory[i].base)
			return true;
	return false;
}

static bool in_kernel_image(uint64_t base, uint64_t end)
{
	return base < pa_of(_end) && end > image_phys_start;
}

/* --------------------------------------------- capabilities and the tree */

static bool cap_is_device(struct cap c)
{
	if (cap_type(c) == CAP_UNTYPED)
		return cap_untyped_device(c);
	return cap_type(c) == CAP_FRAME && cap_frame_device(c);
}

extern const uint8_t bootfs_start[], bootfs_end[];

/* One of the bootfs's read-only 2 MiB frames (rootserver.c add_bootfs_frames): kernel image, shared. */
static bool is_bootfs_frame(struct cap c)
{
	uint64_t base = cap_object_pa(c), start = pa_of(bootfs_start), end = pa_of(bootfs_end);

	return cap_type(c) == CAP_FRAME && cap_frame_large(c) && !(cap_frame_rights(c) & (VM_WRITE | VM_EXEC)) &&
	       !cap_frame_device(c) && base >= start && base < end;
}

static bool is_boot_object(struct cap c)
{
	if (is_bootfs_frame(c))
		return true;
	for (unsigned int i = 0; i < nboot_objects; i++)
		if (cap_type(boot_objects[i]) == cap_type(c) && cap_same_object(boot_objects[i], c))
			return true;
	return false;
}

/* Entry table coverage: the address bits an entry of LEVEL translates. */
static unsigned int entry_shift(unsigned int level)
{
	return 39 - 9 * level;
}

static void add_mapping(struct mapping_entry *table, unsigned int *count, uint64_t asid, uint64_t va,
			uint64_t level, int32_t cap)
{
	if (*count == MAX_CAPS)
		violated("checker-capacity", "more than %u mappings", MAX_CAPS);
	table[(*count)++] = (struct mapping_entry){ asid, va, level, cap };
}

static void describe(int32_t index, const char *what)
{
	struct cap c = caps[index].slot->cap;

	printk("kernel:   %s: %s at 0x%lx-0x%lx (slot 0x%lx)\n", what, type_name(cap_type(c)),
	       (unsigned long)cap_object_pa(c), (unsigned long)(cap_object_pa(c) + cap_object_size(c) - 1),
	       (unsigned long)pa_of(caps[index].slot));
}

/*
 * Objects may share memory only with the untypeds they descend from. Each
 * lies inside its nearest untyped ancestor, below its free index; an
 * untyped's direct children (copies of a child are the child's children)
 * come in falling, disjoint address ranges; originals are disjoint from boot.
 * By induction no two objects without an untyped between them overlap.
 */
static void check_placement(int32_t index, uint64_t base, uint64_t size)
{
	const struct cap_entry *e = &caps[index];
	struct cap c = e->slot->cap;

	if (e->untyped != NO_ENTRY) {
		struct cap u = caps[e->untyped].slot->cap;
		uint64_t u_base = cap_object_pa(u), u_free = u_base + cap_untyped_free_index(u);

		if (base < u_base || base + size > u_free)
			violated("untyped-free-index", "%s at 0x%lx-0x%lx lies past the free index (0x%lx) of its untyped at 0x%lx",
				 type_name(cap_type(c)), (unsigned long)base, (unsigned long)(base + size - 1),
				 (unsigned long)cap_untyped_free_index(u), (unsigned long)u_base);
		if (cap_untyped_device(u) != cap_is_device(c))
			violated("device-memory", "%s at 0x%lx: device %d, but its untyped at 0x%lx: device %d",
				 type_name(cap_type(c)), (unsigned long)base, cap_is_device(c), (unsigned long)u_base,
				 cap_untyped_device(u));
	} else if (cap_type(c) != CAP_UNTYPED && !is_boot_object(c)) {
		violated("object-without-untyped", "%s at 0x%lx descends from no untyped and is no boot object",
			 type_name(cap_type(c)), (unsigned long)base);
	}
	if (e->parent != NO_ENTRY && cap_type(caps[e->parent].slot->cap) == CAP_UNTYPED) {
		struct cap_entry *u = &caps[e->parent];
		struct cap last = u->last_child != NO_ENTRY ? caps[u->last_child].slot->cap : cap_null();

		if (u->last_child != NO_ENTRY && cap_type(last) == cap_type(c) && cap_same_object(last, c))
			return;		/* another capability to the child before it */
		if (base + size > u->children_below) {
			describe(e->parent, "untyped");
			if (u->last_child != NO_ENTRY)
				describe(u->last_child, "its child");
			describe(index, "and its child");
			violated("object-overlap", "the %s shares memory with what its untyped handed out before",
				 type_name(cap_type(c)));
		}
		u->children_below = base;
		u->last_child = index;
	}
}

/* Files a live object that is not untyped, so that pointers to it can be checked. */
static void file_object(int32_t index, uint64_t base, uint64_t size, uint32_t type)
{
	struct object_entry *o = object_slot(base, type);

	if (o->generation == generation) {
		if (o->end != base + size) {
			describe(o->cap, "this");
			describe(index, "and this");
			violated("object-overlap", "two %ss of different sizes at 0x%lx", type_name(type),
				 (unsigned long)base);
		}
		return;
	}
	*o = (struct object_entry){ base, base + size, generation, index, type };
}

/* The slots of the CNode or TCB a zombie is emptying that may still be full (those below REMAINING). */
static struct cte *zombie_slots(struct cap z, uint64_t *count)
{
	uint64_t remaining = cap_zombie_remaining(z);

	if (cap_zombie_is_tcb(z)) {
		*count = remaining < TCB_SLOT_CALLER ? remaining : TCB_SLOT_CALLER;	/* the caller slot is off the list */
		return ((struct tcb *)cap_object(z))->slots;
	}
	*count = remaining;
	return cap_object(z);
}

/*
 * A zombie (a CNode or TCB whose deletion stopped for an interrupt) sits in the slot its
 * parent zombie's walk has reached: the parent's slot REMAINING - 1.
 */
static void check_zombie(int32_t index)
{
	struct cte *slot = caps[index].slot, *parent;
	struct cap z = slot->cap;
	uint64_t count;

	if (!cap_zombie_has_parent(z))
		return;
	parent = phys_to_virt(cap_zombie_parent_pa(z));
	if (cap_type(parent->cap) != CAP_ZOMBIE || cap_zombie_remaining(parent->cap) == 0 ||
	    &zombie_slots(parent->cap, &count)[cap_zombie_remaining(parent->cap) - 1] != slot)
		violated("zombie-chain", "the zombie at 0x%lx names 0x%lx as its parent, whose walk is not at it",
			 (unsigned long)pa_of(slot), (unsigned long)pa_of(parent));
}

/* Checks one capability whose parent and untyped ancestor are known. */
static void check_cap(int32_t index)
{
	struct cap_entry *e = &caps[index];
	struct cap c = e->slot->cap;
	enum cap_type type = cap_type(c);
	uint64_t size = cap_object_size(c), base = cap_object_pa(c);

	switch (type) {
	case CAP_CNODE:
		if (cap_cnode_radix(c) < 1 || cap_cnode_radix(c) > KAURI_MAX_CNODE_RADIX ||
		    cap_cnode_radix(c) + cap_cnode_guard_size(c) > CPTR_BITS)
			violated("cnode-shape", "CNode at 0x%lx: radix %u, guard size %u", (unsigned long)base,
				 cap_cnode_radix(c), cap_cnode_guard_size(c));
		break;
	case CAP_FRAME:
		if (cap_is_mapped(c)) {
			if (cap_mapped_vaddr(c) & (size - 1) || cap_mapped_vaddr(c) >= USER_VA_TOP ||
			    cap_mapped_asid(c) == 0)
				violated("mapping-record", "frame at 0x%lx says it is mapped at 0x%lx, ASID %u",
					 (unsigned long)base, (unsigned long)cap_mapped_vaddr(c), cap_mapped_asid(c));
			add_mapping(frames, &nframes, cap_mapped_asid(c), cap_mapped_vaddr(c), 0, index);
		}
		break;
	case CAP_PAGE_TABLE:
		if (cap_is_mapped(c)) {
			unsigned int level = cap_pt_level(c);

			if (level <= USER_ROOT_LEVEL || level > 3 || cap_mapped_asid(c) == 0)
				violated("mapping-record", "page table at 0x%lx says it is mapped at level %u, ASID %u",
					 (unsigned long)base, level, cap_mapped_asid(c));
			add_mapping(tables, &ntables, cap_mapped_asid(c),
				    cap_mapped_vaddr(c) >> entry_shift(level - 1) << entry_shift(level - 1), level, index);
		}
		break;
	case CAP_VSPACE:
		if (cap_vspace_assigned(c) && (cap_vspace_asid(c) == 0 || cap_vspace_asid(c) >= KERNEL_ASIDS))
			violated("asid", "VSpace at 0x%lx has ASID %u", (unsigned long)base, cap_vspace_asid(c));
		break;
	case CAP_ASID_POOL:
		if (asid_pool_object(cap_asid_pool_number(c)) != base)
			violated("asid-pool", "ASID pool %u at 0x%lx is not the kernel's pool %u (0x%lx)",
				 cap_asid_pool_number(c), (unsigned long)base, cap_asid_pool_number(c),
				 (unsigned long)asid_pool_object(cap_asid_pool_number(c)));
		break;
	case CAP_IRQ_HANDLER:
		if (cap_irq_intid(c) >= MAX_IRQS || !irq_is_claimed(cap_irq_intid(c)))
			violated("irq-claimed", "IRQ handler for line %u, which the kernel does not count as claimed",
				 cap_irq_intid(c));
		irq_seen[cap_irq_intid(c)] = true;
		break;
	case CAP_ZOMBIE:
		check_zombie(index);
		break;
	case CAP_UNTYPED:
		e->children_below = base + cap_untyped_free_index(c);
		e->last_child = NO_ENTRY;
		if (cap_untyped_free_index(c) > size)
			violated("untyped-free-index", "untyped at 0x%lx: free index 0x%lx past its size 0x%lx",
				 (unsigned long)base, (unsigned long)cap_untyped_free_index(c), (unsigned long)size);
		break;
	default:
		break;
	}
	if (!size)
		return;

	if (base & (size - 1))
		violated("object-alignment", "%s at 0x%lx is not aligned to its size 0x%lx", type_name(type),
			 (unsigned long)base, (unsigned long)size);
	if (cap_is_device(c) ? touches_ram(base, base + size) :
			       !in_ram(base, base + size) || (in_kernel_image(base, base + size) && !is_bootfs_frame(c)))
		violated("object-memory", "%s%s at 0x%lx-0x%lx lies %s", cap_is_device(c) ? "device " : "",
			 type_name(type), (unsigned long)base, (unsigned long)(base + size - 1),
			 cap_is_device(c) ? "in RAM" : "outside the RAM the kernel hands out");
	check_placement(index, base, size);
	if (type != CAP_UNTYPED)
		file_object(index, base, size, type);
}

/* Walks the list from cdt_head: links, types, parents (as revoke sees them), untyped ancestors. */
static void collect_caps(void)
{
	struct cte *prev = &cdt_head;
	unsigned int depth = 0;

	ncaps = nframes = ntables = 0;
	generation++;
	for (unsigned int i = 0; i < MAX_IRQS; i++)
		irq_seen[i] = false;
	for (struct cte *s = cte_next(&cdt_head); s; prev = s, s = cte_next(s)) {
		enum cap_type type = cap_type(s->cap);
		struct cap_entry *e;

		if (ncaps == MAX_CAPS)
			violated("checker-capacity", "more than %u capabilities, or the list loops", MAX_CAPS);
		if (cte_prev(s) != prev)
			violated("cdt-links", "the slot at 0x%lx (%s) says its predecessor is 0x%lx, not 0x%lx",
				 (unsigned long)pa_of(s), type_name(type), (unsigned long)pa_of(cte_prev(s)),
				 (unsigned long)pa_of(prev));
		if (type == CAP_NULL || type >= CAP_NUM_TYPES || type == CAP_REPLY)
			violated("cap-type", "a %s capability is on the list (slot 0x%lx)", type_name(type),
				 (unsigned long)pa_of(s));
		while (depth && !cdt_is_parent_of(caps[stack[depth - 1]].slot, s))
			depth--;
		e = &caps[ncaps];
		e->slot = s;
		e->parent = depth ? stack[depth - 1] : NO_ENTRY;
		e->untyped = NO_ENTRY;
		if (e->parent != NO_ENTRY)
			e->untyped = cap_type(caps[e->parent].slot->cap) == CAP_UNTYPED ? e->parent : caps[e->parent].untyped;
		stack[depth++] = (int32_t)ncaps;
		check_cap((int32_t)ncaps);
		ncaps++;
	}
}

/*
 * Every full slot of a live CNode or of a live TCB's own slots (or of one a zombie has yet to
 * empty) is on the list, and the list holds no other (but the kernel's IRQ table): together,
 * every capability lives in a live object and none is lost to the walk. Zombies are counted
 * apart: one may sit in a slot its own walk has passed (a CNode holding its last capability).
 */
static void check_containers(void)
{
	unsigned long listed = 0, full = 0;

	for (unsigned int i = 0; i < ncaps; i++)
		if (irq_notification_slot_index(caps[i].slot) < 0 && cap_type(caps[i].slot->cap) != CAP_ZOMBIE)
			listed++;
	for (unsigned int i = 0; i < ncaps; i++) {
		struct cap c = caps[i].slot->cap;
		struct cte *slots;
		uint64_t count;

		if (cap_type(c) == CAP_ZOMBIE) {
			slots = zombie_slots(c, &count);
		} else if (cap_type(c) == CAP_CNODE || cap_type(c) == CAP_TCB) {
			if (object_slot(cap_object_pa(c), cap_type(c))->cap != (int32_t)i)
				continue;	/* the object's first capability counts it */
			count = cap_type(c) == CAP_TCB ? TCB_SLOT_CALLER : 1UL << cap_cnode_radix(c);
			slots = cap_type(c) == CAP_TCB ? ((struct tcb *)cap_object(c))->slots : cap_object(c);
		} else {
			continue;
		}
		for (uint64_t s = 0; s < count; s++) {
			struct cte *p;

			if (!slots[s].cap.w0 || cap_type(slots[s].cap) == CAP_ZOMBIE)
				continue;
			p = cte_prev(&slots[s]);
			if (!p || cte_next(p) != &slots[s])
				violated("slot-not-listed", "the %s capability at 0x%lx is on no list",
					 type_name(cap_type(slots[s].cap)), (unsigned long)pa_of(&slots[s]));
			full++;
		}
	}
	if (full != listed)
		violated("slot-not-listed", "%lu full slots in live CNodes and TCBs, %lu on the list", full, listed);
}

/* ------------------------------------------------------------- threads */

static bool ready_queued(const struct tcb *t)
{
	bool bit;

	return t->ready_prev ? t->ready_prev->ready_next == t : sched_ready_head(t->priority, &bit) == t;
}

static void check_caller_slot(struct tcb *t)
{
	struct cap c = t->slots[TCB_SLOT_CALLER].cap;
	struct tcb *caller;

	if (cap_is_null(c))
		return;
	if (cap_type(c) != CAP_REPLY)
		violated("caller-slot", "thread %s holds a %s capability in its caller slot", t->name,
			 type_name(cap_type(c)));
	caller = cap_object(c);
	if (!is_live(caller, CAP_TCB))
		violated("reply-link", "thread %s holds a reply capability to 0x%lx, which is no live TCB", t->name,
			 (unsigned long)cap_object_pa(c));
	if (caller->state != THREAD_BLOCKED_ON_REPLY || caller->reply_to != t)
		violated("reply-link", "thread %s holds a reply capability to %s, which is in state %u waiting on 0x%lx",
			 t->name, caller->name, caller->state, (unsigned long)(caller->reply_to ? pa_of(caller->reply_to) : 0));
}

static void check_thread_vspace(struct tcb *t)
{
	struct cap c = t->slots[TCB_SLOT_VSPACE].cap;
	struct vspace expected = { 0, 0 };

	if (t->vspace_epoch != sched_vspace_epoch())
		return;		/* looked at again before it runs */
	/* A guest's VSpace is no address space for a thread without a VCPU. */
	if (cap_type(c) == CAP_VSPACE && cap_vspace_assigned(c) &&
	    asid_names_vspace(cap_vspace_asid(c), cap_object_pa(c)) &&
	    (t->vcpu || !asid_is_guest(cap_vspace_asid(c))))
		expected = (struct vspace){ cap_object_pa(c), (uint16_t)cap_vspace_asid(c) };
	if (t->vspace_ttbr != vspace_value(&expected))
		violated("thread-vspace", "thread %s runs with table base 0x%lx; its VSpace slot says 0x%lx, ASID %u",
			 t->name, (unsigned long)t->vspace_ttbr, (unsigned long)expected.root, expected.asid);
}

/* A guest and its VCPU point at each other; only a guest returns to EL1, nothing to EL2. */
static void check_thread_mode(struct tcb *t)
{
	uint64_t mode = t->context.spsr & SPSR_MODE_BITS;

	if (t->vcpu && (!is_live(t->vcpu, CAP_VCPU) || t->vcpu->tcb != t))
		violated("vcpu-binding", "thread %s is bound to the VCPU at 0x%lx, which is not bound to it", t->name,
			 (unsigned long)pa_of(t->vcpu));
	if (t->vcpu ? mode != SPSR_MODE_EL0T && mode != SPSR_MODE_EL1T && mode != SPSR_MODE_EL1H : mode != SPSR_MODE_EL0T)
		violated("thread-mode", "%s thread %s would return to mode 0x%lx", t->vcpu ? "guest" : "native", t->name,
			 (unsigned long)mode);
}

static void check_vcpu(struct vcpu *v)
{
	if (v->tcb && (!is_live(v->tcb, CAP_TCB) || v->tcb->vcpu != v))
		violated("vcpu-binding", "the VCPU at 0x%lx is bound to 0x%lx, which is not bound to it",
			 (unsigned long)pa_of(v), (unsigned long)pa_of(v->tcb));
	/* Its virtual interrupts: a bounded queue, nothing past the GIC's list registers. */
	if (v->vgic.queued > KAURI_VCPU_IRQ_QUEUE)
		violated("vgic-state", "the VCPU at 0x%lx has %u queued interrupts", (unsigned long)pa_of(v),
			 v->vgic.queued);
	for (unsigned int i = vgic_lr_count(); i < VGIC_MAX_LRS; i++)
		if (v->vgic.cpu.lr[i])
			violated("vgic-state", "the VCPU at 0x%lx uses list register %u, which the GIC lacks",
				 (unsigned long)pa_of(v), i);
}

static void check_thread(struct tcb *t)
{
	struct tcb *running = current_thread();
	struct cap buffer = t->slots[TCB_SLOT_IPC_BUFFER].cap;

	switch (t->state) {
	case THREAD_INACTIVE:
		if (ready_queued(t) && t != running)
			violated("ready-queue", "inactive thread %s is in a ready queue", t->name);
		break;
	case THREAD_RUNNABLE:
		if (t != running && !ready_queued(t))
			violated("ready-queue", "runnable thread %s is in no ready queue", t->name);
		break;
	case THREAD_BLOCKED_ON_SEND:
	case THREAD_BLOCKED_ON_RECEIVE: {
		struct endpoint *ep = t->blocked_on;

		if (!is_live(ep, CAP_ENDPOINT) ||
		    ep_state(ep) != (t->state == THREAD_BLOCKED_ON_SEND ? ENDPOINT_SENDING : ENDPOINT_RECEIVING) ||
		    (t->queue_prev ? t->queue_prev->queue_next != t : ep->head != t))
			violated("endpoint-queue", "thread %s (state %u) is not queued on a live endpoint at 0x%lx",
				 t->name, t->state, (unsigned long)(ep ? pa_of(ep) : 0));
		break;
	}
	case THREAD_BLOCKED_ON_NOTIFICATION: {
		struct notification *n = t->blocked_on;

		if (!is_live(n, CAP_NOTIFICATION) || ntfn_state(n) != NOTIFICATION_WAITING ||
		    (t->queue_prev ? t->queue_prev->queue_next != t : n->head != t))
			violated("notification-queue", "thread %s is not queued on a live notification at 0x%lx",
				 t->name, (unsigned long)(n ? pa_of(n) : 0));
		break;
	}
	case THREAD_BLOCKED_ON_REPLY:
		if (t->reply_to) {
			struct cap r = t->reply_to->slots[TCB_SLOT_CALLER].cap;

			if (!is_live(t->reply_to, CAP_TCB) || cap_type(r) != CAP_REPLY || cap_object(r) != t)
				violated("reply-link", "thread %s waits for a reply from 0x%lx, which holds no reply capability to it",
					 t->name, (unsigned long)pa_of(t->reply_to));
		}
		break;
	default:
		violated("thread-state", "thread %s is in state %u", t->name, t->state);
	}
	if (t->reply_to && t->state != THREAD_BLOCKED_ON_REPLY)
		violated("reply-link", "thread %s (state %u) still points at a replier", t->name, t->state);
	if ((t->state == THREAD_INACTIVE || t->state == THREAD_RUNNABLE || t->state == THREAD_BLOCKED_ON_REPLY) &&
	    t->blocked_on)
		violated("thread-state", "thread %s (state %u) says it is blocked on 0x%lx", t->name, t->state,
			 (unsigned long)pa_of(t->blocked_on));
	if (t->bound_notification &&
	    (!is_live(t->bound_notification, CAP_NOTIFICATION) || ntfn_bound(t->bound_notification) != t))
		violated("notification-binding", "thread %s is bound to 0x%lx, which is not bound to it", t->name,
			 (unsigned long)pa_of(t->bound_notification));
	if (!cap_is_null(buffer) &&
	    (cap_type(buffer) != CAP_FRAME || cap_frame_device(buffer) || !(cap_frame_rights(buffer) & VM_WRITE)))
		violated("ipc-buffer", "thread %s has a %s IPC buffer", t->name,
			 cap_type(buffer) != CAP_FRAME ? type_name(cap_type(buffer)) :
			 cap_frame_device(buffer) ? "device-memory" : "read-only");
	/* A zombie: the last capability to its CSpace is being deleted (stopped for an interrupt). */
	if (!cap_is_null(t->slots[TCB_SLOT_CSPACE].cap) && cap_type(t->slots[TCB_SLOT_CSPACE].cap) != CAP_CNODE &&
	    cap_type(t->slots[TCB_SLOT_CSPACE].cap) != CAP_ZOMBIE)
		violated("tcb-slots", "thread %s has a %s as its CSpace", t->name,
			 type_name(cap_type(t->slots[TCB_SLOT_CSPACE].cap)));
	check_caller_slot(t);
	check_thread_vspace(t);
	check_thread_mode(t);
}

/* Walks a queue of threads linked through queue_next/queue_prev: each live and in STATE, blocked on OBJECT. */
static struct tcb *check_wait_queue(const char *rule, void *object, struct tcb *head, enum thread_state state)
{
	struct tcb *prev = NULL;
	unsigned int n = 0;

	for (struct tcb *t = head; t; prev = t, t = t->queue_next) {
		if (++n > ncaps || !is_live(t, CAP_TCB) || t->state != state || t->blocked_on != object ||
		    t->queue_prev != prev)
			violated(rule, "the queue of the object at 0x%lx holds 0x%lx (state %u), which is not a thread waiting there",
				 (unsigned long)pa_of(object), (unsigned long)pa_of(t), is_live(t, CAP_TCB) ? t->state : 99);
	}
	return prev;
}

static void check_queues(void)
{
	struct tcb *running = current_thread(), *fpu = sched_fpu_owner();

	for (unsigned int p = 0; p < CONFIG_NUM_PRIORITIES; p++) {
		bool bit;
		struct tcb *prev = NULL;
		unsigned int n = 0;

		for (struct tcb *t = sched_ready_head(p, &bit); t; prev = t, t = t->ready_next)
			if (++n > ncaps || !is_live(t, CAP_TCB) || t->state != THREAD_RUNNABLE || t->priority != p ||
			    t == running || t->ready_prev != prev)
				violated("ready-queue", "ready queue %u holds 0x%lx, which is not a waiting runnable thread of that priority",
					 p, (unsigned long)pa_of(t));
		if (bit != (sched_ready_head(p, &bit) != NULL))
			violated("ready-queue", "the ready bitmap disagrees with queue %u", p);
	}
	if (running && (!is_live(running, CAP_TCB) || running->state != THREAD_RUNNABLE))
		violated("running-thread", "the running thread at 0x%lx is not a live runnable thread",
			 (unsigned long)pa_of(running));
	if (fpu && !is_live(fpu, CAP_TCB))
		violated("fpu-owner", "the FP registers belong to 0x%lx, which is no live TCB", (unsigned long)pa_of(fpu));
	/* Only the running guest's shared registers are in the CPU (the VMM's invocations see them saved). */
	if (vcpu_loaded() != (running ? running->vcpu : NULL))
		violated("vcpu-loaded", "the CPU holds the VCPU at 0x%lx, but the running thread's is 0x%lx",
			 (unsigned long)pa_of(vcpu_loaded()), (unsigned long)pa_of(running ? running->vcpu : NULL));
	/* A guest's EL1 registers left in the CPU belong to a live, bound VCPU (deleting or unbinding flushes them). */
	if (vcpu_resident() && (!is_live(vcpu_resident(), CAP_VCPU) || !vcpu_resident()->tcb))
		violated("vcpu-resident", "the CPU holds EL1 registers of the VCPU at 0x%lx, which is not a live bound VCPU",
			 (unsigned long)pa_of(vcpu_resident()));

	for (unsigned int i = 0; i < ncaps; i++) {
		struct cap c = caps[i].slot->cap;
		enum cap_type type = cap_type(c);
		void *object = cap_object(c);

		if ((type != CAP_ENDPOINT && type != CAP_NOTIFICATION && type != CAP_TCB && type != CAP_VCPU) ||
		    object_slot(cap_object_pa(c), type)->cap != (int32_t)i)
			continue;	/* each object once, at its first capability */
		if (type == CAP_ENDPOINT) {
			struct endpoint *ep = object;
			enum endpoint_state st = ep_state(ep);

			if ((st == ENDPOINT_IDLE) != (ep->head == NULL) || st > ENDPOINT_RECEIVING ||
			    check_wait_queue("endpoint-queue", ep, ep->head,
					     st == ENDPOINT_SENDING ? THREAD_BLOCKED_ON_SEND : THREAD_BLOCKED_ON_RECEIVE) !=
				    ep_tail(ep))
				violated("endpoint-queue", "endpoint at 0x%lx: state %u, head 0x%lx, tail 0x%lx",
					 (unsigned long)cap_object_pa(c), st, (unsigned long)pa_of(ep->head),
					 (unsigned long)pa_of(ep_tail(ep)));
		} else if (type == CAP_NOTIFICATION) {
			struct notification *n = object;
			struct tcb *bound = ntfn_bound(n);

			if ((ntfn_state(n) == NOTIFICATION_WAITING) != (n->head != NULL) ||
			    ntfn_state(n) > NOTIFICATION_ACTIVE ||
			    check_wait_queue("notification-queue", n, n->head, THREAD_BLOCKED_ON_NOTIFICATION) != n->tail)
				violated("notification-queue", "notification at 0x%lx: state %u, head 0x%lx, tail 0x%lx",
					 (unsigned long)cap_object_pa(c), ntfn_state(n), (unsigned long)pa_of(n->head),
					 (unsigned long)pa_of(n->tail));
			if (bound && (!is_live(bound, CAP_TCB) || bound->bound_notification != n))
				violated("notification-binding", "notification at 0x%lx is bound to 0x%lx, which is not bound to it",
					 (unsigned long)cap_object_pa(c), (unsigned long)pa_of(bound));
		} else if (type == CAP_VCPU) {
			check_vcpu(object);
		} else {
			check_thread(object);
		}
	}
}

/* ------------------------------------------------- ASIDs, IRQs, mappings */

static int compare_mappings(const void *a, const void *b)
{
	const struct mapping_entry *x = a, *y = b;

	if (x->asid != y->asid)
		return x->asid < y->asid ? -1 : 1;
	if (x->va != y->va)
		return x->va < y->va ? -1 : 1;
	return x->level < y->level ? -1 : x->level > y->level;
}

/* A capability of TABLE (sorted) recording ASID, VA, LEVEL that names PA; NULL if none. */
static struct cap *find_mapping(const struct mapping_entry *table, unsigned int count, uint64_t asid, uint64_t va,
				uint64_t level, uint64_t pa)
{
	struct mapping_entry key = { asid, va, level, 0 };
	unsigned int lo = 0, hi = count;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (compare_mappings(&table[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < count && compare_mappings(&table[lo], &key) == 0; lo++)
		if (cap_object_pa(caps[table[lo].cap].slot->cap) == pa)
			return &caps[table[lo].cap].slot->cap;
	return NULL;
}

static void visit_entry(void *ctx, const struct arch_pte_view *e)
{
	unsigned int asid = (unsigned int)(uintptr_t)ctx;
	bool boot = asid == ROOT_ASID && !in_boot_untyped(e->pa);
	struct cap *c;

	if (e->table) {
		if (!boot && !find_mapping(tables, ntables, asid, e->va, e->level + 1, e->pa))
			violated("mapping-without-cap", "ASID %u: the table at 0x%lx for 0x%lx (level %u) has no page-table capability mapped there",
				 asid, (unsigned long)e->pa, (unsigned long)e->va, e->level + 1);
		return;
	}
	if (boot) {
		if (in_kernel_image(e->pa, e->pa + 1) && (e->rights & VM_WRITE))
			violated("mapping-without-cap", "ASID %u: 0x%lx maps the kernel image writable", asid,
				 (unsigned long)e->va);
		return;
	}
	c = find_mapping(frames, nframes, asid, e->va, 0, e->pa);
	if (!c || cap_frame_large(*c) != (e->level == 2))
		violated("mapping-without-cap", "ASID %u: 0x%lx maps 0x%lx, and no frame capability says it made that mapping",
			 asid, (unsigned long)e->va, (unsigned long)e->pa);
	if ((e->rights & ~cap_frame_rights(*c)) || e->device != cap_frame_device(*c))
		violated("mapping-rights", "ASID %u: 0x%lx gives rights %u (device %d) to a frame capability with %u (device %d)",
			 asid, (unsigned long)e->va, e->rights, e->device, cap_frame_rights(*c), cap_frame_device(*c));
}

static void check_address_spaces(void)
{
	sort(frames, nframes, sizeof(frames[0]), compare_mappings);
	sort(tables, ntables, sizeof(tables[0]), compare_mappings);
	for (unsigned int n = 0; n < ASID_POOLS; n++)
		if (asid_pool_object(n) && !is_live(phys_to_virt(asid_pool_object(n)), CAP_ASID_POOL))
			violated("asid-pool", "pool %u is at 0x%lx, where no ASID pool lives", n,
				 (unsigned long)asid_pool_object(n));
	for (unsigned int asid = 1; asid < KERNEL_ASIDS; asid++) {
		uint64_t root = asid_owner_of(asid);

		if (!root)
			continue;
		if (!asid_pool_object(asid / KAURI_ASID_POOL_ASIDS) || !is_live(phys_to_virt(root), CAP_VSPACE))
			violated("asid", "ASID %u belongs to 0x%lx, which is no live VSpace of a live pool", asid,
				 (unsigned long)root);
		arch_vspace_walk(root, visit_entry, (void *)(uintptr_t)asid);
	}
	{
		struct tcb *running = current_thread();

		if (vspace_active_value() != (running ? running->vspace_ttbr : vspace_value(NULL)))
			violated("active-vspace", "the MMU translates with 0x%lx, not the running thread's tables",
				 (unsigned long)vspace_active_value());
	}
}

static void check_irqs(void)
{
	const bool *claimed = irq_claimed_lines();
	const struct cte *notification = irq_notification_slot(0);

	for (unsigned int i = 0; i < MAX_IRQS; i++) {
		struct cap n = notification[i].cap;

		if (claimed[i] == irq_seen[i] && cap_is_null(n))
			continue;
		if (irq_is_claimed(i) != irq_seen[i])
			violated("irq-claimed", "line %u is %s, but %s IRQ handler capability names it", i,
				 irq_is_claimed(i) ? "claimed" : "free", irq_seen[i] ? "an" : "no");
		if (!cap_is_null(n) && (!irq_is_claimed(i) || cap_type(n) != CAP_NOTIFICATION))
			violated("irq-notification", "line %u signals a %s (claimed %d)", i, type_name(cap_type(n)),
				 irq_is_claimed(i));
	}
}

/* ---------------------------------------------------------------- entry */

static void check_all(void)
{
	if (!ready)
		return;
	checks++;
	collect_caps();
	check_containers();
	check_queues();
	check_address_spaces();
	check_irqs();
}

static const void *boot_dtb;
static uint64_t checked_base, checked_size;

static void untyped_outside_reserved(uint64_t base, uint64_t size)
{
	if (base < checked_base + checked_size && checked_base < base + size)
		violated("reserved-memory", "untyped 0x%lx-0x%lx holds reserved memory 0x%lx-0x%lx",
			 (unsigned long)checked_base, (unsigned long)(checked_base + checked_size - 1),
			 (unsigned long)base, (unsigned long)(base + size - 1));
}

int invariants_init(const void *dtb)
{
	uint64_t bytes = (uint64_t)MAX_CAPS * (sizeof(*caps) + 2 * sizeof(*frames) + sizeof(*stack)) +
			 (uint64_t)OBJECT_TABLE_SIZE * sizeof(*objects);
	uint64_t pa = bootmem_alloc_pages((bytes + PAGE_SIZE - 1) / PAGE_SIZE);
	char *p;

	if (!pa) {
		printk("kernel: invariant checker: no boot memory for its %lu KiB of tables\n",
		       (unsigned long)(bytes >> 10));
		return -1;
	}
	p = phys_to_virt(pa);
	objects = (void *)p;
	p += OBJECT_TABLE_SIZE * sizeof(*objects);
	caps = (void *)p;
	p += MAX_CAPS * sizeof(*caps);
	frames = (void *)p;
	p += MAX_CAPS * sizeof(*frames);
	tables = (void *)p;
	p += MAX_CAPS * sizeof(*tables);
	stack = (void *)p;
	boot_dtb = dtb;
	ready = true;
	printk("  checks:   kernel invariants (CONFIG_KERNEL_INVARIANTS, %u capabilities, %lu KiB)\n", MAX_CAPS,
	       (unsigned long)(bytes >> 10));
	return 0;
}

void invariants_boot_object(struct cap c)
{
	if (nboot_objects < MAX_BOOT_OBJECTS)
		boot_objects[nboot_objects++] = c;
}

void invariants_boot_untyped(uint64_t base, uint64_t size)
{
	unsigned int i = nboot_untyped;

	checked_base = base;
	checked_size = size;
	platform_each_reserved(boot_dtb, untyped_outside_reserved);
	if (nboot_untyped == MAX_BOOT_UNTYPED)
		return;
	for (; i > 0 && boot_untyped[i - 1].base > base; i--)
		boot_untyped[i] = boot_untyped[i - 1];
	boot_untyped[i] = (struct mem_region){ base, size };
	nboot_untyped++;
}

unsigned long invariants_set_mode(unsigned int mode)
{
	if (mode == KAURI_INVARIANTS_OFF) {
		every_call = false;
		return 0;
	}
	every_call = mode == KAURI_INVARIANTS_EVERY_CALL;
	check_all();
	return ncaps;
}

void invariants_after_entry(void)
{
	if (every_call)
		check_all();
}
