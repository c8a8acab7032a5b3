/* test-huge-buffer.c: a growing buffer keeps its bytes through every move
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <unistd.h>

#include "core/tide-huge-buffer.h"

#define MIB ((gsize) 1 << 20)

/* The byte at @i of a buffer that went through fill(): no two pages,
 * nor two huge pages, look alike. */
static guint8
byte_at (gsize i)
{
  return (guint8) (i * 2654435761u >> 13 ^ i >> 21);
}

static void
fill (TideHugeBuffer *buf,
      gsize           from,
      gsize           to)
{
  for (gsize i = from; i < to; i++)
    buf->data[i] = byte_at (i);
}

static void
assert_filled (const TideHugeBuffer *buf,
               gsize                 n)
{
  for (gsize i = 0; i < n; i++)
    if (buf->data[i] != byte_at (i))
      g_error ("byte %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " is %u, not %u", i, n, buf->data[i], byte_at (i));
}

/* Appended a piece at a time, from the heap into a mapping of its own and
 * through three moves of it, the bytes stay; the capacity only grows, in
 * whole huge pages once mapped. */
static void
test_grow (void)
{
  TideHugeBuffer buf = TIDE_HUGE_BUFFER_INIT;
  gsize piece = 100003, last_capacity = 0;
  guint moves = 0;

  while (buf.len < 9 * MIB)
    {
      gsize at = buf.len;
      guint8 *to = tide_huge_buffer_append (&buf, piece);

      g_assert_true (to == buf.data + at);
      g_assert_cmpuint (buf.len, ==, at + piece);
      g_assert_cmpuint (buf.capacity, >=, buf.len);
      fill (&buf, at, buf.len);
      if (buf.capacity != last_capacity)
        {
          assert_filled (&buf, buf.len);
          moves++;
          last_capacity = buf.capacity;
        }
      if (buf.len >= 2 * MIB)
        {
          g_assert_true (buf.mapped);
          g_assert_cmpuint (buf.capacity % (2 * MIB), ==, 0);
        }
    }
  /* five sizes on the heap, then 4, 8 and 16 MiB mapped */
  g_assert_cmpuint (buf.capacity, ==, 16 * MIB);
  g_assert_cmpuint (moves, ==, 8);
  assert_filled (&buf, buf.len);

  tide_huge_buffer_clear (&buf);
  g_assert_null (buf.data);
  g_assert_cmpuint (buf.len, ==, 0);
  g_assert_cmpuint (buf.capacity, ==, 0);
  g_assert_false (buf.mapped);
}

/* A buffer that never passes a huge page stays on the heap; shrinking the
 * bytes in use keeps the room and the bytes before. */
static void
test_small (void)
{
  TideHugeBuffer buf = TIDE_HUGE_BUFFER_INIT;

  tide_huge_buffer_set_len (&buf, 5000);
  fill (&buf, 0, 5000);
  tide_huge_buffer_set_len (&buf, 100);
  g_assert_cmpuint (buf.capacity, >=, 5000);
  tide_huge_buffer_set_len (&buf, 1 * MIB);
  g_assert_false (buf.mapped);
  assert_filled (&buf, 100);
  /* trimming a heap buffer changes nothing */
  tide_huge_buffer_trim (&buf);
  g_assert_cmpuint (buf.capacity, >=, 1 * MIB);
  tide_huge_buffer_clear (&buf);
  /* and a cleared buffer may be used again */
  tide_huge_buffer_append (&buf, 10);
  fill (&buf, 0, 10);
  assert_filled (&buf, 10);
  tide_huge_buffer_clear (&buf);
}

/* Trimmed, a mapped buffer keeps its bytes in use, rounded up to a page,
 * and no more; it still grows afterwards, the bytes with it. */
static void
test_trim (void)
{
  TideHugeBuffer buf = TIDE_HUGE_BUFFER_INIT;
  gsize page = (gsize) sysconf (_SC_PAGESIZE);
  gsize len = 5 * MIB + 12345;

  tide_huge_buffer_set_len (&buf, len);
  fill (&buf, 0, len);
  g_assert_true (buf.mapped);
  g_assert_cmpuint (buf.capacity, ==, 6 * MIB);

  tide_huge_buffer_trim (&buf);
  g_assert_cmpuint (buf.capacity, ==, (len + page - 1) / page * page);
  assert_filled (&buf, len);
  /* again: nothing more to give back */
  tide_huge_buffer_trim (&buf);
  g_assert_cmpuint (buf.capacity, ==, (len + page - 1) / page * page);

  /* grows again from the trimmed room: twice it, in huge pages */
  tide_huge_buffer_append (&buf, 3 * MIB);
  fill (&buf, len, buf.len);
  g_assert_true (buf.mapped);
  g_assert_cmpuint (buf.capacity, ==, 12 * MIB);
  assert_filled (&buf, buf.len);

  /* trimmed down to almost nothing, it is still a mapping, and grows as one */
  tide_huge_buffer_set_len (&buf, 10);
  tide_huge_buffer_trim (&buf);
  g_assert_cmpuint (buf.capacity, ==, page);
  tide_huge_buffer_set_len (&buf, page + 1);
  g_assert_true (buf.mapped);
  g_assert_cmpuint (buf.capacity, ==, 2 * MIB);
  assert_filled (&buf, 10);
  tide_huge_buffer_clear (&buf);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/huge-buffer/grow", test_grow);
  g_test_add_func ("/core/huge-buffer/small", test_small);
  g_test_add_func ("/core/huge-buffer/trim", test_trim);

  return g_test_run ();
}
