/* cr-sidebar-item.c — an account or a folder in the sidebar's tree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cr-sidebar-item.h"

struct _CrSidebarItem
{
  GObject         parent_instance;

  CrAccount      *account;
  CrFolderInfo   *folder;
  CrAccountState *state;
  GListStore     *children;
};

G_DEFINE_FINAL_TYPE (CrSidebarItem, cr_sidebar_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_UNREAD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The order of the special folders, as in the webmail people know. */
static const struct {
  CrFolderRole  role;
  const char   *icon_name;
} roles[] = {
  { CR_FOLDER_ROLE_INBOX, "folder-download-symbolic" },
  { CR_FOLDER_ROLE_DRAFTS, "document-edit-symbolic" },
  { CR_FOLDER_ROLE_SENT, "mail-send-symbolic" },
  { CR_FOLDER_ROLE_JUNK, "mail-mark-junk-symbolic" },
  { CR_FOLDER_ROLE_TRASH, "user-trash-symbolic" },
  { CR_FOLDER_ROLE_ARCHIVE, "package-x-generic-symbolic" },
};

static guint
role_rank (CrFolderRole role)
{
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    if (roles[i].role == role)
      return i;

  return G_N_ELEMENTS (roles);
}

/**
 * cr_folder_role_get_title:
 *
 * Returns: (nullable): the translated name of a special folder, %NULL for
 *   CR_FOLDER_ROLE_NONE
 */
const char *
cr_folder_role_get_title (CrFolderRole role)
{
  switch (role)
    {
    case CR_FOLDER_ROLE_INBOX:
      return _("Inbox");
    case CR_FOLDER_ROLE_DRAFTS:
      return _("Drafts");
    case CR_FOLDER_ROLE_SENT:
      return _("Sent");
    case CR_FOLDER_ROLE_JUNK:
      return _("Junk");
    case CR_FOLDER_ROLE_TRASH:
      return _("Trash");
    case CR_FOLDER_ROLE_ARCHIVE:
      return _("Archive");
    case CR_FOLDER_ROLE_NONE:
    default:
      return NULL;
    }
}

/* Special folders first in their fixed order, then the others by name. */
int
cr_folder_info_compare_for_sidebar (const CrFolderInfo *a,
                                    const CrFolderInfo *b)
{
  guint rank_a = role_rank (a->role);
  guint rank_b = role_rank (b->role);

  if (rank_a != rank_b)
    return rank_a < rank_b ? -1 : 1;

  return g_utf8_collate (a->name != NULL ? a->name : a->path,
                         b->name != NULL ? b->name : b->path);
}

static void
cr_sidebar_item_dispose (GObject *object)
{
  CrSidebarItem *self = CR_SIDEBAR_ITEM (object);

  g_clear_object (&self->account);
  g_clear_object (&self->state);
  g_clear_object (&self->children);

  G_OBJECT_CLASS (cr_sidebar_item_parent_class)->dispose (object);
}

static void
cr_sidebar_item_finalize (GObject *object)
{
  CrSidebarItem *self = CR_SIDEBAR_ITEM (object);

  g_clear_pointer (&self->folder, cr_folder_info_unref);

  G_OBJECT_CLASS (cr_sidebar_item_parent_class)->finalize (object);
}

static void
cr_sidebar_item_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CrSidebarItem *self = CR_SIDEBAR_ITEM (object);

  switch (prop_id)
    {
    case PROP_UNREAD:
      g_value_set_uint (value, cr_sidebar_item_get_unread (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cr_sidebar_item_class_init (CrSidebarItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cr_sidebar_item_dispose;
  object_class->finalize = cr_sidebar_item_finalize;
  object_class->get_property = cr_sidebar_item_get_property;

  properties[PROP_UNREAD] =
    g_param_spec_uint ("unread", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cr_sidebar_item_init (CrSidebarItem *self)
{
}

CrSidebarItem *
cr_sidebar_item_new_account (CrAccount *account)
{
  CrSidebarItem *self = g_object_new (CR_TYPE_SIDEBAR_ITEM, NULL);

  self->account = g_object_ref (account);
  self->state = cr_account_state_new ();
  self->children = g_list_store_new (CR_TYPE_SIDEBAR_ITEM);

  return self;
}

CrSidebarItem *
cr_sidebar_item_new_folder (CrAccount    *account,
                            CrFolderInfo *folder)
{
  CrSidebarItem *self = g_object_new (CR_TYPE_SIDEBAR_ITEM, NULL);

  self->account = g_object_ref (account);
  self->folder = cr_folder_info_ref (folder);

  return self;
}

gboolean
cr_sidebar_item_is_account (CrSidebarItem *self)
{
  g_return_val_if_fail (CR_IS_SIDEBAR_ITEM (self), FALSE);

  return self->folder == NULL;
}

CrAccount *
cr_sidebar_item_get_account (CrSidebarItem *self)
{
  g_return_val_if_fail (CR_IS_SIDEBAR_ITEM (self), NULL);

  return self->account;
}

CrFolderInfo *
cr_sidebar_item_get_folder (CrSidebarItem *self)
{
  g_return_val_if_fail (CR_IS_SIDEBAR_ITEM (self), NULL);

  return self->folder;
}

/* New counts or a new name from the store. */
void
cr_sidebar_item_set_folder (CrSidebarItem *self,
                            CrFolderInfo  *folder)
{
  guint old_unread;

  g_return_if_fail (CR_IS_SIDEBAR_ITEM (self));
  g_return_if_fail (self->folder != NULL && folder != NULL);

  old_unread = self->folder->unread;
  cr_folder_info_ref (folder);
  cr_folder_info_unref (self->folder);
  self->folder = folder;

  if (old_unread != folder->unread)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNREAD]);
}

GListStore *
cr_sidebar_item_get_children (CrSidebarItem *self)
{
  g_return_val_if_fail (CR_IS_SIDEBAR_ITEM (self), NULL);

  return self->children;
}

GListStore *
cr_sidebar_item_ensure_children (CrSidebarItem *self)
{
  g_return_val_if_fail (CR_IS_SIDEBAR_ITEM (self), NULL);

  if (self->children == NULL)
    self->children = g_list_store_new (CR_TYPE_SIDEBAR_ITEM);

  return self->children;
}

CrAccountState *
cr_sidebar_item_get_state (CrSidebarItem *self)
{
  g_return_val_if_fail (CR_IS_SIDEBAR_ITEM (self), NULL);

  return self->state;
}

const char *
cr_sidebar_item_get_title (CrSidebarItem *self)
{
  const char *title;

  g_return_val_if_fail (CR_IS_SIDEBAR_ITEM (self), NULL);

  if (self->folder == NULL)
    return cr_account_get_display_name (self->account);

  title = cr_folder_role_get_title (self->folder->role);
  if (title != NULL)
    return title;

  return self->folder->name != NULL ? self->folder->name : self->folder->path;
}

const char *
cr_sidebar_item_get_icon_name (CrSidebarItem *self)
{
  guint rank;

  g_return_val_if_fail (CR_IS_SIDEBAR_ITEM (self), NULL);

  if (self->folder == NULL)
    return "mail-unread-symbolic";

  rank = role_rank (self->folder->role);

  return rank < G_N_ELEMENTS (roles) ? roles[rank].icon_name : "folder-symbolic";
}

guint
cr_sidebar_item_get_unread (CrSidebarItem *self)
{
  g_return_val_if_fail (CR_IS_SIDEBAR_ITEM (self), 0);

  return self->folder != NULL ? self->folder->unread : 0;
}
