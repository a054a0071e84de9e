// The browser's own validation bubbles speak the browser's language, not the page's: with
// JavaScript, every form field's refusal is worded in Vietnamese here instead. Without it the
// server's zod messages still come back field by field.
import { formatNumber } from './shared/format';

export interface FieldLike {
	type: string;
	tagName?: string;
	min?: string;
	max?: string;
	minLength?: number;
	maxLength?: number;
	value?: string;
	title?: string;
	validity: Pick<
		ValidityState,
		| 'valueMissing'
		| 'typeMismatch'
		| 'patternMismatch'
		| 'tooLong'
		| 'tooShort'
		| 'rangeUnderflow'
		| 'rangeOverflow'
		| 'stepMismatch'
		| 'badInput'
	>;
}

/** A limit as the page writes it: Vietnamese figures, dd/mm/yyyy dates. */
function limit(field: FieldLike, value: string | undefined): string {
	const text = value ?? '';
	if (field.type === 'number' && text !== '' && !Number.isNaN(Number(text)))
		return formatNumber(Number(text));
	const date = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}:\d{2}))?/.exec(text);
	return date ? `${date[3]}/${date[2]}/${date[1]}${date[4] ? ` ${date[4]}` : ''}` : text;
}

/** The Vietnamese sentence for the first thing wrong with a field. */
export function validityMessage(field: FieldLike): string {
	const v = field.validity;
	const type = field.tagName === 'SELECT' ? 'select' : field.type;
	if (v.valueMissing) {
		if (type === 'checkbox') return 'Vui lòng đánh dấu ô này.';
		if (type === 'radio') return 'Vui lòng chọn một phương án.';
		if (type === 'file') return 'Vui lòng chọn tệp.';
		if (type === 'select' || type === 'select-one') return 'Vui lòng chọn một mục trong danh sách.';
		return 'Vui lòng điền vào trường này.';
	}
	if (v.badInput) {
		if (type === 'number') return 'Vui lòng nhập một số.';
		return 'Vui lòng nhập ngày giờ hợp lệ.';
	}
	if (v.typeMismatch) {
		if (type === 'email') return 'Vui lòng nhập địa chỉ email hợp lệ, ví dụ ten@donvi.vn.';
		if (type === 'url') return 'Vui lòng nhập địa chỉ trang web hợp lệ, bắt đầu bằng https://.';
		return 'Giá trị không đúng định dạng.';
	}
	if (v.rangeUnderflow) return `Giá trị phải từ ${limit(field, field.min)} trở lên.`;
	if (v.rangeOverflow) return `Giá trị không được lớn hơn ${limit(field, field.max)}.`;
	if (v.stepMismatch)
		return type === 'number' ? 'Vui lòng nhập số nguyên.' : 'Giá trị không hợp lệ.';
	if (v.tooShort)
		return `Vui lòng nhập ít nhất ${field.minLength} ký tự (hiện có ${field.value?.length ?? 0}).`;
	if (v.tooLong) return `Vui lòng nhập tối đa ${field.maxLength} ký tự.`;
	if (v.patternMismatch) return field.title || 'Vui lòng nhập đúng định dạng yêu cầu.';
	return 'Giá trị không hợp lệ.';
}

type Field = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/** Words every refusal of the browser's checks in Vietnamese, for the whole document. */
export function installVietnameseValidity(doc: Document): void {
	doc.addEventListener(
		'invalid',
		(event) => {
			const field = event.target as Field;
			if (!field.validity.customError) field.setCustomValidity(validityMessage(field));
		},
		true
	);
	// Typing clears the wording, so the browser checks the new value afresh.
	const reset = (event: Event) => (event.target as Field).setCustomValidity?.('');
	doc.addEventListener('input', reset, true);
	doc.addEventListener('change', reset, true);
}
