/* SPDX-License-Identifier: BSD-2-Clause */
/* The data diode's signalling: the sender signals the channel's notification, the receiver waits on it. */
#include <kauri/diode.h>
#include <kauri/syscalls.h>

void kauri_diode_signal(const struct kauri_diode_sender *tx)
{
	if (tx->notification)
		kauri_signal(tx->notification);
}

long kauri_diode_send(struct kauri_diode_sender *tx, const void *record, size_t len)
{
	long err = kauri_diode_write(tx, record, len);

	if (!err)
		kauri_diode_signal(tx);
	return err;
}

/* Until the sender may have written more: a signal sent since the last look is pending, so none is missed. */
static void wait_for_more(const struct kauri_diode_receiver *rx)
{
	if (rx->notification)
		kauri_wait(rx->notification);
	else
		kauri_yield();
}

long kauri_diode_receive_wait(struct kauri_diode_receiver *rx, void *buf, size_t max, uint64_t *seq)
{
	for (;;) {
		long n = kauri_diode_receive(rx, buf, max, seq);

		if (n != -KAURI_DIODE_EMPTY)
			return n;
		wait_for_more(rx);
	}
}

long kauri_diode_peek_wait(struct kauri_diode_receiver *rx, const void **record, uint64_t *seq)
{
	for (;;) {
		long n = kauri_diode_peek(rx, record, seq);

		if (n != -KAURI_DIODE_EMPTY)
			return n;
		wait_for_more(rx);
	}
}
