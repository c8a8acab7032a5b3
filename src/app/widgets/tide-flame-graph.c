/* tide-flame-graph.c: an interactive flame graph (hover, tooltips, zoom)
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "app/tide-selection-labels.h"
#include "core/tide-format.h"
#include "tide-chart-canvas.h"
#include "tide-flame-graph.h"

/* Used before the first allocation (an export of a page never shown). */
#define FALLBACK_WIDTH 1200.0

/* Extra mouse buttons: "back" on most mice goes back in the zoom history. */
#define BUTTON_BACK 8

typedef enum
{
  MOVE_UP,    /* towards the leaves (up the screen, root at the bottom) */
  MOVE_DOWN,  /* towards the root */
  MOVE_LEFT,  /* previous sibling */
  MOVE_RIGHT, /* next sibling */
} MoveDirection;

struct _TideFlameGraph
{
  GtkWidget           parent_instance;

  /* owned references: a tree, or a difference, or neither */
  TideFlameTree      *tree;
  TideDiffFlame      *diff;
  GBytes             *search;      /* one byte per node, or NULL */
  GArray             *history;     /* guint32 zoom nodes, oldest first */

  /* caches, each valid for the key stored beside it:
   * layout   for (tree, metric, zoom, layout_width)
   * list     for (layout, style, hover, search, list_height)
   * canvas   for list (the GPU's copy or a cairo render node) */
  TideFlameLayout    *layout;
  double              layout_width;
  TideDrawList       *draw_list;
  double              list_height;
  TideChartCanvas    *canvas;

  TideMetric          metric;
  TideFlameColorMode  color_mode;
  guint32             zoom_node;
  guint32             hover_node;
  guint64             scale_value; /* what the full width stands for, at least; 0: the zoom's own */
  gboolean            dark;
  char               *accessible_label; /* as last given to assistive technologies */
};

enum {
  PROP_0,
  PROP_TREE,
  PROP_DIFF,
  PROP_SCALE_VALUE,
  PROP_METRIC,
  PROP_COLOR_MODE,
  PROP_ZOOM_NODE,
  PROP_SEARCH,
  PROP_HOVER_NODE,
  PROP_CAN_ZOOM_BACK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_BOXED_TYPE (TideFlameTree, tide_flame_tree, tide_flame_tree_ref, tide_flame_tree_unref)
G_DEFINE_BOXED_TYPE (TideDiffFlame, tide_diff_flame, tide_diff_flame_ref, tide_diff_flame_unref)
G_DEFINE_FINAL_TYPE (TideFlameGraph, tide_flame_graph, GTK_TYPE_WIDGET)

/* "Flame graph of peak memory": what the graph shows, for screen readers */
static const char *
metric_description (TideTrace  *trace,
                    TideMetric  metric)
{
  TideTraceFormat format = trace != NULL ? tide_trace_get_format (trace) : TIDE_TRACE_FORMAT_HEAPTRACK;

  switch (metric)
    {
    case TIDE_METRIC_PEAK:
      if (format == TIDE_TRACE_FORMAT_FOLDED)
        return _("Flame graph of weights");
      if (format == TIDE_TRACE_FORMAT_TRACEMALLOC)
        return _("Flame graph of live memory");
      return _("Flame graph of peak memory");
    case TIDE_METRIC_LEAKED:
      if (format == TIDE_TRACE_FORMAT_MASSIF)
        return _("Flame graph of memory still allocated at the end");
      return _("Flame graph of leaked memory");
    case TIDE_METRIC_ALLOCATIONS:
      if (format == TIDE_TRACE_FORMAT_TRACEMALLOC)
        return _("Flame graph of live blocks");
      return _("Flame graph of allocations");
    case TIDE_METRIC_TEMPORARY:
      return _("Flame graph of temporary allocations");
    case TIDE_METRIC_ALLOCATED:
      return _("Flame graph of allocated bytes");
    case TIDE_N_METRICS:
    default:
      g_assert_not_reached ();
    }
}


static double
current_width (TideFlameGraph *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));

  return width > 0 ? width : FALLBACK_WIDTH;
}

/* The tree or the difference shown: the few things the widget asks of
 * either. */
static gboolean
has_data (TideFlameGraph *self)
{
  return self->tree != NULL || self->diff != NULL;
}

static guint
n_nodes (TideFlameGraph *self)
{
  if (self->diff != NULL)
    return tide_diff_flame_get_n_nodes (self->diff);
  return self->tree != NULL ? tide_flame_tree_get_n_nodes (self->tree) : 0;
}

static guint32
node_parent (TideFlameGraph *self,
             guint32         node)
{
  if (self->diff != NULL)
    return tide_diff_flame_get_node (self->diff, node)->parent;
  return tide_flame_tree_get_node (self->tree, node)->parent;
}

static guint32
node_first_child (TideFlameGraph *self,
                  guint32         node)
{
  if (self->diff != NULL)
    return tide_diff_flame_get_node (self->diff, node)->first_child;
  return tide_flame_tree_get_node (self->tree, node)->first_child;
}

