/* tide-window.c: a window showing one memory trace
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "core/tide-trace-error.h"
#include "core/tide-trace-loader.h"
#include "tide-compare-window.h"
#include "tide-flame-page.h"
#include "tide-selection-labels.h"
#include "tide-sizes-page.h"
#include "tide-summary-page.h"
#include "tide-timeline-page.h"
#include "tide-window.h"

/* Recent-files entries are tagged with this application name, so the recent
 * lists show only what Tidemark itself opened. Not translated: it is a key. */
#define RECENT_APP_NAME "Tidemark"
#define RECENT_APP_EXEC "tidemark %u"
#define RECENT_MAX      8

/* The smallest size restored: a broken setting must not hide the window. */
#define MIN_RESTORED_WIDTH  360
#define MIN_RESTORED_HEIGHT 300

struct _TideWindow
{
  AdwApplicationWindow  parent_instance;

  /* template widgets */
  AdwWindowTitle       *window_title;
  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  AdwViewStack         *view_stack;
  AdwSqueezer          *switcher_squeezer;
  GtkWidget            *no_switcher;
  AdwViewSwitcherBar   *switcher_bar;
  GtkWidget            *recent_box;
  GtkListBox           *recent_list;
  AdwStatusPage        *loading_page;
  GtkProgressBar       *progress_bar;
  TideSummaryPage      *summary_page;
  TideFlamePage        *flame_page;
  TideTimelinePage     *timeline_page;
  TideSizesPage        *sizes_page;
  GMenu                *recent_section;
  GtkWidget            *selection_bar;
  GtkWidget            *selection_separator;
  GtkLabel             *selection_label;
  GtkLabel             *selection_hint;
  GtkSpinner           *selection_spinner;

  /* owned references */
  GSettings            *settings;         /* the application's; NULL without a schema */
  TideTrace            *trace;            /* on display */
  TideSession          *session;          /* of trace: what every view shows */
  GFile                *file;             /* of trace (the first of a series) */
  guint                 n_files;          /* of trace: several make a series */
  TideTraceLoader      *loader;           /* the load in progress */
  GCancellable         *load_cancellable; /* of that load */
  GtkFileChooserNative *chooser;
  TideCompareSide      *marked;           /* of trace: the selection marked as "before" */
  char                 *last_toast_title; /* for tests: what the window last said */

  /* borrowed: removed before loader is dropped */
  GBinding             *fraction_binding;

  const char           *previous_page;    /* interned; where a failed load returns to */
};

G_DEFINE_FINAL_TYPE (TideWindow, tide_window, ADW_TYPE_APPLICATION_WINDOW)

/* "~/traces" reads better than "/home/someone/traces" */
static char *
display_directory (GFile *file)
{
  g_autoptr(GFile) parent = g_file_get_parent (file);
  g_autoptr(GFile) home = g_file_new_for_path (g_get_home_dir ());
  g_autofree char *relative = NULL;

  if (parent == NULL)
    return g_strdup ("");
  if (g_file_equal (parent, home))
    return g_strdup ("~");
  relative = g_file_get_relative_path (home, parent);
  if (relative != NULL)
    {
      g_autofree char *utf8 = g_filename_display_name (relative);

      return g_build_filename ("~", utf8, NULL);
    }
  return g_file_get_parse_name (parent);
}

static char *
display_basename (GFile *file)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *parse_name = NULL;

  if (path != NULL)
    return g_filename_display_basename (path);
  parse_name = g_file_get_parse_name (file);
  return g_path_get_basename (parse_name);
}

/* Menu labels take mnemonics; a file called "ht_leaky" must not lose its "_". */
static char *
escape_mnemonics (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, "_", -1);

  return g_strjoinv ("__", parts);
}

/* @name: "empty", "loading" or "trace" (whichever view of it was shown last).
 * A trace appears without the crossfade: each of its frames drew both
 * pages, and the trace page's first frames are its costliest (widgets made
 * and measured): under cairo one more frame of 55 ms (bench/window). */
static void
set_page (TideWindow *self,
          const char *name)
{
  gtk_stack_set_visible_child_full (self->stack, name,
                                    g_str_equal (name, "trace") ? GTK_STACK_TRANSITION_TYPE_NONE
                                                                : GTK_STACK_TRANSITION_TYPE_CROSSFADE);
}

