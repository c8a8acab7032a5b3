/* tide-summary-page.c: a trace's totals and its top allocation sites
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "core/analysis/tide-sites.h"
#include "core/tide-format.h"
#include "tide-columns.h"
#include "tide-selection-labels.h"
#include "tide-site-table.h"
#include "tide-summary-page.h"

struct _TideSummaryPage
{
  GtkWidget      parent_instance;

  /* template widgets */
  AdwActionRow  *command_row;
  GtkLabel      *command_value;
  AdwActionRow  *runtime_row;
  GtkLabel      *runtime_value;
  AdwActionRow  *calls_row;
  GtkLabel      *calls_value;
  AdwActionRow  *temporary_row;
  GtkLabel      *temporary_value;
  AdwActionRow  *allocated_row;
  GtkLabel      *allocated_value;
  AdwActionRow  *peak_row;
  GtkLabel      *peak_value;
  AdwActionRow  *rss_row;
  GtkLabel      *rss_value;
  AdwActionRow  *leaked_row;
  GtkLabel      *leaked_value;
  GtkWidget     *tables_switcher;
  GtkWidget     *sites_box;
  GtkStack      *tables_stack;
  TideSiteTable *peak_table;
  TideSiteTable *leaks_table;
  TideSiteTable *allocations_table;
  TideSiteTable *temporary_table;

  /* owned references */
  TideSession   *session;

  /* borrowed: the session's */
  TideTrace     *trace;
};

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (TideSummaryPage, tide_summary_page, GTK_TYPE_WIDGET)

/* "1.1 MB" in the label, "1,122,325 bytes" in its tooltip */
static void
set_bytes (GtkLabel *label,
           guint64   bytes)
{
  g_autofree char *text = g_format_size (bytes);
  g_autofree char *count = tide_format_count (bytes);
  g_autofree char *exact = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s byte", "%s bytes", bytes), count);

  gtk_label_set_text (label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (label), exact);
}

static void
set_count (GtkLabel *label,
           guint64   count)
{
  g_autofree char *text = tide_format_count (count);

  gtk_label_set_text (label, text);
}

/* "201,703 per second", or nothing when the run took no measurable time
 * (or is not timed in milliseconds) */
static char *
format_rate (TideTrace *trace,
             guint64    count,
             guint64    duration_ms)
{
  g_autofree char *rate = NULL;

  if (duration_ms == 0 || tide_trace_get_time_unit (trace) != TIDE_TIME_UNIT_MS)
    return NULL;
  /* cut to whole calls, as heaptrack_print prints it */
  rate = tide_format_count ((guint64) (count * 1000.0 / duration_ms));
  return g_strdup_printf (_("%s per second"), rate);
}