static guint32
node_next_sibling (TideFlameGraph *self,
                   guint32         node)
{
  if (self->diff != NULL)
    return tide_diff_flame_get_node (self->diff, node)->next_sibling;
  return tide_flame_tree_get_node (self->tree, node)->next_sibling;
}

static char *
node_label (TideFlameGraph *self,
            guint32         node)
{
  if (self->diff != NULL)
    return tide_diff_flame_get_label (self->diff, node);
  return tide_flame_tree_get_label (self->tree, node);
}

/* What a box's width stands for. */
static guint64
node_value (TideFlameGraph *self,
            guint32         node)
{
  if (self->diff != NULL)
    return tide_diff_flame_get_node (self->diff, node)->width;
  return tide_cost_get (&tide_flame_tree_get_node (self->tree, node)->total, self->metric);
}

static const guint8 *
search_marks (TideFlameGraph *self)
{
  gsize size;
  const guint8 *marks;

  if (self->search == NULL || !has_data (self))
    return NULL;
  marks = g_bytes_get_data (self->search, &size);
  /* marks of another tree (a rebuild raced the search): show none */
  if (size != n_nodes (self))
    return NULL;
  return marks;
}

/* @for_screen: the hover outline, and no per-box titles (the widget makes
 * its own tooltips); an export gets titles and no outline. */
static void
fill_style (TideFlameGraph *self,
            TideFlameStyle *style,
            gboolean        for_screen)
{
  tide_flame_style_init (style);
  style->dark = self->dark;
  style->color_mode = self->color_mode;
  style->hover_node = for_screen ? self->hover_node : TIDE_FLAME_NO_NODE;
  style->matches = search_marks (self);
  style->skip_titles = for_screen;
}

/* Drops the draw list and render node; the next snapshot makes new ones. */
static void
clear_drawing (TideFlameGraph *self)
{
  /* the canvas lets go of the list first */
  tide_chart_canvas_invalidate (self->canvas);
  g_clear_pointer (&self->draw_list, tide_draw_list_free);
}

static void
invalidate_drawing (TideFlameGraph *self)
{
  clear_drawing (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The layout decides the rows, hence the height: measure again. */
static void
invalidate_layout (TideFlameGraph *self)
{
  g_clear_pointer (&self->layout, tide_flame_layout_free);
  clear_drawing (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/* The layout for @width, from the cache when it was made for that width. */
static TideFlameLayout *
ensure_layout (TideFlameGraph *self,
               double          width)
{
  if (!has_data (self))
    return NULL;
  if (self->layout != NULL && self->layout_width == width)
    return self->layout;

  g_clear_pointer (&self->layout, tide_flame_layout_free);
  clear_drawing (self);
  if (self->diff != NULL)
    self->layout = tide_flame_layout_new_for_diff (self->diff, self->zoom_node, width);
  else
    self->layout = tide_flame_layout_new_scaled (self->tree, self->metric, self->zoom_node, width, self->scale_value);
  self->layout_width = width;
  return self->layout;
}

static TideDrawList *
ensure_draw_list (TideFlameGraph *self)
{
  double width = current_width (self);
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  TideFlameLayout *layout = ensure_layout (self, width);
  TideFlameStyle style;

  if (layout == NULL || height <= 0)
    return NULL;
  if (self->draw_list != NULL && self->list_height == height)
    return self->draw_list;

  clear_drawing (self);
  fill_style (self, &style, TRUE);
  self->draw_list = tide_flame_paint (layout, &style, width, height);
  self->list_height = height;
  return self->draw_list;
}

/* The label says what the graph shows: "Flame graph of peak memory,
 * zoomed into main". Updated on a change of metric, tree or zoom. */
static void
update_accessible (TideFlameGraph *self)
{
  TideTrace *trace = self->tree != NULL ? tide_flame_tree_get_trace (self->tree) : NULL;
  const char *what = self->diff != NULL ? _("Flame graph of what changed between two traces")
                                        : metric_description (trace, self->metric);
  g_autofree char *label = NULL;

  if (has_data (self) && self->zoom_node != 0 && self->zoom_node < n_nodes (self))
    {
      g_autofree char *node = node_label (self, self->zoom_node);

      /* TRANSLATORS: "Flame graph of peak memory, zoomed into main" */
      label = g_strdup_printf (_("%s, zoomed into %s"), what, node);
    }
  else
    label = g_strdup (what);

  if (g_strcmp0 (label, self->accessible_label) == 0)
    return;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_free (self->accessible_label);
  self->accessible_label = g_steal_pointer (&label);
}

static void
set_hover (TideFlameGraph *self,
           guint32         node)
{
  if (self->hover_node == node)
    return;

  self->hover_node = node;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), node != TIDE_FLAME_NO_NODE ? "pointer" : NULL);
  invalidate_drawing (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOVER_NODE]);
}

/* Sets the zoom without touching the history. */
static void
set_zoom (TideFlameGraph *self,
          guint32         node)
{
  if (self->zoom_node == node)
    return;

  self->zoom_node = node;
  invalidate_layout (self);
  update_accessible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM_NODE]);
}

