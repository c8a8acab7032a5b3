/* tide-site-table.c: a sortable table of a trace's allocation sites
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "core/tide-format.h"
#include "tide-selection-labels.h"
#include "tide-site-item.h"
#include "tide-site-table.h"

typedef enum
{
  COLUMN_FUNCTION,
  COLUMN_LOCATION,
  COLUMN_MODULE,
  COLUMN_VALUE, /* one per metric, see column_specs */
} ColumnKind;

typedef struct
{
  ColumnKind  kind;
  TideMetric  metric;      /* COLUMN_VALUE only */
  const char *title;
  const char *property;    /* what the column sorts by */
  int         fixed_width; /* -1: natural */
} ColumnSpec;

/* The value columns come in the order heaptrack_print's tables do. */
static const ColumnSpec column_specs[] = {
  { COLUMN_FUNCTION, 0, N_("Function"), "function", -1 },
  { COLUMN_LOCATION, 0, N_("Location"), "location", 200 },
  { COLUMN_MODULE, 0, N_("Module"), "module", 130 },
  { COLUMN_VALUE, TIDE_METRIC_PEAK, N_("Peak"), "peak", 90 },
  { COLUMN_VALUE, TIDE_METRIC_LEAKED, N_("Leaked"), "leaked", 90 },
  { COLUMN_VALUE, TIDE_METRIC_ALLOCATIONS, N_("Allocations"), "allocations", 100 },
  { COLUMN_VALUE, TIDE_METRIC_TEMPORARY, N_("Temporary"), "temporary", 100 },
  { COLUMN_VALUE, TIDE_METRIC_ALLOCATED, N_("Allocated"), "allocated", 90 },
};

struct _TideSiteTable
{
  GtkWidget         parent_instance;

  /* template widgets */
  GtkStack         *stack;
  GtkColumnView    *column_view;
  AdwStatusPage    *empty_page;

  /* owned references */
  GListStore       *store;
  GtkSortListModel *sort_model;
  TideTrace        *trace;
  GArray           *sites;      /* every site of trace, as collected */

  /* borrowed: owned by column_view */
  GtkColumnViewColumn *location_column;
  GtkColumnViewColumn *module_column;
  GtkColumnViewColumn *value_columns[TIDE_N_METRICS];

  GPtrArray        *pending;    /* TideSiteItem still to append, in order */
  guint             pending_pos; /* the next one of pending */
  guint             append_id;  /* the tick callback appending them */
  gboolean          skip_frame; /* append nothing in the coming frame */

  TideMetric        metric;
  TideSelectionKind selection_kind; /* of the sites shown */
  gboolean          stale;          /* sites or metric changed while unmapped */
};

