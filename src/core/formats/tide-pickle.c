/* tide-pickle.c: a safe pickle reader for tracemalloc snapshots
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "tide-pickle.h"
#include "../tide-trace-error.h"

/* A reference is an index into the value arena, or, with the top bit set,
 * a small non-negative integer held in the reference itself: the ints of
 * a dump (domains, sizes, line numbers) then cost no value at all. The two
 * highest references are no integer: "none" and a tuple handed to a
 * streamed list's hook instead of being stored. */
#define IMMEDIATE       0x80000000u
#define IMMEDIATE_MAX   0x7ffffffdu
#define NO_REF          G_MAXUINT32
#define CONSUMED        TIDE_PICKLE_REF_CONSUMED
#define MAX_VALUES      0x7ffffff0u
/* What the VM may hold per byte of the pickle, plus a floor: a one-byte
 * EMPTY_DICT costs a value and an array, so without a budget a hostile
 * pickle would need about 100 times its size. Real dumps need less than
 * 8 (measured in tests/core/test-limits.c); see docs/limits.md. */
#define BYTES_PER_INPUT_BYTE 16
#define BUDGET_FLOOR    (4 << 20)

G_STATIC_ASSERT (CONSUMED == (IMMEDIATE | IMMEDIATE_MAX) + 1);
G_STATIC_ASSERT (IMMEDIATE == TIDE_PICKLE_REF_SMALL_INT);

typedef struct
{
  guint8  kind;
  guint8  big;    /* INT: does not fit in a guint64; LIST: streamed to the hook */
  guint32 n;      /* STR: length; TUPLE: items; OBJECT: state ref */
  guint64 v;      /* INT: value; STR: offset in the data; TUPLE: first item;
                   * LIST/DICT: index of its item array; CLASS: which;
                   * OBJECT: class ref */
} Value;

struct _TidePickle
{
  const guint8  *data;
  Value         *values;     /* the arena, grown in place: one write per value */
  gsize          n_values;
  gsize          values_capacity;
  TidePickleRef *items;      /* the items of every tuple */
  gsize          n_items;
  gsize          items_capacity;
  GPtrArray     *growables;  /* GArray of TidePickleRef per list and dict */
  gsize          n_growable_items; /* in all of them */
  TidePickleRef  root;
};

static const char * const class_names[] = { "tracemalloc.Snapshot", "tracemalloc._Traces" };

/* A growable array of references: the VM's stack, marks and memo are
 * touched once per opcode, so they avoid GArray's function calls. */
typedef struct
{
  guint32 *data;
  gsize    len;
  gsize    capacity;
} RefArray;

static inline void
ref_array_push (RefArray *a,
                guint32   v)
{
  if (G_UNLIKELY (a->len == a->capacity))
    {
      a->capacity = MAX (64, a->capacity * 2);
      a->data = g_renew (guint32, a->data, a->capacity);
    }
  a->data[a->len++] = v;
}

typedef struct
{
  TidePickle   *p;
  const TidePickleHooks *hooks;
  gpointer      user_data;
  const char   *name;
  const guint8 *end;
  const guint8 *at;        /* next byte to read */
  gsize         op_offset; /* offset of the opcode being run */
  RefArray      stack;     /* TidePickleRef */
  RefArray      marks;     /* stack heights */
  RefArray      memo;      /* TidePickleRef */
} Vm;

G_GNUC_PRINTF (3, 4)
static gboolean
fail (Vm          *vm,
      GError     **error,
      const char  *format,
      ...)
{
  g_autofree char *where = g_strdup_printf ("%s: byte %" G_GSIZE_FORMAT, vm->name, vm->op_offset);
  va_list args;

  va_start (args, format);
  tide_trace_error_set_corrupt (error, where, format, args);
  va_end (args);
  return FALSE;
}

static gboolean
truncated (Vm      *vm,
           GError **error)
{
  g_set_error (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_TRUNCATED,
               "%s: byte %" G_GSIZE_FORMAT ": the pickle ends inside an instruction (truncated file?)",
               vm->name, vm->op_offset);
  return FALSE;
}

static TidePickleRef
new_value (Vm    *vm,
           Value  value)
{
  TidePickle *p = vm->p;

  if (G_UNLIKELY (p->n_values == p->values_capacity))
    {
      p->values_capacity = MAX (1024, p->values_capacity * 2);
      p->values = g_renew (Value, p->values, p->values_capacity);
    }
  p->values[p->n_values] = value;
  return p->n_values++;
}