static void
clear_history (TideFlameGraph *self)
{
  gboolean could = self->history->len > 0;

  g_array_set_size (self->history, 0);
  if (could)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_ZOOM_BACK]);
}

/* "1.0 kB → 1.5 kB (+512 B, +50.0 %)" */
static char *
describe_change (TideMetric metric,
                 guint64    before,
                 guint64    after)
{
  g_autofree char *b = tide_format_metric (metric, before);
  g_autofree char *a = tide_format_metric (metric, after);
  g_autofree char *d = tide_format_metric (metric, after >= before ? after - before : before - after);
  const char *sign = after >= before ? "+" : "−";

  if (before > 0)
    return g_strdup_printf ("%s → %s (%s%s, %+.1f %%)", b, a, sign, d, 100.0 * ((double) after - (double) before) / before);
  return g_strdup_printf ("%s → %s (%s%s)", b, a, sign, d);
}

/* The tooltip of a box of a difference, in Pango markup: both sides,
 * the change, the blocks, and whether the box is new or gone. */
static char *
describe_diff_node (TideFlameGraph *self,
                    guint32         node)
{
  const TideDiffFlameNode *n = tide_diff_flame_get_node (self->diff, node);
  TideMetric metric = tide_diff_flame_get_metric (self->diff);
  g_autofree char *label = tide_diff_flame_get_label (self->diff, node);
  g_autofree char *escaped = g_markup_escape_text (label, -1);
  g_autofree char *change = describe_change (metric, tide_diff_flame_get_value (self->diff, node, TIDE_DIFF_BEFORE),
                                             tide_diff_flame_get_value (self->diff, node, TIDE_DIFF_AFTER));
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, "<b>%s</b>", escaped);
  if (node != 0)
    {
      TideDiffWhich side = n->frame[TIDE_DIFF_AFTER] != 0 ? TIDE_DIFF_AFTER : TIDE_DIFF_BEFORE;
      TideTrace *trace = tide_diff_flame_get_trace (self->diff, side);
      const TideFrame *frame = tide_trace_get_frame (trace, n->frame[side]);

      if (frame->file != 0)
        {
          g_autofree char *location = tide_format_location (trace, n->frame[side]);
          g_autofree char *escaped_location = g_markup_escape_text (location, -1);

          g_string_append_printf (text, "\n%s", escaped_location);
        }
    }
  g_string_append_c (text, '\n');
  /* TRANSLATORS: "Bytes: 1.0 kB → 1.5 kB (+512 B, +50.0 %)", before → after */
  g_string_append_printf (text, tide_metric_is_bytes (metric) ? _("Bytes: %s") : _("Calls: %s"), change);
  if (tide_metric_is_bytes (metric))
    {
      g_autofree char *b = tide_format_count (n->count[TIDE_DIFF_BEFORE]);
      g_autofree char *a = tide_format_count (n->count[TIDE_DIFF_AFTER]);
      g_autofree char *d = g_strdup_printf ("%+" G_GINT64_FORMAT,
                                            (gint64) n->count[TIDE_DIFF_AFTER] - (gint64) n->count[TIDE_DIFF_BEFORE]);

      g_string_append_c (text, '\n');
      /* TRANSLATORS: "Blocks: 12 → 15 (+3)", before → after */
      g_string_append_printf (text, _("Blocks: %s → %s (%s)"), b, a, d);
    }
  if (n->flags & TIDE_DIFF_FLAME_AFTER_ONLY)
    g_string_append_printf (text, "\n<i>%s</i>", _("New: only the “after” trace has it"));
  else if (n->flags & TIDE_DIFF_FLAME_BEFORE_ONLY)
    g_string_append_printf (text, "\n<i>%s</i>", _("Gone: only the “before” trace had it"));
  return g_string_free (text, FALSE);
}