static void
update_actions (TideWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "window.cancel-load", self->loader != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "window.show-page", self->trace != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "window.clear-selection",
                                 self->session != NULL
                                   && tide_session_get_selection_kind (self->session) != TIDE_SELECTION_PEAK);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "window.step-snapshot",
                                 self->session != NULL && tide_session_can_step (self->session));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "window.compare-with", self->session != NULL);
  /* compares what the views show: not while it is being computed */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "window.compare-peak",
                                 self->session != NULL
                                   && tide_session_get_selection_kind (self->session) != TIDE_SELECTION_PEAK
                                   && !tide_session_get_busy (self->session));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "window.compare-previous",
                                 self->session != NULL && tide_session_can_step (self->session)
                                   && !tide_session_get_busy (self->session));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "window.mark-before",
                                 self->session != NULL && !tide_session_get_busy (self->session));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "window.compare-marked",
                                 self->session != NULL && self->marked != NULL
                                   && !tide_session_get_busy (self->session));
}

/* The bar over every view: what they show, and a way back to the peak. */
static void
update_selection_bar (TideWindow *self)
{
  g_autofree char *label = NULL;
  const char *hint = "";
  gboolean busy, has_time;

  /* a trace without time (folded stacks, a tracemalloc dump) has only its
   * one state to show: no instant or range to pick, nothing to name */
  has_time = self->session != NULL && tide_selection_trace_has_time (tide_session_get_trace (self->session));
  gtk_widget_set_visible (self->selection_bar, has_time);
  gtk_widget_set_visible (self->selection_separator, has_time);

  if (self->session == NULL)
    {
      gtk_label_set_text (self->selection_label, "");
      gtk_label_set_text (self->selection_hint, "");
      gtk_spinner_stop (self->selection_spinner);
      gtk_widget_set_visible (GTK_WIDGET (self->selection_spinner), FALSE);
      update_actions (self);
      return;
    }

  label = tide_session_dup_selection_label (self->session);
  switch (tide_session_get_selection_kind (self->session))
    {
    case TIDE_SELECTION_INSTANT:
      /* massif counts no allocations; memory_profiler knows no heap */
      if (!tide_selection_trace_has_stacks (tide_session_get_trace (self->session)))
        hint = _("The memory of the process at this instant");
      else if (tide_trace_counts_allocations (tide_session_get_trace (self->session)))
        hint = _("The heap live at this instant; counts of allocations up to it");
      else
        hint = _("The heap live at this instant");
      break;
    case TIDE_SELECTION_RANGE:
      hint = _("What was allocated in this range, and what of it is still live at its end");
      break;
    case TIDE_SELECTION_PEAK:
    default:
      hint = tide_selection_trace_has_stacks (tide_session_get_trace (self->session))
               ? _("The heap when it first reached its peak. Click the timeline for another instant, Shift+drag for a range")
               : _("The memory of the process when it first reached its peak. Click the timeline for another instant");
      break;
    }
  gtk_label_set_text (self->selection_label, label);
  gtk_label_set_text (self->selection_hint, hint);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->selection_hint), hint);

  busy = tide_session_get_busy (self->session);
  gtk_widget_set_visible (GTK_WIDGET (self->selection_spinner), busy);
  if (busy)
    gtk_spinner_start (self->selection_spinner);
  else
    gtk_spinner_stop (self->selection_spinner);

  /* away from the peak the bar stands out: every view shows something else */
  if (tide_session_get_selection_kind (self->session) != TIDE_SELECTION_PEAK)
    gtk_widget_add_css_class (self->selection_bar, "active");
  else
    gtk_widget_remove_css_class (self->selection_bar, "active");
  update_actions (self);
}

static void
session_changed_cb (TideWindow *self)
{
  update_selection_bar (self);
}

static void
set_session (TideWindow  *self,
             TideSession *session)
{
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    {
      g_signal_connect_object (session, "notify::selection-label", G_CALLBACK (session_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::busy", G_CALLBACK (session_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::costs", G_CALLBACK (session_changed_cb), self, G_CONNECT_SWAPPED);
    }
  tide_summary_page_set_session (self->summary_page, session);
  tide_flame_page_set_session (self->flame_page, session);
  tide_timeline_page_set_session (self->timeline_page, session);
  tide_sizes_page_set_session (self->sizes_page, session);
  update_selection_bar (self);
}

/* The switcher only means something while a trace is on display; on a
 * window too narrow for it in the header bar, it moves under the views. */
static void
page_changed_cb (TideWindow *self)
{
  gboolean trace = g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "trace") == 0;

  gtk_widget_set_visible (GTK_WIDGET (self->switcher_squeezer), trace);
  adw_view_switcher_bar_set_reveal (self->switcher_bar,
                                    trace && adw_squeezer_get_visible_child (self->switcher_squeezer)
                                               == self->no_switcher);
}

static void
page_toast_cb (TideWindow *self,
               AdwToast   *toast)
{
  tide_window_add_toast (self, g_object_ref (toast));
}

/* memory_profiler records no stacks and no sizes: no flame graph, no
 * Sizes view, and the timeline shown in their place. */
