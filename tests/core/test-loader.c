/* test-loader.c: loading on a worker thread, with progress and cancel
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "core/tide-trace-error.h"
#include "core/tide-trace-loader.h"
#include "tide-test-util.h"

#define BIG_EVENTS 2000000

/* A valid plain trace of 2 x BIG_EVENTS events (about 16 MB), so that a
 * load takes many progress steps. */
static char *
write_big_trace (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tide-loader-XXXXXX", NULL);
  char *path = g_build_filename (dir, "big.txt", NULL);
  GString *s = g_string_new ("v 10400 3\nX ./big\nI 1000 100\ns 4 main\ni 10 0 1\nt 1 0\n");
  guint64 live = 0;

  for (guint i = 0; i < 256; i++)
    g_string_append_printf (s, "a %x 1\n", 16 + i);
  for (guint i = 0; i < BIG_EVENTS; i++)
    {
      g_string_append_printf (s, "+ %x\n", i & 0xff);
      /* free every other block right away, keep the rest */
      if (i % 2 == 0)
        g_string_append_printf (s, "- %x\n", i & 0xff);
      else
        live += 16 + (i & 0xff);
      if (i % 100000 == 0)
        g_string_append_printf (s, "c %x\n", i / 1000);
    }
  g_string_append (s, "\n# strings: 1\n# ips: 1\n");
  g_assert_true (g_file_set_contents (path, s->str, s->len, NULL));
  g_string_free (s, TRUE);
  g_test_message ("wrote %s, %" G_GUINT64_FORMAT " bytes live at the end", path, live);
  return path;
}

static void
remove_trace (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_unlink (path);
  g_rmdir (dir);
}

typedef struct
{
  GMainLoop    *loop;
  GCancellable *cancellable;
  TideTrace    *trace;
  GError       *error;
  guint         notifies;
  double        first_fraction;
  double        last_fraction;
  GArray       *notify_times; /* gint64 monotonic, one per notify */
  gboolean      cancel_on_progress;
  gboolean      went_backwards;
} LoadState;

static void
fraction_cb (TideTraceLoader *loader,
             GParamSpec      *pspec,
             LoadState       *state)
{
  double f = tide_trace_loader_get_fraction (loader);

  /* notifications arrive on the thread that started the load */
  g_assert_true (g_main_context_is_owner (g_main_loop_get_context (state->loop)));
  if (f < state->last_fraction)
    state->went_backwards = TRUE;
  if (state->notifies == 0)
    state->first_fraction = f;
  state->last_fraction = f;
  state->notifies++;
  if (state->notify_times != NULL)
    {
      gint64 now = g_get_monotonic_time ();

      g_array_append_val (state->notify_times, now);
    }
  if (state->cancel_on_progress)
    g_cancellable_cancel (state->cancellable);
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  LoadState *state = user_data;

  state->trace = tide_trace_loader_load_finish (TIDE_TRACE_LOADER (object), result, &state->error);
  g_main_loop_quit (state->loop);
}

static void
run_load (const char *path,
          LoadState  *state)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(TideTraceLoader) loader = tide_trace_loader_new (file);

  state->loop = g_main_loop_new (NULL, FALSE);
  if (state->cancellable == NULL)
    state->cancellable = g_cancellable_new ();
  g_signal_connect (loader, "notify::fraction", G_CALLBACK (fraction_cb), state);
  tide_trace_loader_load_async (loader, state->cancellable, loaded_cb, state);
  g_main_loop_run (state->loop);
  g_main_loop_unref (state->loop);
}

