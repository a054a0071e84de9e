import { z } from 'zod';
import { unitKinds } from '$lib/shared/labels';
import { line, optionalId } from './common';

export const unitCode = z
	.string({ error: 'Vui lòng nhập mã đơn vị.' })
	.trim()
	.toUpperCase()
	.min(1, 'Vui lòng nhập mã đơn vị.')
	.max(32, 'Mã đơn vị không được dài quá 32 ký tự.')
	.regex(/^[A-Z0-9][A-Z0-9._-]*$/, 'Mã đơn vị chỉ gồm chữ không dấu, số và các dấu . _ -');

// An empty box is not 0 members (Number('') is 0): it is refused like any missing value.
export const memberCount = z.preprocess(
	(v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
	z.coerce
		.number({ error: 'Số đoàn viên phải là một số.' })
		.int('Số đoàn viên phải là số nguyên.')
		.min(0, 'Số đoàn viên không được âm.')
		.max(100_000_000, 'Số đoàn viên quá lớn.')
);

export const unitKind = z.enum(unitKinds, { error: 'Vui lòng chọn loại đơn vị.' });

export const unitFields = {
	name: line('tên đơn vị', 200),
	code: unitCode,
	kind: unitKind,
	memberCount
};

export const createUnitSchema = z.object({
	...unitFields,
	parentId: optionalId('đơn vị cấp trên')
});
export const updateUnitSchema = z.object(unitFields);
export const moveUnitSchema = z.object({ parentId: optionalId('đơn vị cấp trên') });
export const importModeSchema = z.object({
	mode: z.enum(['all-or-nothing', 'good-rows'], { error: 'Vui lòng chọn cách nhập.' })
});

export type CreateUnitInput = z.infer<typeof createUnitSchema>;
export type UpdateUnitInput = z.infer<typeof updateUnitSchema>;
export type MoveUnitInput = z.infer<typeof moveUnitSchema>;
