/* tide-heaptrack-reader.c: reads the data files heaptrack 1.x writes
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Streams the interpreted text that heaptrack_interpret writes (file format
 * versions 1 to 3) and reproduces heaptrack_print's numbers: the same rule for
 * temporary allocations, the same peak, frames of `operator new` skipped so
 * C++ allocations land on their caller. See shared/formats/heaptrack.md.
 */
#include "config.h"

#include <string.h>
#include <sys/mman.h>

#include "tide-heaptrack-reader.h"
#include "../tide-huge-pages.h"
#include "../tide-line-reader.h"
#include "../tide-trace-builder-private.h"
#include "../tide-trace-error.h"

#define MAX_FILE_VERSION 3
#define MAX_INLINE_DEPTH 4096
/* Stack nodes: one per 4 bytes read, plus a floor. A 't' line of six bytes
 * can name an ip with thousands of inlined frames under a new parent:
 * without a budget a hostile file grows the tree thousands of times faster
 * than it is read. Real traces have one per 100 bytes (docs/limits.md). */
#define BYTES_PER_NODE   4
#define NODES_FLOOR      (1u << 16)

typedef struct
{
  guint32 first_frame; /* offset into ip_frames */
  guint32 n_frames;    /* innermost first */
  gboolean is_operator_new;
} IpEntry;

typedef struct
{
  TideByteSource   *source;
  TideLineReader    lines;
  TideTraceBuilder *builder;

  guint             file_version;
  gboolean          seen_version;
  gboolean          seen_command;
  gboolean          seen_footer;
  guint32           last_allocated_info; /* heaptrack's "temporary" register */
  gboolean          last_had_newline;

  GArray           *strings;   /* heaptrack string index - 1 -> our string id */
  GArray           *ips;       /* IpEntry */
  GArray           *ip_frames; /* our frame ids */
  GArray           *traces;    /* heaptrack trace index - 1 -> our stack node */

  /* the line being parsed */
  const char       *p;
  const char       *end;
  guint64           line_number;
  guint64           line_offset;
  guint32           n_infos;
} Reader;

G_GNUC_PRINTF (3, 4)
static gboolean
fail (Reader      *r,
      GError     **error,
      const char  *format,
      ...)
{
  g_autofree char *where = g_strdup_printf ("%s: line %" G_GUINT64_FORMAT " (byte %" G_GUINT64_FORMAT ")",
                                            tide_byte_source_get_name (r->source), r->line_number, r->line_offset);
  va_list args;

  va_start (args, format);
  tide_trace_error_set_corrupt (error, where, format, args);
  va_end (args);
  return FALSE;
}

