/* SPDX-License-Identifier: BSD-2-Clause */
/* This root server starts like the real one. */
#include "../../core/rootserver/start.S"
