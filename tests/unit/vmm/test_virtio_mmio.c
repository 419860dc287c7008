/* SPDX-License-Identifier: BSD-2-Clause */
/* The virtio-mmio v2 register model, driven as a guest's driver would, on a stand-in device. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "test_guest.h"
#include "virtio_mmio.h"

#define FAKE_FEATURE	5
#define FAKE_ID		42u

struct fake {
	struct virtio_mmio mmio;
	uint8_t config[8];
	int notifies, resets;
	uint16_t last_queue;
	int64_t answer;		/* what the handler returns for each chain */
};

static uint64_t fake_features(const struct virtio_mmio *dev)
{
	(void)dev;
	return VIRTIO_BIT(FAKE_FEATURE);
}

static void fake_config_read(struct virtio_mmio *dev, uint32_t offset, uint32_t size, uint32_t *value)
{
	struct fake *f = dev->data;

	*value = 0;
	memcpy(value, f->config + offset, size);
}

static int64_t fake_handle(struct virtio_mmio *dev, const struct virtq_chain *chain)
{
	struct fake *f = dev->data;

	(void)chain;
	return f->answer;
}

static void fake_notify(struct virtio_mmio *dev, uint16_t queue)
{
	struct fake *f = dev->data;

	f->notifies++;
	f->last_queue = queue;
	virtio_mmio_serve_queue(dev, queue, fake_handle);
}

static void fake_reset(struct virtio_mmio *dev)
{
	((struct fake *)dev->data)->resets++;
}

static const struct virtio_device_ops fake_ops = {
	.device_id = FAKE_ID,
	.num_queues = 2,
	.queue_num_max = 16,
	.max_chain_bytes = 4096,
	.config_size = 8,
	.features = fake_features,
	.config_read = fake_config_read,
	.queue_notify = fake_notify,
	.reset = fake_reset,
};

struct fixture {
	struct test_guest g;
	struct fake dev;
	struct test_vq vq[2];
};

