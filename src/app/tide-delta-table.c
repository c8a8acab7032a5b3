/* tide-delta-table.c: what grew between two traces, site by site, in a table
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "core/analysis/tide-diff.h"
#include "core/tide-format.h"
#include "tide-delta-table.h"
#include "tide-diff-row-item.h"

typedef enum
{
  COLUMN_SITE,
  COLUMN_SIZE,
  COLUMN_SIZE_DIFF,
  COLUMN_COUNT,
  COLUMN_COUNT_DIFF,
} ColumnKind;

typedef struct
{
  ColumnKind  kind;
  const char *title;
  const char *property;    /* what the column sorts by */
  int         fixed_width; /* -1: natural */
} ColumnSpec;

/* As `tidemark diff` and compare_to print them. */
static const ColumnSpec column_specs[] = {
  { COLUMN_SITE, N_("Site"), "site", -1 },
  { COLUMN_SIZE, N_("Size"), "size", 100 },
  /* TRANSLATORS: the change of the size, a column header */
  { COLUMN_SIZE_DIFF, N_("Size Δ"), "size-diff", 110 },
  { COLUMN_COUNT, N_("Count"), "count", 90 },
  /* TRANSLATORS: the change of the count of blocks, a column header */
  { COLUMN_COUNT_DIFF, N_("Count Δ"), "count-diff", 90 },
};

struct _TideDeltaTable
{
  GtkWidget           parent_instance;

  /* template widgets */
  GtkStack           *stack;
  GtkColumnView      *column_view;
  AdwStatusPage      *empty_page;

  /* owned references */
  GListStore         *store;
  GtkCustomFilter    *filter;
  GtkFilterListModel *filter_model;
  GtkSortListModel   *sort_model;
  char               *filter_text;
  char               *needle;      /* filter_text casefolded, or NULL */
};

enum {
  PROP_0,
  PROP_FILTER_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (TideDeltaTable, tide_delta_table, GTK_TYPE_WIDGET)

static gboolean
filter_cb (gpointer item,
           gpointer user_data)
{
  TideDeltaTable *self = user_data;
  g_autofree char *haystack = NULL;

  if (self->needle == NULL)
    return TRUE;
  haystack = g_utf8_casefold (tide_diff_row_item_get_traceback (item), -1);
  return strstr (haystack, self->needle) != NULL;
}

static void
update_empty (TideDeltaTable *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->sort_model));
  guint all = g_list_model_get_n_items (G_LIST_MODEL (self->store));

  adw_status_page_set_title (self->empty_page, all > 0 ? _("No Matching Sites") : _("Nothing Changed"));
  gtk_stack_set_visible_child_name (self->stack, shown > 0 ? "table" : "empty");
}

/* "+1.2 kB", "−512 B", "+0 B" */
static char *
format_delta (gint64   value,
              gboolean bytes)
{
  guint64 magnitude = value < 0 ? -(guint64) value : (guint64) value;
  g_autofree char *text = bytes ? g_format_size (magnitude) : tide_format_count (magnitude);

  return g_strdup_printf ("%s%s", value < 0 ? "−" : "+", text);
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               const ColumnSpec         *spec)
{
  GtkWidget *label = gtk_label_new (NULL);

  if (spec->kind == COLUMN_SITE)
    {
      /* the end ("file.py:42") says the most */
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_START);
      gtk_label_set_xalign (GTK_LABEL (label), 0.0);
    }
  else
    {
      gtk_label_set_xalign (GTK_LABEL (label), 1.0);
      gtk_widget_add_css_class (label, "numeric");
    }
  gtk_list_item_set_child (list_item, label);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              const ColumnSpec         *spec)
{
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (list_item));
  GtkWidget *widget = GTK_WIDGET (label);
  TideDiffRowItem *item = gtk_list_item_get_item (list_item);
  g_autofree char *text = NULL;
  g_autofree char *tooltip = NULL;
  gint64 delta = 0;

  gtk_widget_remove_css_class (widget, "error");
  gtk_widget_remove_css_class (widget, "accent");
  gtk_widget_remove_css_class (widget, "dim-label");
  switch (spec->kind)
    {
    case COLUMN_SITE:
      text = g_strdup (tide_diff_row_item_get_site (item));
      /* a traceback shows its innermost frame; the tooltip, all of them */
      tooltip = g_strdup (tide_diff_row_item_get_traceback (item));
      break;
    case COLUMN_SIZE:
      text = g_format_size (tide_diff_row_item_get_size (item));
      tooltip = tide_format_count (tide_diff_row_item_get_size (item));
      break;
    case COLUMN_SIZE_DIFF:
      delta = tide_diff_row_item_get_size_diff (item);
      text = format_delta (delta, TRUE);
      tooltip = g_strdup_printf ("%+" G_GINT64_FORMAT, delta);
      break;
    case COLUMN_COUNT:
      text = tide_format_count (tide_diff_row_item_get_count (item));
      break;
    case COLUMN_COUNT_DIFF:
      delta = tide_diff_row_item_get_count_diff (item);
      text = format_delta (delta, FALSE);
      break;
    default:
      g_assert_not_reached ();
    }
  /* growth in the warm colour of the flame graph, shrinking in the cool one */
  if (spec->kind == COLUMN_SIZE_DIFF || spec->kind == COLUMN_COUNT_DIFF)
    gtk_widget_add_css_class (widget, delta > 0 ? "error" : delta < 0 ? "accent" : "dim-label");
  gtk_label_set_text (label, text);
  gtk_widget_set_tooltip_text (widget, tooltip);
}

