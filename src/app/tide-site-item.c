/* tide-site-item.c: one allocation site of a trace as a list-model item
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "core/tide-format.h"
#include "tide-site-item.h"

struct _TideSiteItem
{
  GObject    parent_instance;

  /* owned references */
  TideTrace *trace;
  TideSite   site;

  /* made on first use */
  char      *function;
  char      *location;
  char      *module;
};

/* The value properties are named like tide_metric_to_string() so a column
 * can build its sorter from the metric alone. */
enum {
  PROP_0,
  PROP_TRACE,
  PROP_FRAME,
  PROP_FUNCTION,
  PROP_LOCATION,
  PROP_MODULE,
  PROP_PEAK,
  PROP_LEAKED,
  PROP_ALLOCATIONS,
  PROP_TEMPORARY,
  PROP_ALLOCATED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (TideSiteItem, tide_site_item, G_TYPE_OBJECT)

static void
tide_site_item_finalize (GObject *object)
{
  TideSiteItem *self = TIDE_SITE_ITEM (object);

  g_clear_object (&self->trace);
  g_clear_pointer (&self->function, g_free);
  g_clear_pointer (&self->location, g_free);
  g_clear_pointer (&self->module, g_free);

  G_OBJECT_CLASS (tide_site_item_parent_class)->finalize (object);
}

static void
tide_site_item_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TideSiteItem *self = TIDE_SITE_ITEM (object);

  switch (prop_id)
    {
    case PROP_TRACE:
      g_value_set_object (value, self->trace);
      break;
    case PROP_FRAME:
      g_value_set_uint (value, self->site.frame);
      break;
    case PROP_FUNCTION:
      g_value_set_string (value, tide_site_item_get_function (self));
      break;
    case PROP_LOCATION:
      g_value_set_string (value, tide_site_item_get_location (self));
      break;
    case PROP_MODULE:
      g_value_set_string (value, tide_site_item_get_module (self));
      break;
    case PROP_PEAK:
      g_value_set_uint64 (value, self->site.cost.peak_bytes);
      break;
    case PROP_LEAKED:
      g_value_set_uint64 (value, self->site.cost.leaked_bytes);
      break;
    case PROP_ALLOCATIONS:
      g_value_set_uint64 (value, self->site.cost.allocations);
      break;
    case PROP_TEMPORARY:
      g_value_set_uint64 (value, self->site.cost.temporary);
      break;
    case PROP_ALLOCATED:
      g_value_set_uint64 (value, self->site.cost.allocated_bytes);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
value_param (TideMetric metric)
{
  return g_param_spec_uint64 (tide_metric_to_string (metric), NULL, NULL, 0, G_MAXUINT64, 0,
                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static void
tide_site_item_class_init (TideSiteItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tide_site_item_finalize;
  object_class->get_property = tide_site_item_get_property;

  properties[PROP_TRACE] =
    g_param_spec_object ("trace", NULL, NULL, TIDE_TYPE_TRACE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FRAME] =
    g_param_spec_uint ("frame", NULL, NULL, 0, G_MAXUINT32, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FUNCTION] =
    g_param_spec_string ("function", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOCATION] =
    g_param_spec_string ("location", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODULE] =
    g_param_spec_string ("module", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PEAK] = value_param (TIDE_METRIC_PEAK);
  properties[PROP_LEAKED] = value_param (TIDE_METRIC_LEAKED);
  properties[PROP_ALLOCATIONS] = value_param (TIDE_METRIC_ALLOCATIONS);
  properties[PROP_TEMPORARY] = value_param (TIDE_METRIC_TEMPORARY);
  properties[PROP_ALLOCATED] = value_param (TIDE_METRIC_ALLOCATED);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tide_site_item_init (TideSiteItem *self)
{
}

TideSiteItem *
tide_site_item_new (TideTrace      *trace,
                    const TideSite *site)
{
  TideSiteItem *self;

  g_return_val_if_fail (TIDE_IS_TRACE (trace), NULL);
  g_return_val_if_fail (site != NULL, NULL);
  g_return_val_if_fail (site->frame < tide_trace_get_n_frames (trace), NULL);

  self = g_object_new (TIDE_TYPE_SITE_ITEM, NULL);
  self->trace = g_object_ref (trace);
  self->site = *site;
  return self;
}

TideTrace *
tide_site_item_get_trace (TideSiteItem *self)
{
  g_return_val_if_fail (TIDE_IS_SITE_ITEM (self), NULL);
  return self->trace;
}

guint32
tide_site_item_get_frame (TideSiteItem *self)
{
  g_return_val_if_fail (TIDE_IS_SITE_ITEM (self), 0);
  return self->site.frame;
}

const TideCost *
tide_site_item_get_cost (TideSiteItem *self)
{
  g_return_val_if_fail (TIDE_IS_SITE_ITEM (self), NULL);
  return &self->site.cost;
}

guint64
tide_site_item_get_value (TideSiteItem *self,
                          TideMetric    metric)
{
  g_return_val_if_fail (TIDE_IS_SITE_ITEM (self), 0);
  return tide_cost_get (&self->site.cost, metric);
}

const char *
tide_site_item_get_function (TideSiteItem *self)
{
  g_return_val_if_fail (TIDE_IS_SITE_ITEM (self), NULL);

  if (self->function == NULL)
    self->function = tide_format_function (self->trace, self->site.frame);
  return self->function;
}

const char *
tide_site_item_get_location (TideSiteItem *self)
{
  g_return_val_if_fail (TIDE_IS_SITE_ITEM (self), NULL);

  if (self->location == NULL)
    {
      const TideFrame *frame = tide_trace_get_frame (self->trace, self->site.frame);

      /* Without a file tide_format_location() names the module, which the
       * table shows in a column of its own; frame 0 ("no stack") has neither. */
      if (self->site.frame == 0 || frame->file == 0)
        self->location = g_strdup ("");
      else
        self->location = tide_format_location (self->trace, self->site.frame);
    }
  return self->location;
}

const char *
tide_site_item_get_module (TideSiteItem *self)
{
  g_return_val_if_fail (TIDE_IS_SITE_ITEM (self), NULL);

  if (self->module == NULL)
    {
      const TideFrame *frame = tide_trace_get_frame (self->trace, self->site.frame);

      /* no tide_format_* helper for the module alone; do what they do */
      self->module = g_utf8_make_valid (tide_trace_get_string (self->trace, frame->module), -1);
    }
  return self->module;
}