static int setup(void **state)
{
	static struct fixture f;

	memset(&f, 0, sizeof(f));
	test_guest_init(&f.g);
	memcpy(f.dev.config, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
	virtio_mmio_init(&f.dev.mmio, &fake_ops, &f.dev, &f.g.mem);
	*state = &f;
	return 0;
}

static void identity(void **state)
{
	struct virtio_mmio *d = &((struct fixture *)*state)->dev.mmio;

	assert_int_equal(test_mmio_read(d, VIRTIO_MMIO_MAGIC_VALUE), 0x74726976);
	assert_int_equal(test_mmio_read(d, VIRTIO_MMIO_VERSION_REG), 2);
	assert_int_equal(test_mmio_read(d, VIRTIO_MMIO_DEVICE_ID), FAKE_ID);
	assert_int_equal(test_mmio_read(d, VIRTIO_MMIO_VENDOR_ID_REG), VIRTIO_MMIO_VENDOR_ID);
	assert_int_equal(test_mmio_read(d, VIRTIO_MMIO_STATUS), 0);
	test_mmio_write(d, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	assert_int_equal(test_mmio_read(d, VIRTIO_MMIO_DEVICE_FEATURES), 1u << FAKE_FEATURE);
	test_mmio_write(d, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	assert_int_equal(test_mmio_read(d, VIRTIO_MMIO_DEVICE_FEATURES), 1);	/* VERSION_1 */
	test_mmio_write(d, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 2);
	assert_int_equal(test_mmio_read(d, VIRTIO_MMIO_DEVICE_FEATURES), 0);
}

static void negotiate(struct virtio_mmio *d, uint32_t low, uint32_t high)
{
	test_mmio_write(d, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	test_mmio_write(d, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	test_mmio_write(d, VIRTIO_MMIO_DRIVER_FEATURES, low);
	test_mmio_write(d, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	test_mmio_write(d, VIRTIO_MMIO_DRIVER_FEATURES, high);
}

static const uint32_t ack_driver = VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER;

static void features_accepted(void **state)
{
	struct virtio_mmio *d = &((struct fixture *)*state)->dev.mmio;

	negotiate(d, 1u << FAKE_FEATURE, 1);
	test_mmio_write(d, VIRTIO_MMIO_STATUS, ack_driver | VIRTIO_STATUS_FEATURES_OK);
	assert_int_equal(test_mmio_read(d, VIRTIO_MMIO_STATUS), ack_driver | VIRTIO_STATUS_FEATURES_OK);
	assert_true(virtio_mmio_has_feature(d, FAKE_FEATURE));
	assert_true(virtio_mmio_has_feature(d, VIRTIO_F_VERSION_1));
	/* Features are fixed once accepted. */
	assert_int_equal(virtio_mmio_write(d, VIRTIO_MMIO_DRIVER_FEATURES, 4, 0), -VIRTIO_ERR_STATE);
	assert_true(virtio_mmio_has_feature(d, VIRTIO_F_VERSION_1));
}

static void features_without_version_1(void **state)
{
	struct virtio_mmio *d = &((struct fixture *)*state)->dev.mmio;

	negotiate(d, 1u << FAKE_FEATURE, 0);		/* a legacy driver */
	assert_int_equal(virtio_mmio_write(d, VIRTIO_MMIO_STATUS, 4, ack_driver | VIRTIO_STATUS_FEATURES_OK),
			 -VIRTIO_ERR_FEATURES);
	assert_int_equal(test_mmio_read(d, VIRTIO_MMIO_STATUS), ack_driver);
	/* Nor may it go on to DRIVER_OK. */
	assert_int_equal(virtio_mmio_write(d, VIRTIO_MMIO_STATUS, 4, ack_driver | VIRTIO_STATUS_DRIVER_OK),
			 -VIRTIO_ERR_STATE);
	assert_int_equal(test_mmio_read(d, VIRTIO_MMIO_STATUS), ack_driver);
}

static void features_not_offered(void **state)
{
	struct virtio_mmio *d = &((struct fixture *)*state)->dev.mmio;

	negotiate(d, 1u << VIRTIO_F_INDIRECT_DESC, 1);
	assert_int_equal(virtio_mmio_write(d, VIRTIO_MMIO_STATUS, 4, ack_driver | VIRTIO_STATUS_FEATURES_OK),
			 -VIRTIO_ERR_FEATURES);
	test_mmio_write(d, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 2);
	assert_int_equal(virtio_mmio_write(d, VIRTIO_MMIO_DRIVER_FEATURES, 4, 1), -VIRTIO_ERR_FEATURES);
}

static void status_bits_only_added(void **state)
{
	struct virtio_mmio *d = &((struct fixture *)*state)->dev.mmio;

	test_mmio_write(d, VIRTIO_MMIO_STATUS, ack_driver);
	assert_int_equal(virtio_mmio_write(d, VIRTIO_MMIO_STATUS, 4, VIRTIO_STATUS_ACKNOWLEDGE),
			 -VIRTIO_ERR_STATE);
	assert_int_equal(test_mmio_read(d, VIRTIO_MMIO_STATUS), ack_driver);
}

static void queue_setup(void **state)
{
	struct fixture *f = *state;
	struct virtio_mmio *d = &f->dev.mmio;

	test_mmio_bring_up(d, &f->g, f->vq, 2);
	test_mmio_write(d, VIRTIO_MMIO_QUEUE_SEL, 1);
	assert_int_equal(test_mmio_read(d, VIRTIO_MMIO_QUEUE_NUM_MAX), 16);
	assert_int_equal(test_mmio_read(d, VIRTIO_MMIO_QUEUE_READY), 1);
	assert_int_equal(d->queues[1].desc_ipa, f->vq[1].desc);
	assert_int_equal(d->queues[1].used_ipa, f->vq[1].used);
	/* A running queue's layout is not the driver's to change. */
	assert_int_equal(virtio_mmio_write(d, VIRTIO_MMIO_QUEUE_NUM, 4, 8), -VIRTIO_ERR_STATE);
	assert_int_equal(virtio_mmio_write(d, VIRTIO_MMIO_QUEUE_DESC_LOW, 4, 0), -VIRTIO_ERR_STATE);
	/* A queue the device does not have. */
	test_mmio_write(d, VIRTIO_MMIO_QUEUE_SEL, 2);
	assert_int_equal(test_mmio_read(d, VIRTIO_MMIO_QUEUE_NUM_MAX), 0);
	assert_int_equal(virtio_mmio_write(d, VIRTIO_MMIO_QUEUE_READY, 4, 1), -VIRTIO_ERR_STATE);
	/* Stopping a queue, then changing it, is allowed. */
	test_mmio_write(d, VIRTIO_MMIO_QUEUE_SEL, 1);
	test_mmio_write(d, VIRTIO_MMIO_QUEUE_READY, 0);
	assert_int_equal(test_mmio_read(d, VIRTIO_MMIO_QUEUE_READY), 0);
	test_mmio_write(d, VIRTIO_MMIO_QUEUE_NUM, 8);
	assert_int_equal(d->queues[1].num, 8);
}

static void queue_setup_refused(void **state)
{
	struct fixture *f = *state;
	struct virtio_mmio *d = &f->dev.mmio;

	negotiate(d, 0, 1);
	/* Before FEATURES_OK a queue cannot start. */
	test_vq_layout(&f->g, &f->vq[0], 16);
	test_mmio_write(d, VIRTIO_MMIO_QUEUE_SEL, 0);
	assert_int_equal(virtio_mmio_write(d, VIRTIO_MMIO_QUEUE_READY, 4, 1), -VIRTIO_ERR_STATE);
	test_mmio_write(d, VIRTIO_MMIO_STATUS, ack_driver | VIRTIO_STATUS_FEATURES_OK);
	f->vq[0].used = TEST_RAM_IPA + TEST_RAM_SIZE;		/* used ring outside RAM */
	test_mmio_setup_queue(d, 0, &f->vq[0]);
	assert_int_equal(test_mmio_read(d, VIRTIO_MMIO_QUEUE_READY), 0);
	assert_true(test_mmio_read(d, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET);
	assert_int_equal(d->error, -VIRTIO_ERR_QUEUE_SETUP);
}

static void notify_and_interrupt(void **state)
{
	struct fixture *f = *state;
	struct virtio_mmio *d = &f->dev.mmio;
	uint64_t b = test_alloc(&f->g, 8);
	struct test_buf buf = { b, 8, true };
	uint32_t len;

	/* Before DRIVER_OK a notify runs nothing. */
	test_mmio_write(d, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	assert_int_equal(f->dev.notifies, 0);
	test_mmio_bring_up(d, &f->g, f->vq, 2);
	f->dev.answer = 3;
	test_vq_chain(&f->g, &f->vq[1], &buf, 1);
	assert_int_equal(test_mmio_write(d, VIRTIO_MMIO_QUEUE_NOTIFY, 1), VIRTIO_IRQ_RAISE);
	assert_int_equal(f->dev.notifies, 1);
	assert_int_equal(f->dev.last_queue, 1);
	assert_int_equal(test_vq_used_idx(&f->g, &f->vq[1]), 1);
	test_vq_used(&f->g, &f->vq[1], 0, &len);
	assert_int_equal(len, 3);
	assert_int_equal(test_mmio_read(d, VIRTIO_MMIO_INTERRUPT_STATUS), VIRTIO_MMIO_INT_VRING);
	assert_int_equal(test_mmio_write(d, VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_MMIO_INT_VRING), VIRTIO_IRQ_LOWER);
	assert_int_equal(test_mmio_read(d, VIRTIO_MMIO_INTERRUPT_STATUS), 0);
	/* A notify for a queue that does not exist is ignored. */
	assert_int_equal(test_mmio_write(d, VIRTIO_MMIO_QUEUE_NOTIFY, 7), VIRTIO_IRQ_NONE);
	assert_int_equal(f->dev.notifies, 1);
}

static void hostile_chain_needs_reset(void **state)
{
	struct fixture *f = *state;
	struct virtio_mmio *d = &f->dev.mmio;

	test_mmio_bring_up(d, &f->g, f->vq, 2);
	test_vq_publish(&f->g, &f->vq[0], 200);			/* head past the table */
	assert_int_equal(test_mmio_write(d, VIRTIO_MMIO_QUEUE_NOTIFY, 0), VIRTIO_IRQ_RAISE);
	assert_true(test_mmio_read(d, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET);
	assert_int_equal(test_mmio_read(d, VIRTIO_MMIO_INTERRUPT_STATUS), VIRTIO_MMIO_INT_CONFIG);
	assert_int_equal(d->error, -VIRTIO_ERR_HEAD_RANGE);
	/* Until the reset, the device runs nothing more. */
	test_mmio_write(d, VIRTIO_MMIO_QUEUE_NOTIFY, 1);
	assert_int_equal(f->dev.notifies, 1);
	/* The driver's status writes carry NEEDS_RESET back; they do not clear it. */
	test_mmio_write(d, VIRTIO_MMIO_STATUS, test_mmio_read(d, VIRTIO_MMIO_STATUS) | VIRTIO_STATUS_FAILED);
	assert_true(test_mmio_read(d, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET);
}

static void handler_error_needs_reset(void **state)
{
	struct fixture *f = *state;
	struct virtio_mmio *d = &f->dev.mmio;
	uint64_t b = test_alloc(&f->g, 8);
	struct test_buf buf = { b, 8, false };

	test_mmio_bring_up(d, &f->g, f->vq, 2);
	f->dev.answer = -VIRTIO_ERR_LAYOUT;
	test_vq_chain(&f->g, &f->vq[0], &buf, 1);
	test_mmio_notify(d, 0);
	assert_int_equal(d->error, -VIRTIO_ERR_LAYOUT);
	assert_int_equal(test_vq_used_idx(&f->g, &f->vq[0]), 0);
}

static void reset_clears(void **state)
{
	struct fixture *f = *state;
	struct virtio_mmio *d = &f->dev.mmio;

	test_mmio_bring_up(d, &f->g, f->vq, 2);
	assert_int_equal(f->dev.resets, 1);		/* bring-up starts with one */
	test_vq_publish(&f->g, &f->vq[0], 200);
	assert_int_equal(test_mmio_write(d, VIRTIO_MMIO_QUEUE_NOTIFY, 0), VIRTIO_IRQ_RAISE);
	assert_int_equal(test_mmio_write(d, VIRTIO_MMIO_STATUS, 0), VIRTIO_IRQ_LOWER);
	assert_int_equal(f->dev.resets, 2);
	assert_int_equal(test_mmio_read(d, VIRTIO_MMIO_STATUS), 0);
	assert_int_equal(test_mmio_read(d, VIRTIO_MMIO_INTERRUPT_STATUS), 0);
	assert_int_equal(d->error, 0);
	assert_int_equal(d->driver_features, 0);
	for (uint32_t q = 0; q < 2; q++) {
		test_mmio_write(d, VIRTIO_MMIO_QUEUE_SEL, q);
		assert_int_equal(test_mmio_read(d, VIRTIO_MMIO_QUEUE_READY), 0);
		assert_int_equal(d->queues[q].num, 0);
		assert_int_equal(d->queues[q].desc_ipa, 0);
	}
	/* And it comes up again. */
	test_mmio_bring_up(d, &f->g, f->vq, 2);
	assert_int_equal(test_mmio_read(d, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_DRIVER_OK, VIRTIO_STATUS_DRIVER_OK);
}

static void bad_accesses(void **state)
{
	struct virtio_mmio *d = &((struct fixture *)*state)->dev.mmio;
	uint32_t v = 0x5a5a5a5a;

	assert_int_equal(virtio_mmio_read(d, VIRTIO_MMIO_MAGIC_VALUE, 2, &v), -VIRTIO_ERR_ACCESS_SIZE);
	assert_int_equal(virtio_mmio_read(d, VIRTIO_MMIO_MAGIC_VALUE, 8, &v), -VIRTIO_ERR_ACCESS_SIZE);
	assert_int_equal(virtio_mmio_read(d, VIRTIO_MMIO_STATUS + 2, 4, &v), -VIRTIO_ERR_ACCESS_ALIGN);
	assert_int_equal(virtio_mmio_write(d, VIRTIO_MMIO_STATUS, 1, 1), -VIRTIO_ERR_ACCESS_SIZE);
	assert_int_equal(virtio_mmio_write(d, VIRTIO_MMIO_STATUS + 1, 4, 1), -VIRTIO_ERR_ACCESS_ALIGN);
	assert_int_equal(test_mmio_read(d, VIRTIO_MMIO_STATUS), 0);
	/* Read-only registers refuse writes, write-only ones reads, holes both. */
	assert_int_equal(virtio_mmio_write(d, VIRTIO_MMIO_MAGIC_VALUE, 4, 0), -VIRTIO_ERR_NO_REGISTER);
	assert_int_equal(virtio_mmio_write(d, VIRTIO_MMIO_INTERRUPT_STATUS, 4, 0), -VIRTIO_ERR_NO_REGISTER);
	assert_int_equal(virtio_mmio_read(d, VIRTIO_MMIO_QUEUE_NOTIFY, 4, &v), -VIRTIO_ERR_NO_REGISTER);
	assert_int_equal(virtio_mmio_read(d, 0x018, 4, &v), -VIRTIO_ERR_NO_REGISTER);
	assert_int_equal(virtio_mmio_read(d, VIRTIO_MMIO_WINDOW_SIZE, 4, &v), -VIRTIO_ERR_NO_REGISTER);
	assert_int_equal(virtio_mmio_read(d, UINT64_MAX - 3, 4, &v), -VIRTIO_ERR_NO_REGISTER);
	assert_int_equal(v, 0x5a5a5a5a);
}

static void config_space(void **state)
{
	struct virtio_mmio *d = &((struct fixture *)*state)->dev.mmio;
	uint32_t v;

	assert_int_equal(virtio_mmio_read(d, VIRTIO_MMIO_CONFIG + 4, 4, &v), 0);
	assert_int_equal(v, 0x08070605);
	assert_int_equal(virtio_mmio_read(d, VIRTIO_MMIO_CONFIG + 2, 2, &v), 0);
	assert_int_equal(v, 0x0403);
	assert_int_equal(virtio_mmio_read(d, VIRTIO_MMIO_CONFIG + 7, 1, &v), 0);
	assert_int_equal(v, 8);
	assert_int_equal(virtio_mmio_read(d, VIRTIO_MMIO_CONFIG + 8, 1, &v), -VIRTIO_ERR_NO_REGISTER);
	assert_int_equal(virtio_mmio_read(d, VIRTIO_MMIO_CONFIG + 6, 4, &v), -VIRTIO_ERR_ACCESS_ALIGN);
	assert_int_equal(virtio_mmio_read(d, VIRTIO_MMIO_CONFIG, 3, &v), -VIRTIO_ERR_ACCESS_SIZE);
	assert_int_equal(virtio_mmio_write(d, VIRTIO_MMIO_CONFIG, 4, 0), -VIRTIO_ERR_NO_REGISTER);
	assert_int_equal(test_mmio_read(d, VIRTIO_MMIO_CONFIG_GENERATION), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(identity, setup, test_guest_teardown),
		cmocka_unit_test_setup_teardown(features_accepted, setup, test_guest_teardown),
		cmocka_unit_test_setup_teardown(features_without_version_1, setup, test_guest_teardown),
		cmocka_unit_test_setup_teardown(features_not_offered, setup, test_guest_teardown),
		cmocka_unit_test_setup_teardown(status_bits_only_added, setup, test_guest_teardown),
		cmocka_unit_test_setup_teardown(queue_setup, setup, test_guest_teardown),
		cmocka_unit_test_setup_teardown(queue_setup_refused, setup, test_guest_teardown),
		cmocka_unit_test_setup_teardown(notify_and_interrupt, setup, test_guest_teardown),
		cmocka_unit_test_setup_teardown(hostile_chain_needs_reset, setup, test_guest_teardown),
		cmocka_unit_test_setup_teardown(handler_error_needs_reset, setup, test_guest_teardown),
		cmocka_unit_test_setup_teardown(reset_clears, setup, test_guest_teardown),
		cmocka_unit_test_setup_teardown(bad_accesses, setup, test_guest_teardown),
		cmocka_unit_test_setup_teardown(config_space, setup, test_guest_teardown),
	};

	return cmocka_run_group_tests_name("vmm virtio-mmio", tests, NULL, NULL);
}
