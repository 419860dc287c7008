/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer target: the VMM's GIC distributor (vmm/vgic_distributor.c) under a hostile guest's
 * MMIO reads and writes of any offset and size, device lines going up and down, injections,
 * EOIs and refused injections. After every step its invariants hold, a read gives no more bits
 * than its size, and an injection names an INTID the distributor has, pending, enabled, not
 * active and not already in flight.
 */
#include <stdint.h>
#include <stddef.h>
#include <string.h>
#include "vgic_distributor.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct input {
	const uint8_t *p;
	size_t left;
};

static uint64_t take(struct input *in, unsigned int bytes)
{
	uint64_t v = 0;

	for (unsigned int i = 0; i < bytes && in->left; i++, in->left--)
		v |= (uint64_t)*in->p++ << (8 * i);
	return v;
}

static void check(const struct vgic *v)
{
	if (vgic_check(v) != 0)
		__builtin_trap();
}

static void mmio(struct vgic *v, struct input *in, enum vgic_frame frame, bool write)
{
	uint64_t offset = take(in, 3) & 0x3ffff;
	unsigned int size = 1u << (take(in, 1) & 3);
	uint64_t value = write ? take(in, 8) : 0;
	int err;

	if (write) {
		err = vgic_mmio_write(v, frame, offset, size, value);
	} else {
		err = vgic_mmio_read(v, frame, offset, size, &value);
		if (size < 8 && (value >> (8 * size)) != 0)
			__builtin_trap();
		if (err < 0 && value != 0)
			__builtin_trap();
	}
	if (err != 0 && err != -VGIC_E_ACCESS && err != -VGIC_E_RANGE)
		__builtin_trap();
}

static void inject(struct vgic *v)
{
	struct vgic before = *v;
	struct vgic_injection inj;
	const struct vgic_irq *irq;

	if (!vgic_next_injection(v, &inj))
		return;
	if (inj.intid >= VGIC_NR_IRQS)
		__builtin_trap();
	irq = &before.irq[inj.intid];
	if (!vgic_irq_pending(&before, inj.intid) || !irq->enabled || irq->active || irq->in_flight ||
	    !v->irq[inj.intid].in_flight || inj.priority != irq->priority || inj.group != irq->group1)
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vgic v;
	struct input in = { data, size };
	unsigned int version = (take(&in, 1) & 1) ? 3 : 2;
	unsigned int last = 0;

	if (vgic_init(&v, version, take(&in, 1) << 8 | 0x80000000u) != 0)
		__builtin_trap();
	while (in.left) {
		unsigned int op = take(&in, 1) % 8;
		unsigned int intid = (unsigned int)take(&in, 2) % (VGIC_NR_IRQS + 8);

		switch (op) {
		case 0: mmio(&v, &in, VGIC_FRAME_GICD, false); break;
		case 1: mmio(&v, &in, VGIC_FRAME_GICD, true); break;
		case 2: mmio(&v, &in, VGIC_FRAME_GICR, false); break;
		case 3: mmio(&v, &in, VGIC_FRAME_GICR, true); break;
		case 4: {
			int err = vgic_set_line(&v, intid, intid & 1);

			if (err != 0 && err != -VGIC_E_INTID)
				__builtin_trap();
			break;
		}
		case 5: inject(&v); break;
		case 6: {
			bool was = intid < VGIC_NR_IRQS && v.irq[intid].in_flight;
			int err = vgic_eoi(&v, (intid & 8) ? last : intid);

			if ((intid & 8) == 0 && (err == 0) != was)
				__builtin_trap();
			break;
		}
		default:
			(void)vgic_cancel_injection(&v, intid);
			break;
		}
		if (op == 5 || op == 4)
			last = intid;
		check(&v);
	}
	return 0;
}