static void
update_views (TideWindow *self)
{
  gboolean stacks = self->trace == NULL || tide_selection_trace_has_stacks (self->trace);
  GtkWidget *shown = adw_view_stack_get_visible_child (self->view_stack);

  adw_view_stack_page_set_visible (adw_view_stack_get_page (self->view_stack, GTK_WIDGET (self->flame_page)), stacks);
  adw_view_stack_page_set_visible (adw_view_stack_get_page (self->view_stack, GTK_WIDGET (self->sizes_page)), stacks);
  if (!stacks && (shown == GTK_WIDGET (self->flame_page) || shown == GTK_WIDGET (self->sizes_page)))
    adw_view_stack_set_visible_child (self->view_stack, GTK_WIDGET (self->timeline_page));
}

static void
update_title (TideWindow *self)
{
  if (self->file != NULL)
    {
      g_autofree char *first = display_basename (self->file);
      /* TRANSLATORS: the title of a series of dumps chosen together, "tm_before.pickle and 1 more" */
      g_autofree char *name = self->n_files > 1 ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s and %u more",
                                                                                  "%s and %u more", self->n_files - 1),
                                                                     first, self->n_files - 1)
                                                : g_strdup (first);
      g_autofree char *directory = display_directory (self->file);

      adw_window_title_set_title (self->window_title, name);
      adw_window_title_set_subtitle (self->window_title, directory);
      gtk_window_set_title (GTK_WINDOW (self), name);
    }
  else
    {
      adw_window_title_set_title (self->window_title, _("Tidemark"));
      adw_window_title_set_subtitle (self->window_title, NULL);
      gtk_window_set_title (GTK_WINDOW (self), _("Tidemark"));
    }
}

/* Forgets the load in progress, if any; the worker stops at its next check
 * and load_cb() then finds the load stale and drops the result. */
static void
clear_load (TideWindow *self)
{
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  if (self->fraction_binding != NULL)
    g_binding_unbind (g_steal_pointer (&self->fraction_binding));
  g_clear_object (&self->loader);
  g_clear_object (&self->load_cancellable);
  update_actions (self);
}

static void
add_recent (GFile *file)
{
  g_autofree char *uri = g_file_get_uri (file);
  g_autofree char *basename = g_file_get_basename (file);
  g_autofree char *content_type = g_content_type_guess (basename, NULL, 0, NULL);
  g_autofree char *mime_type = content_type != NULL ? g_content_type_get_mime_type (content_type) : NULL;
  GtkRecentData data = {
    .mime_type = mime_type != NULL ? mime_type : (char *) "application/octet-stream",
    .app_name = (char *) RECENT_APP_NAME,
    .app_exec = (char *) RECENT_APP_EXEC,
  };

  gtk_recent_manager_add_full (gtk_recent_manager_get_default (), uri, &data);
}

static int
compare_recent_newest_first (gconstpointer a,
                             gconstpointer b)
{
  GtkRecentInfo *ia = *(GtkRecentInfo **) a;
  GtkRecentInfo *ib = *(GtkRecentInfo **) b;

  return g_date_time_compare (gtk_recent_info_get_modified (ib), gtk_recent_info_get_modified (ia));
}

/* The recent traces Tidemark opened that still exist, newest first. */
static GPtrArray *
collect_recent (void)
{
  GList *items = gtk_recent_manager_get_items (gtk_recent_manager_get_default ());
  GPtrArray *recent = g_ptr_array_new_with_free_func ((GDestroyNotify) gtk_recent_info_unref);

  for (GList *l = items; l != NULL; l = l->next)
    {
      GtkRecentInfo *info = l->data;

      if (gtk_recent_info_has_application (info, RECENT_APP_NAME) && gtk_recent_info_exists (info))
        g_ptr_array_add (recent, gtk_recent_info_ref (info));
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);

  g_ptr_array_sort (recent, compare_recent_newest_first);
  if (recent->len > RECENT_MAX)
    g_ptr_array_set_size (recent, RECENT_MAX);
  return recent;
}

static void
refresh_recent_cb (TideWindow *self)
{
  g_autoptr(GPtrArray) recent = collect_recent ();
  g_autoptr(GMenu) submenu = g_menu_new ();
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->recent_list))) != NULL)
    gtk_list_box_remove (self->recent_list, child);
  g_menu_remove_all (self->recent_section);

  for (guint i = 0; i < recent->len; i++)
    {
      GtkRecentInfo *info = g_ptr_array_index (recent, i);
      const char *uri = gtk_recent_info_get_uri (info);
      g_autoptr(GFile) file = g_file_new_for_uri (uri);
      g_autofree char *name = display_basename (file);
      g_autofree char *directory = display_directory (file);
      g_autofree char *label = escape_mnemonics (name);
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);
      GtkWidget *row = adw_action_row_new ();

      /* rows are GtkActionable: activating one runs window.open-recent */
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), directory);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "window.open-recent");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", uri);
      gtk_list_box_append (self->recent_list, row);

      g_menu_item_set_action_and_target (item, "window.open-recent", "s", uri);
      g_menu_append_item (submenu, item);
    }

  gtk_widget_set_visible (self->recent_box, recent->len > 0);
  if (recent->len > 0)
    g_menu_append_submenu (self->recent_section, _("Open _Recent"), G_MENU_MODEL (submenu));
}

