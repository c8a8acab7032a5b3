/* tide-compare-window-private.h: what the comparison window's files share
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window is split by concern: tide-compare-window.c loads, computes,
 * searches and fills the views; tide-compare-window-panes.c keeps the two
 * panes of a kind (flame graphs, treemaps) on one scale and in step;
 * tide-compare-window-export.c writes the views through tide-export-flow.
 */
#pragma once

#include "core/tide-trace-loader.h"
#include "tide-compare-window.h"
#include "widgets/tide-timeline-pair-view.h"
#include "widgets/tide-treemap-view.h"

G_BEGIN_DECLS

struct _TideCompareWindow
{
  AdwApplicationWindow  parent_instance;

  /* template widgets */
  AdwViewSwitcherTitle *switcher_title;
  GtkToggleButton      *search_button;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  GtkLabel             *before_label;
  GtkLabel             *after_label;
  GtkLabel             *change_label;
  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  AdwStatusPage        *loading_page;
  GtkSpinner           *spinner;
  AdwStatusPage        *error_page;
  AdwViewStack         *view_stack;
  GtkLabel             *legend_label;
  GtkScrolledWindow    *diff_scroller;
  GtkScrolledWindow    *before_scroller;
  GtkScrolledWindow    *after_scroller;
  TideFlameGraph       *diff_graph;
  TideFlameGraph       *before_graph;
  TideFlameGraph       *after_graph;
  GtkLabel             *before_title;
  GtkLabel             *after_title;
  GtkLabel             *before_sizes_title;
  GtkLabel             *after_sizes_title;
  TideTreemapView      *before_treemap;
  TideTreemapView      *after_treemap;
  GtkStack             *timeline_stack;
  TideTimelinePairView *timeline_view;
  AdwStatusPage        *timeline_none_page;
  GtkDropDown          *grouping_dropdown;
  GtkSearchEntry       *filter_entry;
  TideDeltaTable       *delta_table;

  /* owned references */
  TideCompareSide      *sides[2];
  guint64              *size[2];       /* per stack node of each side: bytes, for the delta table */
  guint64              *count[2];      /* and blocks */
  TideDiffFlame        *diff;
  TideTraceLoader      *loaders[2];    /* a side's trace loading, NULL once loaded */
  GCancellable         *cancellable;   /* of all the window's work; cancelled in dispose */
  GtkFileChooserNative *chooser;
  GError               *error;
  char                 *last_toast_title;
  char                 *chooser_view;  /* what the open save dialog exports */

  TideMetric            metric;
  TideExportFormat      chooser_format;
  guint                 n_exports;     /* in progress */
  gboolean              busy;
  gboolean              mirroring;     /* one pane's zoom or pointer being copied to the other */
};

/* tide-compare-window.c */
TideFlameGraph  *tide_compare_window_pane                (TideCompareWindow *self,
                                                          TideDiffWhich      which);
void             tide_compare_window_update_actions      (TideCompareWindow *self);
void             tide_compare_window_show_toast          (TideCompareWindow *self,
                                                          AdwToast          *toast);

/* tide-compare-window-panes.c */
TideTreemapView *tide_compare_window_treemap             (TideCompareWindow *self,
                                                          TideDiffWhich      which);
void             tide_compare_window_connect_panes       (TideCompareWindow *self);
/* Both flame graphs against the larger of their zoomed boxes. */
void             tide_compare_window_update_scale        (TideCompareWindow *self);
/* Both treemaps against the larger of their totals. */
void             tide_compare_window_update_treemap_scale (TideCompareWindow *self);

/* tide-compare-window-export.c */
/* Whether @view ("shown": the one on display) has a picture to export. */
gboolean         tide_compare_window_can_export          (TideCompareWindow *self,
                                                          const char        *view);
/* compare.export "difference.svg", compare.export-view "png" */
void             tide_compare_window_export_action       (GtkWidget         *widget,
                                                          const char        *action_name,
                                                          GVariant          *parameter);
void             tide_compare_window_export_view_action  (GtkWidget         *widget,
                                                          const char        *action_name,
                                                          GVariant          *parameter);

G_END_DECLS
