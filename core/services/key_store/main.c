/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * key_store: a stub for now. Publishes kos_keystore_protocol (kauri/keystore.h)
 * so that clients can be written against it, and answers every request with
 * KAURI_KEYSTORE_NOT_PROVISIONED: the device holds no keys until provisioning lands.
 */
#include <kauri/debug.h>
#include <kauri/keystore.h>
#include <kauri/protocol.h>
#include <kauri/syscalls.h>

int main(int argc, char **argv, char **envp)
{
	long ep = kauri_protocol_publish(KAURI_KEYSTORE_PROTOCOL);
	kauri_word_t badge;

	if (ep < 0) {
		kauri_printf("cannot publish %s: %s\n", KAURI_KEYSTORE_PROTOCOL, kauri_lib_strerror(ep));
		return 1;
	}
	kauri_printf("serving %s as a stub: no keys are provisioned, every request is answered not-provisioned\n",
		     KAURI_KEYSTORE_PROTOCOL);
	kauri_recv((kauri_cptr_t)ep, &badge);
	for (;;)
		kauri_reply_recv((kauri_cptr_t)ep, kauri_msginfo(KAURI_KEYSTORE_NOT_PROVISIONED, 0, 0, 0), &badge);
}