static void
show_error (TideWindow   *self,
            const GError *error)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Could Not Open the Trace"), error->message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(TideWindow) self = user_data;
  TideTraceLoader *loader = TIDE_TRACE_LOADER (object);
  g_autoptr(TideTrace) trace = NULL;
  g_autoptr(TideSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  guint n_files;

  trace = tide_trace_loader_load_finish (loader, result, &error);

  /* cancelled, superseded by another load, or the window is gone */
  if (loader != self->loader)
    return;

  file = g_object_ref (tide_trace_loader_get_file (loader));
  n_files = tide_trace_loader_get_n_files (loader);
  clear_load (self);

  /* files chosen together that are no series of dumps: one by one */
  if (g_error_matches (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_NOT_A_SERIES))
    {
      set_page (self, self->previous_page);
      for (guint i = 0; i < n_files; i++)
        tide_window_open_chosen (self, tide_trace_loader_get_nth_file (loader, i));
      return;
    }
  if (trace == NULL)
    {
      set_page (self, self->previous_page);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error);
      return;
    }

  self->n_files = n_files;
  g_set_object (&self->file, file);
  g_set_object (&self->trace, trace);
  /* a mark names a selection of the trace it was made on */
  g_clear_pointer (&self->marked, tide_compare_side_unref);
  /* read now, not when the window was made: another window may have
   * changed them since */
  if (self->settings != NULL)
    {
      g_autofree char *view = g_settings_get_string (self->settings, "last-view");
      g_autofree char *metric = g_settings_get_string (self->settings, "flame-metric");

      adw_view_stack_set_visible_child_name (self->view_stack, view);
      tide_flame_page_set_metric (self->flame_page, metric);
    }
  update_views (self);
  session = tide_session_new (trace);
  tide_flame_page_set_file (self->flame_page, file);
  tide_timeline_page_set_file (self->timeline_page, file);
  tide_sizes_page_set_file (self->sizes_page, file);
  set_session (self, session);
  update_title (self);
  update_actions (self);
  set_page (self, "trace");
  add_recent (file);
}

static void
chooser_response_cb (TideWindow           *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) chosen = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < g_list_model_get_n_items (chosen); i++)
        g_ptr_array_add (files, g_list_model_get_item (chosen, i));
      if (files->len > 0)
        tide_window_open_chosen_files (self, (GFile **) files->pdata, files->len);
    }
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_clear_object (&self->chooser);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TideWindow *self = TIDE_WINDOW (widget);
  g_autoptr(GtkFileFilter) traces = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  if (self->chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
      return;
    }

  /* Names are only a hint: the loader tells the format by content, so
   * "All files" is always offered. The names the profilers give their
   * files come first: GIO types a compressed trace by its suffix
   * (heaptrack.x.zst is application/zstd, massif.out.1.gz gzip), so our
   * own MIME types alone miss those, and names need no shared-mime-info
   * update (an uninstalled build) to show. */
  gtk_file_filter_set_name (traces, _("Memory Traces"));
  gtk_file_filter_add_pattern (traces, "heaptrack.*");
  gtk_file_filter_add_pattern (traces, "massif.out.*");
  gtk_file_filter_add_pattern (traces, "*.tracemalloc");
  gtk_file_filter_add_pattern (traces, "*.folded");
  gtk_file_filter_add_pattern (traces, "*.zst");
  gtk_file_filter_add_pattern (traces, "*.gz");
  gtk_file_filter_add_mime_type (traces, "application/x-heaptrack");
  gtk_file_filter_add_mime_type (traces, "application/x-valgrind-massif");
  gtk_file_filter_add_mime_type (traces, "application/x-python-tracemalloc");
  gtk_file_filter_add_mime_type (traces, "application/zstd");
  gtk_file_filter_add_mime_type (traces, "application/gzip");
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");

  self->chooser = gtk_file_chooser_native_new (_("Open a Trace"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  /* several tracemalloc dumps open as a series */
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (self->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), traces);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (self->chooser), traces);
  if (self->file != NULL)
    {
      g_autoptr(GFile) folder = g_file_get_parent (self->file);

      if (folder != NULL)
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), folder, NULL);
    }
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
open_recent_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (parameter, NULL));

  tide_window_open_chosen (TIDE_WINDOW (widget), file);
}

static void
cancel_load_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TideWindow *self = TIDE_WINDOW (widget);

  if (self->loader == NULL)
    return;

  clear_load (self);
  set_page (self, self->previous_page);
  tide_window_add_toast (self, adw_toast_new (_("Loading cancelled")));
}

