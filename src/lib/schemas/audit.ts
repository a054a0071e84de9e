import { z } from 'zod';
import { optionalDay as optionalDate } from './common';

export const auditFilterSchema = z.object({
	actorId: z.preprocess(
		(v) => (v === '' || v == null ? undefined : v),
		z.coerce.number().int().positive('Người thực hiện không hợp lệ.').optional()
	),
	action: z
		.string()
		.trim()
		.max(60, 'Loại thao tác quá dài.')
		.regex(/^[a-z._]*$/, 'Loại thao tác không hợp lệ.')
		.optional()
		.default(''),
	from: optionalDate('Ngày bắt đầu'),
	to: optionalDate('Ngày kết thúc'),
	page: z.coerce.number().int().min(1).max(10_000).optional().default(1)
});

export type AuditFilterInput = z.infer<typeof auditFilterSchema>;
