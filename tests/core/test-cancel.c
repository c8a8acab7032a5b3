/* test-cancel.c: a load cancelled at any point ends in G_IO_ERROR_CANCELLED, leaking and breaking nothing
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each trace is first loaded whole to learn how long its load takes, then
 * loaded again and again on the loader's worker thread with a cancel at a
 * random instant of that span (and once before it starts). Every load must
 * end either cancelled with G_IO_ERROR_CANCELLED, or, when the cancel came
 * too late, with the same trace as the whole load. Run under valgrind or
 * AddressSanitizer (README, Try it), this is the test that nothing a
 * cancelled load had made is leaked.
 */
#include "config.h"

#include "core/tide-trace-error.h"
#include "core/tide-trace-loader.h"
#include "tide-test-util.h"

#define N_CANCELS 24

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

/* Loads @files with a cancel @delay_us after the start (-1: none, 0: before
 * it starts). */
static TideTrace *
load (GFile   **files,
      guint     n_files,
      gint64    delay_us,
      GError  **error)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GSource *timer = NULL;
  TideTrace *trace;

  if (delay_us == 0)
    g_cancellable_cancel (cancellable);
  else if (delay_us > 0)
    {
      timer = g_timeout_source_new (0);
      g_source_set_ready_time (timer, g_get_monotonic_time () + delay_us);
      g_source_set_callback (timer, cancel_cb, g_object_ref (cancellable), g_object_unref);
      g_source_attach (timer, NULL);
    }
  trace = tide_test_load_async (files, n_files, cancellable, error);
  if (timer != NULL)
    {
      g_source_destroy (timer);
      g_source_unref (timer);
    }
  return trace;
}

static void
test_cancel (gconstpointer data)
{
  g_auto(GStrv) names = g_strsplit (data, ",", -1);
  guint n_files = g_strv_length (names);
  g_autofree GFile **files = g_new0 (GFile *, n_files);
  g_autoptr(TideTrace) whole = NULL;
  g_autoptr(GError) error = NULL;
  guint cancelled = 0, completed = 0;
  gint64 start, span;

  for (guint i = 0; i < n_files; i++)
    {
      g_autofree char *path = tide_test_data_path (names[i]);

      files[i] = g_file_new_for_path (path);
    }

  start = g_get_monotonic_time ();
  whole = load (files, n_files, -1, &error);
  span = g_get_monotonic_time () - start;
  g_assert_no_error (error);
  g_assert_nonnull (whole);

  for (guint i = 0; i < N_CANCELS; i++)
    {
      /* the first before the load starts, the rest anywhere in it */
      gint64 delay = i == 0 ? 0 : 1 + g_test_rand_int_range (0, MAX (span, 2));
      g_autoptr(GError) local = NULL;
      g_autoptr(TideTrace) trace = load (files, n_files, delay, &local);

      if (trace == NULL)
        {
          g_assert_error (local, G_IO_ERROR, G_IO_ERROR_CANCELLED);
          cancelled++;
        }
      else
        {
          g_assert_no_error (local);
          g_assert_cmpuint (tide_trace_get_totals (trace)->cost.peak_bytes, ==,
                            tide_trace_get_totals (whole)->cost.peak_bytes);
          g_assert_cmpuint (tide_trace_get_n_nodes (trace), ==, tide_trace_get_n_nodes (whole));
          completed++;
        }
    }
  g_test_message ("%s: whole load %" G_GINT64_FORMAT " us; %u cancelled, %u completed before the cancel",
                  (const char *) data, span, cancelled, completed);
  g_assert_cmpuint (cancelled, >=, 1);

  for (guint i = 0; i < n_files; i++)
    g_object_unref (files[i]);
}

int
main (int    argc,
      char **argv)
{
  /* one of each format and compression, and a series of dumps */
  static const char *cases[] = {
    "ht_python.zst", "ht_leaky.gz", "ht_leaky.txt", "ht_cxx.zst", "massif.out.cxx_ms",
    "tm_after.pickle", "ht_cxx.peak.folded", "tm_before.pickle,tm_after.pickle",
  };

  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/core/cancel/%s", cases[i]);

      g_strdelimit (name + 13, ",", '+');
      g_test_add_data_func (name, cases[i], test_cancel);
    }
  return g_test_run ();
}