enum {
  PROP_0,
  PROP_METRIC,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (TideSiteTable, tide_site_table, GTK_TYPE_WIDGET)

static const char *
basename_of (const char *path)
{
  const char *slash = strrchr (path, '/');

  return slash != NULL && slash[1] != '\0' ? slash + 1 : path;
}

/* Rows appended per frame: about 0.3 ms a row on the loaded 2-core machine. */
#define ROWS_PER_STEP 8

static void
append_pending (TideSiteTable *self,
                guint          n)
{
  guint end = self->pending_pos + MIN (n, self->pending->len - self->pending_pos);
  guint at = g_list_model_get_n_items (G_LIST_MODEL (self->store));

  g_list_store_splice (self->store, at, 0, self->pending->pdata + self->pending_pos, end - self->pending_pos);
  self->pending_pos = end;
}

static void
stop_appending (TideSiteTable *self)
{
  if (self->append_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->append_id);
  self->append_id = 0;
  self->skip_frame = FALSE;
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  self->pending_pos = 0;
}

static gboolean
append_step_cb (GtkWidget     *widget,
                GdkFrameClock *frame_clock,
                gpointer       user_data)
{
  TideSiteTable *self = TIDE_SITE_TABLE (widget);

  /* the frame the table maps in (see refill()) */
  if (self->skip_frame)
    {
      self->skip_frame = FALSE;
      return G_SOURCE_CONTINUE;
    }
  append_pending (self, ROWS_PER_STEP);
  if (self->pending_pos < self->pending->len)
    return G_SOURCE_CONTINUE;
  self->append_id = 0;
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  return G_SOURCE_REMOVE;
}

/* The rest of the rows at once: whoever reads the model sees them all. */
static void
finish_appending (TideSiteTable *self)
{
  if (self->pending != NULL)
    append_pending (self, G_MAXUINT);
  stop_appending (self);
}

static void
refill (TideSiteTable *self,
        gboolean       on_map)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) sites = NULL;
  gboolean any_location = FALSE;
  gboolean any_module = FALSE;

  if (self->sites != NULL)
    {
      sites = g_array_copy (self->sites);
      tide_sites_sort (sites, self->metric);
      for (guint i = 0; i < sites->len; i++)
        {
          const TideSite *site = &g_array_index (sites, TideSite, i);

          /* sorted largest first: the first zero ends the table */
          if (tide_cost_get (&site->cost, self->metric) == 0)
            break;
          g_ptr_array_add (items, tide_site_item_new (self->trace, site));
          any_location |= *tide_site_item_get_location (g_ptr_array_index (items, items->len - 1)) != '\0';
          any_module |= *tide_site_item_get_module (g_ptr_array_index (items, items->len - 1)) != '\0';
        }
    }

  /* A step of rows per frame: GTK 4.8 binds each row it is handed, up
   * to 200 of them, in the next layout, about 0.1 ms a cell, so a whole
   * table at once kept a frame waiting for 100 ms. The first step comes
   * at once, unless the table is mapping: the frame that first shows a
   * page makes, measures and draws all of it, and with the rows too the
   * trace page's first frame after a load took 64 ms on ht_pylarge, 33
   * without (bench/window). */
  stop_appending (self);
  g_list_store_remove_all (self->store);
  self->pending = g_ptr_array_ref (items);
  if (on_map)
    self->skip_frame = TRUE;
  else
    append_pending (self, ROWS_PER_STEP);
  if (self->pending_pos < self->pending->len)
    self->append_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), append_step_cb, NULL, NULL);
  else
    g_clear_pointer (&self->pending, g_ptr_array_unref);
  /* e.g. an interpreter without debug info: no site has a source file */
  gtk_column_view_column_set_visible (self->location_column, any_location);
  /* massif and folded stacks name no modules */
  gtk_column_view_column_set_visible (self->module_column, any_module);
  /* GTK 4.8 counts a hidden column's fixed width as taken */
  gtk_column_view_column_set_fixed_width (self->location_column,
                                          any_location ? column_specs[COLUMN_LOCATION].fixed_width : -1);
  gtk_column_view_column_set_fixed_width (self->module_column,
                                          any_module ? column_specs[COLUMN_MODULE].fixed_width : -1);
  gtk_stack_set_visible_child_name (self->stack, items->len > 0 ? "table" : "empty");
}

/* GTK 4.8's list views make and bind up to 200 rows at once whatever
 * shows, about 1000 cells a table: the summary's four tables filled on
 * the main thread at the end of a load stalled the window for half a
 * second. A table out of sight (another tab) fills when it is mapped, or
 * when its model is asked for. */
static void
queue_refill (TideSiteTable *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->stale = FALSE;
      refill (self, FALSE);
    }
  else
    self->stale = TRUE;
}

static void
flush_refill (TideSiteTable *self,
              gboolean       on_map)
{
  if (self->stale)
    {
      self->stale = FALSE;
      refill (self, on_map);
    }
}

static void
update_empty_page (TideSiteTable *self)
{
  const char *title = NULL;

  switch (self->metric)
    {
    case TIDE_METRIC_PEAK:
      title = self->selection_kind == TIDE_SELECTION_PEAK ? _("Nothing Was Live at the Peak")
                                                          : _("Nothing Was Live Then");
      break;
    case TIDE_METRIC_LEAKED:
      title = _("No Leaks");
      break;
    case TIDE_METRIC_ALLOCATIONS:
      title = _("No Allocations");
      break;
    case TIDE_METRIC_TEMPORARY:
      title = _("No Temporary Allocations");
      break;
    case TIDE_METRIC_ALLOCATED:
      title = _("Nothing Was Allocated");
      break;
    case TIDE_N_METRICS:
    default:
      g_assert_not_reached ();
    }
  adw_status_page_set_title (self->empty_page, title);
}

