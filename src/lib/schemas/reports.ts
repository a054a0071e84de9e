import { z } from 'zod';
import { id, optionalDay } from './common';

/** The longest period one report covers: a term of office (nhiệm kỳ) is five years. */
export const REPORT_MAX_DAYS = 5 * 366;

/**
 * The year-end report's choice: a unit, and a year or two days (both included). A year alone
 * means 01/01 to 31/12; days given win over the year.
 */
export const yearReportSchema = z
	.object({
		unitId: id('đơn vị'),
		year: z.preprocess(
			(v) => (v === '' || v == null ? undefined : v),
			z.coerce
				.number({ error: 'Năm không hợp lệ.' })
				.int('Năm không hợp lệ.')
				.min(2000, 'Năm không hợp lệ.')
				.max(2100, 'Năm không hợp lệ.')
				.optional()
		),
		from: optionalDay('Từ ngày'),
		to: optionalDay('Đến ngày')
	})
	.transform((v, ctx) => {
		if (v.from || v.to) {
			if (!v.from || !v.to) {
				const path = [v.from ? 'to' : 'from'];
				ctx.addIssue({ code: 'custom', path, message: 'Vui lòng nhập cả từ ngày và đến ngày.' });
				return z.NEVER;
			}
			const days = (Date.parse(v.to) - Date.parse(v.from)) / 86_400_000;
			if (days < 0) {
				ctx.addIssue({ code: 'custom', path: ['to'], message: 'Đến ngày phải sau từ ngày.' });
				return z.NEVER;
			}
			if (days > REPORT_MAX_DAYS) {
				ctx.addIssue({ code: 'custom', path: ['to'], message: 'Một báo cáo gồm tối đa 5 năm.' });
				return z.NEVER;
			}
			return { unitId: v.unitId, from: v.from, to: v.to, year: null };
		}
		if (!v.year) {
			ctx.addIssue({ code: 'custom', path: ['year'], message: 'Vui lòng chọn năm báo cáo.' });
			return z.NEVER;
		}
		return { unitId: v.unitId, from: `${v.year}-01-01`, to: `${v.year}-12-31`, year: v.year };
	});
export type YearReportInput = z.input<typeof yearReportSchema>;
export type YearReportChoice = z.output<typeof yearReportSchema>;
