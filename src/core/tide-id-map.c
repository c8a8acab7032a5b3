/* tide-id-map.c: a compact open-addressing set of table ids, for interning
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tide-huge-pages.h"
#include "tide-id-map.h"

/* A table of zeros whose pages are mapped for writing at once. A large
 * g_new0() is fresh memory, and a lookup's read maps the shared zero page
 * there: the insert that writes the page then replaces that mapping, which
 * flushes the TLB of every CPU the process runs on, by an interrupt (the
 * decoding thread's, during a load; on a VM each is an exit to the host).
 * On ht_pybig those faults were 2.6 ms of the reading thread. */
static guint32 *
new_table (gsize capacity)
{
  guint32 *table = g_new0 (guint32, capacity);

  tide_populate (table, capacity * sizeof *table);
  return table;
}

void
tide_id_map_init (TideIdMap *map)
{
  tide_id_map_init_for (map, 0);
}

void
tide_id_map_init_for (TideIdMap *map,
                      gsize      n)
{
  map->capacity = 1024;
  while (map->capacity < 2 * n)
    map->capacity *= 2;
  map->len = 0;
  map->ids = new_table (map->capacity);
  map->hashes = new_table (map->capacity);
}

void
tide_id_map_clear (TideIdMap *map)
{
  g_clear_pointer (&map->ids, g_free);
  g_clear_pointer (&map->hashes, g_free);
  map->capacity = map->len = 0;
}

guint32
tide_id_map_lookup (const TideIdMap    *map,
                    guint32             hash,
                    gconstpointer       key,
                    TideIdMapEqualFunc  equal,
                    gpointer            user_data)
{
  gsize mask = map->capacity - 1;

  for (gsize i = hash & mask; map->ids[i] != 0; i = (i + 1) & mask)
    {
      if (map->hashes[i] == hash && equal (map->ids[i], key, user_data))
        return map->ids[i];
    }

  return 0;
}

static void
place (guint32 *ids,
       guint32 *hashes,
       gsize    mask,
       guint32  hash,
       guint32  id)
{
  gsize i = hash & mask;

  while (ids[i] != 0)
    i = (i + 1) & mask;
  ids[i] = id;
  hashes[i] = hash;
}

void
tide_id_map_insert (TideIdMap *map,
                    guint32    hash,
                    guint32    id)
{
  g_assert (id != 0);

  /* keep the load under 1/2 so probes stay short */
  if ((map->len + 1) * 2 > map->capacity)
    {
      gsize new_capacity = map->capacity * 2;
      guint32 *ids = new_table (new_capacity);
      guint32 *hashes = new_table (new_capacity);

      for (gsize i = 0; i < map->capacity; i++)
        if (map->ids[i] != 0)
          place (ids, hashes, new_capacity - 1, map->hashes[i], map->ids[i]);

      g_free (map->ids);
      g_free (map->hashes);
      map->ids = ids;
      map->hashes = hashes;
      map->capacity = new_capacity;
    }

  place (map->ids, map->hashes, map->capacity - 1, hash, id);
  map->len++;
}
