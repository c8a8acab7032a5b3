/* window.c: does the window keep drawing while it loads a large trace?
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   window [--after MS] TRACE
 *
 * Opens the real TideWindow, lets it settle, then loads TRACE in it the way
 * File > Open does, and records on the main thread: the time of every frame
 * (a tick callback on the window keeps the frame clock running, so a frame
 * is due every refresh whatever changes), the main thread's own CPU time at
 * each frame (CLOCK_THREAD_CPUTIME_ID), and every change of the progress
 * bar's fraction. Once the trace shows, it shows each view in turn
 * (summary, timeline, flame graph, sizes) for a quarter of --after ms
 * (default 4000), so the work each view does on a new trace is included.
 *
 * A gap between frames is a stall of ours only when the main thread was
 * busy during it; on a machine shared with other work the scheduler can
 * also keep an idle main thread off the CPU. So next to each gap it prints
 * the main thread's CPU time within it. Needs a display (Xvfb: see
 * bench/README.md) and the compiled settings schema.
 */
#include "config.h"

#include <adwaita.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "app/tide-application.h"
#include "app/tide-renderer-choice.h"
#include "bench-util.h"
#include "app/tide-window.h"

#define MAX_GAP_MS      50.0
#define MAX_PROGRESS_MS 250.0

typedef struct
{
  gint64 wall_us;
  gint64 cpu_us; /* the main thread's CPU time */
} Stamp;

typedef struct
{
  GArray  *frames;   /* Stamp */
  GArray  *progress; /* Stamp, one per change of the fraction */
  gboolean recording;
} Record;

static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static Stamp
now (void)
{
  Stamp s = { g_get_monotonic_time (), thread_cpu_us () };

  return s;
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  Record *rec = user_data;

  if (rec->recording)
    {
      Stamp s = now ();

      g_array_append_val (rec->frames, s);
    }
  return G_SOURCE_CONTINUE;
}

static void
fraction_cb (GObject    *bar,
             GParamSpec *pspec,
             gpointer    user_data)
{
  Record *rec = user_data;

  if (rec->recording)
    {
      Stamp s = now ();

      g_array_append_val (rec->progress, s);
    }
}