/* What a cell's tooltip says: the whole text where the label may be cut
 * short, the exact byte count behind a rounded value; NULL for none. */
static char *
cell_tooltip (TideSiteTable    *self,
              const ColumnSpec *spec,
              TideSiteItem     *item)
{
  switch (spec->kind)
    {
    case COLUMN_FUNCTION:
      return g_strdup (tide_site_item_get_function (item));
    case COLUMN_LOCATION:
      return g_strdup (tide_site_item_get_location (item));
    case COLUMN_MODULE:
      return g_strdup (tide_site_item_get_module (item));
    case COLUMN_VALUE:
      {
        guint64 value = tide_site_item_get_value (item, spec->metric);
        /* folded stacks weigh without a unit */
        gboolean bytes = tide_metric_is_bytes (spec->metric)
                         && (self->trace == NULL || tide_trace_get_format (self->trace) != TIDE_TRACE_FORMAT_FOLDED);
        g_autofree char *count = NULL;

        if (value == 0 || !bytes)
          return NULL;
        count = tide_format_count (value);
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s byte", "%s bytes", value), count);
      }
    default:
      g_assert_not_reached ();
    }
  return NULL;
}

/* Tooltips are made when asked for, not at every bind: setting one per
 * cell was a third of the cost of filling a table. */
static gboolean
query_cell_tooltip_cb (GtkWidget   *label,
                       int          x,
                       int          y,
                       gboolean     keyboard,
                       GtkTooltip  *tooltip,
                       GtkListItem *list_item)
{
  const ColumnSpec *spec = g_object_get_data (G_OBJECT (label), "tide-spec");
  TideSiteTable *self = g_object_get_data (G_OBJECT (label), "tide-table");
  TideSiteItem *item = gtk_list_item_get_item (list_item);
  g_autofree char *text = NULL;

  if (item == NULL)
    return FALSE;
  text = cell_tooltip (self, spec, item);
  if (text == NULL || text[0] == '\0')
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               const ColumnSpec         *spec)
{
  GtkWidget *label = gtk_label_new (NULL);

  switch (spec->kind)
    {
    case COLUMN_FUNCTION:
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_xalign (GTK_LABEL (label), 0.0);
      break;
    case COLUMN_LOCATION:
      /* the end ("file.c:42") says the most */
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_START);
      gtk_label_set_xalign (GTK_LABEL (label), 0.0);
      break;
    case COLUMN_MODULE:
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_xalign (GTK_LABEL (label), 0.0);
      break;
    case COLUMN_VALUE:
      gtk_label_set_xalign (GTK_LABEL (label), 1.0);
      gtk_widget_add_css_class (label, "numeric");
      break;
    default:
      g_assert_not_reached ();
    }
  /* the list item outlives its child, which it owns */
  g_object_set_data (G_OBJECT (label), "tide-spec", (gpointer) spec);
  g_object_set_data (G_OBJECT (label), "tide-table", g_object_get_data (G_OBJECT (factory), "tide-table"));
  gtk_widget_set_has_tooltip (label, TRUE);
  g_signal_connect (label, "query-tooltip", G_CALLBACK (query_cell_tooltip_cb), list_item);
  gtk_list_item_set_child (list_item, label);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              const ColumnSpec         *spec)
{
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (list_item));
  TideSiteItem *item = gtk_list_item_get_item (list_item);
  TideSiteTable *self = g_object_get_data (G_OBJECT (factory), "tide-table");

  switch (spec->kind)
    {
    case COLUMN_FUNCTION:
      gtk_label_set_text (label, tide_site_item_get_function (item));
      break;
    case COLUMN_LOCATION:
      gtk_label_set_text (label, tide_site_item_get_location (item));
      break;
    case COLUMN_MODULE:
      gtk_label_set_text (label, basename_of (tide_site_item_get_module (item)));
      break;
    case COLUMN_VALUE:
      {
        guint64 value = tide_site_item_get_value (item, spec->metric);
        g_autofree char *text = NULL;

        /* a dash, not "0 bytes": the rows that matter stand out */
        if (value == 0)
          {
            gtk_label_set_text (label, "—");
            gtk_widget_add_css_class (GTK_WIDGET (label), "dim-label");
            break;
          }
        text = tide_selection_format_value (self->trace, spec->metric, value);
        gtk_widget_remove_css_class (GTK_WIDGET (label), "dim-label");
        gtk_label_set_text (label, text);
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
add_columns (TideSiteTable *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (column_specs); i++)
    {
      const ColumnSpec *spec = &column_specs[i];
      g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;
      GtkExpression *expression;
      GtkSorter *sorter;

      /* borrowed: the table outlives its columns' factories */
      g_object_set_data (G_OBJECT (factory), "tide-table", self);
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), (gpointer) spec);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), (gpointer) spec);

      expression = gtk_property_expression_new (TIDE_TYPE_SITE_ITEM, NULL, spec->property);
      if (spec->kind == COLUMN_VALUE)
        sorter = GTK_SORTER (gtk_numeric_sorter_new (expression));
      else
        sorter = GTK_SORTER (gtk_string_sorter_new (expression));

      column = gtk_column_view_column_new (_(spec->title), g_steal_pointer (&factory));
      gtk_column_view_column_set_sorter (column, sorter);
      gtk_column_view_column_set_resizable (column, TRUE);
      if (spec->fixed_width > 0)
        gtk_column_view_column_set_fixed_width (column, spec->fixed_width);
      else
        gtk_column_view_column_set_expand (column, TRUE);
      g_object_unref (sorter);

      if (spec->kind == COLUMN_VALUE)
        self->value_columns[spec->metric] = column;
      else if (spec->kind == COLUMN_LOCATION)
        self->location_column = column;
      else if (spec->kind == COLUMN_MODULE)
        self->module_column = column;
      gtk_column_view_append_column (self->column_view, column);
    }
}