static inline gboolean
take (Vm            *vm,
      gsize          n,
      const guint8 **out,
      GError       **error)
{
  if ((gsize) (vm->end - vm->at) < n)
    return truncated (vm, error);
  *out = vm->at;
  vm->at += n;
  return TRUE;
}

static inline guint64
read_le (const guint8 *p,
         guint         n)
{
  guint64 v = 0;

  for (guint i = n; i > 0; i--)
    v = v << 8 | p[i - 1];
  return v;
}

static inline void
push (Vm            *vm,
      TidePickleRef  ref)
{
  ref_array_push (&vm->stack, ref);
}

static gboolean
pop (Vm             *vm,
     TidePickleRef  *ref,
     GError        **error)
{
  guint floor = vm->marks.len > 0 ? vm->marks.data[vm->marks.len - 1] : 0;

  if (vm->stack.len <= floor)
    return fail (vm, error, "the pickle stack is empty");
  *ref = vm->stack.data[vm->stack.len - 1];
  vm->stack.len--;
  return TRUE;
}

static Value *
value (TidePickle    *p,
       TidePickleRef  ref)
{
  return &p->values[ref];
}

static TidePickleKind
kind_of (TidePickle    *p,
         TidePickleRef  ref)
{
  /* nothing accepts these where a value is expected */
  if (G_UNLIKELY (ref >= CONSUMED))
    return TIDE_PICKLE_NONE;
  return ref & IMMEDIATE ? TIDE_PICKLE_INT : value (p, ref)->kind;
}

static inline gboolean
push_int (Vm       *vm,
          guint64   v,
          gboolean  big)
{
  if (!big && v <= IMMEDIATE_MAX)
    push (vm, IMMEDIATE | (TidePickleRef) v);
  else
    push (vm, new_value (vm, (Value) { TIDE_PICKLE_INT, big, 0, v }));
  return TRUE;
}

/* LONG1/LONG4: little-endian two's complement of n bytes. */
static gboolean
push_long (Vm           *vm,
           const guint8 *bytes,
           gsize         n)
{
  gboolean negative = n > 0 && (bytes[n - 1] & 0x80);
  gboolean big = negative;
  guint64 v = 0;

  /* up to 8 value bytes, plus zero bytes that only carry the sign */
  for (gsize i = n; i > 0; i--)
    {
      if (i > 8 && bytes[i - 1] != 0)
        big = TRUE;
      else if (i <= 8)
        v = v << 8 | bytes[i - 1];
    }
  return push_int (vm, v, big);
}

static gboolean
push_str (Vm      *vm,
          guint64  len,
          GError **error)
{
  const guint8 *bytes;

  if (len > G_MAXUINT32)
    return fail (vm, error, "a string of %" G_GUINT64_FORMAT " bytes", len);
  if (!take (vm, len, &bytes, error))
    return FALSE;
  push (vm, new_value (vm, (Value) { TIDE_PICKLE_STR, 0, (guint32) len, (guint64) (bytes - vm->p->data) }));
  return TRUE;
}

static TidePickleRef
new_growable (Vm             *vm,
              TidePickleKind  kind)
{
  g_ptr_array_add (vm->p->growables, g_array_new (FALSE, FALSE, sizeof (TidePickleRef)));
  return new_value (vm, (Value) { kind, 0, 0, vm->p->growables->len - 1 });
}

static GArray *
growable (TidePickle    *p,
          TidePickleRef  ref)
{
  return g_ptr_array_index (p->growables, value (p, ref)->v);
}

/* The items above the innermost mark, which is dropped. */
static gboolean
pop_mark (Vm      *vm,
          guint   *first,
          guint   *count,
          GError **error)
{
  guint height;

  if (vm->marks.len == 0)
    return fail (vm, error, "no MARK to pop to");
  height = vm->marks.data[vm->marks.len - 1];
  vm->marks.len--;
  *first = height;
  *count = vm->stack.len - height;
  return TRUE;
}

static gboolean
is_streamed_list (TidePickle    *p,
                  TidePickleRef  ref)
{
  return kind_of (p, ref) == TIDE_PICKLE_LIST && value (p, ref)->big;
}

/* Whether a tuple about to be made of the stack's items from @first on
 * is an item of a streamed list: right above the list (APPEND, or the
 * first of an APPENDS batch) or above an item already handed over, and
 * not inside a mark of its own. A guess that turns out wrong (the tuple
 * ends up anywhere else) fails the pickle: CONSUMED is accepted only by
 * the streamed list. */
