/* tide-chart-export.c: writes a chart to SVG, PNG or PDF, atomically
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tide-chart-export.h"

gboolean
tide_export_format_from_name (const char       *name,
                              TideExportFormat *format)
{
  static const struct { const char *ext; TideExportFormat format; } exts[] = {
    { ".svg", TIDE_EXPORT_SVG },
    { ".png", TIDE_EXPORT_PNG },
    { ".pdf", TIDE_EXPORT_PDF },
    { ".folded", TIDE_EXPORT_FOLDED },
  };
  const char *dot;

  g_return_val_if_fail (name != NULL, FALSE);

  dot = strrchr (name, '.');
  if (dot == NULL || strchr (dot, '/') != NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (exts); i++)
    if (g_ascii_strcasecmp (dot, exts[i].ext) == 0)
      {
        if (format != NULL)
          *format = exts[i].format;
        return TRUE;
      }
  return FALSE;
}

static cairo_status_t
append_to_array_cb (void                *closure,
                    const unsigned char *data,
                    unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static gboolean
check_surface (cairo_surface_t  *surface,
               const char       *what,
               GError          **error)
{
  cairo_status_t status = cairo_surface_status (surface);

  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", what, cairo_status_to_string (status));
  return FALSE;
}

static GBytes *
render_png (TideDrawList  *list,
            double         scale,
            GError       **error)
{
  int width = (int) ceil (tide_draw_list_get_width (list) * scale);
  int height = (int) ceil (tide_draw_list_get_height (list) * scale);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, MAX (width, 1), MAX (height, 1));
  g_autoptr(GByteArray) png = g_byte_array_new ();
  cairo_t *cr;

  if (!check_surface (surface, "PNG", error))
    {
      cairo_surface_destroy (surface);
      return NULL;
    }
  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  tide_draw_list_render (list, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  cairo_surface_write_to_png_stream (surface, append_to_array_cb, png);
  if (!check_surface (surface, "PNG", error))
    {
      cairo_surface_destroy (surface);
      return NULL;
    }
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (g_steal_pointer (&png));
}

/* One pixel is one point: the page has the chart's size. */
static GBytes *
render_pdf (TideDrawList  *list,
            GError       **error)
{
  g_autoptr(GByteArray) pdf = g_byte_array_new ();
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (append_to_array_cb, pdf,
                                                                  tide_draw_list_get_width (list),
                                                                  tide_draw_list_get_height (list));
  gboolean ok;
  cairo_t *cr;

  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Tidemark " PACKAGE_VERSION);
  cr = cairo_create (surface);
  tide_draw_list_render (list, cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  ok = check_surface (surface, "PDF", error);
  cairo_surface_destroy (surface);
  return ok ? g_byte_array_free_to_bytes (g_steal_pointer (&pdf)) : NULL;
}

gboolean
tide_export_draw_list (TideDrawList      *list,
                       TideExportFormat   format,
                       double             scale,
                       GFile             *file,
                       GCancellable      *cancellable,
                       GError           **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (list != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (scale > 0, FALSE);

  switch (format)
    {
    case TIDE_EXPORT_SVG:
      {
        GString *svg = g_string_new (NULL);

        tide_draw_list_write_svg (list, svg);
        bytes = g_string_free_to_bytes (svg);
      }
      break;
    case TIDE_EXPORT_PNG:
      bytes = render_png (list, scale, error);
      break;
    case TIDE_EXPORT_PDF:
      bytes = render_pdf (list, error);
      break;
    case TIDE_EXPORT_FOLDED:
    default:
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           "folded stacks come from the flame tree, not from a drawing");
      return FALSE;
    }
  if (bytes == NULL)
    return FALSE;
  return tide_export_bytes (bytes, file, cancellable, error);
}

static gboolean
write_all_fd (int           fd,
              const guint8 *data,
              gsize         size)
{
  while (size > 0)
    {
      gssize n = write (fd, data, MIN (size, 1 << 30));

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      size -= n;
    }
  return TRUE;
}

/* A test hook: with TIDEMARK_TEST_EXPORT_STALL set, an export stops half
 * written until it is killed (tests/cli/test-files.c kills it there). */
static void
stall_for_tests (void)
{
  if (g_getenv ("TIDEMARK_TEST_EXPORT_STALL") == NULL)
    return;
  g_printerr ("tidemark: export stalled half written (TIDEMARK_TEST_EXPORT_STALL)\n");
  for (;;)
    pause ();
}

/* Writes @path on a local file system without a visible temporary file: the
 * new contents go to an unnamed file (O_TMPFILE) in the same folder, which
 * gets a name only once complete and synced and is then renamed over @path.
 * A process killed at any point leaves the old file as it was and nothing
 * beside it (g_file_replace leaves its .goutputstream-XXXXXX behind).
 * Returns FALSE with @error unset when the file system or kernel cannot:
 * the caller then uses g_file_replace. */
static gboolean
replace_local (const char    *path,
               const guint8  *data,
               gsize          size,
               GError       **error)
{
#ifdef O_TMPFILE
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *named = NULL;
  char proc[64];
  struct stat st;
  int fd, saved;

  /* a symbolic link is written through, as g_file_replace does */
  if (lstat (path, &st) == 0 && !S_ISREG (st.st_mode))
    return FALSE;
  fd = open (dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
  if (fd < 0)
    return FALSE;
  /* the new file keeps the old one's permissions */
  if (lstat (path, &st) == 0 && fchmod (fd, st.st_mode & 07777) != 0)
    goto failed;
  if (!write_all_fd (fd, data, size / 2))
    goto failed;
  stall_for_tests ();
  if (!write_all_fd (fd, data + size / 2, size - size / 2) || fdatasync (fd) != 0)
    goto failed;

  g_snprintf (proc, sizeof proc, "/proc/self/fd/%d", fd);
  named = g_strdup_printf ("%s/.%s.%08x~", dir, base, g_random_int ());
  if (linkat (AT_FDCWD, proc, AT_FDCWD, named, AT_SYMLINK_FOLLOW) != 0)
    {
      /* no /proc: let GIO do it */
      close (fd);
      return FALSE;
    }
  if (rename (named, path) != 0)
    {
      saved = errno;
      unlink (named);
      errno = saved;
      goto failed;
    }
  close (fd);
  return TRUE;

failed:
  saved = errno;
  close (fd);
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", path, g_strerror (saved));
  return FALSE;
#else
  return FALSE;
#endif
}

gboolean
tide_export_bytes (GBytes        *bytes,
                   GFile         *file,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GCancellable) abort = NULL;
  gboolean existed;
  gsize size;
  const guint8 *data;

  g_return_val_if_fail (bytes != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  data = g_bytes_get_data (bytes, &size);
  if (g_file_peek_path (file) != NULL)
    {
      g_autoptr(GError) local = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (replace_local (g_file_peek_path (file), data, size, &local))
        return TRUE;
      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
    }

  /* elsewhere (GVfs), g_file_replace writes a temporary file beside the old one and renames
   * it over the old one on a successful close: readers see the old file or
   * the new one, never half of either. */
  existed = g_file_query_exists (file, cancellable);
  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, cancellable, error);
  if (stream == NULL)
    return FALSE;
  if (g_output_stream_write_all (G_OUTPUT_STREAM (stream), data, size, NULL, cancellable, error)
      && g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, error))
    return TRUE;

  /* closing with a cancelled cancellable discards the temporary file and
   * keeps the old one */
  abort = g_cancellable_new ();
  g_cancellable_cancel (abort);
  g_output_stream_close (G_OUTPUT_STREAM (stream), abort, NULL);
  /* with no old file, GIO writes the new one directly: drop what was begun */
  if (!existed)
    g_file_delete (file, NULL, NULL);
  return FALSE;
}
