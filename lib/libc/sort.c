/* SPDX-License-Identifier: BSD-2-Clause */
/* Heapsort: O(n log n) in the worst case, constant stack, no memory of its own. */
#include <stdint.h>
#include <klib/sort.h>

static void swap_bytes(uint8_t *a, uint8_t *b, size_t size)
{
	for (size_t i = 0; i < size; i++) {
		uint8_t t = a[i];

		a[i] = b[i];
		b[i] = t;
	}
}

/* Moves element ROOT down the max-heap of COUNT elements until both children are no larger. */
static void sift_down(uint8_t *base, size_t root, size_t count, size_t size,
		      int (*compare)(const void *a, const void *b))
{
	for (;;) {
		size_t child = 2 * root + 1;

		if (child >= count)
			return;
		if (child + 1 < count && compare(base + child * size, base + (child + 1) * size) < 0)
			child++;
		if (compare(base + root * size, base + child * size) >= 0)
			return;
		swap_bytes(base + root * size, base + child * size, size);
		root = child;
	}
}

void sort(void *base, size_t count, size_t size, int (*compare)(const void *a, const void *b))
{
	uint8_t *bytes = base;

	if (count < 2)
		return;
	for (size_t i = count / 2; i-- > 0;)
		sift_down(bytes, i, count, size, compare);
	for (size_t end = count - 1; end > 0; end--) {
		swap_bytes(bytes, bytes + end * size, size);
		sift_down(bytes, 0, end, size, compare);
	}
}
