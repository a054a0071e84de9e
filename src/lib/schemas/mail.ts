import { z } from 'zod';
import { mailStatuses, mailTopics } from '$lib/shared/mail';
import { checkbox, email } from './common';

/** The administrator's test message: where to send it. */
export const testMailSchema = z.object({ to: email });

export const mailRefSchema = z.object({ id: z.coerce.number().int().positive() });

/** The outbox page's filter (from the query string). */
export const outboxFilterSchema = z.object({
	status: z.enum(mailStatuses).nullable().catch(null),
	page: z.coerce.number().int().min(1).catch(1)
});

/** The account page's choice: the topics ticked are received, the others turned off. */
export const mailPreferencesSchema = z.object({
	topics: z.preprocess(
		(v) => (v == null ? [] : Array.isArray(v) ? v : [v]),
		z.array(z.enum(mailTopics, { error: 'Loại thư không hợp lệ.' }))
	)
});

/**
 * A message's opt-out link (`?ma=<code>`), posted from its page or by a mail client's one-click
 * (RFC 8058: body `List-Unsubscribe=One-Click`); `resume` turns the topic back on.
 */
export const optOutSchema = z.object({
	ma: z.string().trim().max(2000).nullish(),
	resume: checkbox
});
