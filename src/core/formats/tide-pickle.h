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

/* Runs @data; NULL with TIDE_TRACE_ERROR and the byte offset on anything
 * outside the allowed subset. @name is used in messages. */
TidePickle      *tide_pickle_load        (const guint8  *data,
                                          gsize          len,
                                          const char    *name,
                                          GError       **error);
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
