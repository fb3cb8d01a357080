/* cr-reader-date.c — a message's date as a person says it
 *
 * “Today 16:46”, “Yesterday 09:12”, “12 March 2026”: the formats are
 * translated whole, so each language orders day, month and time its way.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cr-reader-date.h"

/* Days between two local dates, ignoring the time of day. */
static int
days_between (GDateTime *earlier,
              GDateTime *later)
{
  g_autoptr(GDateTime) a = g_date_time_new_local (g_date_time_get_year (earlier),
                                                  g_date_time_get_month (earlier),
                                                  g_date_time_get_day_of_month (earlier),
                                                  12, 0, 0);
  g_autoptr(GDateTime) b = g_date_time_new_local (g_date_time_get_year (later),
                                                  g_date_time_get_month (later),
                                                  g_date_time_get_day_of_month (later),
                                                  12, 0, 0);

  /* Noon on both days: a daylight-saving change cannot move a day. */
  return (int) ((g_date_time_difference (b, a) + G_TIME_SPAN_HOUR * 2) / G_TIME_SPAN_DAY);
}

/**
 * cr_reader_format_date:
 * @date: when the message was written
 * @now: (nullable): the present, or %NULL for the real one
 *
 * Returns: (transfer full): @date in the person's time zone and language.
 */
char *
cr_reader_format_date (GDateTime *date,
                       GDateTime *now)
{
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) local_now = NULL;
  const char *format;
  int days;

  g_return_val_if_fail (date != NULL, NULL);

  local = g_date_time_to_local (date);
  local_now = now != NULL ? g_date_time_to_local (now) : g_date_time_new_now_local ();
  days = days_between (local, local_now);

  if (days == 0)
    /* Translators: a message's date when it is today, as in “Today 16:46”;
     * see g_date_time_format() for the codes */
    format = _("Today %H:%M");
  else if (days == 1)
    /* Translators: a message's date when it was yesterday, as in
     * “Yesterday 09:12”; see g_date_time_format() for the codes */
    format = _("Yesterday %H:%M");
  else
    /* Translators: a message's full date, as in “March 12, 2026”; see
     * g_date_time_format() for the codes (%-d is the day without padding) */
    format = _("%B %-d, %Y");

  return g_date_time_format (local, format);
}