static gboolean
goes_to_stream (Vm    *vm,
                guint  first)
{
  TidePickleRef below;
  guint n_marks = vm->marks.len;

  if (vm->hooks == NULL || first == 0)
    return FALSE;
  below = vm->stack.data[first - 1];
  if (below != CONSUMED && !is_streamed_list (vm->p, below))
    return FALSE;
  /* a mark at @first must be the batch's own: the list right below it,
   * and no second mark at the same height (an enclosing tuple's) */
  if (n_marks > 0 && vm->marks.data[n_marks - 1] == first)
    return below != CONSUMED && (n_marks == 1 || vm->marks.data[n_marks - 2] < first);
  return n_marks == 0 || vm->marks.data[n_marks - 1] < first;
}

static gboolean
no_consumed (Vm                  *vm,
             const TidePickleRef *refs,
             guint                n,
             GError             **error)
{
  for (guint i = 0; i < n; i++)
    if (G_UNLIKELY (refs[i] == CONSUMED))
      return fail (vm, error, "an item of the list of traces used elsewhere");
  return TRUE;
}

static gboolean
make_tuple (Vm      *vm,
            guint    first,
            guint    count,
            GError **error)
{
  TidePickle *p = vm->p;
  gsize start = p->n_items;

  if (!no_consumed (vm, &vm->stack.data[first], count, error))
    return FALSE;
  if (goes_to_stream (vm, first))
    {
      /* handed over now, never stored: a dump's traces cost no memory */
      if (!vm->hooks->item (p, CONSUMED, &vm->stack.data[first], count, vm->user_data, error))
        return FALSE;
      vm->stack.len = first;
      push (vm, CONSUMED);
      return TRUE;
    }
  if (p->n_items + count > p->items_capacity)
    {
      p->items_capacity = MAX (MAX (4096, p->items_capacity * 2), p->n_items + count);
      p->items = g_renew (TidePickleRef, p->items, p->items_capacity);
    }
  /* an empty TUPLE has no items, and maybe no item array yet: NULL + 0 is
   * undefined (UBSan, fuzz-tracemalloc) */
  if (count > 0)
    memcpy (&p->items[start], &vm->stack.data[first], count * sizeof (TidePickleRef));
  p->n_items += count;
  vm->stack.len = first;
  push (vm, new_value (vm, (Value) { TIDE_PICKLE_TUPLE, 0, count, start }));
  return TRUE;
}

/* APPEND(S) of @n items to @list: kept, or handed to the hook. */
static gboolean
append_items (Vm                  *vm,
              TidePickleRef        list,
              const TidePickleRef *items,
              guint                n,
              GError             **error)
{
  if (!is_streamed_list (vm->p, list))
    {
      if (!no_consumed (vm, items, n, error))
        return FALSE;
      g_array_append_vals (growable (vm->p, list), items, n);
      vm->p->n_growable_items += n;
      return TRUE;
    }
  /* tuples made as items were handed over already */
  for (guint i = 0; i < n; i++)
    if (items[i] != CONSUMED && !vm->hooks->item (vm->p, items[i], NULL, 0, vm->user_data, error))
      return FALSE;
  return TRUE;
}

static gboolean
top_of_kind (Vm             *vm,
             guint           below,
             TidePickleKind  kind,
             TidePickleRef  *ref,
             GError        **error)
{
  if (vm->stack.len < below + 1)
    return fail (vm, error, "the pickle stack is empty");
  *ref = vm->stack.data[vm->stack.len - 1 - below];
  if (kind_of (vm->p, *ref) != kind)
    return fail (vm, error, "an instruction meant for another kind of value");
  return TRUE;
}

/* Only the two classes of a tracemalloc snapshot may be named. */
static gboolean
push_class (Vm          *vm,
            const char  *module,
            gsize        module_len,
            const char  *name,
            gsize        name_len,
            GError     **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (class_names); i++)
    {
      const char *dot = strchr (class_names[i], '.');

      if (module_len == (gsize) (dot - class_names[i]) && memcmp (module, class_names[i], module_len) == 0
          && name_len == strlen (dot + 1) && memcmp (name, dot + 1, name_len) == 0)
        {
          push (vm, new_value (vm, (Value) { TIDE_PICKLE_CLASS, 0, 0, i }));
          return TRUE;
        }
    }
  return fail (vm, error, "refusing the global %.*s.%.*s: a tracemalloc snapshot names no other",
               (int) MIN (module_len, 64), module, (int) MIN (name_len, 64), name);
}

