/* tide-id-map.c: a compact open-addressing set of table ids, for interning
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tide-id-map.h"

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
  map->slots = g_new0 (TideIdSlot, map->capacity);
}

void
tide_id_map_clear (TideIdMap *map)
{
  g_clear_pointer (&map->slots, g_free);
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

  for (gsize i = hash & mask; map->slots[i].id != 0; i = (i + 1) & mask)
    {
      if (map->slots[i].hash == hash && equal (map->slots[i].id, key, user_data))
        return map->slots[i].id;
    }

  return 0;
}

static void
place (TideIdSlot *slots,
       gsize       mask,
       guint32     hash,
       guint32     id)
{
  gsize i = hash & mask;

  while (slots[i].id != 0)
    i = (i + 1) & mask;
  slots[i] = (TideIdSlot) { id, hash };
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
      TideIdSlot *slots = g_new0 (TideIdSlot, new_capacity);

      for (gsize i = 0; i < map->capacity; i++)
        if (map->slots[i].id != 0)
          place (slots, new_capacity - 1, map->slots[i].hash, map->slots[i].id);

      g_free (map->slots);
      map->slots = slots;
      map->capacity = new_capacity;
    }

  place (map->slots, map->capacity - 1, hash, id);
  map->len++;
}
