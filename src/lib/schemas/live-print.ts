import { z } from 'zod';

/** The hall's printables, by the name their address carries (`…/in/<kind>`). */
export const printableKinds = ['ap-phich', 'the-du-thi', 'the-dap-an', 'ket-qua'] as const;
export type PrintableKind = (typeof printableKinds)[number];

/** A printable's address: its kind, and for answer cards an optional seat (`?sbd=`). */
export const printableSchema = z.object({
	kind: z.enum(printableKinds, { error: 'Không có bản in này.' }),
	seat: z.preprocess(
		(v) => (v === '' || v === null ? undefined : v),
		z.coerce
			.number({ error: 'Số báo danh phải là một số.' })
			.int({ error: 'Số báo danh phải là số nguyên.' })
			.positive({ error: 'Số báo danh phải lớn hơn 0.' })
			.max(100_000, { error: 'Số báo danh quá lớn.' })
			.optional()
	)
});
export type PrintableInput = z.infer<typeof printableSchema>;