/* A digit's value plus one; 0 for every byte that is not a hex digit. */
static const guint8 hex_table_plus_one[256] = {
  ['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5,
  ['5'] = 6, ['6'] = 7, ['7'] = 8, ['8'] = 9, ['9'] = 10,
  ['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16,
  ['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
};

static inline int
hex_value (char c)
{
  return (int) hex_table_plus_one[(guchar) c] - 1;
}

/* Reads one space-separated hexadecimal field. */
static inline gboolean
next_hex (Reader  *r,
          guint64 *out)
{
  guint64 v = 0;
  int digits = 0;
  int d;

  while (r->p < r->end && *r->p == ' ')
    r->p++;
  while (r->p < r->end && (d = hex_value (*r->p)) >= 0)
    {
      if (++digits > 16)
        return FALSE;
      v = v << 4 | (guint64) d;
      r->p++;
    }
  if (digits == 0 || (r->p < r->end && *r->p != ' '))
    return FALSE;
  *out = v;
  return TRUE;
}

static inline gboolean
at_end (Reader *r)
{
  while (r->p < r->end && *r->p == ' ')
    r->p++;
  return r->p >= r->end;
}

/* An index into one of heaptrack's 1-based tables; 0 stays 0. */
static inline gboolean
next_index (Reader  *r,
            guint    table_len,
            guint32 *out)
{
  guint64 v;

  if (!next_hex (r, &v) || v > table_len)
    return FALSE;
  *out = (guint32) v;
  return TRUE;
}

static guint32
string_id (Reader  *r,
           guint32  index)
{
  return index == 0 ? 0 : g_array_index (r->strings, guint32, index - 1);
}

static gboolean
parse_version (Reader  *r,
               GError **error)
{
  guint64 heaptrack_version, file_version = 1;

  if (!next_hex (r, &heaptrack_version))
    return fail (r, error, "malformed version record");
  /* a 'v' line with one field is a pre-1.0 snapshot build: version 1 */
  if (!at_end (r) && !next_hex (r, &file_version))
    return fail (r, error, "malformed version record");

  if (file_version > MAX_FILE_VERSION)
    {
      g_set_error (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_UNSUPPORTED_VERSION,
                   "%s: line %" G_GUINT64_FORMAT ": heaptrack file format %" G_GUINT64_FORMAT
                   " is newer than the versions 1 to %d this build reads",
                   tide_byte_source_get_name (r->source), r->line_number,
                   file_version, MAX_FILE_VERSION);
      return FALSE;
    }
  if (file_version == 0)
    {
      g_set_error (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_UNSUPPORTED_VERSION,
                   "%s: line %" G_GUINT64_FORMAT ": heaptrack file format 0 (heaptrack before 1.0) "
                   "is not supported", tide_byte_source_get_name (r->source), r->line_number);
      return FALSE;
    }

  r->file_version = file_version;
  r->seen_version = TRUE;
  tide_trace_builder_set_format_version (r->builder, file_version);
  return TRUE;
}

static gboolean
parse_string (Reader  *r,
              GError **error)
{
  const char *s = r->p;
  gsize len = r->end - r->p;
  guint32 id;

  if (r->file_version >= 3)
    {
      guint64 n;

      if (!next_hex (r, &n))
        return fail (r, error, "malformed string length");
      if (r->p >= r->end || *r->p != ' ' || n > (guint64) (r->end - r->p - 1))
        return fail (r, error, "string is shorter than its declared length of %" G_GUINT64_FORMAT " bytes", n);
      s = r->p + 1;
      len = n;
    }

  if (r->strings->len >= G_MAXUINT32 - 1)
    return fail (r, error, "too many strings");
  id = tide_trace_builder_intern_string (r->builder, s, len);
  g_array_append_val (r->strings, id);
  return TRUE;
}

static gboolean
is_operator_new (const char *function)
{
  return g_str_equal (function, "operator new(unsigned long)")
      || g_str_equal (function, "operator new[](unsigned long)")
      || g_str_equal (function, "operator new(unsigned int)")
      || g_str_equal (function, "operator new[](unsigned int)");
}

static gboolean
parse_ip (Reader  *r,
          GError **error)
{
  TideFrame frame = { 0 };
  IpEntry entry = { 0 };
  guint64 address;
  guint32 module, function, file;
  guint64 line;

  if (!next_hex (r, &address) || !next_index (r, r->strings->len, &module))
    return fail (r, error, "malformed instruction pointer record");

  frame.module = string_id (r, module);
  entry.first_frame = r->ip_frames->len;

  if (at_end (r))
    function = 0, file = 0, line = 0;
  else if (!next_index (r, r->strings->len, &function))
    return fail (r, error, "string index out of range in instruction pointer record");
  else if (at_end (r))
    file = 0, line = 0;
  else if (!next_index (r, r->strings->len, &file) || !next_hex (r, &line) || line > G_MAXUINT32)
    return fail (r, error, "malformed file and line in instruction pointer record");

  /* heaptrack_print shows an unnamed frame by its address */
  if (function != 0)
    frame.function = string_id (r, function);
  else
    {
      char buf[32];
      g_snprintf (buf, sizeof buf, "0x%" G_GINT64_MODIFIER "x", address);
      frame.function = tide_trace_builder_intern_string (r->builder, buf, -1);
    }
  frame.file = string_id (r, file);
  frame.line = line;
  entry.is_operator_new = function != 0 && is_operator_new (tide_trace_builder_get_string (r->builder, frame.function));

  for (;;)
    {
      guint32 id = tide_trace_builder_intern_frame (r->builder, &frame);

      g_array_append_val (r->ip_frames, id);
      entry.n_frames++;

      /* further triples: the function the previous frame was inlined into */
      if (at_end (r))
        break;
      if (entry.n_frames >= MAX_INLINE_DEPTH)
        return fail (r, error, "more than %d inlined frames", MAX_INLINE_DEPTH);
      if (!next_index (r, r->strings->len, &function)
          || !next_index (r, r->strings->len, &file)
          || !next_hex (r, &line) || line > G_MAXUINT32)
        return fail (r, error, "malformed inlined frame in instruction pointer record");
      frame.function = string_id (r, function);
      frame.file = string_id (r, file);
      frame.line = line;
    }

  if (r->ips->len >= G_MAXUINT32 - 1)
    return fail (r, error, "too many instruction pointers");
  g_array_append_val (r->ips, entry);
  return TRUE;
}

static gboolean
parse_trace (Reader  *r,
             GError **error)
{
  const IpEntry *ip;
  guint32 ip_index, parent, node;

  if (!next_index (r, r->ips->len, &ip_index) || ip_index == 0)
    return fail (r, error, "instruction pointer index out of range in trace record");
  /* a parent always comes earlier, which also rules out cycles */
  if (!next_index (r, r->traces->len, &parent))
    return fail (r, error, "parent trace index out of range in trace record");
  if (r->traces->len >= G_MAXUINT32 - 1)
    return fail (r, error, "too many traces");

  node = parent == 0 ? 0 : g_array_index (r->traces, guint32, parent - 1);
  ip = &g_array_index (r->ips, IpEntry, ip_index - 1);

  if ((guint64) tide_trace_builder_get_n_nodes (r->builder) + ip->n_frames
      > NODES_FLOOR + r->line_offset / BYTES_PER_NODE)
    {
      g_set_error (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_TOO_LARGE,
                   "%s: line %" G_GUINT64_FORMAT " (byte %" G_GUINT64_FORMAT "): more stack nodes than "
                   "a heaptrack file of this size can hold (one per %u bytes read)",
                   tide_byte_source_get_name (r->source), r->line_number, r->line_offset, BYTES_PER_NODE);
      return FALSE;
    }

  /* heaptrack attributes operator new to its caller */
  if (!ip->is_operator_new)
    {
      for (guint32 j = ip->n_frames; j > 0; j--)
        node = tide_trace_builder_intern_node (r->builder, node,
                                               g_array_index (r->ip_frames, guint32, ip->first_frame + j - 1));
    }

  g_array_append_val (r->traces, node);
  return TRUE;
}

static gboolean
parse_alloc_info (Reader  *r,
                  GError **error)
{
  guint64 size;
  guint32 trace, id;

  if (!next_hex (r, &size) || !next_index (r, r->traces->len, &trace) || !at_end (r))
    return fail (r, error, "malformed allocation info record");

  if (!tide_trace_builder_add_info (r->builder, size,
                                    trace == 0 ? 0 : g_array_index (r->traces, guint32, trace - 1),
                                    &id, error))
    return FALSE;
  r->n_infos = id + 1;
  return TRUE;
}

/* One "+ idx" or "- idx" whose index is known to be in range. */
static inline gboolean
apply_event (Reader   *r,
             char      kind,
             guint32   index,
             GError  **error)
{
  if (kind == '+')
    {
      tide_trace_builder_allocate (r->builder, index);
      r->last_allocated_info = index;
      return TRUE;
    }

  /* heaptrack's rule: a free of the same (size, trace) as the allocation
   * just before it; the register is cleared by every free */
  {
    gboolean temporary = index == r->last_allocated_info;

    r->last_allocated_info = 0;
    if (!tide_trace_builder_free_block (r->builder, index, temporary))
      return fail (r, error, "free of allocation index %u with no live block", index);
  }
  return TRUE;
}

static gboolean
parse_event (Reader  *r,
             char     kind,
             GError **error)
{
  guint64 index;

  if (!next_hex (r, &index))
    return fail (r, error, "malformed %s record", kind == '+' ? "allocation" : "deallocation");
  if (!at_end (r))
    {
      /* three fields: the raw dialect, or a file from before heaptrack 1.0 */
      g_set_error (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_UNSUPPORTED_VERSION,
                   "%s: line %" G_GUINT64_FORMAT ": this is raw heaptrack data (recorded with --raw, "
                   "or by heaptrack before 1.0); convert it with heaptrack_interpret first",
                   tide_byte_source_get_name (r->source), r->line_number);
      return FALSE;
    }
  if (index >= r->n_infos)
    return fail (r, error, "allocation index %" G_GUINT64_FORMAT " out of range", index);

  return apply_event (r, kind, index, error);
}

static gboolean
parse_line (Reader      *r,
            const char  *line,
            gsize        len,
            GError     **error)
{
  guint64 a, b;

  if (len == 0)
    return TRUE;
  if (line[0] == '#')
    {
      if (len >= 10 && memcmp (line, "# strings:", 10) == 0)
        r->seen_footer = TRUE;
      return TRUE;
    }
  if (len >= 2 && line[1] != ' ')
    return fail (r, error, "not a heaptrack record");

  r->p = line + MIN (len, 2);
  r->end = line + len;

  if (!r->seen_version && line[0] != 'v' && line[0] != 'X' && line[0] != 'I' && line[0] != 'S')
    {
      g_set_error (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_UNSUPPORTED_VERSION,
                   "%s: line %" G_GUINT64_FORMAT ": no version record before the data; "
                   "heaptrack file format 0 (heaptrack before 1.0) is not supported",
                   tide_byte_source_get_name (r->source), r->line_number);
      return FALSE;
    }

  switch (line[0])
    {
    case '+':
    case '-':
      return parse_event (r, line[0], error);
    case 'a':
      return parse_alloc_info (r, error);
    case 't':
      return parse_trace (r, error);
    case 'i':
      return parse_ip (r, error);
    case 's':
      return parse_string (r, error);
    case 'c':
      if (!next_hex (r, &a))
        return fail (r, error, "malformed time stamp");
      tide_trace_builder_set_time (r->builder, a);
      return TRUE;
    case 'R':
      if (!next_hex (r, &a))
        return fail (r, error, "malformed RSS record");
      tide_trace_builder_set_rss_units (r->builder, a);
      return TRUE;
    case 'I':
      if (!next_hex (r, &a) || !next_hex (r, &b))
        return fail (r, error, "malformed system info record");
      if (a == 0 || a > G_MAXUINT32)
        return fail (r, error, "implausible page size %" G_GUINT64_FORMAT, a);
      tide_trace_builder_set_rss_unit (r->builder, a);
      return TRUE;
    case 'X':
      if (r->seen_command)
        return fail (r, error, "a second command line record");
      r->seen_command = TRUE;
      tide_trace_builder_set_command (r->builder, r->p, r->end - r->p);
      return TRUE;
    case 'v':
      if (r->seen_version)
        return fail (r, error, "a second version record");
      return parse_version (r, error);
    case 'x':
    case 'm':
      g_set_error (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_UNSUPPORTED_VERSION,
                   "%s: line %" G_GUINT64_FORMAT ": this is raw heaptrack data (recorded with --raw); "
                   "convert it with heaptrack_interpret first",
                   tide_byte_source_get_name (r->source), r->line_number);
      return FALSE;
    default:
      /* like heaptrack: unknown records (S, A, future ones) are skipped */
      return TRUE;
    }
}

/* Most lines of a trace are "+ idx" and "- idx": those are parsed right here
 * without looking for the end of the line first; everything else goes
 * through parse_line(). A run ends with '\n', or with a 0 byte after a last
 * line that has none, so the scans below always stop inside the run. (A
 * branch-free word-at-a-time digit parser was tried twice and was slower:
 * checking 8 bytes at once for hex digits and a '\n' takes more
 * instructions than the loop spends on a 4-digit index, whose exit is well
 * predicted.) The line number lives
 * in a local while events go by and is stored only when someone may read it. */
static gboolean
parse_run (Reader      *r,
           const char  *run,
           gsize        len,
           guint64      offset,
           GError     **error)
{
  const char *p = run;
  const char *end = run + len;
  guint64 line_number = r->line_number;
  guint32 n_infos = r->n_infos;
  guint32 last_allocated = r->last_allocated_info;
  TideTraceBuilder *builder = r->builder;

  while (p < end)
    {
      const char *nl;

      line_number++;
      if ((p[0] == '+' || p[0] == '-') && p[1] == ' ')
        {
          const char *q = p + 2;
          guint64 index = 0;
          guint d;

          /* testing the table's entry for 0 rather than its value less one
           * for < 0 saves 3 of the 11 instructions per digit */
          while ((d = hex_table_plus_one[(guchar) *q]) != 0)
            index = (index << 4) + d - 1, q++;

          if (*q == '\n' && q - p > 2 && q - p <= 18 && index < n_infos)
            {
              if (p[0] == '+')
                {
                  tide_trace_builder_allocate_inline (builder, (guint32) index);
                  last_allocated = (guint32) index;
                }
              else
                {
                  /* heaptrack's rule: a free of the same (size, trace) as the
                   * allocation just before it; every free clears the register */
                  gboolean temporary = (guint32) index == last_allocated;

                  last_allocated = 0;
                  if (G_UNLIKELY (!tide_trace_builder_free_block_inline (builder, (guint32) index, temporary)))
                    {
                      r->line_number = line_number;
                      r->line_offset = offset + (p - run);
                      return fail (r, error, "free of allocation index %u with no live block", (guint32) index);
                    }
                }
              p = q + 1;
              continue;
            }
        }

      r->line_number = line_number;
      r->line_offset = offset + (p - run);
      r->last_allocated_info = last_allocated;
      nl = memchr (p, '\n', end - p);
      r->last_had_newline = nl != NULL;
      if (!parse_line (r, p, (nl != NULL ? nl : end) - p, error))
        return FALSE;
      n_infos = r->n_infos;
      last_allocated = r->last_allocated_info;
      p = nl != NULL ? nl + 1 : end;
    }

  r->line_number = line_number;
  r->last_allocated_info = last_allocated;
  if (len > 0)
    r->last_had_newline = end[-1] == '\n';
  return TRUE;
}

/* The lines of a decoded chunk as words, made on the decoding thread so
 * the reading thread only applies them: on ht_pybig the digits and the
 * walk from line to line were half the reading thread's instructions,
 * while the decoding thread, libzstd alone, idled half the time. A "+ idx"
 * or "- idx" line that parse_run() would take becomes idx << 1 | is_free;
 * any other line WORD_LINE and its offset from the first line, for
 * parse_line(). Whether an index is in range is the reader's to judge. */
#define WORD_LINE 0x80000000u

/* A "c" (time stamp) or "R" (RSS, in pages) line of one to seven hex
 * digits: the builder's stamp words (TIDE_WORD_TIME, TIDE_WORD_RSS), which
 * it takes among the events. heaptrack writes one of each every 10 ms,
 * busy or not: a recording of hours has millions, each of which
 * parse_line() took as any other line (ht_pybig with the stamps of 3.9
 * hours, bench/workloads/stamp.py: 2.8 million lines). A line's offset,
 * under WORD_LINE, stays under 2^29. */
#define WORD_TIME      TIDE_WORD_TIME
#define WORD_RSS       TIDE_WORD_RSS
#define WORD_VALUE     TIDE_WORD_VALUE

/* Two hex digits at once: the little-endian 16-bit load of "3f" indexes
 * its value 0x3f; a pair that is not two hex digits gives PAIR_NONE. Two
 * lookups in place of four halved the tokeniser's digit instructions; the
 * commonest lines now take event_pairs, below, and this table the rest.
 * The 256 valid entries span some 30 KiB, so they stay in the L1 cache.
 * Built once, read by any thread. */
#define PAIR_NONE 0x100

static guint16 *hex_pairs;

/* An event line's four digits in two lookups and one add: each table gives
 * a pair's value where it goes in the word (the high pair's << 9, the low
 * pair's << 1) plus EVENT_PAIR_VALID, and 0 for two bytes that are not
 * digits. Two valid entries add up past 2^31, one or none stay under it:
 * the sum's sign is the test, and the sum less 2^31 the word. With the
 * shifts, masks and test of hex_pair()'s values gone, an event line takes
 * 5 fewer instructions. 0 for "no pair" leaves the tables in untouched
 * pages of a fresh mapping: the valid entries are on 14 of its 128. */
#define EVENT_PAIR_VALID 0x40000000u

typedef struct
{
  guint32 hi[1 << 16];
  guint32 lo[1 << 16];
} EventPairs;

static EventPairs *event_pairs;

/* Both tables, hex_pairs and event_pairs, in one pass over the valid pairs. */
static gpointer
make_hex_pairs (gpointer data)
{
  guint16 *pairs = g_new (guint16, 1 << 16);
  EventPairs *event = mmap (NULL, sizeof *event, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  guint8 digits[256];
  guint n = 0;

  if (event == MAP_FAILED)
    g_error ("the tokeniser's tables could not be mapped (out of memory)");

  /* its 32 pages in one call rather than a fault each, 2.4 us apiece */
  tide_populate (pairs, sizeof (guint16) << 16);
  /* the table is made as the first trace loads: a fill the compiler
   * turns into wide stores, then the valid pairs, rather than two
   * lookups for each of the 65536 entries (a tenth of a small load) */
  for (guint i = 0; i < 1 << 16; i++)
    pairs[i] = PAIR_NONE;
  for (guint c = 0; c < 256; c++)
    if (hex_table_plus_one[c] != 0)
      digits[n++] = (guint8) c;
  for (guint a = 0; a < n; a++)
    for (guint b = 0; b < n; b++)
      {
        guint index = digits[a] | digits[b] << 8;
        guint value = (hex_table_plus_one[digits[a]] - 1) << 4 | (hex_table_plus_one[digits[b]] - 1);

        pairs[index] = (guint16) value;
        /* event_pairs' untouched entries stay 0, "no pair" */
        event->hi[index] = EVENT_PAIR_VALID | value << 9;
        event->lo[index] = EVENT_PAIR_VALID | value << 1;
      }
  event_pairs = event;
  return pairs;
}

/* The sum of a high and a low pair's entries of event_pairs, at @q. */
static inline guint32
event_pairs_sum (const guint8 *q)
{
  guint16 hi, lo;

  memcpy (&hi, q, sizeof hi);
  memcpy (&lo, q + 2, sizeof lo);
  return event_pairs->hi[GUINT16_FROM_LE (hi)] + event_pairs->lo[GUINT16_FROM_LE (lo)];
}

static inline guint
hex_pair (const guint8 *q)
{
  guint16 v;

  memcpy (&v, q, sizeof v);
  return hex_pairs[GUINT16_FROM_LE (v)];
}

/* One line, at @p, as its word in @out; returns the next line's start.
 * Every line in [@start, @end) ends with '\n', so no scan leaves it. Only
 * near @end (@bounded) are the fixed-length forms' newlines looked for
 * after a test that they are inside: in the rest of a chunk the tests
 * were 5 of an event's 36 instructions. */
static inline __attribute__ ((always_inline)) const guint8 *
line_to_word (const guint8  *p,
              const guint8  *start,
              const guint8  *end,
              const gboolean bounded,
              guint32       *out)
{
  guint16 head;
  guint32 kind;

  /* "+ " or "- " in one test: the two differ by 2 in the first byte, so
   * @kind is 0 or 2, and half of it the word's free bit */
  memcpy (&head, p, sizeof head);
  kind = (guint32) GUINT16_FROM_LE (head) - ('+' | ' ' << 8);
  if ((kind & ~2u) == 0)
    {
      const guint8 *q = p + 2;
      const guint32 is_free = kind >> 1;

      /* four digits, as nearly all are in traces of 4096 to 65535
       * infos, or five, past that: two lookups (and one), no loop.
       * ht_pybig: 54 -> 33 instructions a line. Then two and three,
       * for smaller traces: ht_xmllint, 57 -> 37. */
      if ((!bounded || p + 6 < end) && p[6] == '\n')
        {
          guint32 sum = event_pairs_sum (q);

          if ((gint32) sum < 0)
            {
              *out = sum - 2 * EVENT_PAIR_VALID + is_free;
              return p + 7;
            }
        }
      else if ((!bounded || p + 7 < end) && p[7] == '\n')
        {
          guint top = hex_table_plus_one[q[0]];
          guint32 sum = event_pairs_sum (q + 1);

          if (top != 0 && (gint32) sum < 0)
            {
              *out = ((top - 1) << 17) + sum - 2 * EVENT_PAIR_VALID + is_free;
              return p + 8;
            }
        }
      else if ((!bounded || p + 4 < end) && p[4] == '\n')
        {
          guint lo = hex_pair (q);

          if ((lo & PAIR_NONE) == 0)
            {
              *out = lo << 1 | is_free;
              return p + 5;
            }
        }
      else if ((!bounded || p + 5 < end) && p[5] == '\n')
        {
          guint top = hex_table_plus_one[q[0]], lo = hex_pair (q + 1);

          if (top != 0 && (lo & PAIR_NONE) == 0)
            {
              *out = ((top - 1) << 8 | lo) << 1 | is_free;
              return p + 6;
            }
        }
      guint64 index = 0;
      guint d;

      /* pairs of digits, then one more (a pair's second byte is at
       * most the line's '\n') */
      while ((d = hex_pair (q)) != PAIR_NONE)
        index = index << 8 | d, q += 2;
      if ((d = hex_table_plus_one[*q]) != 0)
        index = (index << 4) + d - 1, q++;
      if (*q == '\n' && q - p > 2 && q - p <= 18 && index < WORD_LINE >> 1)
        {
          *out = (guint32) index << 1 | is_free;
          return q + 1;
        }
    }
  if ((p[0] == 'c' || p[0] == 'R') && p[1] == ' ')
    {
      const guint8 *q = p + 2;
      guint32 value = 0;
      guint d;

      /* four, five and six digits without a loop, as for events: the
       * RSS in pages, and the milliseconds of a run of 100 s to 4.6
       * hours (ht_pystamped: 60 -> 40 instructions a stamp) */
      if ((!bounded || p + 8 < end) && p[8] == '\n')
        {
          guint a = hex_pair (q);
          guint32 sum = event_pairs_sum (q + 2);

          if ((a & PAIR_NONE) == 0 && (gint32) sum < 0)
            {
              *out = (p[0] == 'c' ? WORD_TIME : WORD_RSS) | a << 16 | (sum - 2 * EVENT_PAIR_VALID) >> 1;
              return p + 9;
            }
        }
      else if ((!bounded || p + 6 < end) && p[6] == '\n')
        {
          guint32 sum = event_pairs_sum (q);

          if ((gint32) sum < 0)
            {
              *out = (p[0] == 'c' ? WORD_TIME : WORD_RSS) | (sum - 2 * EVENT_PAIR_VALID) >> 1;
              return p + 7;
            }
        }
      else if ((!bounded || p + 7 < end) && p[7] == '\n')
        {
          guint top = hex_table_plus_one[q[0]], a = hex_pair (q + 1), b = hex_pair (q + 3);

          if (top != 0 && ((a | b) & PAIR_NONE) == 0)
            {
              *out = (p[0] == 'c' ? WORD_TIME : WORD_RSS) | (top - 1) << 16 | a << 8 | b;
              return p + 8;
            }
        }
      /* otherwise pairs of digits, then one more: seven digits at
       * most, so the value fits under WORD_VALUE */
      while (q - p < 8 && (d = hex_pair (q)) != PAIR_NONE)
        value = value << 8 | d, q += 2;
      if ((d = hex_table_plus_one[*q]) != 0)
        value = value << 4 | (d - 1), q++;
      if (*q == '\n' && q - p > 2)
        {
          *out = (p[0] == 'c' ? WORD_TIME : WORD_RSS) | value;
          return q + 1;
        }
    }
  *out = WORD_LINE | (guint32) (p - start);
  return (const guint8 *) memchr (p, '\n', end - p) + 1;
}

/* The longest fixed-length form line_to_word() reads unbounded: "c " and
 * six digits, then its '\n' at p[8]. */
#define FIXED_LINE_MAX 9

static gsize
chunk_to_words (const guint8 *data,
                gsize         len,
                gboolean      at_line_start,
                guint32      *out,
                gsize         capacity,
                gpointer      user_data)
{
  const guint8 *last_nl = memrchr (data, '\n', len);
  const guint8 *start, *p, *end;
  guint32 *o = out, *const o_end = out + capacity;

  if (last_nl == NULL)
    return 0;
  /* a line's offset must stay clear of the stamps' bits (chunks are far
   * smaller): none here, parse_run() takes the text */
  if (len > WORD_VALUE)
    return G_MAXSIZE;
  start = at_line_start ? data : (const guint8 *) memchr (data, '\n', len) + 1;
  end = last_nl + 1;

  /* A line takes a byte at least and makes one word: while the words
   * have room for one a byte, and away from the end, lines go without
   * a test each. The last ones, or those past the room, one by one. */
  for (p = start; p < end;)
    {
      const guint8 *stop = end - p > FIXED_LINE_MAX ? end - FIXED_LINE_MAX : p;

      if (stop - p > o_end - o)
        stop = p + (o_end - o);
      if (p < stop)
        {
          while (p < stop)
            p = line_to_word (p, start, end, FALSE, o++);
          continue;
        }
      if (o == o_end)
        return G_MAXSIZE;
      p = line_to_word (p, start, end, TRUE, o++);
    }
  return o - out;
}

/* parse_run() for a run that comes with its words: events are applied from
 * them; other lines, and events the fast path refuses (an index out of
 * range, a free with no live block), go to parse_line() at their place in
 * the text, so results and error messages are the same as parse_run()'s.
 * An event's word has no offset: when one fails, its line is found by
 * counting lines from the last line whose place is known. */
static gboolean
apply_words (Reader         *r,
             const char     *run,
             gsize           len,
             guint64         offset,
             const guint32  *words,
             gsize           n_words,
             GError        **error)
{
  guint64 line_number = r->line_number;
  guint32 last_allocated = r->last_allocated_info;
  const char *known = run;
  guint64 known_line = line_number + 1;

  for (gsize i = 0; i < n_words; i++)
    {
      guint32 w = words[i];
      const char *p, *nl;

      /* events and stamps to the builder, up to the first it cannot take */
      if (w < WORD_LINE || w >= WORD_TIME)
        {
          gsize applied = tide_trace_builder_apply_words (r->builder, words + i, n_words - i, &last_allocated);

          line_number += applied;
          i += applied;
          if (i == n_words)
            break;
          w = words[i];
        }

      /* a stamp at a stop of the builder's is taken here, as its loop
       * takes it; any other line the slow way */
      line_number++;
      if (w >= WORD_TIME)
        {
          tide_trace_builder_take_stamp (r->builder, w);
          continue;
        }
      if (w >= WORD_LINE)
        p = run + (w & ~WORD_LINE);
      else
        for (p = known; known_line < line_number; known_line++)
          p = (const char *) memchr (p, '\n', run + len - p) + 1;
      nl = memchr (p, '\n', run + len - p);
      g_assert (nl != NULL);

      r->line_number = line_number;
      r->line_offset = offset + (p - run);
      r->last_allocated_info = last_allocated;
      r->last_had_newline = TRUE;
      if (!parse_line (r, p, nl - p, error))
        return FALSE;
      last_allocated = r->last_allocated_info;
      known = nl + 1;
      known_line = line_number + 1;
    }

  r->line_number = line_number;
  r->last_allocated_info = last_allocated;
  if (len > 0)
    r->last_had_newline = run[len - 1] == '\n';
  return TRUE;
}

gboolean
tide_heaptrack_sniff (const guint8 *data,
                      gsize         len)
{
  /* interpreted files start with the version record "v <hex> <hex>" */
  return len >= 3 && data[0] == 'v' && data[1] == ' ' && hex_value (data[2]) >= 0;
}

TideTrace *
tide_heaptrack_read (TideByteSource  *source,
                     GCancellable    *cancellable,
                     GError         **error)
{
  g_autoptr(TideTraceBuilder) builder = tide_trace_builder_new (TIDE_TRACE_FORMAT_HEAPTRACK);
  g_autoptr(GArray) strings = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) ips = g_array_new (FALSE, FALSE, sizeof (IpEntry));
  g_autoptr(GArray) ip_frames = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) traces = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GError) local_error = NULL;
  Reader r = {
    .source = source,
    .builder = builder,
    .strings = strings,
    .ips = ips,
    .ip_frames = ip_frames,
    .traces = traces,
  };
  const char *run;
  gsize run_len;
  guint64 run_offset;
  gboolean ok = TRUE;

  {
    static GOnce once = G_ONCE_INIT;

    hex_pairs = g_once (&once, make_hex_pairs, NULL);
  }
  /* heaptrack's page size until an "I" line says otherwise */
  tide_trace_builder_set_rss_unit (builder, 4096);
  tide_byte_source_set_chunk_func (source, chunk_to_words, NULL);
  tide_line_reader_init (&r.lines, source);
  while (ok && tide_line_reader_next_run (&r.lines, &run, &run_len, &run_offset, cancellable, &local_error))
    {
      gsize n_words;
      const guint32 *words = tide_line_reader_get_words (&r.lines, &n_words);

      if (words != NULL)
        ok = apply_words (&r, run, run_len, run_offset, words, n_words, &local_error);
      else
        ok = parse_run (&r, run, run_len, run_offset, &local_error);
    }
  tide_line_reader_clear (&r.lines);

  if (local_error != NULL)
    {
      /* a record cut in half by the end of the file is a truncation */
      if (g_error_matches (local_error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_CORRUPT)
          && !r.last_had_newline && r.lines.eof)
        {
          g_set_error (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_TRUNCATED,
                       "%s: the file ends inside line %" G_GUINT64_FORMAT " (byte %" G_GUINT64_FORMAT
                       "); it is truncated", tide_byte_source_get_name (source),
                       r.line_number, r.line_offset);
          return NULL;
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (r.line_number == 0)
    {
      g_set_error (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_EMPTY,
                   "%s: the file is empty", tide_byte_source_get_name (source));
      return NULL;
    }
  /* heaptrack_interpret always closes with "# strings: N" / "# ips: N" */
  if (!r.seen_footer || !r.last_had_newline)
    {
      g_set_error (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_TRUNCATED,
                   "%s: the data stops at line %" G_GUINT64_FORMAT " (byte %" G_GUINT64_FORMAT
                   ") without heaptrack's closing records; the file is truncated",
                   tide_byte_source_get_name (source), r.line_number, r.lines.next_offset);
      return NULL;
    }

  /* heaptrack counts the last time stamp's millisecond as run time */
  /* the builder's clock: stamps among the events never come here */
  tide_trace_builder_set_duration (builder, builder->now_ms + 1);
  /* the decoder's memory (a zstd window, the chunks) for the last steps */
  tide_byte_source_close (source);
  return tide_trace_builder_finish (g_steal_pointer (&builder));
}
