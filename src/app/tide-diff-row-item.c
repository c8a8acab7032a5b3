/* tide-diff-row-item.c: one row of a comparison's delta table, as a list-model item
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tide-diff-row-item.h"

struct _TideDiffRowItem
{
  GObject  parent_instance;

  char    *site;
  char    *traceback;
  guint    n_frames;
  gint64   size;
  gint64   size_diff;
  gint64   count;
  gint64   count_diff;
};

enum {
  PROP_0,
  PROP_SITE,
  PROP_TRACEBACK,
  PROP_SIZE,
  PROP_SIZE_DIFF,
  PROP_COUNT,
  PROP_COUNT_DIFF,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (TideDiffRowItem, tide_diff_row_item, G_TYPE_OBJECT)

static void
tide_diff_row_item_finalize (GObject *object)
{
  TideDiffRowItem *self = TIDE_DIFF_ROW_ITEM (object);

  g_free (self->site);
  g_free (self->traceback);

  G_OBJECT_CLASS (tide_diff_row_item_parent_class)->finalize (object);
}

static void
tide_diff_row_item_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  TideDiffRowItem *self = TIDE_DIFF_ROW_ITEM (object);

  switch (prop_id)
    {
    case PROP_SITE:
      g_value_set_string (value, self->site);
      break;
    case PROP_TRACEBACK:
      g_value_set_string (value, self->traceback);
      break;
    case PROP_SIZE:
      g_value_set_int64 (value, self->size);
      break;
    case PROP_SIZE_DIFF:
      g_value_set_int64 (value, self->size_diff);
      break;
    case PROP_COUNT:
      g_value_set_int64 (value, self->count);
      break;
    case PROP_COUNT_DIFF:
      g_value_set_int64 (value, self->count_diff);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tide_diff_row_item_class_init (TideDiffRowItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tide_diff_row_item_finalize;
  object_class->get_property = tide_diff_row_item_get_property;

  properties[PROP_SITE] = g_param_spec_string ("site", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TRACEBACK] =
    g_param_spec_string ("traceback", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SIZE] =
    g_param_spec_int64 ("size", NULL, NULL, G_MININT64, G_MAXINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SIZE_DIFF] =
    g_param_spec_int64 ("size-diff", NULL, NULL, G_MININT64, G_MAXINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_COUNT] =
    g_param_spec_int64 ("count", NULL, NULL, G_MININT64, G_MAXINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_COUNT_DIFF] =
    g_param_spec_int64 ("count-diff", NULL, NULL, G_MININT64, G_MAXINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tide_diff_row_item_init (TideDiffRowItem *self)
{
}

TideDiffRowItem *
tide_diff_row_item_new (const TideDiffRow *row)
{
  TideDiffRowItem *self;
  GString *traceback = g_string_new (NULL);

  g_return_val_if_fail (row != NULL && row->frames->len > 0, NULL);

  self = g_object_new (TIDE_TYPE_DIFF_ROW_ITEM, NULL);
  for (guint k = 0; k < row->frames->len; k++)
    {
      if (k > 0)
        g_string_append_c (traceback, '\n');
      g_string_append (traceback, g_ptr_array_index (row->frames, k));
    }
  self->traceback = g_string_free (traceback, FALSE);
  self->site = g_strdup (g_ptr_array_index (row->frames, row->frames->len - 1));
  self->n_frames = row->frames->len;
  self->size = row->size;
  self->size_diff = row->size_diff;
  self->count = row->count;
  self->count_diff = row->count_diff;
  return self;
}

const char *
tide_diff_row_item_get_site (TideDiffRowItem *self)
{
  g_return_val_if_fail (TIDE_IS_DIFF_ROW_ITEM (self), NULL);
  return self->site;
}

const char *
tide_diff_row_item_get_traceback (TideDiffRowItem *self)
{
  g_return_val_if_fail (TIDE_IS_DIFF_ROW_ITEM (self), NULL);
  return self->traceback;
}

guint
tide_diff_row_item_get_n_frames (TideDiffRowItem *self)
{
  g_return_val_if_fail (TIDE_IS_DIFF_ROW_ITEM (self), 0);
  return self->n_frames;
}

gint64
tide_diff_row_item_get_size (TideDiffRowItem *self)
{
  g_return_val_if_fail (TIDE_IS_DIFF_ROW_ITEM (self), 0);
  return self->size;
}

gint64
tide_diff_row_item_get_size_diff (TideDiffRowItem *self)
{
  g_return_val_if_fail (TIDE_IS_DIFF_ROW_ITEM (self), 0);
  return self->size_diff;
}

gint64
tide_diff_row_item_get_count (TideDiffRowItem *self)
{
  g_return_val_if_fail (TIDE_IS_DIFF_ROW_ITEM (self), 0);
  return self->count;
}

gint64
tide_diff_row_item_get_count_diff (TideDiffRowItem *self)
{
  g_return_val_if_fail (TIDE_IS_DIFF_ROW_ITEM (self), 0);
  return self->count_diff;
}