static void
set_not_recorded (GtkLabel *label)
{
  gtk_label_set_text (label, _("Not recorded"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (label), NULL);
  gtk_widget_add_css_class (GTK_WIDGET (label), "dim-label");
}

/* Shows what the trace knows and leaves out what it does not: massif
 * counts no allocation calls, a tracemalloc dump and folded stacks have no
 * time, folded stacks only weights (see tide-selection-labels.h). */
static void
show_totals (TideSummaryPage *self)
{
  TideTrace *trace = self->trace;
  TideTraceFormat format = tide_trace_get_format (trace);
  const TideTotals *t = tide_trace_get_totals (trace);
  gboolean has_time = tide_selection_trace_has_time (trace);
  guint peak_sample = tide_trace_get_peak_sample (trace);
  g_autofree char *command = g_utf8_make_valid (tide_trace_get_command (trace), -1);
  g_autofree char *format_text = NULL;
  g_autofree char *runtime = tide_format_trace_time (trace, t->duration_ms);
  g_autofree char *calls_rate = format_rate (trace, t->cost.allocations, t->duration_ms);
  g_autofree char *temporary_rate = format_rate (trace, t->cost.temporary, t->duration_ms);
  g_autofree char *temporary_detail = NULL;
  g_autofree char *peak_time = tide_format_trace_time (trace, t->peak_time_ms);
  g_autofree char *peak_detail = NULL;
  g_autofree char *blocks = tide_format_count (t->cost.leaked_allocations);
  g_autofree char *leaked_detail = NULL;

  if (tide_trace_get_format_version (trace) != 0)
    /* TRANSLATORS: "heaptrack trace, format version 3" */
    format_text = g_strdup_printf (_("%s trace, format version %u"), tide_trace_get_format_name (trace),
                                   tide_trace_get_format_version (trace));
  else
    /* TRANSLATORS: "massif trace", for a format without versions */
    format_text = g_strdup_printf (_("%s trace"), tide_trace_get_format_name (trace));
  if (command[0] != '\0')
    {
      gtk_label_set_text (self->command_value, command);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->command_value), command);
      gtk_widget_remove_css_class (GTK_WIDGET (self->command_value), "dim-label");
    }
  else
    set_not_recorded (self->command_value);
  adw_action_row_set_subtitle (self->command_row, format_text);

  gtk_widget_set_visible (GTK_WIDGET (self->runtime_row), has_time);
  if (tide_trace_get_time_unit (trace) == TIDE_TIME_UNIT_SNAPSHOTS)
    {
      /* a series of dumps has no runtime: how many dumps */
      g_autofree char *n = tide_format_count (t->duration_ms + 1);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->runtime_row), _("Snapshots"));
      gtk_label_set_text (self->runtime_value, n);
    }
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->runtime_row), _("Total runtime"));
      gtk_label_set_text (self->runtime_value, runtime);
    }

  /* a dump counts the blocks live in it, not calls over a run */
  gtk_widget_set_visible (GTK_WIDGET (self->calls_row),
                          tide_selection_trace_has_metric (trace, TIDE_METRIC_ALLOCATIONS));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->calls_row),
                                 has_time ? _("Calls to allocation functions") : _("Live blocks"));
  set_count (self->calls_value, t->cost.allocations);
  adw_action_row_set_subtitle (self->calls_row, calls_rate != NULL ? calls_rate : "");

  gtk_widget_set_visible (GTK_WIDGET (self->temporary_row),
                          tide_selection_trace_has_metric (trace, TIDE_METRIC_TEMPORARY));
  set_count (self->temporary_value, t->cost.temporary);
  if (t->cost.allocations > 0)
    {
      double percent = 100.0 * t->cost.temporary / t->cost.allocations;

      /* TRANSLATORS: "22,367 per second, 11.1 % of all calls" */
      temporary_detail = temporary_rate != NULL
                           ? g_strdup_printf (_("%s, %.1f %% of all calls"), temporary_rate, percent)
                           : g_strdup_printf (_("%.1f %% of all calls"), percent);
    }
  adw_action_row_set_subtitle (self->temporary_row, temporary_detail != NULL ? temporary_detail : "");

  gtk_widget_set_visible (GTK_WIDGET (self->allocated_row),
                          tide_selection_trace_has_metric (trace, TIDE_METRIC_ALLOCATED));
  set_bytes (self->allocated_value, t->cost.allocated_bytes);

  if (format == TIDE_TRACE_FORMAT_FOLDED)
    {
      g_autofree char *weight = tide_format_count (t->cost.peak_bytes);

      /* a weight has no unit to write it in */
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->peak_row), _("Total weight"));
      gtk_label_set_text (self->peak_value, weight);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->peak_value), NULL);
    }
  else if (format == TIDE_TRACE_FORMAT_MPROF)
    {
      /* what the process held, as the system saw it: no heap */
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->peak_row), _("Peak memory"));
      set_bytes (self->peak_value, t->cost.peak_bytes);
    }
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->peak_row),
                                     has_time ? _("Peak heap consumption") : _("Live memory"));
      set_bytes (self->peak_value, t->cost.peak_bytes);
    }
  /* memory_profiler records no stacks: no sites to list */
  gtk_widget_set_visible (self->sites_box, format != TIDE_TRACE_FORMAT_MPROF);
  if (has_time && format == TIDE_TRACE_FORMAT_MASSIF && peak_sample != G_MAXUINT)
    /* TRANSLATORS: massif's snapshot of the peak: "Snapshot 63, after 219844 instructions" */
    peak_detail = g_strdup_printf (_("Snapshot %u, after %s"), peak_sample, peak_time);
  else if (has_time && tide_trace_get_time_unit (trace) == TIDE_TIME_UNIT_SNAPSHOTS)
    /* TRANSLATORS: where in a series of dumps the heap was largest: "In snapshot 2" */
    peak_detail = g_strdup_printf (_("In %s"), peak_time);
  else if (has_time)
    peak_detail = g_strdup_printf (_("Reached after %s"), peak_time);
  adw_action_row_set_subtitle (self->peak_row, peak_detail != NULL ? peak_detail : "");

  /* heaptrack may record RSS; the other formats never do */
  gtk_widget_set_visible (GTK_WIDGET (self->rss_row), format == TIDE_TRACE_FORMAT_HEAPTRACK || t->peak_rss_bytes != 0);
  if (t->peak_rss_bytes != 0)
    {
      set_bytes (self->rss_value, t->peak_rss_bytes);
      gtk_widget_remove_css_class (GTK_WIDGET (self->rss_value), "dim-label");
    }
  else
    set_not_recorded (self->rss_value);

  /* massif knows its total at the end even when not per site; in a dump or
   * folded stacks it is the same bytes as above */
  gtk_widget_set_visible (GTK_WIDGET (self->leaked_row), tide_selection_trace_has_metric (trace, TIDE_METRIC_LEAKED)
                                                           || format == TIDE_TRACE_FORMAT_MASSIF
                                                           || format == TIDE_TRACE_FORMAT_MPROF);
  set_bytes (self->leaked_value, t->cost.leaked_bytes);
  if (tide_trace_counts_allocations (trace))
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->leaked_row), _("Leaked"));
      leaked_detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "In %s block", "In %s blocks",
                                                    t->cost.leaked_allocations),
                                       blocks);
    }
  else if (format == TIDE_TRACE_FORMAT_MPROF)
    /* TRANSLATORS: the memory of the process in memory_profiler's last sample */
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->leaked_row), _("Memory at the end"));
  else
    /* massif's last snapshot: it cannot tell a leak from memory freed at exit */
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->leaked_row), _("Still allocated at the end"));
  adw_action_row_set_subtitle (self->leaked_row, leaked_detail != NULL ? leaked_detail : "");
}

