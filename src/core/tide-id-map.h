/* tide-id-map.h: a compact open-addressing set of table ids, for interning
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The map stores only 32-bit ids of rows that live in some other array; the
 * caller supplies the hash of a key and a function comparing a stored id with
 * that key. That keeps interning of frames and stack nodes at 8 bytes per
 * entry with no per-entry allocation. Id 0 is reserved (it means "empty").
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef gboolean (*TideIdMapEqualFunc) (guint32       id,
                                        gconstpointer key,
                                        gpointer      user_data);

typedef struct
{
  guint32 *ids;
  guint32 *hashes;
  gsize    capacity; /* a power of two */
  gsize    len;
} TideIdMap;

void    tide_id_map_init   (TideIdMap          *map);
/* Room for @n ids from the start: a map whose size is known up front is
 * never rehashed as it fills (each doubling is a pass and fresh pages). */
void    tide_id_map_init_for (TideIdMap        *map,
                              gsize             n);
void    tide_id_map_clear  (TideIdMap          *map);
guint32 tide_id_map_lookup (const TideIdMap    *map,
                            guint32             hash,
                            gconstpointer       key,
                            TideIdMapEqualFunc  equal,
                            gpointer            user_data);
void    tide_id_map_insert (TideIdMap          *map,
                            guint32             hash,
                            guint32             id);

static inline guint32
tide_hash_mix (guint64 x)
{
  /* splitmix64 finaliser: cheap and spreads the bits of small ids well */
  x ^= x >> 30;
  x *= G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  x ^= x >> 27;
  x *= G_GUINT64_CONSTANT (0x94d049bb133111eb);
  x ^= x >> 31;
  return (guint32) x;
}

G_END_DECLS
