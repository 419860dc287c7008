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

long kauri_diode_receive_wait(struct kauri_diode_receiver *rx, void *buf, size_t max, uint64_t *seq)
{
	for (;;) {
		long n = kauri_diode_receive(rx, buf, max, seq);

		if (n != -KAURI_DIODE_EMPTY)
			return n;
		/* A signal sent since the last look is pending on the notification, so none is missed. */
		if (rx->notification)
			kauri_wait(rx->notification);
		else
			kauri_yield();
	}
}