static gboolean
flag_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, flag_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_widget (c, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(TideApplication) app = NULL;
  Record rec = { 0 };
  TideWindow *window;
  GtkWidget *bar, *view_stack;
  static const char *views[] = { "summary", "timeline", "flamegraph", "sizes" };
  gint64 t_view[G_N_ELEMENTS (views)] = { 0 };
  g_autoptr(GString) gaps = g_string_new (NULL);
  guint after_ms = 4000;
  const char *path = NULL;
  gint64 t_open, t_shown, t_end;
  gint64 cpu_open, cpu_shown; /* the main thread's CPU time */
  double max_gap = 0, max_gap_cpu = 0, max_cpu = 0, max_progress = 0, load_gap_max = 0;
  guint n_long = 0, n_long_busy = 0;
  /* per view: the longest gap while it shows, and the CPU in it */
  double view_gap[G_N_ELEMENTS (views)] = { 0 }, view_gap_cpu[G_N_ELEMENTS (views)] = { 0 };

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--after") && i + 1 < argc)
        after_ms = (guint) strtoul (argv[++i], NULL, 10);
      else if (path == NULL && argv[i][0] != '-')
        path = argv[i];
      else
        {
          fprintf (stderr, "usage: %s [--after MS] TRACE\n", argv[0]);
          return 2;
        }
    }
  if (path == NULL)
    {
      fprintf (stderr, "usage: %s [--after MS] TRACE\n", argv[0]);
      return 2;
    }
  if (!gtk_init_check ())
    {
      fprintf (stderr, "window: no display (run it under xvfb-run)\n");
      return 77;
    }
  /* as the tidemark binary does before its first window */
  tide_renderer_choice_apply (gdk_display_get_default ());

  app = tide_application_new ();
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    {
      fprintf (stderr, "window: %s\n", error->message);
      return 1;
    }
  rec.frames = g_array_new (FALSE, FALSE, sizeof (Stamp));
  rec.progress = g_array_new (FALSE, FALSE, sizeof (Stamp));

  window = tide_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 900);
  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_add_tick_callback (GTK_WIDGET (window), tick_cb, &rec, NULL);
  bar = find_widget (GTK_WIDGET (window), GTK_TYPE_PROGRESS_BAR);
  view_stack = find_widget (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK);
  g_assert (bar != NULL && view_stack != NULL);
  g_assert (adw_view_stack_get_child_by_name (ADW_VIEW_STACK (view_stack), "flamegraph") != NULL);
  g_signal_connect (bar, "notify::fraction", G_CALLBACK (fraction_cb), &rec);
  spin (500);

  file = g_file_new_for_commandline_arg (path);
  rec.recording = TRUE;
  t_open = g_get_monotonic_time ();
  cpu_open = thread_cpu_us ();
  tide_window_open_files (window, &file, 1);
  while (tide_window_is_loading (window))
    g_main_context_iteration (NULL, TRUE);
  /* the trace shows in one of the views; back on the start page means failure */
  if (g_strcmp0 (tide_window_get_visible_page (window), "empty") == 0
      || g_strcmp0 (tide_window_get_visible_page (window), "loading") == 0)
    {
      fprintf (stderr, "window: the load failed (page %s)\n", tide_window_get_visible_page (window));
      return 1;
    }
  t_shown = g_get_monotonic_time ();
  cpu_shown = thread_cpu_us ();
  /* then every view in turn, each drawing the trace for the first time */
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      t_view[i] = g_get_monotonic_time ();
      adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (view_stack), views[i]);
      spin (after_ms / G_N_ELEMENTS (views));
    }
  rec.recording = FALSE;
  t_end = g_get_monotonic_time ();

  for (guint i = 1; i < rec.frames->len; i++)
    {
      const Stamp *a = &g_array_index (rec.frames, Stamp, i - 1);
      const Stamp *b = &g_array_index (rec.frames, Stamp, i);
      double gap = (b->wall_us - a->wall_us) / 1000.0;
      double cpu = (b->cpu_us - a->cpu_us) / 1000.0;

      if (gap > max_gap)
        max_gap = gap, max_gap_cpu = cpu;
      max_cpu = MAX (max_cpu, cpu);
      for (guint v = G_N_ELEMENTS (views); v-- > 0;)
        if (t_view[v] != 0 && b->wall_us > t_view[v])
          {
            if (gap > view_gap[v])
              view_gap[v] = gap, view_gap_cpu[v] = cpu;
            break;
          }
      if (gap > MAX_GAP_MS)
        {
          const char *when = "loading";

          for (guint v = 0; v < G_N_ELEMENTS (views); v++)
            if (t_view[v] != 0 && a->wall_us >= t_view[v])
              when = views[v];
          if (a->wall_us < t_shown && b->wall_us >= t_shown)
            when = "the load ending";
          g_string_append_printf (gaps, "| %+.0f ms | %s | %.1f ms | %.1f ms |\n",
                                  (a->wall_us - t_shown) / 1000.0, when, gap, cpu);
          n_long++;
          if (cpu > MAX_GAP_MS)
            n_long_busy++;
        }
      if (b->wall_us <= t_shown)
        load_gap_max = MAX (load_gap_max, gap);
    }
  /* progress: from the open to the first change, between changes, and
   * from the last change to the trace showing */
  {
    gint64 prev = t_open;

    for (guint i = 0; i < rec.progress->len; i++)
      {
        gint64 t = g_array_index (rec.progress, Stamp, i).wall_us;

        if (t > t_shown)
          break;
        max_progress = MAX (max_progress, (t - prev) / 1000.0);
        prev = t;
      }
    max_progress = MAX (max_progress, (t_shown - prev) / 1000.0);
  }

  {
    g_autofree char *name = g_path_get_basename (path);
    g_autofree char *cpu = bench_cpu_model ();
    g_autofree char *commit = bench_commit ();
    g_autoptr(GDateTime) date = g_date_time_new_now_utc ();
    g_autofree char *when = g_date_time_format (date, "%Y-%m-%d %H:%M UTC");
    double load1 = 0, load5 = 0, load15 = 0;
    FILE *f = fopen ("/proc/loadavg", "r");

    if (f != NULL)
      {
        if (fscanf (f, "%lf %lf %lf", &load1, &load5, &load15) != 3)
          load1 = load5 = load15 = 0;
        fclose (f);
      }

    printf ("# Tidemark window benchmark results\n\n");
    printf ("Produced by `bench/window %s` on %s, under Xvfb. See [README.md](README.md#window-benchmark).\n\n",
            name, when);
    printf ("The real window loads `bench/out/%s` as File > Open does; a tick callback keeps a frame due at every "
            "refresh, and every frame records the time and the main thread's own CPU time. Recorded from the open "
            "until %u ms after the trace shows, in which each view (summary, timeline, flame graph, sizes) shows in turn for a quarter of that time. Load average at the end: %.2f %.2f %.2f on %u cores.\n\n",
            name, after_ms, load1, load5, load15, g_get_num_processors ());
    printf ("| measure | value |\n|---|---|\n");
    printf ("| from the open to the trace shown | %.0f ms |\n", (t_shown - t_open) / 1000.0);
    /* what the main thread takes of the 2 cores the load runs on */
    printf ("| the main thread's CPU time in it | %.0f ms |\n", (cpu_shown - cpu_open) / 1000.0);
    printf ("| frames recorded (over %.0f ms) | %u |\n", (t_end - t_open) / 1000.0, rec.frames->len);
    printf ("| progress updates while loading | %u |\n", rec.progress->len);
    printf ("| **longest gap between frames** | **%.1f ms** |\n", max_gap);
    printf ("| the main thread's CPU time inside that gap | %.1f ms |\n", max_gap_cpu);
    printf ("| longest gap between frames while loading | %.1f ms |\n", load_gap_max);
    printf ("| most main-thread CPU time between two frames | %.1f ms |\n", max_cpu);
    printf ("| gaps over %.0f ms | %u |\n", MAX_GAP_MS, n_long);
    printf ("| gaps over %.0f ms with the main thread busy for more than %.0f ms of them | %u |\n",
            MAX_GAP_MS, MAX_GAP_MS, n_long_busy);
    printf ("| **longest wait for a progress update** | **%.1f ms** |\n\n", max_progress);
    printf ("The longest gap while each view shows. The summary shows first, as the load ends: its gap is the "
            "trace page's first frame.\n\n| view | longest gap | main-thread CPU in it |\n|---|---|---|\n");
    for (guint v = 0; v < G_N_ELEMENTS (views); v++)
      printf ("| %s | %.1f ms | %.1f ms |\n", views[v], view_gap[v], view_gap_cpu[v]);
    printf ("\n");
    if (gaps->len > 0)
      printf ("Every gap over %.0f ms, by when it began (relative to the trace showing) and what was on "
              "screen:\n\n| began | showing | gap | main-thread CPU in it |\n|---|---|---|---|\n%s\n",
              MAX_GAP_MS, gaps->str);
    printf ("## Against the targets\n\n");
    printf ("- frame gaps: longest %.1f ms; the main thread's own work between two frames at most %.1f ms "
            "(target: no gap over %.0f ms caused by the main thread: %s)\n",
            max_gap, max_cpu, MAX_GAP_MS, max_cpu <= MAX_GAP_MS ? "met" : "**not met**");
    printf ("- progress: an update at least every %.1f ms (target %.0f ms: %s)\n\n",
            max_progress, MAX_PROGRESS_MS, max_progress <= MAX_PROGRESS_MS ? "met" : "**not met**");
    printf ("## Machine\n\n- CPU: %s, %u cores available\n- Tidemark (working tree at %s)\n",
            cpu, g_get_num_processors (), commit);
    /* under Xvfb GTK's GL renderer runs on llvmpipe, whose threads take
     * the CPU the loading threads and the main thread want */
    printf ("- GTK renderer: %s (GSK_RENDERER=%s)\n",
            G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))),
            g_getenv ("GSK_RENDERER") != NULL ? g_getenv ("GSK_RENDERER") : "unset");
  }

  gtk_window_destroy (GTK_WINDOW (window));
  g_array_unref (rec.frames);
  g_array_unref (rec.progress);
  return 0;
}
