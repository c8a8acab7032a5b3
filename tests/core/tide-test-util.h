/* tide-test-util.h: shared helpers of the test suites
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "core/tide-trace.h"

G_BEGIN_DECLS

/* Path of a file in tests/data (never NULL). */
/* A trace made by the builder whose bulk events cross two replay
 * checkpoints in the middle of a call: 1.5 intervals of 32-byte blocks
 * (info @first), 1000 of 64 bytes (info @late, declared after the first
 * checkpoint), an interval of the first freed, 7 more of the second. */
TideTrace *tide_test_bulk_checkpoint_trace (guint32 *first,
                                            guint32 *late);
char      *tide_test_data_path        (const char  *name);
/* Path of a file in ../shared/samples or ../shared/peers; NULL when absent. */
char      *tide_test_shared_path      (const char  *kind,
                                       const char  *name);
TideTrace *tide_test_load             (const char  *path,
                                       GError     **error);
/* Loads @files as the window does: the loader on its worker thread, the
 * default main context run until it reports (sources attached to it
 * beforehand, such as a timer cancelling @cancellable, run meanwhile). */
TideTrace *tide_test_load_async       (GFile      **files,
                                       guint        n_files,
                                       GCancellable *cancellable,
                                       GError     **error);
TideTrace *tide_test_load_bytes       (const char  *data,
                                       gsize        len,
                                       GError     **error);
/* Runs argv, returns stdout; NULL (and a skip-worthy message) on failure. */
char      *tide_test_run              (const char * const *argv,
                                       const char  *cwd,
                                       int         *exit_status);
/* TRUE when @program is on PATH. */
gboolean   tide_test_have             (const char  *program);
/* Sum of the values heaptrack_print writes with -F for @cost_type, without
 * any leak suppression: its exact byte/count total for the file. */
gboolean   tide_test_heaptrack_total  (const char  *trace,
                                       const char  *cost_type,
                                       guint64     *total);
/* Compiles @source (from tests/data) and records it with heaptrack into
 * @dir; returns the trace path or NULL when a tool is missing. */
char      *tide_test_record_heaptrack (const char  *dir,
                                       const char  *source,
                                       const char  *compiler);

/* A fresh directory under TMPDIR (made from @tmpl, as g_dir_make_tmp()
 * does); g_autoptr() removes it and all it holds, so a test that returns
 * early, or skips, leaves nothing behind either. */
typedef char TideTestTmpDir;
TideTestTmpDir *tide_test_tmp_dir_new  (const char     *tmpl);
void            tide_test_tmp_dir_free (TideTestTmpDir *dir);
/* Removes @path: a file, or a directory with everything under it. */
void            tide_test_remove_tree  (const char     *path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TideTestTmpDir, tide_test_tmp_dir_free)

G_END_DECLS
