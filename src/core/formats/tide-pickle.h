/* tide-pickle.h: a safe pickle reader for tracemalloc snapshots
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A pickle is a program for a stack machine. This one runs only the opcodes
 * that the pickles of tracemalloc.Snapshot use, resolves no global but the
 * two tracemalloc classes, and calls nothing: it builds plain values
 * (integers, strings, tuples, lists, dicts, and "objects" that are a class
 * name plus a state dict). Anything else is refused with the byte offset.
 * Values live in one arena; no recursion follows the input's nesting.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  TIDE_PICKLE_NONE,
  TIDE_PICKLE_INT,
  TIDE_PICKLE_STR,
  TIDE_PICKLE_TUPLE,
  TIDE_PICKLE_LIST,
  TIDE_PICKLE_DICT,   /* items are key, value, key, value ... */
  TIDE_PICKLE_CLASS,  /* str = "tracemalloc.Snapshot" or "tracemalloc._Traces" */
  TIDE_PICKLE_OBJECT, /* items[0] = class, items[1] = state dict (or NONE) */
} TidePickleKind;

typedef guint32 TidePickleRef;

typedef struct _TidePickle TidePickle;

/* The reference a hook's caller sees for a tuple handed to it as an item
 * of a streamed list (it is not stored). */
#define TIDE_PICKLE_REF_CONSUMED 0xfffffffeu

/* A non-negative int below 2^31 - 2 is held in its reference, with this
 * bit set: readers may take it without a call (tide_pickle_get_uint does
 * the same). */
#define TIDE_PICKLE_REF_SMALL_INT 0x80000000u

static inline gboolean
tide_pickle_ref_is_small_int (TidePickleRef ref)
{
  return (ref & TIDE_PICKLE_REF_SMALL_INT) != 0 && ref < TIDE_PICKLE_REF_CONSUMED;
}

/* Streaming: a reader that wants the items of one big list (a dump's
 * traces) one at a time, without the VM storing them. */
typedef struct
{
  /* EMPTY_LIST while the string @key is on top of the stack (the dict key
   * the list will be stored under): TRUE streams the list. Its items then
   * go to @item and it stays empty. */
  gboolean (*stream_list) (const char  *key,
                           gsize        key_len,
                           gpointer     user_data);
  /* One item of a streamed list. A tuple made right where it is appended
   * comes as @fields (its items; @ref is TIDE_PICKLE_REF_CONSUMED) when it
   * is made, and is never stored: a later memo reference to it, or any
   * use of it but the append, fails the pickle. Other items come as @ref,
   * with no fields, when appended; order among the two kinds may differ.
   * FALSE (with @error) stops the VM. */
  gboolean (*item)        (TidePickle           *p,
                           TidePickleRef         ref,
                           const TidePickleRef  *fields,
                           guint                 n_fields,
                           gpointer              user_data,
                           GError              **error);
} TidePickleHooks;

/* Runs @data; NULL with TIDE_TRACE_ERROR and the byte offset on anything
 * outside the allowed subset. @name is used in messages. */
TidePickle      *tide_pickle_load        (const guint8  *data,
                                          gsize          len,
                                          const char    *name,
                                          GError       **error);
/* Runs the pickle that starts at *@offset in @data (files may hold several
 * one after another); *@offset is then past its STOP. Byte offsets in
 * errors count from the start of @data. @hooks may be NULL. */
TidePickle      *tide_pickle_load_stream (const guint8           *data,
                                          gsize                   len,
                                          gsize                  *offset,
                                          const char             *name,
                                          const TidePickleHooks  *hooks,
                                          gpointer                user_data,
                                          GError                **error);
void             tide_pickle_free        (TidePickle    *self);

TidePickleRef    tide_pickle_get_root    (TidePickle    *self);
/* Refs of values (not of small ints) are below this: for caches by ref. */
guint            tide_pickle_get_n_values (TidePickle   *self);
/* TRUE for a ref that names a value in the arena (not a small int). */
gboolean         tide_pickle_is_value    (TidePickle    *self,
                                          TidePickleRef  ref);
TidePickleKind   tide_pickle_get_kind    (TidePickle    *self,
                                          TidePickleRef  ref);
/* INT: FALSE when it does not fit (negative, or over 64 bits). */
gboolean         tide_pickle_get_uint    (TidePickle    *self,
                                          TidePickleRef  ref,
                                          guint64       *value);
/* STR or CLASS: the bytes (UTF-8 as written) and their length. */
const char      *tide_pickle_get_str     (TidePickle    *self,
                                          TidePickleRef  ref,
                                          gsize         *len);
/* TUPLE, LIST, DICT, OBJECT: the items. */
guint            tide_pickle_get_n_items (TidePickle    *self,
                                          TidePickleRef  ref);
TidePickleRef    tide_pickle_get_item    (TidePickle    *self,
                                          TidePickleRef  ref,
                                          guint          i);
/* TUPLE, LIST, DICT: all items at once (valid until the pickle is freed). */
const TidePickleRef *tide_pickle_get_items (TidePickle    *self,
                                            TidePickleRef  ref,
                                            guint         *n);
/* DICT: the value of the string key @key, or G_MAXUINT32. */
TidePickleRef    tide_pickle_dict_lookup (TidePickle    *self,
                                          TidePickleRef  dict,
                                          const char    *key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TidePickle, tide_pickle_free)

G_END_DECLS
