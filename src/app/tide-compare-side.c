/* tide-compare-side.c: one side of a comparison: a trace and the part of it compared
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "core/analysis/tide-diff.h"
#include "tide-compare-side.h"
#include "tide-selection-labels.h"

struct _TideCompareSide
{
  TideTrace         *trace;
  GFile             *file;
  TideSelectionKind  kind;
  guint64            time;
  guint64            time_end;
  TideCost          *costs;  /* per node */
  guint64           *blocks; /* per info */
  char              *when;
  char              *title;
};

G_DEFINE_BOXED_TYPE (TideCompareSide, tide_compare_side, tide_compare_side_ref, tide_compare_side_unref)

static char *
display_name (GFile *file)
{
  g_autofree char *path = NULL;
  g_autofree char *parse_name = NULL;

  if (file == NULL)
    return NULL;
  path = g_file_get_path (file);
  if (path != NULL)
    return g_filename_display_basename (path);
  parse_name = g_file_get_parse_name (file);
  return g_path_get_basename (parse_name);
}

static TideCompareSide *
side_new (TideTrace         *trace,
          GFile             *file,
          TideSelectionKind  kind,
          guint64            time,
          guint64            time_end,
          const TideCost    *costs,
          const guint64     *blocks,
          const char        *when)
{
  TideCompareSide *self = g_atomic_rc_box_new0 (TideCompareSide);
  guint n_infos = tide_trace_get_n_infos (trace);
  g_autofree char *name = display_name (file);

  self->trace = g_object_ref (trace);
  self->file = file != NULL ? g_object_ref (file) : NULL;
  self->kind = kind;
  self->time = time;
  self->time_end = time_end;
  self->costs = g_memdup2 (costs, tide_trace_get_n_nodes (trace) * sizeof (TideCost));
  self->blocks = g_new0 (guint64, MAX (n_infos, 1));
  if (blocks != NULL && n_infos > 0)
    memcpy (self->blocks, blocks, n_infos * sizeof (guint64));
  self->when = g_strdup (when);
  if (name == NULL)
    name = g_strdup (tide_trace_get_format_name (trace));
  /* a dump or folded stacks have one state only: the file says it all */
  self->title = when != NULL ? g_strdup_printf ("%s · %s", name, when) : g_steal_pointer (&name);
  return self;
}

TideCompareSide *
tide_compare_side_new_for_session (TideSession *session,
                                   GFile       *file)
{
  TideTrace *trace;
  g_autofree char *when = NULL;

  g_return_val_if_fail (TIDE_IS_SESSION (session), NULL);
  g_return_val_if_fail (file == NULL || G_IS_FILE (file), NULL);

  trace = tide_session_get_trace (session);
  if (tide_selection_trace_has_time (trace))
    when = tide_session_dup_selection_label (session);
  return side_new (trace, file, tide_session_get_selection_kind (session),
                   tide_session_get_selection_time_start (session), tide_session_get_selection_time_end (session),
                   tide_session_get_costs (session),
                   tide_session_get_blocks (session), when);
}

TideCompareSide *
tide_compare_side_new_at_peak (TideTrace *trace,
                               GFile     *file)
{
  g_autoptr(TideSession) session = NULL;

  g_return_val_if_fail (TIDE_IS_TRACE (trace), NULL);

  /* a new session is at the peak: its label and blocks say so */
  session = tide_session_new (trace);
  return tide_compare_side_new_for_session (session, file);
}

TideCompareSide *
tide_compare_side_ref (TideCompareSide *self)
{
  return g_atomic_rc_box_acquire (self);
}

static void
side_clear (gpointer data)
{
  TideCompareSide *self = data;

  g_clear_object (&self->trace);
  g_clear_object (&self->file);
  g_clear_pointer (&self->costs, g_free);
  g_clear_pointer (&self->blocks, g_free);
  g_clear_pointer (&self->when, g_free);
  g_clear_pointer (&self->title, g_free);
}

void
tide_compare_side_unref (TideCompareSide *self)
{
  g_atomic_rc_box_release_full (self, side_clear);
}

TideTrace *
tide_compare_side_get_trace (TideCompareSide *self)
{
  return self->trace;
}

GFile *
tide_compare_side_get_file (TideCompareSide *self)
{
  return self->file;
}

TideSelectionKind
tide_compare_side_get_kind (TideCompareSide *self)
{
  return self->kind;
}

guint64
tide_compare_side_get_time (TideCompareSide *self)
{
  return self->time;
}

guint64
tide_compare_side_get_time_end (TideCompareSide *self)
{
  return self->time_end;
}

const TideCost *
tide_compare_side_get_costs (TideCompareSide *self)
{
  return self->costs;
}

const guint64 *
tide_compare_side_get_blocks (TideCompareSide *self)
{
  return self->blocks;
}

const char *
tide_compare_side_get_title (TideCompareSide *self)
{
  return self->title;
}

const char *
tide_compare_side_get_when (TideCompareSide *self)
{
  return self->when;
}

void
tide_compare_side_get_values (TideCompareSide *self,
                              TideMetric       metric,
                              guint64        **size,
                              guint64        **count)
{
  tide_diff_side_for_costs (self->trace, self->costs, self->blocks, metric, size, count);
}