/* The tables show the selection's costs, under its names; a table of a
 * metric the trace or the selection has no values for is left out. */
static void
show_sites (TideSummaryPage *self)
{
  g_autoptr(GArray) sites = NULL;
  TideSiteTable *tables[] = { self->peak_table, self->leaks_table, self->allocations_table, self->temporary_table };
  GtkWidget *visible = gtk_stack_get_visible_child (self->tables_stack);
  guint n_shown = 0;

  if (self->session != NULL)
    sites = tide_sites_collect_for_costs (self->trace, tide_session_get_costs (self->session));

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      TideMetric metric = tide_site_table_get_metric (tables[i]);
      GtkStackPage *page = gtk_stack_get_page (self->tables_stack, GTK_WIDGET (tables[i]));
      g_autofree char *title = tide_selection_dup_metric_name (self->session, metric);
      gboolean shown = tide_selection_has_metric (self->session, metric);

      tide_site_table_set_selection (tables[i], self->session);
      tide_site_table_set_sites (tables[i], self->trace, sites);
      gtk_stack_page_set_title (page, title);
      /* away from the peak, "leaked" holds the same bytes as "live" */
      if (!shown && visible == GTK_WIDGET (tables[i]))
        gtk_stack_set_visible_child (self->tables_stack, GTK_WIDGET (self->peak_table));
      gtk_stack_page_set_visible (page, shown);
      n_shown += shown;
    }
  /* one table (massif's, folded stacks') needs no switcher */
  gtk_widget_set_visible (self->tables_switcher, n_shown > 1);
}

static void
costs_changed_cb (TideSummaryPage *self)
{
  show_sites (self);
}

static void
tide_summary_page_dispose (GObject *object)
{
  TideSummaryPage *self = TIDE_SUMMARY_PAGE (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), TIDE_TYPE_SUMMARY_PAGE);
  /* the template's root box is not bound, so dispose_template leaves it */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  self->trace = NULL;

  G_OBJECT_CLASS (tide_summary_page_parent_class)->dispose (object);
}