static void
clear_selection_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  TideWindow *self = TIDE_WINDOW (widget);

  if (self->session != NULL)
    tide_session_select_peak (self->session);
}

/* The selection shown ("before") and another trace, picked in a dialog. */
static void
compare_with_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TideWindow *self = TIDE_WINDOW (widget);
  g_autoptr(TideCompareSide) before = NULL;

  if (self->session == NULL)
    return;
  before = tide_compare_side_new_for_session (self->session, self->file);
  tide_compare_window_choose_file (GTK_WINDOW (self), before);
}

/* The instant (or range) picked on the timeline and the peak, the earlier
 * of the two as "before". */
static void
compare_peak_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TideWindow *self = TIDE_WINDOW (widget);
  g_autoptr(TideCompareSide) selection = NULL;
  g_autoptr(TideCompareSide) peak = NULL;
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (self->session == NULL || tide_session_get_selection_kind (self->session) == TIDE_SELECTION_PEAK)
    return;
  selection = tide_compare_side_new_for_session (self->session, self->file);
  peak = tide_compare_side_new_at_peak (self->trace, self->file);
  if (tide_compare_side_get_time (selection) <= tide_compare_side_get_time (peak))
    tide_compare_window_open (app, selection, peak);
  else
    tide_compare_window_open (app, peak, selection);
}

/* Keeps the selection on display (the peak, an instant, a range, a
 * snapshot of a series) as the "before" of a comparison to come. */
static void
mark_before_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TideWindow *self = TIDE_WINDOW (widget);
  g_autofree char *label = NULL;
  g_autofree char *title = NULL;

  if (self->session == NULL || tide_session_get_busy (self->session))
    return;
  g_clear_pointer (&self->marked, tide_compare_side_unref);
  self->marked = tide_compare_side_new_for_session (self->session, self->file);
  label = tide_session_dup_selection_label (self->session);
  /* TRANSLATORS: a toast: "“Live at 0.52 s” is “before”: pick another instant or range and compare (Ctrl+Shift+M)" */
  title = g_strdup_printf (_("“%s” is “before”: pick another instant or range and compare (Ctrl+Shift+M)"), label);
  tide_window_add_toast (self, adw_toast_new (title));
  update_actions (self);
}

/* The selection marked as "before" and the one on display, "after". */
static void
compare_marked_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  TideWindow *self = TIDE_WINDOW (widget);
  g_autoptr(TideCompareSide) after = NULL;

  if (self->session == NULL || self->marked == NULL || tide_session_get_busy (self->session))
    return;
  after = tide_compare_side_new_for_session (self->session, self->file);
  tide_compare_window_open (gtk_window_get_application (GTK_WINDOW (self)), self->marked, after);
}

typedef struct
{
  GtkApplication  *app;
  TideCompareSide *after;
  GFile           *file;
} PreviousData;

static void
previous_data_free (gpointer  data,
                    GClosure *closure)
{
  PreviousData *previous = data;

  g_clear_object (&previous->app);
  g_clear_pointer (&previous->after, tide_compare_side_unref);
  g_clear_object (&previous->file);
  g_free (previous);
}

/* The snapshot before is ready: compare it with the one on display. */
static void
previous_ready_cb (TideSession  *session,
                   GParamSpec   *pspec,
                   PreviousData *previous)
{
  g_autoptr(TideCompareSide) before = NULL;

  if (tide_session_get_busy (session))
    return;
  before = tide_compare_side_new_for_session (session, previous->file);
  tide_compare_window_open (previous->app, before, previous->after);
  /* frees @previous */
  g_signal_handlers_disconnect_by_func (session, previous_ready_cb, previous);
  /* the reference the wait held */
  g_object_unref (session);
}

/* A snapshot of a series (or of massif's) and the one before it: the
 * heap there is rebuilt in a session of its own, on a worker thread. */
