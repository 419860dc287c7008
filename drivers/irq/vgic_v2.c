/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * GICv2's virtual CPU interface: the GICH frame (GIC-400; QEMU virt with
 * virtualization=on). The guest's own view, GICV, is a frame its VMM maps at
 * the guest's GICC address. List registers are converted to and from the
 * kernel's layout (GICv3's, drivers/vgic.h) as they go in and out.
 */
#include <stddef.h>
#include <drivers/vgic.h>

/* GICH registers (GICv2 architecture specification, 5.3). */
#define GICH_HCR		0x000
#define GICH_VTR		0x004
#define GICH_VMCR		0x008
#define GICH_EISR0		0x020
#define GICH_EISR1		0x024
#define GICH_APR		0x0f0
#define GICH_LR(n)		(0x100 + 4 * (n))

#define GICH_VTR_LISTREGS_MASK	0x3fu

/* GICH_LR<n> fields (5.3.11). */
#define GICH_LR_VIRTUALID_MASK	0x3ffu
#define GICH_LR_PHYSICALID_SHIFT 10
#define GICH_LR_EOI		(1u << 19)	/* PhysicalID bit 9 with HW 0: maintenance interrupt on EOI */
#define GICH_LR_PRIORITY_SHIFT	23		/* the top five bits of the priority */
#define GICH_LR_PRIORITY_MASK	0x1fu
#define GICH_LR_STATE_SHIFT	28
#define GICH_LR_GROUP1		(1u << 30)
#define GICH_LR_HW		(1u << 31)

static volatile uint32_t *gich;
static unsigned int lr_count;

static inline uint32_t gich_read(unsigned int offset)
{
	return gich[offset / 4];
}

static inline void gich_write(unsigned int offset, uint32_t value)
{
	gich[offset / 4] = value;
}

static unsigned int vgic_v2_init(const struct vgic_config *config)
{
	if (!config->hyp)
		return 0;	/* the device tree names no GICH frame: no virtualization extensions */
	gich = (volatile uint32_t *)config->hyp;
	lr_count = (gich_read(GICH_VTR) & GICH_VTR_LISTREGS_MASK) + 1;
	if (lr_count > VGIC_MAX_LRS)
		lr_count = VGIC_MAX_LRS;
	gich_write(GICH_HCR, 0);
	return lr_count;
}

static uint32_t lr_to_v2(uint64_t lr)
{
	uint32_t v = (uint32_t)(lr & GICH_LR_VIRTUALID_MASK);

	if (lr & VGIC_LR_HW)
		v |= GICH_LR_HW | (uint32_t)((lr >> VGIC_LR_PINTID_SHIFT) & GICH_LR_VIRTUALID_MASK) << GICH_LR_PHYSICALID_SHIFT;
	else if (lr & VGIC_LR_EOI)
		v |= GICH_LR_EOI;
	v |= (uint32_t)((lr >> (VGIC_LR_PRIORITY_SHIFT + 3)) & GICH_LR_PRIORITY_MASK) << GICH_LR_PRIORITY_SHIFT;
	v |= (uint32_t)((lr & VGIC_LR_STATE_MASK) >> VGIC_LR_STATE_SHIFT) << GICH_LR_STATE_SHIFT;
	if (lr & VGIC_LR_GROUP1)
		v |= GICH_LR_GROUP1;
	return v;
}

static uint64_t lr_from_v2(uint32_t v)
{
	uint64_t lr = v & GICH_LR_VIRTUALID_MASK;

	if (v & GICH_LR_HW)
		lr |= VGIC_LR_HW | (uint64_t)((v >> GICH_LR_PHYSICALID_SHIFT) & GICH_LR_VIRTUALID_MASK) << VGIC_LR_PINTID_SHIFT;
	else if (v & GICH_LR_EOI)
		lr |= VGIC_LR_EOI;
	lr |= (uint64_t)((v >> GICH_LR_PRIORITY_SHIFT) & GICH_LR_PRIORITY_MASK) << (VGIC_LR_PRIORITY_SHIFT + 3);
	lr |= (uint64_t)((v >> GICH_LR_STATE_SHIFT) & 3) << VGIC_LR_STATE_SHIFT;
	if (v & GICH_LR_GROUP1)
		lr |= VGIC_LR_GROUP1;
	return lr;
}

static void vgic_v2_save(struct vgic_cpu_state *s)
{
	for (unsigned int i = 0; i < lr_count; i++)
		s->lr[i] = lr_from_v2(gich_read(GICH_LR(i)));
	s->vmcr = gich_read(GICH_VMCR);
	s->ap0r[0] = gich_read(GICH_APR);
	gich_write(GICH_HCR, 0);
}

static void vgic_v2_restore(const struct vgic_cpu_state *s)
{
	for (unsigned int i = 0; i < lr_count; i++)
		gich_write(GICH_LR(i), lr_to_v2(s->lr[i]));
	gich_write(GICH_VMCR, (uint32_t)s->vmcr);
	gich_write(GICH_APR, (uint32_t)s->ap0r[0]);
	gich_write(GICH_HCR, (uint32_t)s->hcr);
}

static uint64_t vgic_v2_eoi_status(void)
{
	return (uint64_t)gich_read(GICH_EISR1) << 32 | gich_read(GICH_EISR0);
}

static void vgic_v2_set_hcr(uint64_t hcr)
{
	gich_write(GICH_HCR, (uint32_t)hcr);
}

const struct vgic_api vgic_v2_api = {
	.name = "GICv2 virtual interface (GICH)",
	.gic_version = 2,
	.init = vgic_v2_init,
	.save = vgic_v2_save,
	.restore = vgic_v2_restore,
	.eoi_status = vgic_v2_eoi_status,
	.set_hcr = vgic_v2_set_hcr,
};
