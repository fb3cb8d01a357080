/* cr-cli-folders.c — courrier-cli folders ID
 *
 * The account's folders as the store knows them (run `sync` first):
 * role, counts and path, decoded.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cr-cli-commands.h"
#include "cr-cli-messages.h"
#include "cr-store-enums.h"

static const char *
role_nick (CrFolderRole role)
{
  g_autoptr(GEnumClass) roles = g_type_class_ref (CR_TYPE_FOLDER_ROLE);

  return g_enum_get_value (roles, role)->value_nick;
}

static void
print_json (GPtrArray *folders)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < folders->len; i++)
    {
      CrFolderInfo *folder = folders->pdata[i];
      g_autofree char *path = cr_cli_folder_display_path (folder);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "path");
      json_builder_add_string_value (builder, path);
      json_builder_set_member_name (builder, "server_path");
      json_builder_add_string_value (builder, folder->path);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, folder->name);
      json_builder_set_member_name (builder, "role");
      json_builder_add_string_value (builder, role_nick (folder->role));
      json_builder_set_member_name (builder, "total");
      json_builder_add_int_value (builder, folder->total);
      json_builder_set_member_name (builder, "unread");
      json_builder_add_int_value (builder, folder->unread);
      json_builder_set_member_name (builder, "subscribed");
      json_builder_add_boolean_value (builder, (folder->flags & CR_FOLDER_FLAG_SUBSCRIBED) != 0);
      json_builder_set_member_name (builder, "selectable");
      json_builder_add_boolean_value (builder, (folder->flags & CR_FOLDER_FLAG_NOSELECT) == 0);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  node = json_builder_get_root (builder);
  cr_cli_print_json (node);
}

static void
print_text (GPtrArray *folders)
{
  for (guint i = 0; i < folders->len; i++)
    {
      CrFolderInfo *folder = folders->pdata[i];
      g_autofree char *path = cr_cli_folder_display_path (folder);

      g_print ("%s\t%s\t%u\t%u\n", path, role_nick (folder->role), folder->total, folder->unread);
    }
}

int
cr_cli_folders (CrCli  *cli,
                int     argc,
                char  **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CrAccount) account = NULL;
  g_autoptr(GPtrArray) folders = NULL;
  CrStore *store;
  int status;

  options = cr_cli_option_context_new (cli, "folders", N_("ID"),
                                       N_("Lists the account’s folders as the local store knows "
                                          "them: path, role, messages and unread messages."));
  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!cr_cli_parse (cli, options, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return cr_cli_usage_error (cli, _("Give the identifier of one account."));

  if ((account = cr_cli_lookup_account (cli, argv[1], &error)) == NULL ||
      (store = cr_context_get_store (cr_cli_get_context (cli), &error)) == NULL ||
      (folders = cr_store_list_folders (store, argv[1], &error)) == NULL)
    return cr_cli_report_error (error);

  if (json)
    print_json (folders);
  else
    print_text (folders);

  return CR_CLI_EXIT_OK;
}
