/* test-size-classes.c: size classes cover every size once and keep every byte
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "core/analysis/tide-replay.h"
#include "core/analysis/tide-size-classes.h"
#include "tide-test-util.h"

static const TideSizeClassScheme schemes[] = {
  TIDE_SIZE_CLASSES_POW2, TIDE_SIZE_CLASSES_PYMALLOC, TIDE_SIZE_CLASSES_GLIBC,
};

/* Classes tile the sizes: each size falls in its class's bounds, classes
 * never go down as sizes go up, and neighbours touch. */
static void
test_bounds (void)
{
  for (guint s = 0; s < G_N_ELEMENTS (schemes); s++)
    {
      guint prev = 0;

      for (guint64 size = 0; size < 300000; size += size < 2100 ? 1 : 97)
        {
          guint k = tide_size_class_of (schemes[s], size);
          guint64 lo, hi;

          tide_size_class_bounds (schemes[s], k, &lo, &hi);
          if (size < lo || size > hi)
            g_error ("%s: size %" G_GUINT64_FORMAT " in class %u [%" G_GUINT64_FORMAT ", %" G_GUINT64_FORMAT "]",
                     tide_size_class_scheme_to_string (schemes[s]), size, k, lo, hi);
          g_assert_cmpuint (k, >=, prev);
          if (k > prev)
            {
              guint64 plo, phi;

              tide_size_class_bounds (schemes[s], prev, &plo, &phi);
              g_assert_cmpuint (phi + 1, ==, lo);
            }
          prev = k;
        }
      /* the largest sizes still have a class that contains them */
      {
        guint64 lo, hi;
        guint k = tide_size_class_of (schemes[s], G_MAXUINT64 / 2);

        tide_size_class_bounds (schemes[s], k, &lo, &hi);
        g_assert_cmpuint (G_MAXUINT64 / 2, >=, lo);
        g_assert_cmpuint (G_MAXUINT64 / 2, <=, hi);
      }
    }
}

static void
test_known_values (void)
{
  g_autofree char *l1 = NULL;
  g_autofree char *l2 = NULL;
  g_autofree char *l3 = NULL;

  /* pymalloc: 16-byte steps up to 512, the rest to the system malloc */
  g_assert_cmpuint (tide_size_class_of (TIDE_SIZE_CLASSES_PYMALLOC, 1), ==, 0);
  g_assert_cmpuint (tide_size_class_of (TIDE_SIZE_CLASSES_PYMALLOC, 16), ==, 0);
  g_assert_cmpuint (tide_size_class_of (TIDE_SIZE_CLASSES_PYMALLOC, 17), ==, 1);
  g_assert_cmpuint (tide_size_class_of (TIDE_SIZE_CLASSES_PYMALLOC, 512), ==, 31);
  g_assert_cmpuint (tide_size_class_of (TIDE_SIZE_CLASSES_PYMALLOC, 513), ==, 32);
  g_assert_cmpuint (tide_size_class_allocator_bytes (TIDE_SIZE_CLASSES_PYMALLOC, 1), ==, 16);
  g_assert_cmpuint (tide_size_class_allocator_bytes (TIDE_SIZE_CLASSES_PYMALLOC, 17), ==, 32);
  g_assert_cmpuint (tide_size_class_allocator_bytes (TIDE_SIZE_CLASSES_PYMALLOC, 513), ==, 528);

  /* glibc: request + 8 rounded to 16, at least 32; mmap from 128 KiB */
  g_assert_cmpuint (tide_size_class_allocator_bytes (TIDE_SIZE_CLASSES_GLIBC, 0), ==, 32);
  g_assert_cmpuint (tide_size_class_allocator_bytes (TIDE_SIZE_CLASSES_GLIBC, 24), ==, 32);
  g_assert_cmpuint (tide_size_class_allocator_bytes (TIDE_SIZE_CLASSES_GLIBC, 25), ==, 48);
  g_assert_cmpuint (tide_size_class_allocator_bytes (TIDE_SIZE_CLASSES_GLIBC, 1000), ==, 1008);
  g_assert_cmpuint (tide_size_class_allocator_bytes (TIDE_SIZE_CLASSES_GLIBC, 1048576), ==, 1052672);

  /* powers of two */
  g_assert_cmpuint (tide_size_class_of (TIDE_SIZE_CLASSES_POW2, 0), ==, 0);
  g_assert_cmpuint (tide_size_class_of (TIDE_SIZE_CLASSES_POW2, 1), ==, 1);
  g_assert_cmpuint (tide_size_class_of (TIDE_SIZE_CLASSES_POW2, 129), ==,
                    tide_size_class_of (TIDE_SIZE_CLASSES_POW2, 256));
  g_assert_cmpuint (tide_size_class_of (TIDE_SIZE_CLASSES_POW2, 257), ==,
                    tide_size_class_of (TIDE_SIZE_CLASSES_POW2, 256) + 1);

  l1 = tide_size_class_label (TIDE_SIZE_CLASSES_POW2, tide_size_class_of (TIDE_SIZE_CLASSES_POW2, 200));
  g_assert_cmpstr (l1, ==, "129 B – 256 B");
  l2 = tide_size_class_label (TIDE_SIZE_CLASSES_PYMALLOC, 32);
  g_assert_cmpstr (l2, ==, "> 512 B (system malloc)");
  l3 = tide_size_class_label (TIDE_SIZE_CLASSES_POW2, tide_size_class_of (TIDE_SIZE_CLASSES_POW2, 1048576));
  /* g_format_size() keeps number and unit together with a no-break space */
  g_assert_cmpstr (l3, ==, "512.0\u00a0KiB – 1.0\u00a0MiB");
}

