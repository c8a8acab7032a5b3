/* tide-pickle.c: a safe pickle reader for tracemalloc snapshots
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "tide-pickle.h"
#include "../tide-trace-error.h"

/* A reference is an index into the value arena, or, with the top bit set,
 * a small non-negative integer held in the reference itself: the ints of
 * a dump (domains, sizes, line numbers) then cost no value at all. */
#define IMMEDIATE       0x80000000u
#define IMMEDIATE_MAX   0x7fffffffu
#define NO_REF          G_MAXUINT32
#define MAX_VALUES      0x7ffffff0u

typedef struct
{
  guint8  kind;
  guint8  big;    /* INT: does not fit in a guint64 */
  guint32 n;      /* STR: length; TUPLE: items; OBJECT: state ref */
  guint64 v;      /* INT: value; STR: offset in the data; TUPLE: first item;
                   * LIST/DICT: index of its item array; CLASS: which;
                   * OBJECT: class ref */
} Value;

struct _TidePickle
{
  const guint8 *data;
  GArray       *values;     /* Value */
  GArray       *items;      /* TidePickleRef: the items of every tuple */
  GPtrArray    *growables;  /* GArray of TidePickleRef per list and dict */
  TidePickleRef root;
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
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_CORRUPT,
               "%s: byte %" G_GSIZE_FORMAT ": %s", vm->name, vm->op_offset, what);
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
  g_array_append_val (vm->p->values, value);
  return vm->p->values->len - 1;
}

static gboolean
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

static guint64
read_le (const guint8 *p,
         guint         n)
{
  guint64 v = 0;

  for (guint i = n; i > 0; i--)
    v = v << 8 | p[i - 1];
  return v;
}

static void
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
  return &g_array_index (p->values, Value, ref);
}

static TidePickleKind
kind_of (TidePickle    *p,
         TidePickleRef  ref)
{
  return ref & IMMEDIATE ? TIDE_PICKLE_INT : value (p, ref)->kind;
}

static gboolean
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
make_tuple (Vm      *vm,
            guint    first,
            guint    count,
            GError **error)
{
  guint start = vm->p->items->len;

  g_array_append_vals (vm->p->items, &vm->stack.data[first], count);
  vm->stack.len = first;
  push (vm, new_value (vm, (Value) { TIDE_PICKLE_TUPLE, 0, count, start }));
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
      push (vm, new_value (vm, (Value) { TIDE_PICKLE_TUPLE, 0, 0, p->items->len }));
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
      push (vm, new_growable (vm, TIDE_PICKLE_LIST));
      return TRUE;
    case 0x61: /* APPEND */
      if (!pop (vm, &a, error) || !top_of_kind (vm, 0, TIDE_PICKLE_LIST, &b, error))
        return FALSE;
      g_array_append_val (growable (p, b), a);
      return TRUE;
    case 0x65: /* APPENDS */
      if (!pop_mark (vm, &first, &count, error) || !top_of_kind (vm, count, TIDE_PICKLE_LIST, &b, error))
        return FALSE;
      g_array_append_vals (growable (p, b), &vm->stack.data[first], count);
      vm->stack.len = first;
      return TRUE;
    case 0x73: /* SETITEM */
      if (!pop (vm, &b, error) || !pop (vm, &a, error) || !top_of_kind (vm, 0, TIDE_PICKLE_DICT, &c, error))
        return FALSE;
      g_array_append_val (growable (p, c), a);
      g_array_append_val (growable (p, c), b);
      return TRUE;
    case 0x75: /* SETITEMS */
      if (!pop_mark (vm, &first, &count, error) || !top_of_kind (vm, count, TIDE_PICKLE_DICT, &c, error))
        return FALSE;
      if (count % 2 != 0)
        return fail (vm, error, "SETITEMS with a key and no value");
      g_array_append_vals (growable (p, c), &vm->stack.data[first], count);
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

TidePickle *
tide_pickle_load (const guint8  *data,
                  gsize          len,
                  const char    *name,
                  GError       **error)
{
  g_autoptr(TidePickle) p = g_new0 (TidePickle, 1);
  Vm vm = { p, name, data + len, data, 0, { 0 }, { 0 }, { 0 } };
  TidePickle *result = NULL;

  p->data = data;
  p->values = g_array_new (FALSE, FALSE, sizeof (Value));
  p->items = g_array_new (FALSE, FALSE, sizeof (TidePickleRef));
  p->growables = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

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
      vm.at++;
      if (op == 0x2e) /* STOP */
        {
          if (vm.stack.len != 1 || vm.marks.len != 0)
            fail (&vm, error, "STOP with %" G_GSIZE_FORMAT " values on the stack", vm.stack.len);
          else
            {
              p->root = vm.stack.data[0];
              result = g_steal_pointer (&p);
            }
          break;
        }
      if (!run_op (&vm, op, error))
        break;
      if (p->values->len > MAX_VALUES)
        {
          fail (&vm, error, "more values than this reader holds");
          break;
        }
    }

  g_free (vm.stack.data);
  g_free (vm.marks.data);
  g_free (vm.memo.data);
  return result;
}

void
tide_pickle_free (TidePickle *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->values, g_array_unref);
  g_clear_pointer (&self->items, g_array_unref);
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
  return self->values->len;
}

gboolean
tide_pickle_is_value (TidePickle    *self,
                      TidePickleRef  ref)
{
  return (ref & IMMEDIATE) == 0 && ref < self->values->len;
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

  if (ref & IMMEDIATE)
    {
      *out = ref & IMMEDIATE_MAX;
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
      return g_array_index (self->items, TidePickleRef, v->v + i);
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
      return &g_array_index (self->items, TidePickleRef, v->v);
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