static void
test_async_progress (void)
{
  g_autofree char *path = write_big_trace ();
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));
  LoadState state = { .notify_times = times };
  const TideTotals *t;
  gint64 min_gap = G_MAXINT64;

  run_load (path, &state);
  g_assert_no_error (state.error);
  g_assert_nonnull (state.trace);
  t = tide_trace_get_totals (state.trace);
  g_assert_cmpuint (t->cost.allocations, ==, BIG_EVENTS);
  g_assert_cmpuint (t->cost.temporary, ==, BIG_EVENTS / 2);
  g_assert_cmpuint (tide_trace_get_n_events (state.trace), ==, BIG_EVENTS + BIG_EVENTS / 2);

  /* a real fraction: shown while loading, never backwards, ending at 1 */
  g_assert_cmpuint (state.notifies, >=, 2);
  g_assert_cmpfloat (state.first_fraction, >, 0.0);
  g_assert_cmpfloat (state.first_fraction, <, 1.0);
  g_assert_false (state.went_backwards);
  g_assert_cmpfloat (state.last_fraction, ==, 1.0);
  /* and at most one a frame while loading (the reader reports one per
   * decoded chunk, hundreds here); the last, from load_finish(), comes
   * when the load ends */
  for (guint i = 1; i + 1 < times->len; i++)
    min_gap = MIN (min_gap, g_array_index (times, gint64, i) - g_array_index (times, gint64, i - 1));
  g_test_message ("%u notifications, the closest two %" G_GINT64_FORMAT " us apart", state.notifies, min_gap);
  g_assert_cmpint (min_gap, >=, TIDE_TRACE_LOADER_PROGRESS_INTERVAL_US - 1000);

  g_object_unref (state.trace);
  g_object_unref (state.cancellable);
  remove_trace (path);
}

static void
test_cancel_midway (void)
{
  g_autofree char *path = write_big_trace ();
  LoadState state = { .cancel_on_progress = TRUE };

  run_load (path, &state);
  g_assert_null (state.trace);
  g_assert_error (state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpfloat (state.last_fraction, <, 1.0);

  g_clear_error (&state.error);
  g_object_unref (state.cancellable);
  remove_trace (path);
}

static void
test_cancel_before (void)
{
  g_autofree char *path = tide_test_data_path ("ht_python.zst");
  LoadState state = { .cancellable = g_cancellable_new () };

  g_cancellable_cancel (state.cancellable);
  run_load (path, &state);
  g_assert_null (state.trace);
  g_assert_error (state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  g_clear_error (&state.error);
  g_object_unref (state.cancellable);
}

static void
test_errors_async (void)
{
  g_autofree char *missing = tide_test_data_path ("no-such-trace.zst");
  g_autofree char *not_trace = tide_test_data_path ("README.md");
  LoadState state = { 0 };
  LoadState state2 = { 0 };

  run_load (missing, &state);
  g_assert_error (state.error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&state.error);
  g_object_unref (state.cancellable);

  run_load (not_trace, &state2);
  g_assert_error (state2.error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_UNKNOWN_FORMAT);
  g_assert_nonnull (strstr (state2.error->message, "README.md"));
  g_clear_error (&state2.error);
  g_object_unref (state2.cancellable);
}

/* The format is told by content: a gzip file named .zst still loads. */
static void
test_sniff_by_content (void)
{
  g_autofree char *gz = tide_test_data_path ("ht_leaky.gz");
  g_autofree char *dir = g_dir_make_tmp ("tide-sniff-XXXXXX", NULL);
  g_autofree char *renamed = g_build_filename (dir, "misnamed.zst", NULL);
  g_autofree char *contents = NULL;
  gsize len;
  g_autoptr(GError) error = NULL;
  g_autoptr(TideTrace) trace = NULL;

  g_assert_true (g_file_get_contents (gz, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (renamed, contents, len, NULL));
  trace = tide_test_load (renamed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tide_trace_get_totals (trace)->cost.allocations, ==, 913);
  g_unlink (renamed);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/loader/async-progress", test_async_progress);
  g_test_add_func ("/core/loader/cancel-midway", test_cancel_midway);
  g_test_add_func ("/core/loader/cancel-before", test_cancel_before);
  g_test_add_func ("/core/loader/errors", test_errors_async);
  g_test_add_func ("/core/loader/sniff-by-content", test_sniff_by_content);

  return g_test_run ();
}
