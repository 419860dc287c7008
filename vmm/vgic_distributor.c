/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * GIC distributor emulation for one vCPU (Arm IHI 0048 GICv2, IHI 0069 GICv3). Registers are
 * found in one table per frame; the per-interrupt registers (a bit, two bits or a byte per INTID)
 * share one table between GICv2's GICD, GICv3's GICD (SPIs only: with ARE the private
 * interrupts are the redistributor's) and GICv3's SGI_base frame (INTIDs 0-31 only).
 */
#include <string.h>
#include "vgic_distributor.h"

#define SZ_1 1u
#define SZ_4 4u
#define SZ_8 8u
#define PIDR2_JEP106	0x0bu	/* JEDEC bit and the low bits of Arm's JEP106 identity */

/* One access, as the register handlers see it. */
struct access {
	struct vgic *v;
	unsigned int index;	/* per-interrupt registers: the first INTID; others: the byte offset */
	unsigned int size;
	unsigned int lo, hi;	/* the INTIDs this frame holds: others read as zero, ignore writes */
};

typedef uint64_t reg_read_fn(const struct access *a);
typedef void reg_write_fn(const struct access *a, uint64_t value);

struct reg_desc {
	uint32_t offset, length;
	uint8_t bits_per_irq;	/* 0: not a per-interrupt register */
	uint8_t sizes;		/* SZ_* the register takes */
	uint8_t only;		/* 2 or 3: a register of that GIC version only; 0: both */
	reg_read_fn *read;	/* NULL: reads as zero */
	reg_write_fn *write;	/* NULL: ignores writes */
};

static struct vgic_irq *irq_of(const struct access *a, unsigned int intid)
{
	return intid >= a->lo && intid < a->hi ? &a->v->irq[intid] : NULL;
}

bool vgic_irq_pending(const struct vgic *v, unsigned int intid)
{
	if (intid >= VGIC_NR_IRQS)
		return false;
	return v->irq[intid].latched || (!v->irq[intid].edge && v->irq[intid].line);
}

/* ---- one bit per interrupt */

static uint64_t read_bits(const struct access *a, bool (*get)(const struct vgic *, unsigned int))
{
	uint64_t value = 0;

	for (unsigned int i = 0; i < a->size * 8; i++)
		if (irq_of(a, a->index + i) && get(a->v, a->index + i))
			value |= 1ull << i;
	return value;
}

static void write_bits(const struct access *a, uint64_t value, void (*set)(struct vgic_irq *, bool))
{
	for (unsigned int i = 0; i < a->size * 8; i++) {
		struct vgic_irq *irq = irq_of(a, a->index + i);

		if (irq)
			set(irq, (value >> i) & 1);
	}
}

static bool get_group(const struct vgic *v, unsigned int intid) { return v->irq[intid].group1; }
static bool get_enabled(const struct vgic *v, unsigned int intid) { return v->irq[intid].enabled; }
static bool get_pending(const struct vgic *v, unsigned int intid) { return vgic_irq_pending(v, intid); }
/* An interrupt in a list register is the guest's to acknowledge: it reads as active. */
static bool get_active(const struct vgic *v, unsigned int intid)
{
	return v->irq[intid].active || v->irq[intid].in_flight;
}

static void set_group(struct vgic_irq *irq, bool bit) { irq->group1 = bit; }
static void set_enable(struct vgic_irq *irq, bool bit) { irq->enabled |= bit; }
static void clear_enable(struct vgic_irq *irq, bool bit) { irq->enabled &= !bit; }
static void set_pending(struct vgic_irq *irq, bool bit) { irq->latched |= bit; }
/* A level line still high stays pending (GICv2 4.3.8): only the latch clears. */
static void clear_pending(struct vgic_irq *irq, bool bit) { irq->latched &= !bit; }
static void set_active(struct vgic_irq *irq, bool bit) { irq->active |= bit; }
static void clear_active(struct vgic_irq *irq, bool bit) { irq->active &= !bit; }

static uint64_t rd_group(const struct access *a) { return read_bits(a, get_group); }
static uint64_t rd_enable(const struct access *a) { return read_bits(a, get_enabled); }
static uint64_t rd_pending(const struct access *a) { return read_bits(a, get_pending); }
static uint64_t rd_active(const struct access *a) { return read_bits(a, get_active); }
static void wr_group(const struct access *a, uint64_t v) { write_bits(a, v, set_group); }
static void wr_set_enable(const struct access *a, uint64_t v) { write_bits(a, v, set_enable); }
static void wr_clear_enable(const struct access *a, uint64_t v) { write_bits(a, v, clear_enable); }
static void wr_set_pending(const struct access *a, uint64_t v) { write_bits(a, v, set_pending); }
static void wr_clear_pending(const struct access *a, uint64_t v) { write_bits(a, v, clear_pending); }
static void wr_set_active(const struct access *a, uint64_t v) { write_bits(a, v, set_active); }
static void wr_clear_active(const struct access *a, uint64_t v) { write_bits(a, v, clear_active); }

/* ---- a byte or two bits per interrupt */

static uint64_t rd_priority(const struct access *a)
{
	uint64_t value = 0;

	for (unsigned int i = 0; i < a->size; i++) {
		struct vgic_irq *irq = irq_of(a, a->index + i);

		if (irq)
			value |= (uint64_t)irq->priority << (8 * i);
	}
	return value;
}

static void wr_priority(const struct access *a, uint64_t value)
{
	for (unsigned int i = 0; i < a->size; i++) {
		struct vgic_irq *irq = irq_of(a, a->index + i);

		if (irq)
			irq->priority = (uint8_t)(value >> (8 * i)) & VGIC_PRIORITY_MASK;
	}
}

/* One CPU interface: a private interrupt targets it and reads so; an SPI may or may not. */
static uint64_t rd_targets(const struct access *a)
{
	uint64_t value = 0;

	for (unsigned int i = 0; i < a->size; i++) {
		struct vgic_irq *irq = irq_of(a, a->index + i);
		unsigned int intid = a->index + i;

		if (irq)
			value |= (uint64_t)(intid < VGIC_NR_PRIVATE ? 1u : irq->targets) << (8 * i);
	}
	return value;
}

static void wr_targets(const struct access *a, uint64_t value)
{
	for (unsigned int i = 0; i < a->size; i++) {
		struct vgic_irq *irq = irq_of(a, a->index + i);

		if (irq && a->index + i >= VGIC_NR_PRIVATE)
			irq->targets = (uint8_t)(value >> (8 * i)) & 1u;
	}
}

/* ICFGR: bit 1 of each field, edge-triggered; SGIs are edge-triggered and read-only. */
static uint64_t rd_config(const struct access *a)
{
	uint64_t value = 0;

	for (unsigned int i = 0; i < a->size * 4; i++) {
		struct vgic_irq *irq = irq_of(a, a->index + i);

		if (irq && irq->edge)
			value |= 2ull << (2 * i);
	}
	return value;
}

static void wr_config(const struct access *a, uint64_t value)
{
	for (unsigned int i = 0; i < a->size * 4; i++) {
		struct vgic_irq *irq = irq_of(a, a->index + i);

		if (irq && a->index + i >= VGIC_NR_SGIS)
			irq->edge = (value >> (2 * i + 1)) & 1;
	}
}

/* ---- single registers */

static uint64_t rd_ctlr(const struct access *a) { return a->v->ctlr; }

static void wr_ctlr(const struct access *a, uint64_t value)
{
	uint32_t fixed = a->v->version == 3 ? GICD_CTLR_ARE | GICD_CTLR_DS : 0;

	a->v->ctlr = ((uint32_t)value & (GICD_CTLR_ENABLE_GRP0 | GICD_CTLR_ENABLE_GRP1)) | fixed;
}

/* ITLinesNumber; GICv3 adds IDbits (10 bits of INTID); one CPU, no security extensions. */
static uint64_t rd_typer(const struct access *a)
{
	uint64_t typer = VGIC_NR_IRQS / 32 - 1;

	return a->v->version == 3 ? typer | 9u << 19 : typer;
}

static uint64_t rd_iidr(const struct access *a) { (void)a; return GIC_IIDR_ARM; }

static uint64_t rd_pidr2(const struct access *a)
{
	return (uint64_t)a->v->version << GIC_PIDR2_ARCH_SHIFT | PIDR2_JEP106;
}

/* GICD_SGIR: target list filter 0 (the list: CPU 0 if named), 1 (the others: none), 2 (self). */
static void wr_sgir(const struct access *a, uint64_t value)
{
	unsigned int filter = (value >> GICD_SGIR_FILTER_SHIFT) & 3;
	unsigned int targets = (value >> GICD_SGIR_TARGETS_SHIFT) & 0xff;

	if ((filter == 0 && (targets & 1)) || filter == 2)
		a->v->irq[value & GICD_SGIR_INTID_MASK].latched = true;
}

/* C/SPENDSGIR: a byte per SGI, a bit per source CPU; the only source is CPU 0. */
static uint64_t rd_sgi_pending(const struct access *a)
{
	uint64_t value = 0;

	for (unsigned int i = 0; i < a->size; i++)
		if (a->v->irq[(a->index + i) % VGIC_NR_SGIS].latched)
			value |= 1ull << (8 * i);
	return value;
}

static void wr_sgi_pending(const struct access *a, uint64_t value, bool set)
{
	for (unsigned int i = 0; i < a->size; i++)
		if ((value >> (8 * i)) & 1)
			a->v->irq[(a->index + i) % VGIC_NR_SGIS].latched = set;
}

static void wr_spendsgir(const struct access *a, uint64_t value) { wr_sgi_pending(a, value, true); }
static void wr_cpendsgir(const struct access *a, uint64_t value) { wr_sgi_pending(a, value, false); }

/* A 64-bit register that also takes 32-bit halves: the half at a->index & 4. */
static uint64_t half(uint64_t reg, const struct access *a)
{
	return a->size == 8 ? reg : (reg >> (8 * (a->index & 4))) & 0xffffffffu;
}

static uint64_t merge(uint64_t reg, const struct access *a, uint64_t value)
{
	unsigned int shift = 8 * (a->index & 4);

	if (a->size == 8)
		return value;
	return (reg & ~(0xffffffffull << shift)) | (value & 0xffffffffu) << shift;
}

static uint64_t rd_irouter(const struct access *a)
{
	return half(a->v->irouter[VGIC_NR_PRIVATE + a->index / 8], a);
}

static void wr_irouter(const struct access *a, uint64_t value)
{
	uint64_t *r = &a->v->irouter[VGIC_NR_PRIVATE + a->index / 8];

	*r = merge(*r, a, value) & GICD_IROUTER_MASK;
}

/* GICR_TYPER: the vCPU's affinity, processor 0, the last (and only) redistributor. */
static uint64_t rd_gicr_typer(const struct access *a)
{
	uint64_t aff = (a->v->mpidr & 0xffffff) | ((a->v->mpidr >> 8) & 0xff000000);

	return half(aff << GICR_TYPER_AFF_SHIFT | GICR_TYPER_LAST, a);
}

static uint64_t rd_waker(const struct access *a) { return a->v->waker; }

/* Waking is immediate: ChildrenAsleep follows ProcessorSleep at once. */
static void wr_waker(const struct access *a, uint64_t value)
{
	a->v->waker = (value & GICR_WAKER_PROCESSOR_SLEEP) ?
		GICR_WAKER_PROCESSOR_SLEEP | GICR_WAKER_CHILDREN_ASLEEP : 0;
}

/* ---- the tables */

/* Per-interrupt registers span all 1024 INTIDs; those past VGIC_NR_IRQS read as zero. */
#define IRQ_REG(off, bits, sizes, rd, wr) { off, 1024 * (bits) / 8, bits, sizes, 0, rd, wr }
#define REG(off, len, sizes, rd, wr) { off, len, 0, sizes, 0, rd, wr }
#define V2_IRQ_REG(off, bits, sizes, rd, wr) { off, 1024 * (bits) / 8, bits, sizes, 2, rd, wr }
#define V2_REG(off, len, sizes, rd, wr) { off, len, 0, sizes, 2, rd, wr }
#define V3_REG(off, len, sizes, rd, wr) { off, len, 0, sizes, 3, rd, wr }

static const struct reg_desc irq_regs[] = {
	IRQ_REG(GICD_IGROUPR, 1, SZ_4, rd_group, wr_group),
	IRQ_REG(GICD_ISENABLER, 1, SZ_4, rd_enable, wr_set_enable),
	IRQ_REG(GICD_ICENABLER, 1, SZ_4, rd_enable, wr_clear_enable),
	IRQ_REG(GICD_ISPENDR, 1, SZ_4, rd_pending, wr_set_pending),
	IRQ_REG(GICD_ICPENDR, 1, SZ_4, rd_pending, wr_clear_pending),
	IRQ_REG(GICD_ISACTIVER, 1, SZ_4, rd_active, wr_set_active),
	IRQ_REG(GICD_ICACTIVER, 1, SZ_4, rd_active, wr_clear_active),
	IRQ_REG(GICD_IPRIORITYR, 8, SZ_1 | SZ_4, rd_priority, wr_priority),
	IRQ_REG(GICD_ICFGR, 2, SZ_4, rd_config, wr_config),
};

static const struct reg_desc gicd_regs[] = {
	REG(GICD_CTLR, 4, SZ_4, rd_ctlr, wr_ctlr),
	REG(GICD_TYPER, 4, SZ_4, rd_typer, NULL),
	REG(GICD_IIDR, 4, SZ_4, rd_iidr, NULL),
	V2_IRQ_REG(GICD_ITARGETSR, 8, SZ_1 | SZ_4, rd_targets, wr_targets),
	V2_REG(GICD_SGIR, 4, SZ_4, NULL, wr_sgir),
	V2_REG(GICD_CPENDSGIR, 16, SZ_1 | SZ_4, rd_sgi_pending, wr_cpendsgir),
	V2_REG(GICD_SPENDSGIR, 16, SZ_1 | SZ_4, rd_sgi_pending, wr_spendsgir),
	V2_REG(GICD_V2_PIDR2, 4, SZ_4, rd_pidr2, NULL),
	V3_REG(GICD_IROUTER + 8 * VGIC_NR_PRIVATE, 8 * (VGIC_NR_IRQS - VGIC_NR_PRIVATE), SZ_4 | SZ_8,
	       rd_irouter, wr_irouter),
	V3_REG(GICD_V3_PIDR2, 4, SZ_4, rd_pidr2, NULL),
};

static const struct reg_desc gicr_rd_regs[] = {
	REG(GICR_CTLR, 4, SZ_4, NULL, NULL),	/* no LPIs: nothing to enable */
	REG(GICR_IIDR, 4, SZ_4, rd_iidr, NULL),
	REG(GICR_TYPER, 8, SZ_4 | SZ_8, rd_gicr_typer, NULL),
	REG(GICR_WAKER, 4, SZ_4, rd_waker, wr_waker),
	REG(GICR_PIDR2, 4, SZ_4, rd_pidr2, NULL),
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const struct reg_desc *find(const struct reg_desc *regs, unsigned int count, uint64_t offset,
				     unsigned int version)
{
	for (unsigned int i = 0; i < count; i++)
		if (offset >= regs[i].offset && offset - regs[i].offset < regs[i].length &&
		    (regs[i].only == 0 || regs[i].only == version))
			return &regs[i];
	return NULL;
}

/* The frames: their own registers, and which INTIDs their per-interrupt registers hold. */
struct frame_desc {
	const struct reg_desc *regs;
	unsigned int count;
	bool irq_regs;		/* the per-interrupt registers too */
	unsigned int lo, hi;
	uint32_t size;
};

static const struct frame_desc gicd_v2 = {
	gicd_regs, ARRAY_SIZE(gicd_regs), true, 0, VGIC_NR_IRQS, VGIC_V2_GICD_SIZE,
};
/* With ARE the private interrupts' GICD registers read as zero and ignore writes. */
static const struct frame_desc gicd_v3 = {
	gicd_regs, ARRAY_SIZE(gicd_regs), true, VGIC_NR_PRIVATE, VGIC_NR_IRQS, VGIC_V3_GICD_SIZE,
};
static const struct frame_desc gicr_rd = {
	gicr_rd_regs, ARRAY_SIZE(gicr_rd_regs), false, 0, 0, VGIC_V3_GICR_SGI_BASE,
};
static const struct frame_desc gicr_sgi = {
	NULL, 0, true, 0, VGIC_NR_PRIVATE, VGIC_V3_GICR_SIZE - VGIC_V3_GICR_SGI_BASE,
};

/* The frame OFFSET falls in; OFFSET becomes the offset in it. NULL: no such frame. */
static const struct frame_desc *frame_of(const struct vgic *v, enum vgic_frame frame, uint64_t *offset)
{
	if (frame == VGIC_FRAME_GICD)
		return v->version == 2 ? &gicd_v2 : &gicd_v3;
	if (frame != VGIC_FRAME_GICR || v->version != 3)
		return NULL;	/* a GICv2 guest has no redistributor */
	if (*offset < VGIC_V3_GICR_SGI_BASE)
		return &gicr_rd;
	*offset -= VGIC_V3_GICR_SGI_BASE;
	return &gicr_sgi;
}

/* Finds the register at OFFSET of FRAME and checks the access; *OUT NULL: reserved space. */
static int decode(struct vgic *v, enum vgic_frame frame, uint64_t offset, unsigned int size,
		  const struct reg_desc **out, struct access *a)
{
	const struct frame_desc *f = frame_of(v, frame, &offset);
	const struct reg_desc *reg;

	if (!f || offset >= f->size)
		return -VGIC_E_RANGE;
	if (size == 0 || size > 8 || (size & (size - 1)) || (offset & (size - 1)))
		return -VGIC_E_ACCESS;
	reg = find(f->regs, f->count, offset, v->version);
	if (!reg && f->irq_regs)
		reg = find(irq_regs, ARRAY_SIZE(irq_regs), offset, v->version);
	*out = reg;
	/* Reserved space reads as zero and ignores writes, for aligned words. */
	if (!reg)
		return size == 4 ? VMM_OK : -VGIC_E_ACCESS;
	if (!(reg->sizes & size))
		return -VGIC_E_ACCESS;
	a->v = v;
	a->size = size;
	a->lo = f->lo;
	a->hi = f->hi;
	a->index = (unsigned int)(offset - reg->offset);
	if (reg->bits_per_irq)
		a->index = a->index * 8 / reg->bits_per_irq;
	return VMM_OK;
}

int vgic_mmio_read(struct vgic *v, enum vgic_frame frame, uint64_t offset, unsigned int size,
		   uint64_t *value)
{
	const struct reg_desc *reg;
	struct access a;
	int err = decode(v, frame, offset, size, &reg, &a);

	*value = 0;
	if (err < 0)
		return err;
	if (reg && reg->read)
		*value = reg->read(&a);
	return VMM_OK;
}

int vgic_mmio_write(struct vgic *v, enum vgic_frame frame, uint64_t offset, unsigned int size,
		    uint64_t value)
{
	const struct reg_desc *reg;
	struct access a;
	int err = decode(v, frame, offset, size, &reg, &a);

	if (err < 0)
		return err;
	if (size < 8)
		value &= (1ull << (8 * size)) - 1;
	if (reg && reg->write)
		reg->write(&a, value);
	return VMM_OK;
}

int vgic_init(struct vgic *v, unsigned int version, uint64_t mpidr)
{
	if (version != 2 && version != 3)
		return -VGIC_E_CONFIG;
	memset(v, 0, sizeof(*v));
	v->version = version;
	v->mpidr = mpidr;
	if (version == 3) {
		v->ctlr = GICD_CTLR_ARE | GICD_CTLR_DS;
		/* Out of reset the redistributor sleeps until the guest clears ProcessorSleep. */
		v->waker = GICR_WAKER_PROCESSOR_SLEEP | GICR_WAKER_CHILDREN_ASLEEP;
	}
	for (unsigned int i = 0; i < VGIC_NR_IRQS; i++) {
		v->irq[i].edge = i < VGIC_NR_SGIS;
		v->irq[i].targets = 1;
		v->irouter[i] = i < VGIC_NR_PRIVATE ? 0 : mpidr & GICD_IROUTER_MASK & ~GICD_IROUTER_IRM;
	}
	return VMM_OK;
}

int vgic_set_line(struct vgic *v, unsigned int intid, bool level)
{
	struct vgic_irq *irq;

	if (intid < VGIC_NR_SGIS || intid >= VGIC_NR_IRQS)
		return -VGIC_E_INTID;
	irq = &v->irq[intid];
	if (irq->edge && level && !irq->line)
		irq->latched = true;
	irq->line = level;
	return VMM_OK;
}

/* Whether an SPI goes to the vCPU: GICv2 by its target bit, GICv3 by IROUTER. */
static bool routed(const struct vgic *v, unsigned int intid)
{
	uint64_t r = v->irouter[intid];
	uint64_t aff = GICD_IROUTER_MASK & ~GICD_IROUTER_IRM;

	if (intid < VGIC_NR_PRIVATE)
		return true;
	if (v->version == 2)
		return v->irq[intid].targets & 1;
	return (r & GICD_IROUTER_IRM) || (r & aff) == (v->mpidr & aff);
}

static bool deliverable(const struct vgic *v, unsigned int intid)
{
	const struct vgic_irq *irq = &v->irq[intid];
	uint32_t group = irq->group1 ? GICD_CTLR_ENABLE_GRP1 : GICD_CTLR_ENABLE_GRP0;

	return vgic_irq_pending(v, intid) && irq->enabled && !irq->active && !irq->in_flight &&
	       (v->ctlr & group) && routed(v, intid);
}

int vgic_next_injection(struct vgic *v, struct vgic_injection *out)
{
	unsigned int best = VGIC_NR_IRQS;

	/* A sleeping redistributor forwards nothing to its CPU. */
	if (v->version == 3 && (v->waker & GICR_WAKER_PROCESSOR_SLEEP))
		return 0;
	for (unsigned int i = 0; i < VGIC_NR_IRQS; i++)
		if (deliverable(v, i) && (best == VGIC_NR_IRQS || v->irq[i].priority < v->irq[best].priority))
			best = i;
	if (best == VGIC_NR_IRQS)
		return 0;
	/* The pending state moves into the list register. */
	v->irq[best].in_flight = true;
	v->irq[best].latched = false;
	out->intid = best;
	out->priority = v->irq[best].priority;
	out->group = v->irq[best].group1;
	return 1;
}

int vgic_eoi(struct vgic *v, unsigned int intid)
{
	if (intid >= VGIC_NR_IRQS)
		return -VGIC_E_INTID;
	if (!v->irq[intid].in_flight)
		return -VGIC_E_STATE;
	v->irq[intid].in_flight = false;
	return VMM_OK;
}

int vgic_cancel_injection(struct vgic *v, unsigned int intid)
{
	struct vgic_irq *irq;

	if (intid >= VGIC_NR_IRQS)
		return -VGIC_E_INTID;
	irq = &v->irq[intid];
	if (!irq->in_flight)
		return -VGIC_E_STATE;
	irq->in_flight = false;
	/* A level line still high is pending by itself; anything else came from a latch. */
	if (irq->edge || !irq->line)
		irq->latched = true;
	return VMM_OK;
}

unsigned int vgic_check(const struct vgic *v)
{
	uint32_t ctlr_bits = GICD_CTLR_ENABLE_GRP0 | GICD_CTLR_ENABLE_GRP1;
	uint32_t sleep = v->waker & GICR_WAKER_PROCESSOR_SLEEP;

	if (v->version != 2 && v->version != 3)
		return VGIC_NR_IRQS + 1;
	if (v->version == 3 && ((v->ctlr & (GICD_CTLR_ARE | GICD_CTLR_DS)) != (GICD_CTLR_ARE | GICD_CTLR_DS) ||
				(sleep ? v->waker != (sleep | GICR_WAKER_CHILDREN_ASLEEP) : v->waker != 0)))
		return VGIC_NR_IRQS + 1;
	if (v->ctlr & ~(ctlr_bits | GICD_CTLR_ARE | GICD_CTLR_DS))
		return VGIC_NR_IRQS + 1;
	for (unsigned int i = 0; i < VGIC_NR_IRQS; i++) {
		const struct vgic_irq *irq = &v->irq[i];

		if ((irq->priority & ~VGIC_PRIORITY_MASK) || irq->targets > 1 ||
		    (i < VGIC_NR_SGIS && (!irq->edge || irq->line)) ||
		    (v->irouter[i] & ~GICD_IROUTER_MASK) || (i < VGIC_NR_PRIVATE && v->irouter[i]))
			return i + 1;
	}
	return 0;
}