static gboolean
run_op (Vm      *vm,
        guint8   op,
        GError **error)
{
  TidePickle *p = vm->p;
  const guint8 *arg;
  TidePickleRef a = 0, b = 0, c = 0;
  guint first = 0, count = 0;

  switch (op)
    {
    case 0x80: /* PROTO */
      if (!take (vm, 1, &arg, error))
        return FALSE;
      if (arg[0] < 2 || arg[0] > 5)
        return fail (vm, error, "pickle protocol %u is not one Python writes tracemalloc dumps in", arg[0]);
      return TRUE;
    case 0x95: /* FRAME: a hint only */
      return take (vm, 8, &arg, error);
    case 0x8c: /* SHORT_BINUNICODE */
      return take (vm, 1, &arg, error) && push_str (vm, arg[0], error);
    case 0x58: /* BINUNICODE */
      return take (vm, 4, &arg, error) && push_str (vm, read_le (arg, 4), error);
    case 0x8d: /* BINUNICODE8 */
      return take (vm, 8, &arg, error) && push_str (vm, read_le (arg, 8), error);
    case 0x94: /* MEMOIZE */
      if (vm->stack.len == 0)
        return fail (vm, error, "MEMOIZE with an empty stack");
      ref_array_push (&vm->memo, vm->stack.data[vm->stack.len - 1]);
      return TRUE;
    case 0x71: /* BINPUT */
    case 0x72: /* LONG_BINPUT */
      {
        guint64 index;

        if (!take (vm, op == 0x71 ? 1 : 4, &arg, error))
          return FALSE;
        index = read_le (arg, op == 0x71 ? 1 : 4);
        if (vm->stack.len == 0)
          return fail (vm, error, "PUT with an empty stack");
        /* explicit indices, in practice always the next one; a hostile
         * file may not make us reserve memory far ahead of what it holds */
        if (index > vm->memo.len + (guint64) (vm->end - vm->at) + 1)
          return fail (vm, error, "memo index %" G_GUINT64_FORMAT " out of order", index);
        while (vm->memo.len <= index)
          ref_array_push (&vm->memo, NO_REF);
        vm->memo.data[index] = vm->stack.data[vm->stack.len - 1];
        return TRUE;
      }
    case 0x68: /* BINGET */
    case 0x6a: /* LONG_BINGET */
      {
        guint64 index;

        if (!take (vm, op == 0x68 ? 1 : 4, &arg, error))
          return FALSE;
        index = read_le (arg, op == 0x68 ? 1 : 4);
        if (index >= vm->memo.len || vm->memo.data[index] == NO_REF)
          return fail (vm, error, "memo index %" G_GUINT64_FORMAT " was never stored", index);
        if (vm->memo.data[index] == CONSUMED)
          return fail (vm, error, "memo index %" G_GUINT64_FORMAT " refers back to an item of the list of traces",
                       index);
        push (vm, vm->memo.data[index]);
        return TRUE;
      }
    case 0x93: /* STACK_GLOBAL */
      {
        gsize ml, nl;
        const char *m, *n;

        if (!pop (vm, &b, error) || !pop (vm, &a, error))
          return FALSE;
        if (kind_of (p, a) != TIDE_PICKLE_STR || kind_of (p, b) != TIDE_PICKLE_STR)
          return fail (vm, error, "STACK_GLOBAL without a module and a name");
        m = tide_pickle_get_str (p, a, &ml);
        n = tide_pickle_get_str (p, b, &nl);
        return push_class (vm, m, ml, n, nl, error);
      }
    case 0x63: /* GLOBAL "module\nname\n" */
      {
        const guint8 *nl1 = memchr (vm->at, '\n', vm->end - vm->at);
        const guint8 *nl2 = nl1 != NULL ? memchr (nl1 + 1, '\n', vm->end - nl1 - 1) : NULL;
        const char *m = (const char *) vm->at;

        if (nl2 == NULL)
          return truncated (vm, error);
        vm->at = nl2 + 1;
        return push_class (vm, m, nl1 - (const guint8 *) m, (const char *) nl1 + 1, nl2 - nl1 - 1, error);
      }
    case 0x29: /* EMPTY_TUPLE */
      push (vm, new_value (vm, (Value) { TIDE_PICKLE_TUPLE, 0, 0, p->n_items }));
      return TRUE;
    case 0x85: /* TUPLE1 */
    case 0x86: /* TUPLE2 */
    case 0x87: /* TUPLE3 */
      {
        guint n = op - 0x84;
        guint floor = vm->marks.len > 0 ? vm->marks.data[vm->marks.len - 1] : 0;

        if (vm->stack.len < floor + n)
          return fail (vm, error, "TUPLE%u with fewer than %u values", n, n);
        return make_tuple (vm, vm->stack.len - n, n, error);
      }
    case 0x74: /* TUPLE */
      return pop_mark (vm, &first, &count, error) && make_tuple (vm, first, count, error);
    case 0x28: /* MARK */
      ref_array_push (&vm->marks, vm->stack.len);
      return TRUE;
    case 0x4e: /* NONE */
      push (vm, new_value (vm, (Value) { TIDE_PICKLE_NONE, 0, 0, 0 }));
      return TRUE;
    case 0x4b: /* BININT1 */
      return take (vm, 1, &arg, error) && push_int (vm, arg[0], FALSE);
    case 0x4d: /* BININT2 */
      return take (vm, 2, &arg, error) && push_int (vm, read_le (arg, 2), FALSE);
    case 0x4a: /* BININT: signed */
      {
        gint32 v;

        if (!take (vm, 4, &arg, error))
          return FALSE;
        v = (gint32) (guint32) read_le (arg, 4);
        return push_int (vm, (guint64) (gint64) v, v < 0);
      }
    case 0x8a: /* LONG1 */
      return take (vm, 1, &arg, error) && take (vm, arg[0], &arg, error) && push_long (vm, arg, vm->at - arg);
    case 0x8b: /* LONG4 */
      {
        gint64 n;

        if (!take (vm, 4, &arg, error))
          return FALSE;
        n = (gint32) (guint32) read_le (arg, 4);
        if (n < 0)
          return fail (vm, error, "LONG4 with a negative length");
        return take (vm, n, &arg, error) && push_long (vm, arg, n);
      }
    case 0x7d: /* EMPTY_DICT */
      push (vm, new_growable (vm, TIDE_PICKLE_DICT));
      return TRUE;
    case 0x5d: /* EMPTY_LIST */
      {
        gsize key_len = 0;
        const char *key = vm->stack.len > 0 ? tide_pickle_get_str (p, vm->stack.data[vm->stack.len - 1], &key_len) : NULL;

        a = new_growable (vm, TIDE_PICKLE_LIST);
        /* the value of a dict key the reader wants item by item */
        if (key != NULL && vm->hooks != NULL && vm->hooks->stream_list (key, key_len, vm->user_data))
          value (p, a)->big = TRUE;
        push (vm, a);
        return TRUE;
      }
    case 0x61: /* APPEND */
      if (!pop (vm, &a, error) || !top_of_kind (vm, 0, TIDE_PICKLE_LIST, &b, error))
        return FALSE;
      return append_items (vm, b, &a, 1, error);
    case 0x65: /* APPENDS */
      if (!pop_mark (vm, &first, &count, error) || !top_of_kind (vm, count, TIDE_PICKLE_LIST, &b, error))
        return FALSE;
      if (!append_items (vm, b, &vm->stack.data[first], count, error))
        return FALSE;
      vm->stack.len = first;
      return TRUE;
    case 0x73: /* SETITEM */
      if (!pop (vm, &b, error) || !pop (vm, &a, error) || !top_of_kind (vm, 0, TIDE_PICKLE_DICT, &c, error))
        return FALSE;
      if (!no_consumed (vm, (TidePickleRef[]) { a, b }, 2, error))
        return FALSE;
      g_array_append_val (growable (p, c), a);
      g_array_append_val (growable (p, c), b);
      p->n_growable_items += 2;
      return TRUE;
    case 0x75: /* SETITEMS */
      if (!pop_mark (vm, &first, &count, error) || !top_of_kind (vm, count, TIDE_PICKLE_DICT, &c, error))
        return FALSE;
      if (count % 2 != 0)
        return fail (vm, error, "SETITEMS with a key and no value");
      if (!no_consumed (vm, &vm->stack.data[first], count, error))
        return FALSE;
      g_array_append_vals (growable (p, c), &vm->stack.data[first], count);
      p->n_growable_items += count;
      vm->stack.len = first;
      return TRUE;
    case 0x81: /* NEWOBJ: class, args -> instance; nothing is called */
      if (!pop (vm, &b, error) || !pop (vm, &a, error))
        return FALSE;
      if (kind_of (p, a) != TIDE_PICKLE_CLASS || kind_of (p, b) != TIDE_PICKLE_TUPLE || value (p, b)->n != 0)
        return fail (vm, error, "NEWOBJ of something other than a tracemalloc class with no arguments");
      push (vm, new_value (vm, (Value) { TIDE_PICKLE_OBJECT, 0, NO_REF, a }));
      return TRUE;
    case 0x62: /* BUILD: the state dict becomes the instance's */
      if (!pop (vm, &b, error) || !top_of_kind (vm, 0, TIDE_PICKLE_OBJECT, &a, error))
        return FALSE;
      if (kind_of (p, b) != TIDE_PICKLE_DICT || value (p, a)->n != NO_REF)
        return fail (vm, error, "BUILD with a state that is not a dict");
      value (p, a)->n = b;
      return TRUE;
    default:
      return fail (vm, error, "opcode 0x%02x is not allowed in a tracemalloc snapshot "
                   "(this reader never runs code a pickle asks for)", op);
    }
}

