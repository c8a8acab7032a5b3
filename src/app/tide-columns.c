/* tide-columns.c: children side by side where they fit, one above the other where not
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tide-columns.h"

struct _TideColumns
{
  GtkWidget parent_instance;

  int       spacing;
  int       column_width;
  gboolean  side_by_side; /* as last allocated */
};

enum {
  PROP_0,
  PROP_SPACING,
  PROP_COLUMN_WIDTH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (TideColumns, tide_columns, GTK_TYPE_WIDGET)

static guint
n_visible (TideColumns *self)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_should_layout (child))
      n++;
  return n;
}

/* The width of one column when @width holds @n of them. */
static int
column_width_in (TideColumns *self,
                 int          width,
                 guint        n)
{
  return (width - self->spacing * ((int) n - 1)) / (int) n;
}

static void
tide_columns_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  TideColumns *self = TIDE_COLUMNS (widget);
  guint n = n_visible (self);
  gboolean columns = orientation == GTK_ORIENTATION_VERTICAL && for_size >= 0
                     && tide_columns_fits_columns (self, for_size);
  int child_for_size = columns ? column_width_in (self, for_size, n) : for_size;
  int min = 0, nat = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_min, child_nat;

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, orientation, child_for_size, &child_min, &child_nat, NULL, NULL);
      if (orientation == GTK_ORIENTATION_HORIZONTAL)
        {
          /* stacked, the widest child sets the least width; side by side,
           * equal columns as wide as the widest child would like */
          min = MAX (min, child_min);
          nat = MAX (nat, MAX (child_nat, self->column_width));
        }
      else if (columns)
        {
          min = MAX (min, child_min);
          nat = MAX (nat, child_nat);
        }
      else
        {
          min += child_min;
          nat += child_nat;
        }
    }

  if (n > 1 && orientation == GTK_ORIENTATION_HORIZONTAL)
    nat = nat * (int) n + self->spacing * ((int) n - 1);
  else if (n > 1 && !columns)
    {
      min += self->spacing * ((int) n - 1);
      nat += self->spacing * ((int) n - 1);
    }

  *minimum = min;
  *natural = MAX (min, nat);
  *minimum_baseline = *natural_baseline = -1;
}

static void
tide_columns_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  TideColumns *self = TIDE_COLUMNS (widget);
  guint n = n_visible (self);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  int column = 0, total_nat = 0, pos = 0;

  self->side_by_side = tide_columns_fits_columns (self, width);

  if (self->side_by_side)
    column = column_width_in (self, width, n);
  else
    for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
         child = gtk_widget_get_next_sibling (child))
      {
        int child_nat;

        if (!gtk_widget_should_layout (child))
          continue;
        gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, width, NULL, &child_nat, NULL, NULL);
        total_nat += child_nat;
      }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkAllocation allocation;
      int child_min, child_nat;

      if (!gtk_widget_should_layout (child))
        continue;
      if (self->side_by_side)
        {
          /* the last column takes what integer division left over */
          allocation.width = pos + column + self->spacing >= width ? width - pos : column;
          gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, allocation.width, &child_min, &child_nat, NULL, NULL);
          allocation.x = rtl ? width - pos - allocation.width : pos;
          allocation.y = 0;
          allocation.height = CLAMP (child_nat, child_min, MAX (child_min, height));
          pos += allocation.width + self->spacing;
        }
      else
        {
          gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, width, &child_min, &child_nat, NULL, NULL);
          allocation.x = 0;
          allocation.y = pos;
          allocation.width = width;
          /* natural heights when they all fit, the least otherwise */
          allocation.height = total_nat + self->spacing * ((int) n - 1) <= height ? child_nat : child_min;
          pos += allocation.height + self->spacing;
        }
      gtk_widget_size_allocate (child, &allocation, -1);
    }
}

static GtkSizeRequestMode
tide_columns_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
tide_columns_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (tide_columns_parent_class)->dispose (object);
}

static void
tide_columns_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  TideColumns *self = TIDE_COLUMNS (object);

  switch (prop_id)
    {
    case PROP_SPACING:
      g_value_set_int (value, self->spacing);
      break;
    case PROP_COLUMN_WIDTH:
      g_value_set_int (value, self->column_width);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tide_columns_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  TideColumns *self = TIDE_COLUMNS (object);

  switch (prop_id)
    {
    case PROP_SPACING:
      tide_columns_set_spacing (self, g_value_get_int (value));
      break;
    case PROP_COLUMN_WIDTH:
      tide_columns_set_column_width (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tide_columns_class_init (TideColumnsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tide_columns_dispose;
  object_class->get_property = tide_columns_get_property;
  object_class->set_property = tide_columns_set_property;

  widget_class->measure = tide_columns_measure;
  widget_class->size_allocate = tide_columns_size_allocate;
  widget_class->get_request_mode = tide_columns_get_request_mode;

  properties[PROP_SPACING] =
    g_param_spec_int ("spacing", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * TideColumns:column-width:
   *
   * The least width of a column: narrower, the children stack.
   */
  properties[PROP_COLUMN_WIDTH] =
    g_param_spec_int ("column-width", NULL, NULL, 0, G_MAXINT, 360,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "tidecolumns");
}

static void
tide_columns_init (TideColumns *self)
{
  self->column_width = 360;
}

GtkWidget *
tide_columns_new (void)
{
  return g_object_new (TIDE_TYPE_COLUMNS, NULL);
}

int
tide_columns_get_spacing (TideColumns *self)
{
  g_return_val_if_fail (TIDE_IS_COLUMNS (self), 0);
  return self->spacing;
}

void
tide_columns_set_spacing (TideColumns *self,
                          int          spacing)
{
  g_return_if_fail (TIDE_IS_COLUMNS (self));
  g_return_if_fail (spacing >= 0);

  if (self->spacing == spacing)
    return;
  self->spacing = spacing;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPACING]);
}

int
tide_columns_get_column_width (TideColumns *self)
{
  g_return_val_if_fail (TIDE_IS_COLUMNS (self), 0);
  return self->column_width;
}

void
tide_columns_set_column_width (TideColumns *self,
                               int          column_width)
{
  g_return_if_fail (TIDE_IS_COLUMNS (self));
  g_return_if_fail (column_width >= 0);

  if (self->column_width == column_width)
    return;
  self->column_width = column_width;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLUMN_WIDTH]);
}

gboolean
tide_columns_fits_columns (TideColumns *self,
                           int          width)
{
  guint n;
  int column;

  g_return_val_if_fail (TIDE_IS_COLUMNS (self), FALSE);

  n = n_visible (self);
  if (n < 2)
    return FALSE;
  column = column_width_in (self, width, n);
  if (column < self->column_width)
    return FALSE;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_min;

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &child_min, NULL, NULL, NULL);
      if (child_min > column)
        return FALSE;
    }
  return TRUE;
}

gboolean
tide_columns_get_side_by_side (TideColumns *self)
{
  g_return_val_if_fail (TIDE_IS_COLUMNS (self), FALSE);
  return self->side_by_side;
}
