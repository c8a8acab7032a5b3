/* tide-trace-error.c: the error domain every trace reader reports into
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tide-trace-error.h"

G_DEFINE_QUARK (tide-trace-error-quark, tide_trace_error)