/* The tooltip of a box of a trace's tree, in Pango markup. */
static char *
describe_tree_node (TideFlameGraph *self,
                    guint32         node)
{
  TideTrace *trace = tide_flame_tree_get_trace (self->tree);
  const TideFlameNode *n = tide_flame_tree_get_node (self->tree, node);
  const TideFlameOptions *options = tide_flame_tree_get_options (self->tree);
  g_autofree char *label = tide_flame_tree_get_label (self->tree, node);
  /* "Peak: 1.1 MB", "Weight: 5,141" */
  g_autofree char *value_line = tide_selection_format_trace_total (trace, self->metric, node_value (self, node));
  g_autofree char *calls = tide_format_count (n->total.allocations);
  g_autofree char *escaped_label = g_markup_escape_text (label, -1);
  guint64 root_value = node_value (self, 0);
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, "<b>%s</b>", escaped_label);

  if (node != 0)
    {
      const TideFrame *frame = tide_trace_get_frame (trace, n->frame);
      g_autofree char *location = NULL;

      /* merged by function, one box stands for many lines: name the file only */
      if (frame->file != 0 && options->merge == TIDE_FLAME_MERGE_FUNCTION)
        location = g_utf8_make_valid (tide_trace_get_string (trace, frame->file), -1);
      else if (frame->file != 0)
        location = tide_format_location (trace, n->frame);
      if (location != NULL)
        {
          g_autofree char *escaped = g_markup_escape_text (location, -1);

          g_string_append_printf (text, "\n%s", escaped);
        }
      if (frame->module != 0)
        {
          g_autofree char *module = g_utf8_make_valid (tide_trace_get_string (trace, frame->module), -1);
          g_autofree char *escaped = g_markup_escape_text (module, -1);

          g_string_append_c (text, '\n');
          /* TRANSLATORS: the library or executable a function is in */
          g_string_append_printf (text, _("in %s"), escaped);
        }
    }

  g_string_append_printf (text, "\n%s", value_line);
  if (node != 0 && root_value > 0)
    {
      guint64 parent_value = node_value (self, n->parent);
      g_autofree char *parent_label = tide_flame_tree_get_label (self->tree, n->parent);
      g_autofree char *escaped = g_markup_escape_text (parent_label, -1);
      double of_total = 100.0 * node_value (self, node) / root_value;

      g_string_append_c (text, '\n');
      if (parent_value > 0 && n->parent != 0)
        /* TRANSLATORS: "12.5 % of the total, 50.0 % of grow" */
        g_string_append_printf (text, _("%.1f %% of the total, %.1f %% of %s"), of_total,
                                100.0 * node_value (self, node) / parent_value, escaped);
      else
        g_string_append_printf (text, _("%.1f %% of the total"), of_total);
    }
  /* massif and folded stacks count no calls; a tracemalloc dump, blocks */
  if (tide_selection_trace_has_metric (trace, TIDE_METRIC_TEMPORARY))
    {
      g_string_append_c (text, '\n');
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%s call to allocation functions",
                                                 "%s calls to allocation functions", n->total.allocations),
                              calls);
    }
  else if (tide_selection_trace_has_metric (trace, TIDE_METRIC_ALLOCATIONS))
    {
      g_string_append_c (text, '\n');
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "In %s block", "In %s blocks", n->total.allocations),
                              calls);
    }

  return g_string_free (text, FALSE);
}

static char *
describe_node (TideFlameGraph *self,
               guint32         node)
{
  return self->diff != NULL ? describe_diff_node (self, node) : describe_tree_node (self, node);
}

static void
motion_cb (TideFlameGraph *self,
           double          x,
           double          y)
{
  set_hover (self, tide_flame_graph_get_node_at (self, x, y));
}

static void
leave_cb (TideFlameGraph *self)
{
  set_hover (self, TIDE_FLAME_NO_NODE);
}

static void
click_released_cb (TideFlameGraph  *self,
                   int              n_press,
                   double           x,
                   double           y,
                   GtkGestureClick *gesture)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));

  if (button == BUTTON_BACK)
    {
      tide_flame_graph_zoom_back (self);
      return;
    }
  if (button == GDK_BUTTON_PRIMARY)
    {
      guint32 node = tide_flame_graph_get_node_at (self, x, y);

      gtk_widget_grab_focus (GTK_WIDGET (self));
      if (node != TIDE_FLAME_NO_NODE)
        tide_flame_graph_zoom_to (self, node);
    }
}

static void
dark_changed_cb (TideFlameGraph  *self,
                 GParamSpec      *pspec,
                 AdwStyleManager *manager)
{
  gboolean dark = adw_style_manager_get_dark (manager);

  if (self->dark == dark)
    return;
  self->dark = dark;
  invalidate_drawing (self);
}

static void
zoom_back_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  tide_flame_graph_zoom_back (TIDE_FLAME_GRAPH (widget));
}

static void
zoom_reset_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  tide_flame_graph_zoom_reset (TIDE_FLAME_GRAPH (widget));
}

/* Enter zooms into the box chosen with the arrow keys. */
static void
zoom_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  TideFlameGraph *self = TIDE_FLAME_GRAPH (widget);

  if (self->hover_node != TIDE_FLAME_NO_NODE)
    tide_flame_graph_zoom_to (self, self->hover_node);
}

/* The child with the largest value: the one most worth a look. */
static guint32
largest_child (TideFlameGraph *self,
               guint32         node)
{
  guint32 best = TIDE_FLAME_NO_NODE;
  guint64 best_value = 0;

  for (guint32 c = node_first_child (self, node); c != TIDE_FLAME_NO_NODE; c = node_next_sibling (self, c))
    {
      guint64 value = node_value (self, c);

      if (value > best_value)
        {
          best = c;
          best_value = value;
        }
    }
  return best;
}

/* When @node is a strict ancestor of the zoom (a full-width row below it),
 * its child towards the zoom; NO_NODE otherwise. */
