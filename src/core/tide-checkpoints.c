/* tide-checkpoints.c: the live blocks of every allocation info, every so many events
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <zstd.h>

#include "tide-checkpoints.h"
#include "tide-spill-file.h"

/* Level 1: a checkpoint is taken on the reader's thread, once per interval;
 * it must cost far less than the interval's events do. */
#define COMPRESSION_LEVEL 1

typedef struct
{
  guint          n_infos;
  TideSpillBlock data; /* n_infos guint32, compressed */
} Checkpoint;

struct _TideCheckpoints
{
  GArray        *list;  /* Checkpoint */
  gsize          bytes;
  gsize          spilled_bytes; /* of them, in the spill file */
  gpointer       cctx;  /* ZSTD_CCtx */
  TideSpillFile *spill; /* borrowed: where checkpoints go; NULL: memory */
};

static void
clear_checkpoint (gpointer data)
{
  Checkpoint *c = data;

  tide_spill_block_clear (&c->data);
}

TideCheckpoints *
tide_checkpoints_new (TideSpillFile *spill)
{
  TideCheckpoints *self = g_new0 (TideCheckpoints, 1);

  self->spill = spill;
  self->list = g_array_new (FALSE, FALSE, sizeof (Checkpoint));
  g_array_set_clear_func (self->list, clear_checkpoint);
  return self;
}

void
tide_checkpoints_free (TideCheckpoints *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->list, g_array_unref);
  tide_checkpoints_finish (self);
  g_free (self);
}

void
tide_checkpoints_add (TideCheckpoints *self,
                      const guint32   *live,
                      guint            n_infos)
{
  Checkpoint c = { n_infos, { NULL, 0, 0 } };
  gsize src_size = (gsize) n_infos * sizeof (guint32);

  if (n_infos > 0)
    {
      gsize bound = ZSTD_compressBound (src_size);
      guint8 *dst = g_malloc (bound);
      gsize n;

      if (self->cctx == NULL)
        self->cctx = ZSTD_createCCtx ();
      n = ZSTD_compressCCtx (self->cctx, dst, bound, live, src_size, COMPRESSION_LEVEL);
      /* a buffer of ZSTD_compressBound() size is always large enough */
      g_assert (!ZSTD_isError (n));
      /* the first is taken at the first event, before a trace shows
       * whether it is large: kept in memory, it makes no file for a small one */
      if (tide_spill_block_store (self->list->len > 0 ? self->spill : NULL, &c.data, dst, n))
        self->spilled_bytes += n;
      self->bytes += n;
    }
  g_array_append_val (self->list, c);
}

void
tide_checkpoints_finish (TideCheckpoints *self)
{
  /* a level-1 context is about 0.6 MB, more than all the checkpoints of a
   * 200M-event trace hold in memory once spilled */
  g_clear_pointer (&self->cctx, ZSTD_freeCCtx);
}

guint
tide_checkpoints_get_len (const TideCheckpoints *self)
{
  return self->list->len;
}

void
tide_checkpoints_get (const TideCheckpoints *self,
                      guint                  k,
                      guint32               *live,
                      guint                  n_infos)
{
  const Checkpoint *c;
  guint have;

  g_assert (k < self->list->len);
  c = &g_array_index (self->list, Checkpoint, k);
  have = MIN (c->n_infos, n_infos);

  if (have > 0)
    {
      g_autofree guint8 *scratch = c->data.data == NULL ? g_malloc (c->data.size) : NULL;
      gsize size = c->data.size;
      const void *data = tide_spill_block_load (self->spill, &c->data, scratch);

      if (have == c->n_infos)
        {
          gsize got = ZSTD_decompress (live, have * sizeof (guint32), data, size);

          /* we compressed it ourselves: it cannot be corrupt */
          g_assert (!ZSTD_isError (got) && got == have * sizeof (guint32));
        }
      else
        {
          g_autofree guint32 *all = g_new (guint32, c->n_infos);
          gsize got = ZSTD_decompress (all, (gsize) c->n_infos * sizeof (guint32), data, size);

          g_assert (!ZSTD_isError (got));
          memcpy (live, all, have * sizeof (guint32));
        }
    }
  if (have < n_infos)
    memset (live + have, 0, (n_infos - have) * sizeof (guint32));
}

gsize
tide_checkpoints_get_size (const TideCheckpoints *self)
{
  return self->bytes - self->spilled_bytes
         + self->list->len * sizeof (Checkpoint);
}

guint64
tide_checkpoints_get_spilled_size (const TideCheckpoints *self)
{
  return self->spilled_bytes;
}