/* Roughly what the VM holds now: the arena, the tuples' items, each list
 * and dict (an array header and, at worst, twice its items), and the
 * stack, marks and memo. */
static gsize
vm_memory (Vm *vm)
{
  TidePickle *p = vm->p;

  return p->values_capacity * sizeof (Value) + p->items_capacity * sizeof (TidePickleRef)
         + p->growables->len * (sizeof (gpointer) + 48) + p->n_growable_items * 2 * sizeof (TidePickleRef)
         + (vm->stack.capacity + vm->marks.capacity + vm->memo.capacity) * sizeof (guint32);
}

/* The longest trace the fast path reads: MARK, four fields of at most
 * five bytes, TUPLE, MEMOIZE. With this much input left it reads without
 * a bounds check per byte; nearer the end the instructions run as usual. */
#define FAST_TRACE_MAX (1 + 4 * 5 + 1 + 1)

/* One field of a trace on the fast path: a small int or a memo reference.
 * The caller made sure five bytes are there. */
static inline gboolean
fast_field (const Vm      *vm,
            const guint8 **at,
            TidePickleRef *out)
{
  const guint8 *q = *at;
  guint32 v;

  /* most frequent first: small ints, then tracebacks from the memo */
  if (G_LIKELY (q[0] == 0x4b)) /* BININT1 */
    {
      *out = IMMEDIATE | q[1];
      *at = q + 2;
      return TRUE;
    }
  if (q[0] == 0x68 || q[0] == 0x6a) /* BINGET, LONG_BINGET */
    {
      gboolean one = q[0] == 0x68;

      v = one ? q[1] : (guint32) read_le (q + 1, 4);
      if (G_UNLIKELY (v >= vm->memo.len || vm->memo.data[v] >= CONSUMED))
        return FALSE;
      *out = vm->memo.data[v];
      *at = q + (one ? 2 : 5);
      return TRUE;
    }
  if (q[0] == 0x4d) /* BININT2 */
    {
      *out = IMMEDIATE | (TidePickleRef) read_le (q + 1, 2);
      *at = q + 3;
      return TRUE;
    }
  if (q[0] == 0x4a) /* BININT, when small and not negative */
    {
      v = (guint32) read_le (q + 1, 4);
      if (v > IMMEDIATE_MAX)
        return FALSE;
      *out = IMMEDIATE | v;
      *at = q + 5;
      return TRUE;
    }
  return FALSE;
}