static guint32
child_towards_zoom (TideFlameGraph *self,
                    guint32         node)
{
  guint32 n = self->zoom_node;

  while (n != 0)
    {
      guint32 parent = node_parent (self, n);

      if (parent == node)
        return n;
      n = parent;
    }
  return TIDE_FLAME_NO_NODE;
}

/* The sibling before (or after) @node that has a value, or NO_NODE. */
static guint32
visible_sibling (TideFlameGraph *self,
                 guint32         node,
                 gboolean        next)
{
  guint32 previous = TIDE_FLAME_NO_NODE;

  /* the zoom and the rows below it fill the width: no siblings shown */
  if (node == 0 || node == self->zoom_node || child_towards_zoom (self, node) != TIDE_FLAME_NO_NODE)
    return TIDE_FLAME_NO_NODE;
  if (next)
    {
      for (guint32 s = node_next_sibling (self, node); s != TIDE_FLAME_NO_NODE; s = node_next_sibling (self, s))
        if (node_value (self, s) > 0)
          return s;
      return TIDE_FLAME_NO_NODE;
    }
  for (guint32 s = node_first_child (self, node_parent (self, node)); s != node; s = node_next_sibling (self, s))
    if (node_value (self, s) > 0)
      previous = s;
  return previous;
}

static gboolean
move_binding (GtkWidget *widget,
              GVariant  *args,
              gpointer   user_data)
{
  TideFlameGraph *self = TIDE_FLAME_GRAPH (widget);
  MoveDirection direction = g_variant_get_int32 (args);
  guint32 from = self->hover_node;
  guint32 to = TIDE_FLAME_NO_NODE;

  if (!has_data (self))
    return FALSE;
  if (from == TIDE_FLAME_NO_NODE)
    {
      set_hover (self, self->zoom_node);
      return TRUE;
    }

  switch (direction)
    {
    case MOVE_UP:
      to = child_towards_zoom (self, from);
      if (to == TIDE_FLAME_NO_NODE)
        to = largest_child (self, from);
      break;
    case MOVE_DOWN:
      to = from != 0 ? node_parent (self, from) : TIDE_FLAME_NO_NODE;
      break;
    case MOVE_LEFT:
      to = visible_sibling (self, from, FALSE);
      break;
    case MOVE_RIGHT:
      to = visible_sibling (self, from, TRUE);
      break;
    default:
      g_assert_not_reached ();
    }

  if (to != TIDE_FLAME_NO_NODE)
    {
      g_autofree char *markup = describe_node (self, to);
      g_autofree char *text = NULL;

      set_hover (self, to);
      /* the tooltip follows the pointer; screen readers get the box's facts */
      if (pango_parse_markup (markup, -1, 0, NULL, &text, NULL, NULL))
        gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
    }
  return TRUE;
}

static gboolean
tide_flame_graph_query_tooltip (GtkWidget  *widget,
                                int         x,
                                int         y,
                                gboolean    keyboard_mode,
                                GtkTooltip *tooltip)
{
  TideFlameGraph *self = TIDE_FLAME_GRAPH (widget);
  guint32 node;
  g_autofree char *markup = NULL;

  if (!has_data (self))
    return FALSE;
  node = keyboard_mode ? self->hover_node : tide_flame_graph_get_node_at (self, x, y);
  if (node == TIDE_FLAME_NO_NODE)
    return FALSE;

  markup = describe_node (self, node);
  gtk_tooltip_set_markup (tooltip, markup);
  return TRUE;
}

static GtkSizeRequestMode
tide_flame_graph_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
tide_flame_graph_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  TideFlameGraph *self = TIDE_FLAME_GRAPH (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 120;
      *natural = 800;
    }
  else
    {
      TideFlameLayout *layout = ensure_layout (self, for_size > 0 ? for_size : current_width (self));
      TideFlameStyle style;

      fill_style (self, &style, FALSE);
      *minimum = *natural = layout != NULL ? (int) ceil (tide_flame_painter_get_height (layout, &style)) : 0;
    }
}

static void
tide_flame_graph_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  TideFlameGraph *self = TIDE_FLAME_GRAPH (widget);

  tide_chart_canvas_allocate (self->canvas, width, height, baseline);
}

static void
tide_flame_graph_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  TideFlameGraph *self = TIDE_FLAME_GRAPH (widget);
  TideDrawList *list = ensure_draw_list (self);

  if (list == NULL)
    return;

  tide_chart_canvas_snapshot (self->canvas, snapshot, list);
}

static void
tide_flame_graph_dispose (GObject *object)
{
  TideFlameGraph *self = TIDE_FLAME_GRAPH (object);

  clear_drawing (self);
  g_clear_pointer (&self->canvas, tide_chart_canvas_free);
  g_clear_pointer (&self->layout, tide_flame_layout_free);
  g_clear_pointer (&self->tree, tide_flame_tree_unref);
  g_clear_pointer (&self->diff, tide_diff_flame_unref);
  g_clear_pointer (&self->search, g_bytes_unref);

  G_OBJECT_CLASS (tide_flame_graph_parent_class)->dispose (object);
}

