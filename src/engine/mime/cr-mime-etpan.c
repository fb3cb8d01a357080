/* cr-mime-etpan.c — what the reader needs from libetpan’s MIME structures
 *
 * Content types as strings, parameters decoded (RFC 2231, RFC 2047),
 * dispositions, Content-IDs and decoded bodies, so the walk of the tree
 * reads like the rules it applies.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cr-mime-etpan.h"
#include "cr-mime-header.h"

char *
cr_mime_etpan_content_type (struct mailmime_content *content)
{
  const char *type = "text";

  if (content == NULL || content->ct_type == NULL || content->ct_subtype == NULL)
    return g_strdup ("text/plain");

  if (content->ct_type->tp_type == MAILMIME_TYPE_DISCRETE_TYPE)
    {
      struct mailmime_discrete_type *discrete = content->ct_type->tp_data.tp_discrete_type;

      switch (discrete->dt_type)
        {
        case MAILMIME_DISCRETE_TYPE_TEXT: type = "text"; break;
        case MAILMIME_DISCRETE_TYPE_IMAGE: type = "image"; break;
        case MAILMIME_DISCRETE_TYPE_AUDIO: type = "audio"; break;
        case MAILMIME_DISCRETE_TYPE_VIDEO: type = "video"; break;
        case MAILMIME_DISCRETE_TYPE_APPLICATION: type = "application"; break;
        default: type = discrete->dt_extension != NULL ? discrete->dt_extension : "application"; break;
        }
    }
  else if (content->ct_type->tp_type == MAILMIME_TYPE_COMPOSITE_TYPE)
    {
      struct mailmime_composite_type *composite = content->ct_type->tp_data.tp_composite_type;

      switch (composite->ct_type)
        {
        case MAILMIME_COMPOSITE_TYPE_MESSAGE: type = "message"; break;
        case MAILMIME_COMPOSITE_TYPE_MULTIPART: type = "multipart"; break;
        default: type = composite->ct_token != NULL ? composite->ct_token : "application"; break;
        }
    }

  {
    g_autofree char *joined = g_strconcat (type, "/", content->ct_subtype, NULL);

    return g_ascii_strdown (joined, -1);
  }
}

/* libetpan’s parameter list as name/value pairs; the strings stay its. */
static GArray *
params_from_clist (clist *list)
{
  GArray *params = g_array_new (FALSE, TRUE, sizeof (CrMimeParam));

  for (clistiter *it = list != NULL ? clist_begin (list) : NULL; it != NULL; it = clist_next (it))
    {
      struct mailmime_parameter *parameter = clist_content (it);
      CrMimeParam param = { parameter->pa_name, parameter->pa_value };

      g_array_append_val (params, param);
    }

  return params;
}

static GArray *
params_from_disposition (struct mailmime_disposition *disposition)
{
  GArray *params = g_array_new (FALSE, TRUE, sizeof (CrMimeParam));

  if (disposition == NULL || disposition->dsp_parms == NULL)
    return params;

  for (clistiter *it = clist_begin (disposition->dsp_parms); it != NULL; it = clist_next (it))
    {
      struct mailmime_disposition_parm *parm = clist_content (it);
      CrMimeParam param = { NULL, NULL };

      if (parm->pa_type == MAILMIME_DISPOSITION_PARM_FILENAME)
        param = (CrMimeParam) { "filename", parm->pa_data.pa_filename };
      else if (parm->pa_type == MAILMIME_DISPOSITION_PARM_PARAMETER)
        param = (CrMimeParam) { parm->pa_data.pa_parameter->pa_name, parm->pa_data.pa_parameter->pa_value };
      if (param.name != NULL)
        g_array_append_val (params, param);
    }

  return params;
}

char *
cr_mime_etpan_content_param (struct mailmime *mime,
                             const char      *name)
{
  g_autoptr(GArray) params = params_from_clist (mime->mm_content_type != NULL ?
                                                mime->mm_content_type->ct_parameters : NULL);

  return cr_mime_decode_parameter ((CrMimeParam *) (void *) params->data, params->len, name);
}

static struct mailmime_field *
find_field (struct mailmime *mime,
            int              type)
{
  if (mime->mm_mime_fields == NULL || mime->mm_mime_fields->fld_list == NULL)
    return NULL;

  for (clistiter *it = clist_begin (mime->mm_mime_fields->fld_list); it != NULL; it = clist_next (it))
    {
      struct mailmime_field *field = clist_content (it);

      if (field->fld_type == type)
        return field;
    }

  return NULL;
}

static struct mailmime_disposition *
find_disposition (struct mailmime *mime)
{
  struct mailmime_field *field = find_field (mime, MAILMIME_FIELD_DISPOSITION);

  return field != NULL ? field->fld_data.fld_disposition : NULL;
}

CrMimeDisposition
cr_mime_etpan_disposition (struct mailmime *mime)
{
  struct mailmime_disposition *disposition = find_disposition (mime);

  if (disposition == NULL || disposition->dsp_type == NULL)
    return CR_MIME_DISPOSITION_NONE;
  if (disposition->dsp_type->dsp_type == MAILMIME_DISPOSITION_TYPE_INLINE)
    return CR_MIME_DISPOSITION_INLINE;

  /* Unknown dispositions are to be treated as attachment (RFC 2183). */
  return CR_MIME_DISPOSITION_ATTACHMENT;
}

char *
cr_mime_etpan_filename (struct mailmime *mime)
{
  g_autoptr(GArray) params = params_from_disposition (find_disposition (mime));
  char *filename = cr_mime_decode_parameter ((CrMimeParam *) (void *) params->data, params->len, "filename");

  if (filename == NULL)
    filename = cr_mime_etpan_content_param (mime, "name");

  return filename;
}

const char *
cr_mime_etpan_content_id (struct mailmime *mime)
{
  struct mailmime_field *field = find_field (mime, MAILMIME_FIELD_ID);

  return field != NULL ? field->fld_data.fld_id : NULL;
}

GBytes *
cr_mime_etpan_decode (struct mailmime_data *data)
{
  size_t index = 0;
  char *decoded = NULL;
  size_t decoded_length = 0;
  GBytes *bytes;

  if (data == NULL || data->dt_type != MAILMIME_DATA_TEXT || data->dt_data.dt_text.dt_data == NULL)
    return g_bytes_new (NULL, 0);

  if (!data->dt_encoded ||
      mailmime_part_parse (data->dt_data.dt_text.dt_data, data->dt_data.dt_text.dt_length,
                           &index, data->dt_encoding, &decoded, &decoded_length) != MAILIMF_NO_ERROR)
    return g_bytes_new (data->dt_data.dt_text.dt_data, data->dt_data.dt_text.dt_length);

  bytes = g_bytes_new (decoded, decoded_length);
  mmap_string_unref (decoded);

  return bytes;
}