/* Class totals from the analysis against a direct sum over the infos. */
static void
check_totals (TideTrace           *trace,
              TideSizeClassScheme  scheme,
              const guint64       *blocks,
              guint64              expected_bytes)
{
  g_autoptr(GPtrArray) classes = tide_size_classes_compute (trace, scheme, blocks);
  GHashTable *direct = g_hash_table_new (NULL, NULL);
  guint64 total = 0, prev_class = 0;

  for (guint i = 0; i < tide_trace_get_n_infos (trace); i++)
    {
      const TideAllocInfo *info = tide_trace_get_info (trace, i);
      gpointer k = GUINT_TO_POINTER (tide_size_class_of (scheme, info->size) + 1);

      g_hash_table_insert (direct, k, GSIZE_TO_POINTER (GPOINTER_TO_SIZE (g_hash_table_lookup (direct, k))
                                                        + blocks[i] * info->size));
    }

  for (guint i = 0; i < classes->len; i++)
    {
      const TideSizeClass *c = g_ptr_array_index (classes, i);
      guint64 sites_bytes = 0, sites_blocks = 0;

      g_assert_true (i == 0 || c->klass > prev_class);
      prev_class = c->klass;
      g_assert_cmpuint (c->requested, ==, GPOINTER_TO_SIZE (g_hash_table_lookup (direct, GUINT_TO_POINTER (c->klass + 1))));
      g_assert_cmpuint (c->allocated, >=, c->requested);
      for (guint j = 0; j < c->sites->len; j++)
        {
          const TideClassSite *site = &g_array_index (c->sites, TideClassSite, j);

          sites_bytes += site->requested;
          sites_blocks += site->blocks;
          if (j > 0)
            g_assert_cmpuint (site->requested, <=, g_array_index (c->sites, TideClassSite, j - 1).requested);
        }
      g_assert_cmpuint (sites_bytes, ==, c->requested);
      g_assert_cmpuint (sites_blocks, ==, c->blocks);
      total += c->requested;
    }
  g_assert_cmpuint (total, ==, expected_bytes);
  g_hash_table_unref (direct);
}

static void
test_real_traces (void)
{
  g_autofree char *leaky_path = tide_test_data_path ("ht_leaky.zst");
  g_autofree char *python_path = tide_test_data_path ("ht_python.zst");
  g_autoptr(TideTrace) leaky = tide_test_load (leaky_path, NULL);
  g_autoptr(TideTrace) python = tide_test_load (python_path, NULL);
  g_autofree guint64 *leaky_peak = tide_size_classes_blocks_at_peak (leaky);
  g_autofree guint64 *leaky_end = tide_size_classes_blocks_at_end (leaky);
  g_autofree guint64 *python_peak = tide_size_classes_blocks_at_peak (python);
  g_autoptr(TideReplay) replay = tide_replay_new (python, NULL, NULL);
  g_autofree guint64 *python_replayed = tide_replay_live_blocks_at (replay, tide_trace_get_totals (python)->peak_event_index);

  for (guint s = 0; s < G_N_ELEMENTS (schemes); s++)
    {
      check_totals (leaky, schemes[s], leaky_peak, 1122325);
      check_totals (leaky, schemes[s], leaky_end, 5141);
      check_totals (python, schemes[s], python_peak, 10641272);
      /* the replay at the peak instant agrees with the reader's own counts */
      check_totals (python, schemes[s], python_replayed, 10641272);
    }
  for (guint i = 0; i < tide_trace_get_n_infos (python); i++)
    g_assert_cmpuint (python_peak[i], ==, python_replayed[i]);
}

/* Python programs start with pymalloc's classes, everything else with powers of two. */
static void
test_default_scheme (void)
{
  g_autofree char *leaky_path = tide_test_data_path ("ht_leaky.zst");
  g_autofree char *python_path = tide_test_data_path ("ht_python.zst");
  g_autoptr(TideTrace) leaky = tide_test_load (leaky_path, NULL);
  g_autoptr(TideTrace) python = tide_test_load (python_path, NULL);

  g_assert_cmpint (tide_size_class_scheme_for_trace (python), ==, TIDE_SIZE_CLASSES_PYMALLOC);
  g_assert_cmpint (tide_size_class_scheme_for_trace (leaky), ==, TIDE_SIZE_CLASSES_POW2);
  g_assert_cmpint (tide_size_class_scheme_for_command ("python3 -c pass"), ==, TIDE_SIZE_CLASSES_PYMALLOC);
  g_assert_cmpint (tide_size_class_scheme_for_command ("/opt/Python-3.12/bin/Python3"), ==, TIDE_SIZE_CLASSES_PYMALLOC);
  g_assert_cmpint (tide_size_class_scheme_for_command ("env PYTHONPATH=. ./run"), ==, TIDE_SIZE_CLASSES_PYMALLOC);
  g_assert_cmpint (tide_size_class_scheme_for_command ("./leaky"), ==, TIDE_SIZE_CLASSES_POW2);
  g_assert_cmpint (tide_size_class_scheme_for_command (""), ==, TIDE_SIZE_CLASSES_POW2);
  g_assert_cmpint (tide_size_class_scheme_for_command (NULL), ==, TIDE_SIZE_CLASSES_POW2);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/size-classes/bounds", test_bounds);
  g_test_add_func ("/core/size-classes/known-values", test_known_values);
  g_test_add_func ("/core/size-classes/real-traces", test_real_traces);
  g_test_add_func ("/core/size-classes/default-scheme", test_default_scheme);

  return g_test_run ();
}