/* goes_to_stream() for a tuple about to be made on top of the stack, with
 * its usual case (right above a trace handed over, inside the APPENDS
 * batch's mark) decided without a call. */
static inline gboolean
trace_goes_to_stream (Vm *vm)
{
  gsize len = vm->stack.len;

  if (G_LIKELY (len > 0 && vm->stack.data[len - 1] == CONSUMED && vm->hooks != NULL))
    return vm->marks.len == 0 || vm->marks.data[vm->marks.len - 1] < len;
  return goes_to_stream (vm, len);
}

/* A dump's trace as CPython writes it, once its traceback was seen:
 * "( K<domain> K<size> h<traceback> K<nframe> t 0x94" (3.9 on) or the same
 * without MARK, nframe and ending in TUPLE3 (3.6-3.8). Read in one step,
 * exactly as the instructions would run, and handed to the hook: one
 * dispatch per trace instead of seven, the most of a dump's time. The
 * traces that follow are read the same way without going back to the
 * dispatch: each leaves the stack as the next one needs it (a trace
 * handed over on top, the marks untouched). FALSE (nothing consumed) if
 * the first is no such trace, which then runs as usual. */
static gboolean
fast_traces (Vm       *vm,
             gboolean *ok,
             GError  **error)
{
  gboolean any = FALSE;

  if (!trace_goes_to_stream (vm))
    return FALSE;
  while ((gsize) (vm->end - vm->at) >= FAST_TRACE_MAX)
    {
      const guint8 *q = vm->at;
      gboolean mark = *q == 0x28;
      TidePickleRef fields[4];
      guint n = 0;
      guint8 close;

      if (mark)
        q++;
      /* the closing opcode is no field, so it ends the fields */
      while (n < 4 && fast_field (vm, &q, &fields[n]))
        n++;
      close = *q++;
      /* TUPLE2 and TUPLE3 for their counts only: 0x88 is no tuple */
      if (n < 2 || (mark ? close != 0x74 : n > 3 || close != 0x84 + n))
        break;

      any = TRUE;
      vm->op_offset = vm->at - vm->p->data;
      *ok = vm->hooks->item (vm->p, CONSUMED, fields, n, vm->user_data, error);
      push (vm, CONSUMED);
      if (*q == 0x94) /* MEMOIZE; q is still inside FAST_TRACE_MAX */
        {
          ref_array_push (&vm->memo, CONSUMED);
          q++;
        }
      vm->at = q;
      if (!*ok)
        break;
    }
  return any;
}