static void
tide_site_table_dispose (GObject *object)
{
  TideSiteTable *self = TIDE_SITE_TABLE (object);

  stop_appending (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), TIDE_TYPE_SITE_TABLE);

  g_clear_object (&self->sort_model);
  g_clear_object (&self->store);
  g_clear_object (&self->trace);
  g_clear_pointer (&self->sites, g_array_unref);

  G_OBJECT_CLASS (tide_site_table_parent_class)->dispose (object);
}

static void
tide_site_table_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  TideSiteTable *self = TIDE_SITE_TABLE (object);

  switch (prop_id)
    {
    case PROP_METRIC:
      g_value_set_uint (value, self->metric);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tide_site_table_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  TideSiteTable *self = TIDE_SITE_TABLE (object);

  switch (prop_id)
    {
    case PROP_METRIC:
      tide_site_table_set_metric (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tide_site_table_map (GtkWidget *widget)
{
  TideSiteTable *self = TIDE_SITE_TABLE (widget);

  /* before the children map: the table shows with its columns set */
  flush_refill (self, TRUE);
  GTK_WIDGET_CLASS (tide_site_table_parent_class)->map (widget);
}

static void
tide_site_table_class_init (TideSiteTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tide_site_table_dispose;
  object_class->get_property = tide_site_table_get_property;
  object_class->set_property = tide_site_table_set_property;
  widget_class->map = tide_site_table_map;

  /* a TideMetric; the core registers no enum type for it */
  properties[PROP_METRIC] =
    g_param_spec_uint ("metric", NULL, NULL, 0, TIDE_N_METRICS - 1, TIDE_METRIC_PEAK,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/tidemark/Tidemark/ui/tide-site-table.ui");
  gtk_widget_class_bind_template_child (widget_class, TideSiteTable, stack);
  gtk_widget_class_bind_template_child (widget_class, TideSiteTable, column_view);
  gtk_widget_class_bind_template_child (widget_class, TideSiteTable, empty_page);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "tidesitetable");
}

static void
tide_site_table_init (TideSiteTable *self)
{
  g_autoptr(GtkSingleSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  add_columns (self);

  self->store = g_list_store_new (TIDE_TYPE_SITE_ITEM);
  self->sort_model = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->store)),
                                              g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->sort_model)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));

  self->metric = TIDE_METRIC_PEAK;
  gtk_column_view_sort_by_column (self->column_view, self->value_columns[self->metric], GTK_SORT_DESCENDING);
  update_empty_page (self);
  refill (self, FALSE);
}