static void
tide_flame_graph_finalize (GObject *object)
{
  TideFlameGraph *self = TIDE_FLAME_GRAPH (object);

  g_array_unref (self->history);
  g_free (self->accessible_label);

  G_OBJECT_CLASS (tide_flame_graph_parent_class)->finalize (object);
}

static void
tide_flame_graph_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TideFlameGraph *self = TIDE_FLAME_GRAPH (object);

  switch (prop_id)
    {
    case PROP_TREE:
      g_value_set_boxed (value, self->tree);
      break;
    case PROP_DIFF:
      g_value_set_boxed (value, self->diff);
      break;
    case PROP_SCALE_VALUE:
      g_value_set_uint64 (value, self->scale_value);
      break;
    case PROP_METRIC:
      g_value_set_uint (value, self->metric);
      break;
    case PROP_COLOR_MODE:
      g_value_set_uint (value, self->color_mode);
      break;
    case PROP_ZOOM_NODE:
      g_value_set_uint (value, self->zoom_node);
      break;
    case PROP_SEARCH:
      g_value_set_boxed (value, self->search);
      break;
    case PROP_HOVER_NODE:
      g_value_set_uint (value, self->hover_node);
      break;
    case PROP_CAN_ZOOM_BACK:
      g_value_set_boolean (value, tide_flame_graph_can_zoom_back (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tide_flame_graph_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  TideFlameGraph *self = TIDE_FLAME_GRAPH (object);

  switch (prop_id)
    {
    case PROP_TREE:
      tide_flame_graph_set_tree (self, g_value_get_boxed (value));
      break;
    case PROP_DIFF:
      tide_flame_graph_set_diff (self, g_value_get_boxed (value));
      break;
    case PROP_SCALE_VALUE:
      tide_flame_graph_set_scale_value (self, g_value_get_uint64 (value));
      break;
    case PROP_METRIC:
      tide_flame_graph_set_metric (self, g_value_get_uint (value));
      break;
    case PROP_COLOR_MODE:
      tide_flame_graph_set_color_mode (self, g_value_get_uint (value));
      break;
    case PROP_ZOOM_NODE:
      tide_flame_graph_zoom_to (self, g_value_get_uint (value));
      break;
    case PROP_SEARCH:
      tide_flame_graph_set_search (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tide_flame_graph_class_init (TideFlameGraphClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tide_flame_graph_dispose;
  object_class->finalize = tide_flame_graph_finalize;
  object_class->get_property = tide_flame_graph_get_property;
  object_class->set_property = tide_flame_graph_set_property;

  widget_class->get_request_mode = tide_flame_graph_get_request_mode;
  widget_class->measure = tide_flame_graph_measure;
  widget_class->size_allocate = tide_flame_graph_size_allocate;
  widget_class->snapshot = tide_flame_graph_snapshot;
  widget_class->query_tooltip = tide_flame_graph_query_tooltip;

  properties[PROP_TREE] =
    g_param_spec_boxed ("tree", NULL, NULL, TIDE_TYPE_FLAME_TREE,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DIFF] =
    g_param_spec_boxed ("diff", NULL, NULL, TIDE_TYPE_DIFF_FLAME,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SCALE_VALUE] =
    g_param_spec_uint64 ("scale-value", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* the core has no enum GTypes: TideMetric and TideFlameColorMode as numbers */
  properties[PROP_METRIC] =
    g_param_spec_uint ("metric", NULL, NULL, 0, TIDE_N_METRICS - 1, TIDE_METRIC_PEAK,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COLOR_MODE] =
    g_param_spec_uint ("color-mode", NULL, NULL, TIDE_FLAME_COLOR_BY_FUNCTION, TIDE_FLAME_COLOR_BY_MODULE,
                       TIDE_FLAME_COLOR_BY_FUNCTION,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZOOM_NODE] =
    g_param_spec_uint ("zoom-node", NULL, NULL, 0, G_MAXUINT32 - 1, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCH] =
    g_param_spec_boxed ("search", NULL, NULL, G_TYPE_BYTES,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HOVER_NODE] =
    g_param_spec_uint ("hover-node", NULL, NULL, 0, G_MAXUINT32, TIDE_FLAME_NO_NODE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_ZOOM_BACK] =
    g_param_spec_boolean ("can-zoom-back", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "flamegraph.zoom-back", NULL, zoom_back_action);
  gtk_widget_class_install_action (widget_class, "flamegraph.zoom-reset", NULL, zoom_reset_action);
  gtk_widget_class_install_action (widget_class, "flamegraph.zoom-in", NULL, zoom_in_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "flamegraph.zoom-back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "flamegraph.zoom-back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_BackSpace, 0, "flamegraph.zoom-back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0, "flamegraph.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "flamegraph.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "flamegraph.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "flamegraph.zoom-in", NULL);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_Up, 0, move_binding, "i", MOVE_UP);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Down, 0, move_binding, "i", MOVE_DOWN);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Left, 0, move_binding, "i", MOVE_LEFT);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Right, 0, move_binding, "i", MOVE_RIGHT);

  gtk_widget_class_set_css_name (widget_class, "tideflamegraph");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
tide_flame_graph_init (TideFlameGraph *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  AdwStyleManager *style_manager = adw_style_manager_get_default ();

  self->canvas = tide_chart_canvas_new (GTK_WIDGET (self));
  self->history = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->metric = TIDE_METRIC_PEAK;
  self->color_mode = TIDE_FLAME_COLOR_BY_FUNCTION;
  self->hover_node = TIDE_FLAME_NO_NODE;
  self->dark = adw_style_manager_get_dark (style_manager);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);

  g_signal_connect_object (motion, "enter", G_CALLBACK (motion_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (motion, "motion", G_CALLBACK (motion_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (motion, "leave", G_CALLBACK (leave_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), 0);
  g_signal_connect_object (click, "released", G_CALLBACK (click_released_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  g_signal_connect_object (style_manager, "notify::dark", G_CALLBACK (dark_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "flamegraph.zoom-back", FALSE);
  update_accessible (self);
}

/* A new tree or difference: node ids of the old one mean nothing now. */
static void
forget_nodes (TideFlameGraph *self)
{
  /* node ids of the old tree mean nothing in the new one */
  set_hover (self, TIDE_FLAME_NO_NODE);
  clear_history (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "flamegraph.zoom-back", FALSE);
  set_zoom (self, 0);
  tide_flame_graph_set_search (self, NULL);
  invalidate_layout (self);
  update_accessible (self);
}

GtkWidget *
tide_flame_graph_new (void)
{
  return g_object_new (TIDE_TYPE_FLAME_GRAPH, NULL);
}

const char *
tide_flame_graph_get_accessible_label (TideFlameGraph *self)
{
  g_return_val_if_fail (TIDE_IS_FLAME_GRAPH (self), NULL);
  return self->accessible_label;
}

TideFlameTree *
tide_flame_graph_get_tree (TideFlameGraph *self)
{
  g_return_val_if_fail (TIDE_IS_FLAME_GRAPH (self), NULL);
  return self->tree;
}

void
tide_flame_graph_set_tree (TideFlameGraph *self,
                           TideFlameTree  *tree)
{
  g_return_if_fail (TIDE_IS_FLAME_GRAPH (self));

  if (self->tree == tree && self->diff == NULL)
    return;

  g_clear_pointer (&self->tree, tide_flame_tree_unref);
  g_clear_pointer (&self->diff, tide_diff_flame_unref);
  self->tree = tree != NULL ? tide_flame_tree_ref (tree) : NULL;
  forget_nodes (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TREE]);
}

TideDiffFlame *
tide_flame_graph_get_diff (TideFlameGraph *self)
{
  g_return_val_if_fail (TIDE_IS_FLAME_GRAPH (self), NULL);
  return self->diff;
}

void
tide_flame_graph_set_diff (TideFlameGraph *self,
                           TideDiffFlame  *diff)
{
  g_return_if_fail (TIDE_IS_FLAME_GRAPH (self));

  if (self->diff == diff && self->tree == NULL)
    return;

  g_clear_pointer (&self->tree, tide_flame_tree_unref);
  g_clear_pointer (&self->diff, tide_diff_flame_unref);
  self->diff = diff != NULL ? tide_diff_flame_ref (diff) : NULL;
  forget_nodes (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIFF]);
}

guint64
tide_flame_graph_get_scale_value (TideFlameGraph *self)
{
  g_return_val_if_fail (TIDE_IS_FLAME_GRAPH (self), 0);
  return self->scale_value;
}

void
tide_flame_graph_set_scale_value (TideFlameGraph *self,
                                  guint64         value)
{
  g_return_if_fail (TIDE_IS_FLAME_GRAPH (self));

  if (self->scale_value == value)
    return;
  self->scale_value = value;
  invalidate_layout (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCALE_VALUE]);
}

void
tide_flame_graph_set_hover_node (TideFlameGraph *self,
                                 guint32         node)
{
  g_return_if_fail (TIDE_IS_FLAME_GRAPH (self));
  g_return_if_fail (node == TIDE_FLAME_NO_NODE || node < n_nodes (self));

  set_hover (self, node);
}

TideMetric
tide_flame_graph_get_metric (TideFlameGraph *self)
{
  g_return_val_if_fail (TIDE_IS_FLAME_GRAPH (self), TIDE_METRIC_PEAK);
  return self->metric;
}

void
tide_flame_graph_set_metric (TideFlameGraph *self,
                             TideMetric      metric)
{
  g_return_if_fail (TIDE_IS_FLAME_GRAPH (self));
  g_return_if_fail (metric < TIDE_N_METRICS);

  if (self->metric == metric)
    return;

  self->metric = metric;
  invalidate_layout (self);
  update_accessible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_METRIC]);
}

TideFlameColorMode
tide_flame_graph_get_color_mode (TideFlameGraph *self)
{
  g_return_val_if_fail (TIDE_IS_FLAME_GRAPH (self), TIDE_FLAME_COLOR_BY_FUNCTION);
  return self->color_mode;
}

void
tide_flame_graph_set_color_mode (TideFlameGraph     *self,
                                 TideFlameColorMode  mode)
{
  g_return_if_fail (TIDE_IS_FLAME_GRAPH (self));
  g_return_if_fail (mode <= TIDE_FLAME_COLOR_BY_MODULE);

  if (self->color_mode == mode)
    return;

  self->color_mode = mode;
  invalidate_drawing (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLOR_MODE]);
}

GBytes *
tide_flame_graph_get_search (TideFlameGraph *self)
{
  g_return_val_if_fail (TIDE_IS_FLAME_GRAPH (self), NULL);
  return self->search;
}

void
tide_flame_graph_set_search (TideFlameGraph *self,
                             GBytes         *marks)
{
  g_return_if_fail (TIDE_IS_FLAME_GRAPH (self));

  if (self->search == marks)
    return;

  g_clear_pointer (&self->search, g_bytes_unref);
  self->search = marks != NULL ? g_bytes_ref (marks) : NULL;
  invalidate_drawing (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH]);
}

guint32
tide_flame_graph_get_zoom_node (TideFlameGraph *self)
{
  g_return_val_if_fail (TIDE_IS_FLAME_GRAPH (self), 0);
  return self->zoom_node;
}

void
tide_flame_graph_zoom_to (TideFlameGraph *self,
                          guint32         node)
{
  g_return_if_fail (TIDE_IS_FLAME_GRAPH (self));
  g_return_if_fail (has_data (self) || node == 0);
  g_return_if_fail (!has_data (self) || node < n_nodes (self));

  if (self->zoom_node == node)
    return;

  g_array_append_val (self->history, self->zoom_node);
  if (self->history->len == 1)
    {
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "flamegraph.zoom-back", TRUE);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_ZOOM_BACK]);
    }
  set_zoom (self, node);
}