TidePickle *
tide_pickle_load_stream (const guint8           *data,
                         gsize                   len,
                         gsize                  *offset,
                         const char             *name,
                         const TidePickleHooks  *hooks,
                         gpointer                user_data,
                         GError                **error)
{
  g_autoptr(TidePickle) p = g_new0 (TidePickle, 1);
  Vm vm = { p, hooks, user_data, name, data + len, data + *offset, *offset, { 0 }, { 0 }, { 0 } };
  TidePickle *result = NULL;
  gsize budget = (len - MIN (*offset, len)) > (G_MAXSIZE - BUDGET_FLOOR) / BYTES_PER_INPUT_BYTE
                   ? G_MAXSIZE : (len - *offset) * BYTES_PER_INPUT_BYTE + BUDGET_FLOOR;

  g_return_val_if_fail (*offset <= len, NULL);
  g_return_val_if_fail (hooks == NULL || (hooks->stream_list != NULL && hooks->item != NULL), NULL);

  p->data = data;
  p->growables = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  /* the stack is never NULL: a MARK then TUPLE or APPENDS on an empty stack
   * takes &stack.data[0] of no items (UBSan, fuzz-tracemalloc) */
  vm.stack.capacity = 64;
  vm.stack.data = g_new (guint32, vm.stack.capacity);

  for (;;)
    {
      guint8 op;

      if (vm.at >= vm.end)
        {
          vm.op_offset = len;
          truncated (&vm, error);
          break;
        }
      op = *vm.at;
      vm.op_offset = vm.at - data;
      if (hooks != NULL && (op == 0x28 || op == 0x4b || op == 0x4d || op == 0x4a))
        {
          gboolean ok = TRUE;

          if (fast_traces (&vm, &ok, error))
            {
              if (!ok)
                break;
              continue;
            }
        }
      vm.at++;
      if (op == 0x2e) /* STOP */
        {
          if (vm.stack.len != 1 || vm.marks.len != 0)
            fail (&vm, error, "STOP with %" G_GSIZE_FORMAT " values on the stack", vm.stack.len);
          else if (vm.stack.data[0] == CONSUMED)
            fail (&vm, error, "an item of the list of traces used elsewhere");
          else
            {
              p->root = vm.stack.data[0];
              *offset = vm.at - data;
              result = g_steal_pointer (&p);
            }
          break;
        }
      if (!run_op (&vm, op, error))
        break;
      if (p->n_values > MAX_VALUES)
        {
          fail (&vm, error, "more values than this reader holds");
          break;
        }
      if (G_UNLIKELY (vm_memory (&vm) > budget))
        {
          g_set_error (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_TOO_LARGE,
                       "%s: byte %" G_GSIZE_FORMAT ": the pickle builds more values than a tracemalloc "
                       "snapshot of its size could hold (over %u bytes of memory per byte of the file)",
                       name, vm.op_offset, BYTES_PER_INPUT_BYTE);
          break;
        }
    }

  g_free (vm.stack.data);
  g_free (vm.marks.data);
  g_free (vm.memo.data);
  return result;
}