static void
tide_summary_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  TideSummaryPage *self = TIDE_SUMMARY_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tide_summary_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  TideSummaryPage *self = TIDE_SUMMARY_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      tide_summary_page_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tide_summary_page_class_init (TideSummaryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tide_summary_page_dispose;
  object_class->get_property = tide_summary_page_get_property;
  object_class->set_property = tide_summary_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, TIDE_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (TIDE_TYPE_COLUMNS);
  g_type_ensure (TIDE_TYPE_SITE_TABLE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/tidemark/Tidemark/ui/tide-summary-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TideSummaryPage, command_row);
  gtk_widget_class_bind_template_child (widget_class, TideSummaryPage, command_value);
  gtk_widget_class_bind_template_child (widget_class, TideSummaryPage, runtime_row);
  gtk_widget_class_bind_template_child (widget_class, TideSummaryPage, runtime_value);
  gtk_widget_class_bind_template_child (widget_class, TideSummaryPage, calls_row);
  gtk_widget_class_bind_template_child (widget_class, TideSummaryPage, calls_value);
  gtk_widget_class_bind_template_child (widget_class, TideSummaryPage, temporary_row);
  gtk_widget_class_bind_template_child (widget_class, TideSummaryPage, temporary_value);
  gtk_widget_class_bind_template_child (widget_class, TideSummaryPage, allocated_row);
  gtk_widget_class_bind_template_child (widget_class, TideSummaryPage, allocated_value);
  gtk_widget_class_bind_template_child (widget_class, TideSummaryPage, peak_row);
  gtk_widget_class_bind_template_child (widget_class, TideSummaryPage, peak_value);
  gtk_widget_class_bind_template_child (widget_class, TideSummaryPage, rss_row);
  gtk_widget_class_bind_template_child (widget_class, TideSummaryPage, rss_value);
  gtk_widget_class_bind_template_child (widget_class, TideSummaryPage, leaked_row);
  gtk_widget_class_bind_template_child (widget_class, TideSummaryPage, leaked_value);
  gtk_widget_class_bind_template_child (widget_class, TideSummaryPage, tables_switcher);
  gtk_widget_class_bind_template_child (widget_class, TideSummaryPage, sites_box);
  gtk_widget_class_bind_template_child (widget_class, TideSummaryPage, tables_stack);
  gtk_widget_class_bind_template_child (widget_class, TideSummaryPage, peak_table);
  gtk_widget_class_bind_template_child (widget_class, TideSummaryPage, leaks_table);
  gtk_widget_class_bind_template_child (widget_class, TideSummaryPage, allocations_table);
  gtk_widget_class_bind_template_child (widget_class, TideSummaryPage, temporary_table);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "tidesummarypage");
}

static void
tide_summary_page_init (TideSummaryPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* the core has no enum GType for TideMetric, so the .ui cannot name it */
  tide_site_table_set_metric (self->peak_table, TIDE_METRIC_PEAK);
  tide_site_table_set_metric (self->leaks_table, TIDE_METRIC_LEAKED);
  tide_site_table_set_metric (self->allocations_table, TIDE_METRIC_ALLOCATIONS);
  tide_site_table_set_metric (self->temporary_table, TIDE_METRIC_TEMPORARY);
}

GtkWidget *
tide_summary_page_new (void)
{
  return g_object_new (TIDE_TYPE_SUMMARY_PAGE, NULL);
}

TideSession *
tide_summary_page_get_session (TideSummaryPage *self)
{
  g_return_val_if_fail (TIDE_IS_SUMMARY_PAGE (self), NULL);
  return self->session;
}

TideTrace *
tide_summary_page_get_trace (TideSummaryPage *self)
{
  g_return_val_if_fail (TIDE_IS_SUMMARY_PAGE (self), NULL);
  return self->trace;
}

void
tide_summary_page_set_session (TideSummaryPage *self,
                               TideSession     *session)
{
  g_return_if_fail (TIDE_IS_SUMMARY_PAGE (self));
  g_return_if_fail (session == NULL || TIDE_IS_SESSION (session));

  if (self->session == session)
    return;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  self->trace = session != NULL ? tide_session_get_trace (session) : NULL;
  if (session != NULL)
    g_signal_connect_object (session, "notify::costs", G_CALLBACK (costs_changed_cb), self, G_CONNECT_SWAPPED);

  if (self->trace != NULL)
    show_totals (self);
  show_sites (self);
  gtk_stack_set_visible_child_name (self->tables_stack, "peak");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}
