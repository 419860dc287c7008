/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * counter: prints the generic timer's virtual count in seconds since it started, for make
 * bench-vmm. QEMU starts the counter at the machine's reset and neither bare QEMU nor Kauri's
 * VMM offsets the guest's view (CNTVOFF_EL2 0), so what the guest's init prints is its time from
 * reset, the same measure in both. Freestanding: the guest's initrd has no C library.
 */
#define SYS_WRITE	64
#define SYS_EXIT	93

static long syscall3(long number, long a, long b, long c)
{
	register long x8 __asm__("x8") = number, x0 __asm__("x0") = a, x1 __asm__("x1") = b, x2 __asm__("x2") = c;

	__asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");
	return x0;
}

/* DIGITS decimal digits of V, zero-padded, at the end of P; the start of them. */
static char *put_digits(char *p, unsigned long v, int digits)
{
	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (--digits > 0 || v);
	return p;
}

void _start(void)
{
	unsigned long count, freq;
	char buf[48], *end = buf + sizeof(buf), *p;

	/* Linux lets user code read the virtual count (its vDSO does). */
	__asm__ volatile("isb; mrs %0, cntvct_el0; mrs %1, cntfrq_el0" : "=r"(count), "=r"(freq));
	if (!freq)
		syscall3(SYS_EXIT, 1, 0, 0);
	*--end = '\n';
	/* Seconds to the microsecond, without dividing past 64 bits: count % freq < freq. */
	p = put_digits(end, (count % freq) * 1000000 / freq, 6);
	*--p = '.';
	p = put_digits(p, count / freq, 1);
	syscall3(SYS_WRITE, 1, (long)p, end + 1 - p);
	syscall3(SYS_EXIT, 0, 0, 0);
	for (;;)
		;
}
