/* tide-spill-file.h: sealed blocks kept in an unlinked temporary file, not the heap
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A trace's compressed events and checkpoints are written once and read
 * back rarely (a "live at t" question reads one or two blocks), yet they
 * are most of what a large trace holds. Kept in a temporary file they live
 * in the page cache, which the kernel may drop and write back, and not in
 * the process's memory. The file has no name (O_TMPFILE, or unlinked at
 * once), so nothing is left behind whatever way the process ends.
 *
 * Where: $TMPDIR when it is set (and only there: the user chose it), else
 * /var/tmp, else /tmp. /var/tmp first because it is on disk on every
 * layout (it must survive reboots); /tmp is a tmpfs, that is RAM, on
 * Debian 13, Fedora and Arch (Debian 12 keeps it on the root file system).
 *
 * The file is made when the first block is stored (the event log and the
 * checkpoints store only what a large trace makes: full blocks, and
 * checkpoints after the first). When it cannot be
 * made, or a write fails (a full disk), blocks stay in memory as before:
 * spilling only ever saves memory, never fails a load. One file serves a
 * trace's event log and checkpoints, stored from different threads; reads
 * are safe from any number of threads at once (pread).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _TideSpillFile TideSpillFile;

/* One stored block: at @offset in the file, or in memory at @data. */
typedef struct
{
  guint8  *data;   /* NULL when in the file */
  guint64  offset;
  gsize    size;
} TideSpillBlock;

/* No file is made before the first block is stored. */
TideSpillFile *tide_spill_file_new        (void);
void           tide_spill_file_free       (TideSpillFile        *self);
/* Bytes written to the file. */
guint64        tide_spill_file_get_size   (TideSpillFile        *self);

/* Writes @size bytes of @data (borrowed) at the end of the file and puts
 * where in @offset; FALSE when @self is NULL or no file can be made or
 * written (the file takes no more appends after a failed one). */
gboolean       tide_spill_file_append     (TideSpillFile        *self,
                                           const guint8         *data,
                                           gsize                 size,
                                           guint64              *offset);
/* Overwrites bytes already appended, in place: it needs no new room. */
gboolean       tide_spill_file_rewrite    (TideSpillFile        *self,
                                           guint64               offset,
                                           const guint8         *data,
                                           gsize                 size);
/* Gives the disk room of bytes no longer needed back (a hole: they read as
 * zeros after). Best effort. */
void           tide_spill_file_release    (TideSpillFile        *self,
                                           guint64               offset,
                                           guint64               size);
/* Reads bytes appended before; aborts on an I/O error (see the source). */
void           tide_spill_file_read       (const TideSpillFile  *self,
                                           guint64               offset,
                                           guint8               *buffer,
                                           gsize                 size);
/* Bytes of disk the file takes (holes left out); 0 without a file. */
guint64        tide_spill_file_get_disk_usage (TideSpillFile    *self);

/* Stores the first @size bytes of @data (from g_malloc, taken) in @self;
 * keeps them in memory (and returns FALSE) when @self is NULL or no file
 * can be made or written. Safe from several threads. */
gboolean       tide_spill_block_store     (TideSpillFile        *self,
                                           TideSpillBlock       *block,
                                           guint8               *data,
                                           gsize                 size);
/* The block's bytes: its memory, or read from @self into @scratch (at
 * least block->size bytes). */
const guint8  *tide_spill_block_load      (const TideSpillFile  *self,
                                           const TideSpillBlock *block,
                                           guint8               *scratch);
void           tide_spill_block_clear     (TideSpillBlock       *block);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TideSpillFile, tide_spill_file_free)

G_END_DECLS
