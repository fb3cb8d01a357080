/* cr-store-types.h — plain data the message store takes and gives
 *
 * These structures are plain, reference-counted data with public fields:
 * the sync engine fills them from IMAP/POP3 answers, the message list and
 * the command-line client read them. None of them is tied to a database
 * connection, so they can cross threads freely once built.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CR_STORE_ERROR (cr_store_error_quark ())

typedef enum
{
  CR_STORE_ERROR_FAILED,         /*< nick=failed >*/
  CR_STORE_ERROR_NOT_FOUND,      /*< nick=not-found >*/
  CR_STORE_ERROR_FULL,           /*< nick=full >*/
  CR_STORE_ERROR_READ_ONLY,      /*< nick=read-only >*/
  CR_STORE_ERROR_FUTURE_VERSION, /*< nick=future-version >*/
  CR_STORE_ERROR_CORRUPT,        /*< nick=corrupt >*/
  CR_STORE_ERROR_CLOSED,         /*< nick=closed >*/
  CR_STORE_ERROR_INVALID,        /*< nick=invalid >*/
} CrStoreError;

/* The special folders, named in French by the UI. */
typedef enum
{
  CR_FOLDER_ROLE_NONE,    /*< nick=none >*/
  CR_FOLDER_ROLE_INBOX,   /*< nick=inbox >*/
  CR_FOLDER_ROLE_SENT,    /*< nick=sent >*/
  CR_FOLDER_ROLE_DRAFTS,  /*< nick=drafts >*/
  CR_FOLDER_ROLE_TRASH,   /*< nick=trash >*/
  CR_FOLDER_ROLE_JUNK,    /*< nick=junk >*/
  CR_FOLDER_ROLE_ARCHIVE, /*< nick=archive >*/
} CrFolderRole;

typedef enum /*< flags >*/
{
  CR_FOLDER_FLAG_NONE       = 0,      /*< nick=none >*/
  CR_FOLDER_FLAG_SUBSCRIBED = 1 << 0, /*< nick=subscribed >*/
  CR_FOLDER_FLAG_NOSELECT   = 1 << 1, /*< nick=noselect >*/
  /* POP3 and local folders: the store holds the only copy of their mail,
   * so their raw messages are written durably in the data directory. */
  CR_FOLDER_FLAG_LOCAL_ONLY = 1 << 2, /*< nick=local-only >*/
} CrFolderFlags;

/* Stored as a bitmask in messages.flags: the values are part of the
 * database format, never renumber them. */
typedef enum /*< flags >*/
{
  CR_MESSAGE_FLAG_NONE      = 0,      /*< nick=none >*/
  CR_MESSAGE_FLAG_SEEN      = 1 << 0, /*< nick=seen >*/
  CR_MESSAGE_FLAG_ANSWERED  = 1 << 1, /*< nick=answered >*/
  CR_MESSAGE_FLAG_FLAGGED   = 1 << 2, /*< nick=flagged >*/
  CR_MESSAGE_FLAG_DELETED   = 1 << 3, /*< nick=deleted >*/
  CR_MESSAGE_FLAG_DRAFT     = 1 << 4, /*< nick=draft >*/
  CR_MESSAGE_FLAG_FORWARDED = 1 << 5, /*< nick=forwarded >*/
  CR_MESSAGE_FLAG_JUNK      = 1 << 6, /*< nick=junk >*/
} CrMessageFlags;

typedef enum
{
  CR_BODY_STATE_NONE,   /*< nick=none >*/
  CR_BODY_STATE_CACHED, /*< nick=cached >*/
} CrBodyState;

typedef enum
{
  CR_SORT_DATE,    /*< nick=date >*/
  CR_SORT_SENDER,  /*< nick=sender >*/
  CR_SORT_SUBJECT, /*< nick=subject >*/
  CR_SORT_SIZE,    /*< nick=size >*/
} CrSortKey;

