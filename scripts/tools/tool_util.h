/* SPDX-License-Identifier: BSD-2-Clause */
/* The host tools' shared helpers, by concern: command line, files, keys, packages, device trees. */
#ifndef KAURI_TOOL_UTIL_H
#define KAURI_TOOL_UTIL_H

#include "tool_cli.h"
#include "tool_dtb.h"
#include "tool_file.h"
#include "tool_keys.h"
#include "tool_package.h"

#endif
