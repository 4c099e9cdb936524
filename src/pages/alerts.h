/* alerts pages — "tell me when" (src/alerts/alerts.h does the work):
 *
 *   GET  /alerts/new?<search>          the search in words, the e-mail
 *                                      field, the 個資法 §8 notice, consent
 *   POST /alerts                       saves it unconfirmed, mails the
 *                                      confirmation (alert_params)
 *   GET  /alerts/{token}               the alert's page: a confirm button
 *                                      while unconfirmed, else manage it
 *   POST /alerts/{token}/confirm       confirms it
 *   GET  /alerts/{token}/unsubscribe   the same page as /alerts/{token}
 *   POST /alerts/{token}/unsubscribe   deletes it: the button on the page,
 *                                      and RFC 8058 one-click unsubscribe
 *                                      from mail programs (no CSRF token:
 *                                      the token in the path is the key)
 */
#ifndef LIFELONG_PAGES_ALERTS_H
#define LIFELONG_PAGES_ALERTS_H

#include "http/params.h"
#include "http/request.h"

/* query (the canonical search), email, consent: in this order in r->in */
extern const struct param_spec alert_params[];

int page_alert_new(struct request *r);
int page_alert_post(struct request *r);
int page_alert(struct request *r);
int page_alert_confirm_post(struct request *r);
int page_alert_unsubscribe_post(struct request *r);

#endif