/* Filters combine with AND. */
typedef enum /*< flags >*/
{
  CR_MESSAGE_FILTER_NONE       = 0,      /*< nick=none >*/
  CR_MESSAGE_FILTER_UNREAD     = 1 << 0, /*< nick=unread >*/
  CR_MESSAGE_FILTER_FLAGGED    = 1 << 1, /*< nick=flagged >*/
  CR_MESSAGE_FILTER_ATTACHMENT = 1 << 2, /*< nick=attachment >*/
} CrMessageFilter;

/* What a "changed" signal of CrStore reports; several may be or-ed. */
typedef enum /*< flags >*/
{
  CR_STORE_CHANGE_FOLDERS  = 1 << 0, /*< nick=folders >*/
  CR_STORE_CHANGE_ADDED    = 1 << 1, /*< nick=added >*/
  CR_STORE_CHANGE_UPDATED  = 1 << 2, /*< nick=updated >*/
  CR_STORE_CHANGE_REMOVED  = 1 << 3, /*< nick=removed >*/
  CR_STORE_CHANGE_RESET    = 1 << 4, /*< nick=reset >*/
  CR_STORE_CHANGE_QUEUE    = 1 << 5, /*< nick=queue >*/
} CrStoreChange;

/* Stored as text in operations.kind (the nick): never rename. */
typedef enum
{
  CR_OPERATION_SET_FLAGS,   /*< nick=set-flags >*/
  CR_OPERATION_CLEAR_FLAGS, /*< nick=clear-flags >*/
  CR_OPERATION_MOVE,        /*< nick=move >*/
  CR_OPERATION_COPY,        /*< nick=copy >*/
  CR_OPERATION_DELETE,      /*< nick=delete >*/
  CR_OPERATION_EXPUNGE,     /*< nick=expunge >*/
  CR_OPERATION_APPEND,      /*< nick=append >*/
} CrOperationKind;

GQuark cr_store_error_quark (void);

/* ------------------------------------------------------------------ */

/* A person in From/To/Cc. Both strings are decoded UTF-8; name may be
 * NULL, address may be NULL for a group or a broken header. */
typedef struct
{
  char *name;
  char *address;
} CrAddress;

#define CR_TYPE_ADDRESS (cr_address_get_type ())

GType      cr_address_get_type (void) G_GNUC_CONST;
CrAddress *cr_address_new      (const char *name,
                                const char *address);
CrAddress *cr_address_copy     (const CrAddress *self);
void       cr_address_free     (CrAddress *self);

/* ------------------------------------------------------------------ */

typedef struct
{
  /*< private >*/
  gatomicrefcount ref_count;

  /*< public >*/
  gint64         id;            /* 0 until stored */
  char          *account_id;    /* the id of the account in accounts.ini */
  char          *path;          /* server path, raw (modified UTF-7 for IMAP) */
  char          *name;          /* decoded display name of the last path part */
  char           delimiter;     /* hierarchy delimiter, '\0' for none */
  CrFolderRole   role;
  CrFolderFlags  flags;
  guint32        uidvalidity;   /* 0: never synced */
  guint32        uidnext;
  guint64        highestmodseq; /* 0: no CONDSTORE */
  guint          total;         /* maintained by the store, read-only */
  guint          unread;        /* maintained by the store, read-only */
} CrFolderInfo;

#define CR_TYPE_FOLDER_INFO (cr_folder_info_get_type ())

GType         cr_folder_info_get_type (void) G_GNUC_CONST;
CrFolderInfo *cr_folder_info_new      (const char   *account_id,
                                       const char   *path);
CrFolderInfo *cr_folder_info_ref      (CrFolderInfo *self);
void          cr_folder_info_unref    (CrFolderInfo *self);

/* ------------------------------------------------------------------ */

