import { describe, expect, it } from 'vitest';
import { validityMessage, type FieldLike } from './validity';

const valid = {
	valueMissing: false,
	typeMismatch: false,
	patternMismatch: false,
	tooLong: false,
	tooShort: false,
	rangeUnderflow: false,
	rangeOverflow: false,
	stepMismatch: false,
	badInput: false
};
const field = (
	type: string,
	wrong: Partial<typeof valid>,
	rest: Partial<FieldLike> = {}
): FieldLike => ({ type, validity: { ...valid, ...wrong }, ...rest });

describe('the browser’s checks in Vietnamese', () => {
	it('words a missing value by the kind of field', () => {
		expect(validityMessage(field('text', { valueMissing: true }))).toBe(
			'Vui lòng điền vào trường này.'
		);
		expect(validityMessage(field('radio', { valueMissing: true }))).toBe(
			'Vui lòng chọn một phương án.'
		);
		expect(validityMessage(field('file', { valueMissing: true }))).toBe('Vui lòng chọn tệp.');
		expect(validityMessage(field('select-one', { valueMissing: true }))).toBe(
			'Vui lòng chọn một mục trong danh sách.'
		);
	});

	it('gives number limits in Vietnamese figures, and dates as typed', () => {
		expect(validityMessage(field('number', { rangeUnderflow: true }, { min: '1' }))).toBe(
			'Giá trị phải từ 1 trở lên.'
		);
		expect(validityMessage(field('number', { rangeOverflow: true }, { max: '1000000' }))).toBe(
			'Giá trị không được lớn hơn 1.000.000.'
		);
		expect(validityMessage(field('number', { badInput: true }))).toBe('Vui lòng nhập một số.');
		expect(validityMessage(field('number', { stepMismatch: true }))).toBe(
			'Vui lòng nhập số nguyên.'
		);
		expect(
			validityMessage(
				field('datetime-local', { rangeUnderflow: true }, { min: '2026-12-06T08:00' })
			)
		).toBe('Giá trị phải từ 06/12/2026 08:00 trở lên.');
	});

	it('words addresses, lengths and patterns', () => {
		expect(validityMessage(field('email', { typeMismatch: true }))).toBe(
			'Vui lòng nhập địa chỉ email hợp lệ, ví dụ ten@donvi.vn.'
		);
		expect(
			validityMessage(field('password', { tooShort: true }, { minLength: 8, value: 'abc' }))
		).toBe('Vui lòng nhập ít nhất 8 ký tự (hiện có 3).');
		expect(
			validityMessage(field('text', { patternMismatch: true }, { title: 'Sáu chữ số.' }))
		).toBe('Sáu chữ số.');
	});
});
