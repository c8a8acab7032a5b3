/* tide-trace-loader.h: loads a trace of any supported format on a worker thread
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The format is told by content (compression magic, then the first bytes of
 * the data), never by the file name. Several tracemalloc dumps, or a folder
 * of them, load as one series. Progress is the share of the file's
 * bytes consumed; the worker writes it under a lock and one source on the
 * caller's main context publishes it as the "fraction" property, at most
 * once per TIDE_TRACE_LOADER_PROGRESS_INTERVAL_US (a frame at 60 Hz: a
 * window shows no more), and once more, with the last fraction, in
 * tide_trace_loader_load_finish().
 */
#pragma once

#include <gio/gio.h>

#include "tide-trace.h"

G_BEGIN_DECLS

#define TIDE_TRACE_LOADER_PROGRESS_INTERVAL_US (G_USEC_PER_SEC / 60)

#define TIDE_TYPE_TRACE_LOADER (tide_trace_loader_get_type ())
G_DECLARE_FINAL_TYPE (TideTraceLoader, tide_trace_loader, TIDE, TRACE_LOADER, GObject)

/* @file may be a folder: its tracemalloc dumps load as a series. */
TideTraceLoader *tide_trace_loader_new          (GFile                *file);
/* Several files at once load as a series when all are tracemalloc dumps
 * (see tide_tracemalloc_read_series(); in order of modification time, then
 * name); otherwise the load fails with TIDE_TRACE_ERROR_NOT_A_SERIES, and
 * the caller opens them one by one. One file loads as by itself. */
TideTraceLoader *tide_trace_loader_new_for_files (GFile * const       *files,
                                                  guint                n_files);
/* The file (the first of several). */
GFile           *tide_trace_loader_get_file     (TideTraceLoader      *self);
guint            tide_trace_loader_get_n_files  (TideTraceLoader      *self);
GFile           *tide_trace_loader_get_nth_file (TideTraceLoader      *self,
                                                 guint                 i);
double           tide_trace_loader_get_fraction (TideTraceLoader      *self);

void             tide_trace_loader_load_async   (TideTraceLoader      *self,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
TideTrace       *tide_trace_loader_load_finish  (TideTraceLoader      *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

/* Blocking load on the calling thread (CLI, tests, benchmarks). */
TideTrace       *tide_trace_load_file           (GFile                *file,
                                                 GCancellable         *cancellable,
                                                 GError              **error);
/* A trace held in memory (compressed or not), told by content like a file:
 * for fuzzing and for callers that already hold the bytes. */
TideTrace       *tide_trace_load_bytes          (GBytes               *bytes,
                                                 GCancellable         *cancellable,
                                                 GError              **error);
/* The same for several files, or a folder, as the loader reads them. */
TideTrace       *tide_trace_load_files          (GFile * const        *files,
                                                 guint                 n_files,
                                                 GCancellable         *cancellable,
                                                 GError              **error);

G_END_DECLS
