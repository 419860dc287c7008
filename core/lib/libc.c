/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The rest of libkauri's small C library: what prebuilt static libraries
 * (Debian's arm64 mbedtls) expect of a C library — stdio to the console,
 * a heap, gmtime_r, the stack protector and fortify entry points.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <klib/printf.h>
#include <kauri/debug.h>

struct tm;

int __printf_chk(int flag, const char *fmt, ...);
int puts(const char *s);
int putchar(int c);
void *malloc(size_t size);
void *calloc(size_t count, size_t size);
void free(void *ptr);
struct tm *gmtime_r(const int64_t *timep, struct tm *result);
void __stack_chk_fail(void) __attribute__((noreturn));

static void emit_console(void *ctx, char c)
{
	(void)ctx;
	kauri_console_putchar(c);
}

/* glibc's fortified printf: the flag only asks for extra %n checks, which vformat never honours. */
int __printf_chk(int flag, const char *fmt, ...)
{
	va_list ap;
	int n;

	(void)flag;
	va_start(ap, fmt);
	n = vformat(emit_console, NULL, fmt, ap);
	va_end(ap);
	return n;
}

int putchar(int c)
{
	kauri_console_putchar((char)c);
	return (unsigned char)c;
}

int puts(const char *s)
{
	while (*s)
		kauri_console_putchar(*s++);
	kauri_console_putchar('\n');
	return 1;
}

/*
 * A first-fit heap over a fixed region with a header per block; free blocks
 * merge with a following free block. Kauri's own code never allocates (apps
 * have the heap_pages their manifest gives them): calloc and free are here for
 * mbedtls, whose SHA-256 self-test uses them (it is linked into the root
 * server with the hashes, and never called).
 */
#define HEAP_SIZE	(64 * 1024)
#define BLOCK_ALIGN	16

struct block {
	size_t size;		/* bytes after the header */
	size_t free;
};

static uint8_t heap[HEAP_SIZE] __attribute__((aligned(BLOCK_ALIGN)));
static int heap_ready;

static void heap_init(void)
{
	struct block *b = (struct block *)heap;

	b->size = HEAP_SIZE - sizeof(*b);
	b->free = 1;
	heap_ready = 1;
}

void *malloc(size_t size)
{
	uint8_t *p = heap;

	if (!heap_ready)
		heap_init();
	if (size == 0 || size > HEAP_SIZE)
		return NULL;
	size = (size + BLOCK_ALIGN - 1) & ~(size_t)(BLOCK_ALIGN - 1);
	while (p < heap + HEAP_SIZE) {
		struct block *b = (struct block *)p;
		struct block *next = (struct block *)(p + sizeof(*b) + b->size);

		/* Merge following free blocks first. */
		while (b->free && (uint8_t *)next < heap + HEAP_SIZE && next->free) {
			b->size += sizeof(*next) + next->size;
			next = (struct block *)(p + sizeof(*b) + b->size);
		}
		if (b->free && b->size >= size) {
			if (b->size >= size + sizeof(struct block) + BLOCK_ALIGN) {
				struct block *rest = (struct block *)(p + sizeof(*b) + size);

				rest->size = b->size - size - sizeof(*rest);
				rest->free = 1;
				b->size = size;
			}
			b->free = 0;
			return p + sizeof(*b);
		}
		p += sizeof(*b) + b->size;
	}
	return NULL;
}

void *calloc(size_t count, size_t size)
{
	void *p;

	if (size && count > (size_t)-1 / size)
		return NULL;
	p = malloc(count * size);
	if (p)
		memset(p, 0, count * size);
	return p;
}

void free(void *ptr)
{
	if (ptr)
		((struct block *)((uint8_t *)ptr - sizeof(struct block)))->free = 1;
}

/* struct tm as C and glibc lay it out (the caller's, from mbedtls). */
struct tm {
	int tm_sec, tm_min, tm_hour, tm_mday, tm_mon, tm_year, tm_wday, tm_yday, tm_isdst;
	long tm_gmtoff;
	const char *tm_zone;
};

/* Seconds since 1970 to UTC calendar time (days-from-civil inverted). */
struct tm *gmtime_r(const int64_t *timep, struct tm *r)
{
	int64_t t = *timep, days = t / 86400, secs = t % 86400;
	int64_t era, doe, yoe, doy, mp, y;

	if (secs < 0) {
		secs += 86400;
		days--;
	}
	r->tm_hour = (int)(secs / 3600);
	r->tm_min = (int)(secs / 60 % 60);
	r->tm_sec = (int)(secs % 60);
	r->tm_wday = (int)((days % 7 + 11) % 7);	/* 1970-01-01 was a Thursday */
	days += 719468;
	era = (days >= 0 ? days : days - 146096) / 146097;
	doe = days - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	r->tm_mday = (int)(doy - (153 * mp + 2) / 5 + 1);
	r->tm_mon = (int)(mp < 10 ? mp + 2 : mp - 10);
	y += r->tm_mon <= 1;
	r->tm_year = (int)(y - 1900);
	r->tm_yday = 0;
	r->tm_isdst = 0;
	r->tm_gmtoff = 0;
	r->tm_zone = "UTC";
	return r;
}

uintptr_t __stack_chk_guard = 0x2f8a1b3c5d7e9f01ULL;

void __stack_chk_fail(void)
{
	kauri_printf("libkauri: stack smashing detected\n");
	kauri_fatal_exit(134);
}
