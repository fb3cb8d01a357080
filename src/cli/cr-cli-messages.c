/* cr-cli-messages.c — how courrier-cli prints folders and messages
 *
 * The text form is for people and simple scripts: one message a line,
 * tab-separated, starting with the identifier `show` takes. The JSON
 * form is for programs: decoded UTF-8, dates in ISO 8601 (UTC), flags as
 * names.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cr-cli-messages.h"
#include "cr-mutf7.h"
#include "cr-store-enums.h"

static CrFolderInfo *
lookup_role (CrStore    *store,
             const char *account_id,
             const char *name)
{
  g_autoptr(GEnumClass) roles = g_type_class_ref (CR_TYPE_FOLDER_ROLE);
  GEnumValue *value = g_enum_get_value_by_nick (roles, name);

  if (value == NULL || value->value == CR_FOLDER_ROLE_NONE)
    return NULL;

  return cr_store_lookup_folder_by_role (store, account_id, value->value, NULL);
}

CrFolderInfo *
cr_cli_lookup_folder (CrStore     *store,
                      const char  *account_id,
                      const char  *name,
                      GError     **error)
{
  g_autoptr(GPtrArray) folders = NULL;
  CrFolderInfo *folder;

  if ((folder = lookup_role (store, account_id, name)) != NULL)
    return folder;
  if ((folders = cr_store_list_folders (store, account_id, error)) == NULL)
    return NULL;

  for (guint i = 0; i < folders->len; i++)
    {
      CrFolderInfo *candidate = folders->pdata[i];
      g_autofree char *decoded = cr_cli_folder_display_path (candidate);

      if (g_strcmp0 (candidate->path, name) == 0 || g_strcmp0 (decoded, name) == 0)
        return cr_folder_info_ref (candidate);
    }

  g_set_error (error, CR_STORE_ERROR, CR_STORE_ERROR_NOT_FOUND,
               /* Translators: %s is a folder; keep “sync” as is */
               _("There is no folder “%s” in this account (run “sync” first?)."), name);
  return NULL;
}

char *
cr_cli_folder_display_path (CrFolderInfo *folder)
{
  char *decoded;

  /* POP3 and local folders are in UTF-8 already. */
  if ((folder->flags & CR_FOLDER_FLAG_LOCAL_ONLY) != 0)
    return g_strdup (folder->path);
  decoded = cr_mutf7_decode (folder->path);

  return decoded != NULL ? decoded : g_strdup (folder->path);
}

GStrv
cr_cli_flag_names (CrMessageFlags flags)
{
  g_autoptr(GFlagsClass) klass = g_type_class_ref (CR_TYPE_MESSAGE_FLAGS);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();

  for (guint i = 0; i < klass->n_values; i++)
    if (klass->values[i].value != 0 && (flags & klass->values[i].value) == klass->values[i].value)
      g_strv_builder_add (names, klass->values[i].value_nick);

  return g_strv_builder_end (names);
}

char *
cr_cli_format_date (gint64 unix_time)
{
  g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (unix_time);

  return date != NULL ? g_date_time_format (date, "%Y-%m-%dT%H:%M:%SZ") : g_strdup ("");
}

static const char *
sender (CrMessageInfo *info)
{
  if (info->from_name != NULL && *info->from_name != '\0')
    return info->from_name;

  return info->from_address != NULL ? info->from_address : "";
}

void
cr_cli_print_message_line (CrMessageInfo *info)
{
  g_autofree char *date = cr_cli_format_date (info->date);
  g_auto(GStrv) flags = cr_cli_flag_names (info->flags);
  g_autofree char *joined = g_strjoinv (",", flags);

  g_print ("%" G_GINT64_FORMAT "\t%s\t%s\t%s\t%s\n", info->id, date, *joined != '\0' ? joined : "-",
           sender (info), info->subject != NULL ? info->subject : "");
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_addresses (JsonBuilder *builder,
               const char  *name,
               GPtrArray   *addresses)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < addresses->len; i++)
    {
      CrAddress *address = addresses->pdata[i];

      json_builder_begin_object (builder);
      add_string (builder, "name", address->name);
      add_string (builder, "address", address->address);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_strv (JsonBuilder        *builder,
          const char         *name,
          const char * const *values)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);
}

void
cr_cli_add_message_members (JsonBuilder   *builder,
                            CrMessageInfo *info,
                            CrFolderInfo  *folder)
{
  g_autofree char *date = cr_cli_format_date (info->date);
  g_autofree char *path = folder != NULL ? cr_cli_folder_display_path (folder) : NULL;
  g_auto(GStrv) flags = cr_cli_flag_names (info->flags);

  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, info->id);
  if (folder != NULL)
    {
      add_string (builder, "account", folder->account_id);
      add_string (builder, "folder", path);
    }
  json_builder_set_member_name (builder, "uid");
  json_builder_add_int_value (builder, info->uid);
  add_string (builder, "message_id", info->message_id);
  add_string (builder, "subject", info->subject);
  json_builder_set_member_name (builder, "from");
  json_builder_begin_object (builder);
  add_string (builder, "name", info->from_name);
  add_string (builder, "address", info->from_address);
  json_builder_end_object (builder);
  add_addresses (builder, "to", info->to);
  add_addresses (builder, "cc", info->cc);
  add_string (builder, "date", date);
  json_builder_set_member_name (builder, "size");
  json_builder_add_int_value (builder, info->size);
  add_strv (builder, "flags", (const char * const *) flags);
  add_strv (builder, "attachments", (const char * const *) info->attachment_names);
  add_string (builder, "preview", info->preview);
}

void
cr_cli_print_messages (CrStore   *store,
                       GPtrArray *infos,
                       gboolean   json)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GHashTable) folders = NULL;

  if (!json)
    {
      for (guint i = 0; i < infos->len; i++)
        cr_cli_print_message_line (infos->pdata[i]);
      return;
    }

  folders = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                   (GDestroyNotify) cr_folder_info_unref);
  builder = json_builder_new ();
  json_builder_begin_array (builder);
  for (guint i = 0; i < infos->len; i++)
    {
      CrMessageInfo *info = infos->pdata[i];
      CrFolderInfo *folder = g_hash_table_lookup (folders, &info->folder_id);

      if (folder == NULL && (folder = cr_store_get_folder (store, info->folder_id, NULL)) != NULL)
        g_hash_table_insert (folders, &folder->id, folder);
      json_builder_begin_object (builder);
      cr_cli_add_message_members (builder, info, folder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  node = json_builder_get_root (builder);
  cr_cli_print_json (node);
}