gboolean
tide_flame_graph_zoom_back (TideFlameGraph *self)
{
  guint32 node;

  g_return_val_if_fail (TIDE_IS_FLAME_GRAPH (self), FALSE);

  if (self->history->len == 0)
    return FALSE;

  node = g_array_index (self->history, guint32, self->history->len - 1);
  g_array_set_size (self->history, self->history->len - 1);
  if (self->history->len == 0)
    {
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "flamegraph.zoom-back", FALSE);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_ZOOM_BACK]);
    }
  set_zoom (self, node);
  return TRUE;
}

void
tide_flame_graph_zoom_reset (TideFlameGraph *self)
{
  g_return_if_fail (TIDE_IS_FLAME_GRAPH (self));

  clear_history (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "flamegraph.zoom-back", FALSE);
  set_zoom (self, 0);
}

gboolean
tide_flame_graph_can_zoom_back (TideFlameGraph *self)
{
  g_return_val_if_fail (TIDE_IS_FLAME_GRAPH (self), FALSE);
  return self->history->len > 0;
}

guint32
tide_flame_graph_get_hover_node (TideFlameGraph *self)
{
  g_return_val_if_fail (TIDE_IS_FLAME_GRAPH (self), TIDE_FLAME_NO_NODE);
  return self->hover_node;
}