static void
add_columns (TideDeltaTable *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (column_specs); i++)
    {
      const ColumnSpec *spec = &column_specs[i];
      g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;
      GtkExpression *expression = gtk_property_expression_new (TIDE_TYPE_DIFF_ROW_ITEM, NULL, spec->property);
      GtkSorter *sorter;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), (gpointer) spec);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), (gpointer) spec);
      if (spec->kind == COLUMN_SITE)
        sorter = GTK_SORTER (gtk_string_sorter_new (expression));
      else
        {
          sorter = GTK_SORTER (gtk_numeric_sorter_new (expression));
          /* a first click puts the largest on top */
          gtk_numeric_sorter_set_sort_order (GTK_NUMERIC_SORTER (sorter), GTK_SORT_DESCENDING);
        }

      column = gtk_column_view_column_new (_(spec->title), g_steal_pointer (&factory));
      gtk_column_view_column_set_sorter (column, sorter);
      gtk_column_view_column_set_resizable (column, TRUE);
      if (spec->fixed_width > 0)
        gtk_column_view_column_set_fixed_width (column, spec->fixed_width);
      else
        gtk_column_view_column_set_expand (column, TRUE);
      g_object_unref (sorter);
      gtk_column_view_append_column (self->column_view, column);
    }
}

static void
tide_delta_table_dispose (GObject *object)
{
  TideDeltaTable *self = TIDE_DELTA_TABLE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TIDE_TYPE_DELTA_TABLE);

  g_clear_object (&self->sort_model);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->filter);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (tide_delta_table_parent_class)->dispose (object);
}

static void
tide_delta_table_finalize (GObject *object)
{
  TideDeltaTable *self = TIDE_DELTA_TABLE (object);

  g_free (self->filter_text);
  g_free (self->needle);

  G_OBJECT_CLASS (tide_delta_table_parent_class)->finalize (object);
}

static void
tide_delta_table_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TideDeltaTable *self = TIDE_DELTA_TABLE (object);

  switch (prop_id)
    {
    case PROP_FILTER_TEXT:
      g_value_set_string (value, self->filter_text);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tide_delta_table_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  TideDeltaTable *self = TIDE_DELTA_TABLE (object);

  switch (prop_id)
    {
    case PROP_FILTER_TEXT:
      tide_delta_table_set_filter_text (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tide_delta_table_class_init (TideDeltaTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tide_delta_table_dispose;
  object_class->finalize = tide_delta_table_finalize;
  object_class->get_property = tide_delta_table_get_property;
  object_class->set_property = tide_delta_table_set_property;

  properties[PROP_FILTER_TEXT] =
    g_param_spec_string ("filter-text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/tidemark/Tidemark/ui/tide-delta-table.ui");
  gtk_widget_class_bind_template_child (widget_class, TideDeltaTable, stack);
  gtk_widget_class_bind_template_child (widget_class, TideDeltaTable, column_view);
  gtk_widget_class_bind_template_child (widget_class, TideDeltaTable, empty_page);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "tidedeltatable");
}

static void
tide_delta_table_init (TideDeltaTable *self)
{
  GtkNoSelection *selection;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->store = g_list_store_new (TIDE_TYPE_DIFF_ROW_ITEM);
  self->filter = gtk_custom_filter_new (filter_cb, self, NULL);
  self->filter_model = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->store)),
                                                  g_object_ref (GTK_FILTER (self->filter)));
  add_columns (self);
  self->sort_model = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->filter_model)),
                                              g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->sort_model)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);
  g_signal_connect_object (self->sort_model, "items-changed", G_CALLBACK (update_empty), self, G_CONNECT_SWAPPED);
  update_empty (self);
}

GtkWidget *
tide_delta_table_new (void)
{
  return g_object_new (TIDE_TYPE_DELTA_TABLE, NULL);
}

void
tide_delta_table_set_rows (TideDeltaTable *self,
                           GPtrArray      *rows)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_if_fail (TIDE_IS_DELTA_TABLE (self));

  for (guint i = 0; rows != NULL && i < rows->len; i++)
    g_ptr_array_add (items, tide_diff_row_item_new (g_ptr_array_index (rows, i)));
  g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)), items->pdata, items->len);
  update_empty (self);
}

const char *
tide_delta_table_get_filter_text (TideDeltaTable *self)
{
  g_return_val_if_fail (TIDE_IS_DELTA_TABLE (self), NULL);
  return self->filter_text;
}

void
tide_delta_table_set_filter_text (TideDeltaTable *self,
                                  const char     *text)
{
  g_return_if_fail (TIDE_IS_DELTA_TABLE (self));

  if (text != NULL && *text == '\0')
    text = NULL;
  if (g_strcmp0 (self->filter_text, text) == 0)
    return;
  g_free (self->filter_text);
  g_free (self->needle);
  self->filter_text = g_strdup (text);
  self->needle = text != NULL ? g_utf8_casefold (text, -1) : NULL;
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_empty (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER_TEXT]);
}

GListModel *
tide_delta_table_get_model (TideDeltaTable *self)
{
  g_return_val_if_fail (TIDE_IS_DELTA_TABLE (self), NULL);
  return G_LIST_MODEL (self->sort_model);
}