static void
compare_previous_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  TideWindow *self = TIDE_WINDOW (widget);
  TideSession *earlier;
  PreviousData *previous;

  if (self->session == NULL || tide_session_get_busy (self->session) || !tide_session_can_step (self->session))
    return;
  earlier = tide_session_new (self->trace);
  switch (tide_session_get_selection_kind (self->session))
    {
    case TIDE_SELECTION_INSTANT:
      tide_session_select_instant (earlier, tide_session_get_selection_time_start (self->session));
      break;
    case TIDE_SELECTION_RANGE:
      tide_session_select_range (earlier, tide_session_get_selection_time_start (self->session),
                                 tide_session_get_selection_time_end (self->session));
      break;
    case TIDE_SELECTION_PEAK:
    default:
      break;
    }
  if (!tide_session_step (earlier, -1))
    {
      tide_window_add_toast (self, adw_toast_new (_("This is the first snapshot: there is none before it")));
      g_object_unref (earlier);
      return;
    }
  previous = g_new0 (PreviousData, 1);
  previous->app = g_object_ref (gtk_window_get_application (GTK_WINDOW (self)));
  previous->after = tide_compare_side_new_for_session (self->session, self->file);
  previous->file = self->file != NULL ? g_object_ref (self->file) : NULL;
  g_signal_connect_data (earlier, "notify::busy", G_CALLBACK (previous_ready_cb), previous, previous_data_free, 0);
  /* it may be ready at once */
  previous_ready_cb (earlier, NULL, previous);
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  TideWindow *self = TIDE_WINDOW (widget);
  GtkWidget *child;

  if (self->trace == NULL)
    return;
  /* a view the trace has nothing for (mprof's flame graph) */
  child = adw_view_stack_get_child_by_name (self->view_stack, g_variant_get_string (parameter, NULL));
  if (child == NULL || !adw_view_stack_page_get_visible (adw_view_stack_get_page (self->view_stack, child)))
    {
      gtk_widget_error_bell (widget);
      return;
    }
  adw_view_stack_set_visible_child_name (self->view_stack, g_variant_get_string (parameter, NULL));
  set_page (self, "trace");
  /* the charts take keys: give them focus */
  if (adw_view_stack_get_visible_child (self->view_stack) == GTK_WIDGET (self->flame_page))
    gtk_widget_grab_focus (GTK_WIDGET (self->flame_page));
  else if (adw_view_stack_get_visible_child (self->view_stack) == GTK_WIDGET (self->timeline_page))
    gtk_widget_grab_focus (GTK_WIDGET (self->timeline_page));
  else if (adw_view_stack_get_visible_child (self->view_stack) == GTK_WIDGET (self->sizes_page))
    gtk_widget_grab_focus (GTK_WIDGET (self->sizes_page));
}

static void
step_snapshot_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  TideWindow *self = TIDE_WINDOW (widget);

  if (self->session != NULL && !tide_session_step (self->session, g_variant_get_int32 (parameter)))
    gtk_widget_error_bell (widget);
}

static gboolean
drop_cb (TideWindow    *self,
         const GValue  *value,
         double         x,
         double         y,
         GtkDropTarget *target)
{
  GSList *files = NULL;
  g_autoptr(GSList) single = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new ();

  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    files = gdk_file_list_get_files (g_value_get_boxed (value));
  else if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    files = single = g_slist_prepend (NULL, g_value_get_object (value));
  if (files == NULL)
    return FALSE;

  /* as the Open dialog: several dumps are a series, other files one each */
  for (GSList *l = files; l != NULL; l = l->next)
    g_ptr_array_add (list, l->data);
  tide_window_open_chosen_files (self, (GFile **) list->pdata, list->len);
  if (files != single)
    g_slist_free (files);
  return TRUE;
}

/* "The last window closed" is what the next one restores. Only an
 * unmaximized size is saved, so unmaximizing later restores a real one. */
static void
save_state (TideWindow *self)
{
  gboolean maximized = gtk_window_is_maximized (GTK_WINDOW (self));

  if (self->settings == NULL)
    return;
  if (!maximized)
    {
      int width, height;

      gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
      if (width > 0 && height > 0)
        {
          g_settings_set_int (self->settings, "window-width", width);
          g_settings_set_int (self->settings, "window-height", height);
        }
    }
  g_settings_set_boolean (self->settings, "window-maximized", maximized);
}