guint32
tide_flame_graph_get_node_at (TideFlameGraph *self,
                              double          x,
                              double          y)
{
  double width, height;
  TideFlameLayout *layout;
  TideFlameStyle style;

  g_return_val_if_fail (TIDE_IS_FLAME_GRAPH (self), TIDE_FLAME_NO_NODE);

  width = current_width (self);
  height = gtk_widget_get_height (GTK_WIDGET (self));
  layout = ensure_layout (self, width);
  if (layout == NULL || height <= 0)
    return TIDE_FLAME_NO_NODE;
  fill_style (self, &style, FALSE);
  return tide_flame_painter_hit (layout, &style, width, height, x, y);
}

TideFlameLayout *
tide_flame_graph_get_layout (TideFlameGraph *self)
{
  g_return_val_if_fail (TIDE_IS_FLAME_GRAPH (self), NULL);
  return ensure_layout (self, current_width (self));
}

TideDrawList *
tide_flame_graph_paint (TideFlameGraph *self,
                        double          height)
{
  double width;
  TideFlameLayout *layout;
  TideFlameStyle style;

  g_return_val_if_fail (TIDE_IS_FLAME_GRAPH (self), NULL);

  width = current_width (self);
  layout = ensure_layout (self, width);
  if (layout == NULL)
    return NULL;
  fill_style (self, &style, FALSE);
  if (height <= 0)
    height = ceil (tide_flame_painter_get_height (layout, &style));
  return tide_flame_paint (layout, &style, width, height);
}

void
tide_flame_graph_get_export_style (TideFlameGraph *self,
                                   TideFlameStyle *style)
{
  g_return_if_fail (TIDE_IS_FLAME_GRAPH (self));
  g_return_if_fail (style != NULL);

  fill_style (self, style, FALSE);
}
