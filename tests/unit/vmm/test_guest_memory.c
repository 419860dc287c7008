/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Guest RAM made on first touch (vmm/guest_memory.c): each page made once, only pages a pointer
 * covers, nothing made for a range outside RAM, and a page that cannot be made gives no pointer.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "guest_memory.h"

#define PAGES		8u
#define RAM_IPA		0x40000000ull
#define PAGE		GUEST_MEMORY_PAGE_SIZE

struct fake_ram {
	struct guest_memory_pages pages;	/* first: the callback gets this pointer */
	unsigned int made[PAGES];		/* calls per page */
	unsigned int calls;
	uint64_t order[4 * PAGES];		/* pages in the order they were asked for */
	int fail_page;				/* -1, or the page whose making fails */
	struct guest_memory mem;
	uint8_t *host;
};

static int make_page(struct guest_memory_pages *pages, uint64_t index)
{
	struct fake_ram *r = (struct fake_ram *)pages;

	assert_true(index < PAGES);
	if (r->calls < 4 * PAGES)
		r->order[r->calls] = index;
	r->calls++;
	if ((int)index == r->fail_page)
		return -1;
	r->made[index]++;
	return 0;
}

static int setup(void **state)
{
	struct fake_ram *r = calloc(1, sizeof(*r));

	assert_non_null(r);
	/* Only addresses are compared: the host range is never touched. */
	r->host = (uint8_t *)0x10000000;
	r->fail_page = -1;
	r->pages.make = make_page;
	guest_memory_init(&r->mem, r->host, RAM_IPA, PAGES * PAGE);
	guest_memory_on_demand(&r->mem, &r->pages);
	*state = r;
	return 0;
}

static int teardown(void **state)
{
	free(*state);
	return 0;
}

static void each_page_made_once(void **state)
{
	struct fake_ram *r = *state;

	assert_int_equal(guest_memory_made(&r->mem), 0);
	assert_false(guest_memory_present(&r->mem, RAM_IPA));
	assert_ptr_equal(guest_memory_ptr(&r->mem, RAM_IPA + 16, 4), r->host + 16);
	assert_int_equal(r->calls, 1);
	assert_int_equal(r->made[0], 1);
	assert_true(guest_memory_present(&r->mem, RAM_IPA + PAGE - 1));
	assert_false(guest_memory_present(&r->mem, RAM_IPA + PAGE));
	/* Again, anywhere in the same page: nothing more is made. */
	assert_non_null(guest_memory_ptr(&r->mem, RAM_IPA + PAGE - 1, 1));
	assert_int_equal(r->calls, 1);
	assert_int_equal(guest_memory_made(&r->mem), PAGE);
}

static void range_across_pages(void **state)
{
	struct fake_ram *r = *state;

	/* From the last byte of page 2 into page 4: pages 2, 3 and 4, in that order. */
	assert_ptr_equal(guest_memory_ptr(&r->mem, RAM_IPA + 3 * PAGE - 1, PAGE + 2), r->host + 3 * PAGE - 1);
	assert_int_equal(r->calls, 3);
	assert_int_equal(r->order[0], 2);
	assert_int_equal(r->order[1], 3);
	assert_int_equal(r->order[2], 4);
	assert_int_equal(r->made[1], 0);
	assert_int_equal(r->made[5], 0);
	/* The last byte of RAM makes the last page alone. */
	assert_non_null(guest_memory_ptr(&r->mem, RAM_IPA + PAGES * PAGE - 1, 1));
	assert_int_equal(r->calls, 4);
	assert_int_equal(r->made[PAGES - 1], 1);
	assert_int_equal(guest_memory_made(&r->mem), 4 * PAGE);
}

static void nothing_made_outside_ram(void **state)
{
	struct fake_ram *r = *state;

	assert_null(guest_memory_ptr(&r->mem, RAM_IPA - 1, 2));		/* starts below RAM */
	assert_null(guest_memory_ptr(&r->mem, RAM_IPA + PAGES * PAGE - 1, 2));	/* one byte past the end */
	assert_null(guest_memory_ptr(&r->mem, RAM_IPA + PAGE, UINT64_MAX));	/* ipa + len wraps */
	assert_null(guest_memory_ptr(&r->mem, RAM_IPA, 0));			/* empty */
	assert_null(guest_memory_ptr(&r->mem, UINT64_MAX, 1));
	assert_int_equal(r->calls, 0);
	assert_false(guest_memory_contains(&r->mem, RAM_IPA - 1));
	assert_false(guest_memory_contains(&r->mem, RAM_IPA + PAGES * PAGE));
	assert_true(guest_memory_contains(&r->mem, RAM_IPA + PAGES * PAGE - 1));
	assert_false(guest_memory_present(&r->mem, RAM_IPA + PAGES * PAGE));
}

static void page_that_cannot_be_made(void **state)
{
	struct fake_ram *r = *state;

	r->fail_page = 3;
	/* Pages 2 and 3: 2 is made, 3 is not, and no pointer comes back. */
	assert_null(guest_memory_ptr(&r->mem, RAM_IPA + 2 * PAGE, 2 * PAGE));
	assert_true(guest_memory_present(&r->mem, RAM_IPA + 2 * PAGE));
	assert_false(guest_memory_present(&r->mem, RAM_IPA + 3 * PAGE));
	/* Asked again, it is tried again (and made once it can be). */
	r->fail_page = -1;
	assert_non_null(guest_memory_ptr(&r->mem, RAM_IPA + 3 * PAGE, 1));
	assert_int_equal(r->made[2], 1);
	assert_int_equal(r->made[3], 1);
	assert_int_equal(r->calls, 3);
}

static void all_present_without_pages(void **state)
{
	struct guest_memory m;
	uint8_t ram[64];

	(void)state;
	guest_memory_init(&m, ram, 0x1000, sizeof(ram));
	assert_true(guest_memory_present(&m, 0x1000));
	assert_false(guest_memory_present(&m, 0x1040));
	assert_int_equal(guest_memory_made(&m), sizeof(ram));
}

static void ram_cut_to_what_the_bitmap_holds(void **state)
{
	struct fake_ram *r = *state;

	guest_memory_init(&r->mem, r->host, RAM_IPA, (uint64_t)(GUEST_MEMORY_MAX_PAGES + 1) * PAGE);
	guest_memory_on_demand(&r->mem, &r->pages);
	assert_int_equal(r->mem.size, (uint64_t)GUEST_MEMORY_MAX_PAGES * PAGE);
	assert_false(guest_memory_contains(&r->mem, RAM_IPA + (uint64_t)GUEST_MEMORY_MAX_PAGES * PAGE));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(each_page_made_once, setup, teardown),
		cmocka_unit_test_setup_teardown(range_across_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(nothing_made_outside_ram, setup, teardown),
		cmocka_unit_test_setup_teardown(page_that_cannot_be_made, setup, teardown),
		cmocka_unit_test(all_present_without_pages),
		cmocka_unit_test_setup_teardown(ram_cut_to_what_the_bitmap_holds, setup, teardown),
	};

	return cmocka_run_group_tests_name("vmm guest memory", tests, NULL, NULL);
}
