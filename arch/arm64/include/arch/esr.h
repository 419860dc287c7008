/* SPDX-License-Identifier: BSD-2-Clause */
/* Exception syndrome (ESR_ELx) classes the kernel tells apart (Arm ARM D17.2.37). */
#ifndef ARCH_ESR_H
#define ARCH_ESR_H

#define ESR_EC_UNKNOWN		0x00	/* undefined instruction */
#define ESR_EC_WFX		0x01
#define ESR_EC_FP_ACCESS	0x07
#define ESR_EC_ILLEGAL_STATE	0x0e
#define ESR_EC_SVC64		0x15
#define ESR_EC_HVC64		0x16
#define ESR_EC_SMC64		0x17
#define ESR_EC_SYSREG		0x18
#define ESR_EC_IABT_LOWER	0x20
#define ESR_EC_IABT_CURRENT	0x21
#define ESR_EC_PC_ALIGN		0x22
#define ESR_EC_DABT_LOWER	0x24
#define ESR_EC_DABT_CURRENT	0x25
#define ESR_EC_SP_ALIGN		0x26
#define ESR_EC_BRK64		0x3c

/* The exception class field, ESR_ELx[31:26]. */
#define ESR_EC_SHIFT		26
#define ESR_EC_MASK		0x3f
#define ESR_EC(esr)		(((esr) >> ESR_EC_SHIFT) & ESR_EC_MASK)

#endif