typedef struct
{
  /*< private >*/
  gatomicrefcount ref_count;

  /*< public >*/
  gint64          id;             /* 0 until stored; stable for the row */
  gint64          folder_id;
  guint32         uid;            /* 0: not (yet) on the server */
  char           *message_id;     /* without the angle brackets */
  char           *subject;        /* decoded */
  char           *from_name;      /* decoded, may be NULL */
  char           *from_address;
  GPtrArray      *to;             /* (element-type CrAddress), never NULL */
  GPtrArray      *cc;             /* (element-type CrAddress), never NULL */
  gint64          date;           /* Date: header, Unix time (UTC) */
  gint64          internal_date;  /* arrival on the server, Unix time */
  gint64          size;           /* RFC822.SIZE in bytes */
  CrMessageFlags  flags;
  gboolean        has_attachment;
  char          **attachment_names; /* (nullable) NULL-terminated, decoded */
  char           *references;     /* raw References: ids, space separated */
  char           *in_reply_to;
  char           *preview;        /* a short plain-text extract, may be NULL */
  CrBodyState     body_state;     /* read-only: set by cr_store_save_body() */
  guint64         modseq;
  char           *thread_key;     /* read-only: root Message-ID of the thread */
} CrMessageInfo;

#define CR_TYPE_MESSAGE_INFO (cr_message_info_get_type ())

GType          cr_message_info_get_type          (void) G_GNUC_CONST;
CrMessageInfo *cr_message_info_new               (void);
CrMessageInfo *cr_message_info_ref               (CrMessageInfo *self);
void           cr_message_info_unref             (CrMessageInfo *self);
void           cr_message_info_add_to            (CrMessageInfo *self,
                                                  const char    *name,
                                                  const char    *address);
void           cr_message_info_add_cc            (CrMessageInfo *self,
                                                  const char    *name,
                                                  const char    *address);

/* One line of a flags scan or a FETCH FLAGS answer. */
typedef struct
{
  guint32        uid;
  CrMessageFlags flags;
  guint64        modseq; /* 0 when unknown */
} CrUidFlags;

/* What a message list shows: one folder, sorted, filtered. */
typedef struct
{
  gint64          folder_id;
  CrSortKey       sort;
  gboolean        ascending; /* FALSE: newest/largest/Z first */
  CrMessageFilter filter;
} CrMessageQuery;

/* ------------------------------------------------------------------ */

/* One local-first change waiting to be replayed to the server. */
typedef struct
{
  /*< private >*/
  gatomicrefcount ref_count;

  /*< public >*/
  gint64           id;               /* 0 until enqueued */
  char            *account_id;
  CrOperationKind  kind;
  gint64           folder_id;        /* the source folder */
  GArray          *uids;             /* (element-type guint32), never NULL */
  GArray          *message_ids;      /* (element-type gint64) store ids, never NULL */
  CrMessageFlags   flags;            /* SET_FLAGS / CLEAR_FLAGS */
  gint64           target_folder_id; /* MOVE / COPY, else 0 */
  gint64           created;          /* Unix time, set by the store */
  guint            attempts;         /* failed attempts so far */
  gint64           next_attempt;     /* Unix time; 0: at once */
  char            *last_error;       /* (nullable) */
} CrOperation;

#define CR_TYPE_OPERATION (cr_operation_get_type ())

GType        cr_operation_get_type (void) G_GNUC_CONST;
CrOperation *cr_operation_new      (const char      *account_id,
                                    CrOperationKind  kind,
                                    gint64           folder_id);
CrOperation *cr_operation_ref      (CrOperation     *self);
void         cr_operation_unref    (CrOperation     *self);

/* What the store remembers of a message seen on a POP3 server. */
typedef struct
{
  char    *uidl;
  gint64   message_id;         /* 0 when the message was deleted here */
  gint64   first_seen;         /* Unix time, for "delete after N days" */
  gboolean deleted_on_server;
} CrPopUidl;

#define CR_TYPE_POP_UIDL (cr_pop_uidl_get_type ())

GType      cr_pop_uidl_get_type (void) G_GNUC_CONST;
CrPopUidl *cr_pop_uidl_copy     (const CrPopUidl *self);
void       cr_pop_uidl_free     (CrPopUidl       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrAddress, cr_address_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrFolderInfo, cr_folder_info_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrMessageInfo, cr_message_info_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrOperation, cr_operation_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrPopUidl, cr_pop_uidl_free)

G_END_DECLS