static void
restore_state (TideWindow *self)
{
  int width = g_settings_get_int (self->settings, "window-width");
  int height = g_settings_get_int (self->settings, "window-height");

  gtk_window_set_default_size (GTK_WINDOW (self), MAX (width, MIN_RESTORED_WIDTH), MAX (height, MIN_RESTORED_HEIGHT));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

/* Restores the size, and keeps two keys in step with the views: the view
 * (last-view) and the flame graph's metric (flame-metric) the user picks
 * become what the next trace opens with. The window reads them once here
 * (GET_NO_CHANGES) and again when a trace loads (load_cb()): a choice made
 * in one window never changes another under the user's eyes. */
static void
bind_settings (TideWindow *self,
               GSettings  *settings)
{
  if (settings == NULL)
    return;

  self->settings = g_object_ref (settings);
  restore_state (self);
  g_settings_bind (settings, "last-view", self->view_stack, "visible-child-name",
                   G_SETTINGS_BIND_GET | G_SETTINGS_BIND_GET_NO_CHANGES | G_SETTINGS_BIND_SET);
  g_settings_bind (settings, "flame-metric", self->flame_page, "metric",
                   G_SETTINGS_BIND_GET | G_SETTINGS_BIND_GET_NO_CHANGES | G_SETTINGS_BIND_SET);
  g_settings_bind (settings, "size-class-scheme", self->sizes_page, "default-scheme", G_SETTINGS_BIND_GET);
}

static gboolean
tide_window_close_request (GtkWindow *window)
{
  save_state (TIDE_WINDOW (window));

  return GTK_WINDOW_CLASS (tide_window_parent_class)->close_request (window);
}

static void
tide_window_dispose (GObject *object)
{
  TideWindow *self = TIDE_WINDOW (object);

  /* the views change as they are torn down: that must not reach the settings */
  if (self->settings != NULL)
    {
      g_settings_unbind (self->view_stack, "visible-child-name");
      g_settings_unbind (self->flame_page, "metric");
      g_settings_unbind (self->sizes_page, "default-scheme");
    }
  g_clear_object (&self->settings);
  clear_load (self);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_pointer (&self->marked, tide_compare_side_unref);
  g_clear_object (&self->trace);
  g_clear_object (&self->file);
  g_clear_pointer (&self->last_toast_title, g_free);

  gtk_widget_dispose_template (GTK_WIDGET (self), TIDE_TYPE_WINDOW);

  G_OBJECT_CLASS (tide_window_parent_class)->dispose (object);
}

static void
tide_window_class_init (TideWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = tide_window_dispose;
  window_class->close_request = tide_window_close_request;

  g_type_ensure (TIDE_TYPE_SUMMARY_PAGE);
  g_type_ensure (TIDE_TYPE_FLAME_PAGE);
  g_type_ensure (TIDE_TYPE_TIMELINE_PAGE);
  g_type_ensure (TIDE_TYPE_SIZES_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/tidemark/Tidemark/ui/tide-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TideWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, TideWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TideWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, TideWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, TideWindow, switcher_squeezer);
  gtk_widget_class_bind_template_child (widget_class, TideWindow, no_switcher);
  gtk_widget_class_bind_template_child (widget_class, TideWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, TideWindow, recent_box);
  gtk_widget_class_bind_template_child (widget_class, TideWindow, recent_list);
  gtk_widget_class_bind_template_child (widget_class, TideWindow, loading_page);
  gtk_widget_class_bind_template_child (widget_class, TideWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, TideWindow, summary_page);
  gtk_widget_class_bind_template_child (widget_class, TideWindow, flame_page);
  gtk_widget_class_bind_template_child (widget_class, TideWindow, timeline_page);
  gtk_widget_class_bind_template_child (widget_class, TideWindow, sizes_page);
  gtk_widget_class_bind_template_callback (widget_class, page_toast_cb);
  gtk_widget_class_bind_template_child (widget_class, TideWindow, recent_section);
  gtk_widget_class_bind_template_child (widget_class, TideWindow, selection_bar);
  gtk_widget_class_bind_template_child (widget_class, TideWindow, selection_separator);
  gtk_widget_class_bind_template_child (widget_class, TideWindow, selection_label);
  gtk_widget_class_bind_template_child (widget_class, TideWindow, selection_hint);
  gtk_widget_class_bind_template_child (widget_class, TideWindow, selection_spinner);

  gtk_widget_class_install_action (widget_class, "window.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "window.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "window.cancel-load", NULL, cancel_load_action);
  gtk_widget_class_install_action (widget_class, "window.show-page", "s", show_page_action);
  gtk_widget_class_install_action (widget_class, "window.clear-selection", NULL, clear_selection_action);
  gtk_widget_class_install_action (widget_class, "window.compare-with", NULL, compare_with_action);
  gtk_widget_class_install_action (widget_class, "window.compare-peak", NULL, compare_peak_action);
  gtk_widget_class_install_action (widget_class, "window.compare-previous", NULL, compare_previous_action);
  gtk_widget_class_install_action (widget_class, "window.mark-before", NULL, mark_before_action);
  gtk_widget_class_install_action (widget_class, "window.compare-marked", NULL, compare_marked_action);
  gtk_widget_class_install_action (widget_class, "window.step-snapshot", "i", step_snapshot_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "window.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.cancel-load", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_BackSpace, GDK_CONTROL_MASK,
                                       "window.clear-selection", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK, "window.compare-with", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "window.compare-peak", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_CONTROL_MASK, "window.compare-previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, GDK_CONTROL_MASK, "window.mark-before", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "window.compare-marked", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK, "window.show-page", "s", "summary");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_CONTROL_MASK, "window.show-page", "s", "flamegraph");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_CONTROL_MASK, "window.show-page", "s", "timeline");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_4, GDK_CONTROL_MASK, "window.show-page", "s", "sizes");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0, "window.step-snapshot", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0, "window.step-snapshot", "i", -1);
}

static void
tide_window_init (TideWindow *self)
{
  GtkDropTarget *target;
  GType drop_types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE };

  gtk_widget_init_template (GTK_WIDGET (self));

  self->previous_page = g_intern_static_string ("empty");

  target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (target, drop_types, G_N_ELEMENTS (drop_types));
  g_signal_connect_object (target, "drop", G_CALLBACK (drop_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));

  /* connected here, not in the template: the stack notifies while it is built */
  g_signal_connect_object (self->stack, "notify::visible-child-name", G_CALLBACK (page_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->switcher_squeezer, "notify::visible-child", G_CALLBACK (page_changed_cb), self,
                           G_CONNECT_SWAPPED);
  page_changed_cb (self);

  g_signal_connect_object (gtk_recent_manager_get_default (), "changed",
                           G_CALLBACK (refresh_recent_cb), self, G_CONNECT_SWAPPED);
  refresh_recent_cb (self);
  update_actions (self);
  update_title (self);
}

TideWindow *
tide_window_new (TideApplication *app)
{
  TideWindow *self;

  g_return_val_if_fail (TIDE_IS_APPLICATION (app), NULL);

  self = g_object_new (TIDE_TYPE_WINDOW, "application", app, NULL);
  /* here, not in init: "application" is set after the instance is built */
  bind_settings (self, tide_application_get_settings (app));
  return self;
}

void
tide_window_open (TideWindow *self,
                  GFile      *file)
{
  g_return_if_fail (TIDE_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  tide_window_open_files (self, &file, 1);
}

void
tide_window_open_files (TideWindow   *self,
                        GFile * const *files,
                        guint         n_files)
{
  g_autofree char *name = NULL;
  GFile *file;

  g_return_if_fail (TIDE_IS_WINDOW (self));
  g_return_if_fail (files != NULL && n_files > 0);
  file = files[0];

  /* a new load replaces one in progress but keeps where to return to */
  if (self->loader != NULL)
    clear_load (self);
  else
    self->previous_page = g_intern_string (gtk_stack_get_visible_child_name (self->stack));

  self->loader = tide_trace_loader_new_for_files (files, n_files);
  self->load_cancellable = g_cancellable_new ();
  self->fraction_binding = g_object_bind_property (self->loader, "fraction", self->progress_bar, "fraction",
                                                   G_BINDING_SYNC_CREATE);

  name = display_basename (file);
  adw_status_page_set_description (self->loading_page, name);
  set_page (self, "loading");
  update_actions (self);

  tide_trace_loader_load_async (self->loader, self->load_cancellable, load_cb, g_object_ref (self));
}

TideWindow *
tide_window_open_chosen (TideWindow *self,
                         GFile      *file)
{
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  return tide_window_open_chosen_files (self, &file, 1);
}

TideWindow *
tide_window_open_chosen_files (TideWindow   *self,
                               GFile * const *files,
                               guint         n_files)
{
  GtkApplication *app;
  TideWindow *window;

  g_return_val_if_fail (TIDE_IS_WINDOW (self), NULL);
  g_return_val_if_fail (files != NULL && n_files > 0, NULL);

  app = gtk_window_get_application (GTK_WINDOW (self));
  if ((self->trace == NULL && self->loader == NULL) || app == NULL)
    {
      tide_window_open_files (self, files, n_files);
      return self;
    }

  window = tide_window_new (TIDE_APPLICATION (app));
  tide_window_open_files (window, files, n_files);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

TideSession *
tide_window_get_session (TideWindow *self)
{
  g_return_val_if_fail (TIDE_IS_WINDOW (self), NULL);
  return self->session;
}

TideTrace *
tide_window_get_trace (TideWindow *self)
{
  g_return_val_if_fail (TIDE_IS_WINDOW (self), NULL);
  return self->trace;
}

GFile *
tide_window_get_file (TideWindow *self)
{
  g_return_val_if_fail (TIDE_IS_WINDOW (self), NULL);
  return self->file;
}

const char *
tide_window_get_visible_page (TideWindow *self)
{
  const char *page;

  g_return_val_if_fail (TIDE_IS_WINDOW (self), NULL);

  page = gtk_stack_get_visible_child_name (self->stack);
  if (g_strcmp0 (page, "trace") == 0)
    return adw_view_stack_get_visible_child_name (self->view_stack);
  return page;
}

void
tide_window_add_toast (TideWindow *self,
                       AdwToast   *toast)
{
  g_return_if_fail (TIDE_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  g_free (self->last_toast_title);
  self->last_toast_title = g_strdup (adw_toast_get_title (toast));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

const char *
tide_window_get_last_toast_title (TideWindow *self)
{
  g_return_val_if_fail (TIDE_IS_WINDOW (self), NULL);
  return self->last_toast_title;
}

gboolean
tide_window_is_loading (TideWindow *self)
{
  g_return_val_if_fail (TIDE_IS_WINDOW (self), FALSE);
  return self->loader != NULL;
}