TidePickle *
tide_pickle_load (const guint8  *data,
                  gsize          len,
                  const char    *name,
                  GError       **error)
{
  gsize offset = 0;

  return tide_pickle_load_stream (data, len, &offset, name, NULL, NULL, error);
}

void
tide_pickle_free (TidePickle *self)
{
  if (self == NULL)
    return;
  g_free (self->values);
  g_free (self->items);
  g_clear_pointer (&self->growables, g_ptr_array_unref);
  g_free (self);
}

TidePickleRef
tide_pickle_get_root (TidePickle *self)
{
  return self->root;
}

guint
tide_pickle_get_n_values (TidePickle *self)
{
  return self->n_values;
}

gboolean
tide_pickle_is_value (TidePickle    *self,
                      TidePickleRef  ref)
{
  return (ref & IMMEDIATE) == 0 && ref < self->n_values;
}

TidePickleKind
tide_pickle_get_kind (TidePickle    *self,
                      TidePickleRef  ref)
{
  return kind_of (self, ref);
}

gboolean
tide_pickle_get_uint (TidePickle    *self,
                      TidePickleRef  ref,
                      guint64       *out)
{
  const Value *v;

  if (ref >= CONSUMED)
    return FALSE;
  if (ref & IMMEDIATE)
    {
      *out = ref & ~IMMEDIATE;
      return TRUE;
    }
  v = value (self, ref);
  if (v->kind != TIDE_PICKLE_INT || v->big)
    return FALSE;
  *out = v->v;
  return TRUE;
}

const char *
tide_pickle_get_str (TidePickle    *self,
                     TidePickleRef  ref,
                     gsize         *len)
{
  const Value *v;

  if (ref & IMMEDIATE)
    return NULL;
  v = value (self, ref);
  if (v->kind == TIDE_PICKLE_CLASS)
    {
      *len = strlen (class_names[v->v]);
      return class_names[v->v];
    }
  if (v->kind != TIDE_PICKLE_STR)
    return NULL;
  *len = v->n;
  return (const char *) self->data + v->v;
}

guint
tide_pickle_get_n_items (TidePickle    *self,
                         TidePickleRef  ref)
{
  const Value *v;

  if (ref & IMMEDIATE)
    return 0;
  v = value (self, ref);
  switch (v->kind)
    {
    case TIDE_PICKLE_TUPLE:
      return v->n;
    case TIDE_PICKLE_LIST:
    case TIDE_PICKLE_DICT:
      return growable (self, ref)->len;
    case TIDE_PICKLE_OBJECT:
      return 2;
    default:
      return 0;
    }
}

TidePickleRef
tide_pickle_get_item (TidePickle    *self,
                      TidePickleRef  ref,
                      guint          i)
{
  const Value *v = value (self, ref);

  g_return_val_if_fail (i < tide_pickle_get_n_items (self, ref), NO_REF);

  switch (v->kind)
    {
    case TIDE_PICKLE_TUPLE:
      return self->items[v->v + i];
    case TIDE_PICKLE_OBJECT:
      return i == 0 ? (TidePickleRef) v->v : v->n;
    default:
      return g_array_index (growable (self, ref), TidePickleRef, i);
    }
}

const TidePickleRef *
tide_pickle_get_items (TidePickle    *self,
                       TidePickleRef  ref,
                       guint         *n)
{
  const Value *v;
  GArray *items;

  *n = 0;
  if (ref & IMMEDIATE)
    return NULL;
  v = value (self, ref);
  switch (v->kind)
    {
    case TIDE_PICKLE_TUPLE:
      *n = v->n;
      return &self->items[v->v];
    case TIDE_PICKLE_LIST:
    case TIDE_PICKLE_DICT:
      items = growable (self, ref);
      *n = items->len;
      return (const TidePickleRef *) (gpointer) items->data;
    default:
      return NULL;
    }
}

TidePickleRef
tide_pickle_dict_lookup (TidePickle    *self,
                         TidePickleRef  dict,
                         const char    *key)
{
  gsize key_len = strlen (key);

  if (dict == NO_REF || kind_of (self, dict) != TIDE_PICKLE_DICT)
    return NO_REF;
  for (guint i = 0; i + 1 < tide_pickle_get_n_items (self, dict); i += 2)
    {
      gsize len;
      const char *s = tide_pickle_get_str (self, tide_pickle_get_item (self, dict, i), &len);

      if (s != NULL && len == key_len && memcmp (s, key, len) == 0)
        return tide_pickle_get_item (self, dict, i + 1);
    }
  return NO_REF;
}
