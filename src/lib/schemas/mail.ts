import { z } from 'zod';
import { mailStatuses } from '$lib/shared/mail';
import { email } from './common';

/** The administrator's test message: where to send it. */
export const testMailSchema = z.object({ to: email });

export const mailRefSchema = z.object({ id: z.coerce.number().int().positive() });

/** The outbox page's filter (from the query string). */
export const outboxFilterSchema = z.object({
	status: z.enum(mailStatuses).nullable().catch(null),
	page: z.coerce.number().int().min(1).catch(1)
});
