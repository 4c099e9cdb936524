/* mime — whole e-mail messages built with GMime (see mail.h). */
#include <gmime/gmime.h>
#include <string.h>

#include "mail/mail.h"

/* The attachment as a GMime part, or NULL. The caller owns the result. */
static GMimePart *attachment_part(const struct mail_attachment *att)
{
	GMimeContentType *ct = g_mime_content_type_parse(NULL, att->type);
	if (!ct)
		return NULL;
	GMimePart *p = g_mime_part_new_with_type(g_mime_content_type_get_media_type(ct),
						 g_mime_content_type_get_media_subtype(ct));
	/* keep the parameters (charset, method…) of the type given */
	GMimeParamList *params = g_mime_content_type_get_parameters(ct);
	for (int i = 0; i < g_mime_param_list_length(params); i++) {
		GMimeParam *prm = g_mime_param_list_get_parameter_at(params, i);
		g_mime_object_set_content_type_parameter(GMIME_OBJECT(p), g_mime_param_get_name(prm),
							 g_mime_param_get_value(prm));
	}
	g_object_unref(ct);
	g_mime_object_set_disposition(GMIME_OBJECT(p), GMIME_DISPOSITION_ATTACHMENT);
	g_mime_part_set_filename(p, att->name);
	GMimeStream *st = g_mime_stream_mem_new_with_buffer(att->data, att->len);
	GMimeDataWrapper *w = g_mime_data_wrapper_new_with_stream(st, GMIME_CONTENT_ENCODING_DEFAULT);
	g_object_unref(st);
	g_mime_part_set_content(p, w);
	g_object_unref(w);
	g_mime_part_set_content_encoding(p, GMIME_CONTENT_ENCODING_BASE64);
	return p;
}

int mail_build(const char *from, const char *to, const char *subject, const char *body,
	       const struct mail_attachment *att, struct buf *out)
{
	return mail_build_unsub(from, to, subject, body, att, NULL, out);
}

int mail_build_unsub(const char *from, const char *to, const char *subject, const char *body,
		     const struct mail_attachment *att, const char *unsubscribe_url,
		     struct buf *out)
{
	int rc = -1;
	const char *at = from ? strrchr(from, '@') : NULL;
	if (!at || !to || !strchr(to, '@') || !subject || !body)
		return -1;
	GMimeMessage *m = g_mime_message_new(TRUE);
	g_mime_message_add_mailbox(m, GMIME_ADDRESS_TYPE_FROM, NULL, from);
	g_mime_message_add_mailbox(m, GMIME_ADDRESS_TYPE_TO, NULL, to);
	g_mime_message_set_subject(m, subject, "utf-8");
	GDateTime *now = g_date_time_new_now_utc();
	g_mime_message_set_date(m, now);
	g_date_time_unref(now);
	char *mid = g_mime_utils_generate_message_id(at + 1);
	g_mime_message_set_message_id(m, mid);
	g_free(mid);
	if (unsubscribe_url && *unsubscribe_url) {
		if (strcspn(unsubscribe_url, " <>\r\n") != strlen(unsubscribe_url)) {
			g_object_unref(m);
			return -1;
		}
		char *lu = g_strdup_printf("<%s>", unsubscribe_url);
		g_mime_object_set_header(GMIME_OBJECT(m), "List-Unsubscribe", lu, NULL);
		g_mime_object_set_header(GMIME_OBJECT(m), "List-Unsubscribe-Post",
					 "List-Unsubscribe=One-Click", NULL);
		g_free(lu);
	}

	GMimeTextPart *text = g_mime_text_part_new_with_subtype("plain");
	g_mime_text_part_set_text(text, body);
	g_mime_text_part_set_charset(text, "utf-8");
	g_mime_part_set_content_encoding(GMIME_PART(text), GMIME_CONTENT_ENCODING_BASE64);
	GMimeObject *top = GMIME_OBJECT(text);
	if (att) {
		GMimePart *p = attachment_part(att);
		if (!p) {
			g_object_unref(text);
			goto out;
		}
		GMimeMultipart *mp = g_mime_multipart_new_with_subtype("mixed");
		g_mime_multipart_add(mp, GMIME_OBJECT(text));
		g_mime_multipart_add(mp, GMIME_OBJECT(p));
		g_object_unref(text);
		g_object_unref(p);
		top = GMIME_OBJECT(mp);
	}
	g_mime_message_set_mime_part(m, top);
	g_object_unref(top);

	GMimeFormatOptions *fo = g_mime_format_options_new();
	g_mime_format_options_set_newline_format(fo, GMIME_NEWLINE_FORMAT_DOS);
	GMimeStream *st = g_mime_stream_mem_new();
	if (g_mime_object_write_to_stream(GMIME_OBJECT(m), fo, st) >= 0) {
		GByteArray *ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(st));
		rc = buf_append(out, ba->data, ba->len);
	}
	g_object_unref(st);
	g_mime_format_options_free(fo);
out:
	g_object_unref(m);
	return rc;
}
