import { describe, expect, it } from 'vitest';
import { myDataFormatSchema } from './privacy';

describe("the format of a person's own data download", () => {
	it('is JSON when not asked, and JSON or Excel when asked', () => {
		expect(myDataFormatSchema.parse(undefined)).toBe('json');
		expect(myDataFormatSchema.parse('xlsx')).toBe('xlsx');
	});

	it('refuses any other format in Vietnamese', () => {
		const result = myDataFormatSchema.safeParse('pdf');
		expect(result.success).toBe(false);
		expect(result.error?.issues[0]?.message).toBe('Chọn định dạng json hoặc xlsx.');
	});
});
