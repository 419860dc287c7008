/* SPDX-License-Identifier: BSD-2-Clause */
/* GICv3's virtual CPU interface: the ICH_* system registers at EL2. */
#include <stddef.h>
#include <arch/sysreg.h>
#include <drivers/vgic.h>

#define ICH_VTR_LISTREGS_MASK	0x1fUL
#define ICH_VTR_PRIBITS_SHIFT	29

static unsigned int lr_count, apr_count;

static unsigned int vgic_v3_init(const struct vgic_config *config)
{
	uint64_t vtr = read_sysreg(ich_vtr_el2);
	unsigned int pribits = (unsigned int)(vtr >> ICH_VTR_PRIBITS_SHIFT & 7) + 1;

	(void)config;
	lr_count = (unsigned int)(vtr & ICH_VTR_LISTREGS_MASK) + 1;
	if (lr_count > VGIC_MAX_LRS)
		lr_count = VGIC_MAX_LRS;
	/* One APR per 32 preemption levels: 5 priority bits need one, 6 two, 7 four. */
	apr_count = pribits >= 7 ? 4 : pribits == 6 ? 2 : 1;
	write_sysreg(ich_hcr_el2, 0);
	return lr_count;
}

/* ICH_LR<n>_EL2 by number: each is its own system register. */
#define LR_CASE(n) case n: if (write) write_sysreg(ich_lr##n##_el2, value); else value = read_sysreg(ich_lr##n##_el2); break
static uint64_t access_lr(unsigned int n, bool write, uint64_t value)
{
	switch (n) {
	LR_CASE(0); LR_CASE(1); LR_CASE(2); LR_CASE(3); LR_CASE(4); LR_CASE(5); LR_CASE(6); LR_CASE(7);
	LR_CASE(8); LR_CASE(9); LR_CASE(10); LR_CASE(11); LR_CASE(12); LR_CASE(13); LR_CASE(14); LR_CASE(15);
	}
	return value;
}

/* ICH_AP0R<n>/AP1R<n>_EL2, likewise. */
#define APR_SAVE(n) case n: s->ap0r[n] = read_sysreg(ich_ap0r##n##_el2); s->ap1r[n] = read_sysreg(ich_ap1r##n##_el2); break
#define APR_RESTORE(n) case n: write_sysreg(ich_ap0r##n##_el2, s->ap0r[n]); write_sysreg(ich_ap1r##n##_el2, s->ap1r[n]); break
static void save_aprs(struct vgic_cpu_state *s)
{
	for (unsigned int n = 0; n < apr_count; n++) {
		switch (n) {
		APR_SAVE(0); APR_SAVE(1); APR_SAVE(2); APR_SAVE(3);
		}
	}
}

static void restore_aprs(const struct vgic_cpu_state *s)
{
	for (unsigned int n = 0; n < apr_count; n++) {
		switch (n) {
		APR_RESTORE(0); APR_RESTORE(1); APR_RESTORE(2); APR_RESTORE(3);
		}
	}
}

static void vgic_v3_save(struct vgic_cpu_state *s)
{
	for (unsigned int i = 0; i < lr_count; i++)
		s->lr[i] = access_lr(i, false, 0);
	s->vmcr = read_sysreg(ich_vmcr_el2);
	save_aprs(s);
	write_sysreg(ich_hcr_el2, 0);
}

static void vgic_v3_restore(const struct vgic_cpu_state *s)
{
	for (unsigned int i = 0; i < lr_count; i++)
		access_lr(i, true, s->lr[i]);
	write_sysreg(ich_vmcr_el2, s->vmcr);
	restore_aprs(s);
	write_sysreg(ich_hcr_el2, s->hcr);
}

static uint64_t vgic_v3_eoi_status(void)
{
	return read_sysreg(ich_eisr_el2);
}

static void vgic_v3_set_hcr(uint64_t hcr)
{
	write_sysreg(ich_hcr_el2, hcr);
}

const struct vgic_api vgic_v3_api = {
	.name = "GICv3 virtual interface",
	.gic_version = 3,
	.init = vgic_v3_init,
	.save = vgic_v3_save,
	.restore = vgic_v3_restore,
	.eoi_status = vgic_v3_eoi_status,
	.set_hcr = vgic_v3_set_hcr,
};