GtkWidget *
tide_site_table_new (TideMetric metric)
{
  g_return_val_if_fail (metric < TIDE_N_METRICS, NULL);
  return g_object_new (TIDE_TYPE_SITE_TABLE, "metric", metric, NULL);
}

TideMetric
tide_site_table_get_metric (TideSiteTable *self)
{
  g_return_val_if_fail (TIDE_IS_SITE_TABLE (self), TIDE_METRIC_PEAK);
  return self->metric;
}

void
tide_site_table_set_metric (TideSiteTable *self,
                            TideMetric     metric)
{
  g_return_if_fail (TIDE_IS_SITE_TABLE (self));
  g_return_if_fail (metric < TIDE_N_METRICS);

  if (self->metric == metric)
    return;

  self->metric = metric;
  update_empty_page (self);
  gtk_column_view_sort_by_column (self->column_view, self->value_columns[metric], GTK_SORT_DESCENDING);
  queue_refill (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_METRIC]);
}

void
tide_site_table_set_sites (TideSiteTable *self,
                           TideTrace     *trace,
                           GArray        *sites)
{
  g_return_if_fail (TIDE_IS_SITE_TABLE (self));
  g_return_if_fail (trace == NULL || TIDE_IS_TRACE (trace));
  g_return_if_fail ((trace == NULL) == (sites == NULL));

  g_set_object (&self->trace, trace);
  g_clear_pointer (&self->sites, g_array_unref);
  if (sites != NULL)
    self->sites = g_array_copy (sites);
  queue_refill (self);
}

void
tide_site_table_set_selection (TideSiteTable *self,
                               TideSession   *session)
{
  g_return_if_fail (TIDE_IS_SITE_TABLE (self));
  g_return_if_fail (session == NULL || TIDE_IS_SESSION (session));

  for (guint i = 0; i < G_N_ELEMENTS (column_specs); i++)
    {
      const ColumnSpec *spec = &column_specs[i];
      GtkColumnViewColumn *column;
      g_autofree char *title = NULL;
      gboolean shown;

      if (spec->kind != COLUMN_VALUE)
        continue;
      column = self->value_columns[spec->metric];
      title = tide_selection_dup_metric_name (session, spec->metric);
      shown = tide_selection_has_metric (session, spec->metric);
      gtk_column_view_column_set_title (column, title);
      gtk_column_view_column_set_visible (column, shown);
      /* "Live at 1 min 23 s" needs more room than "Peak"; GTK 4.8 counts a
       * hidden column's fixed width as taken, so a hidden one has none */
      if (!shown)
        gtk_column_view_column_set_fixed_width (column, -1);
      else if (spec->metric == TIDE_METRIC_PEAK)
        gtk_column_view_column_set_fixed_width (column, g_utf8_strlen (title, -1) > 8 ? 130 : spec->fixed_width);
      else
        gtk_column_view_column_set_fixed_width (column, spec->fixed_width);
    }
  self->selection_kind = session != NULL ? tide_session_get_selection_kind (session) : TIDE_SELECTION_PEAK;
  update_empty_page (self);
}

const char *
tide_site_table_get_column_title (TideSiteTable *self,
                                  TideMetric     metric)
{
  g_return_val_if_fail (TIDE_IS_SITE_TABLE (self), NULL);
  g_return_val_if_fail (metric < TIDE_N_METRICS, NULL);
  return gtk_column_view_column_get_title (self->value_columns[metric]);
}

GListModel *
tide_site_table_get_model (TideSiteTable *self)
{
  g_return_val_if_fail (TIDE_IS_SITE_TABLE (self), NULL);
  flush_refill (self, FALSE);
  finish_appending (self);
  return G_LIST_MODEL (self->sort_model);
}
