import { z } from 'zod';
import { parseVietnameseDate } from '$lib/shared/format';

// Vietnamese messages for anything a schema does not word itself.
z.config(z.locales.vi());

// Replacement characters come from bytes that were not valid UTF-8; control characters
// (C0, DEL, and C1, common in text mis-decoded as Latin-1) have no place in a one-line field.
// eslint-disable-next-line no-control-regex
export const BAD_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffd]/;
export const MARKUP = /[<>]/;

/**
 * A one-line text field: NFC, trimmed, required unless optional, with Vietnamese messages.
 * NFC because phones and Macs may send "ủ" as u + two marks: stored that way it neither matches
 * nor counts as a duplicate of the same text typed elsewhere.
 */
export function line(label: string, max = 200) {
	return z
		.string({ error: `Vui lòng nhập ${label}.` })
		.normalize('NFC')
		.trim()
		.min(1, `Vui lòng nhập ${label}.`)
		.max(max, `${capitalise(label)} không được dài quá ${max} ký tự.`)
		.refine((v) => !BAD_CHARACTERS.test(v), `${capitalise(label)} chứa ký tự không hợp lệ.`)
		.refine((v) => !MARKUP.test(v), `${capitalise(label)} không được chứa ký tự < hoặc >.`);
}

/** Same as `line`, but an empty value becomes undefined. */
export function optionalLine(label: string, max = 200) {
	return z.preprocess(
		(v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
		line(label, max).optional()
	);
}

export function capitalise(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}

export const email = z
	.string({ error: 'Vui lòng nhập email.' })
	.normalize('NFC')
	.trim()
	.toLowerCase()
	.min(1, 'Vui lòng nhập email.')
	.max(254, 'Email không được dài quá 254 ký tự.')
	.pipe(z.email('Email không hợp lệ.'));

/** The same, optional: a blank field is absent. */
export const optionalEmail = z.preprocess(
	(v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
	email.optional()
);

/**
 * A Vietnamese phone number as offices type it: "0912 345 678", "0912.345.678",
 * "+84 912 345 678", "84912345678", or 912345678 from a number cell that lost its leading
 * zero; all become "0912345678".
 */
export function normalisePhone(value: string): string {
	const digits = value.replace(/[\s.\-()]/g, '');
	if (/^\+?84\d{9,10}$/.test(digits)) return `0${digits.replace(/^\+?84/, '')}`;
	if (/^[1-9]\d{8,9}$/.test(digits)) return `0${digits}`;
	return digits;
}

export const phone = z.preprocess(
	(v) => (typeof v === 'string' ? normalisePhone(v) || undefined : v),
	z
		.string()
		.regex(/^0\d{9,10}$/, 'Số điện thoại không hợp lệ (ví dụ 0912345678).')
		.optional()
);

export const password = z
	.string({ error: 'Vui lòng nhập mật khẩu.' })
	.min(8, 'Mật khẩu phải có ít nhất 8 ký tự.')
	.max(128, 'Mật khẩu không được dài quá 128 ký tự.');

/** An id from a select or a hidden field. */
export function id(label: string) {
	return z.coerce
		.number({ error: `Vui lòng chọn ${label}.` })
		.int(`Vui lòng chọn ${label}.`)
		.positive(`Vui lòng chọn ${label}.`);
}

export function optionalId(label: string) {
	return z.preprocess((v) => (v === '' || v === null ? undefined : v), id(label).optional());
}

/**
 * Multi-line free text (a description, a narrative). Markup is allowed: it is always shown as
 * text, never interpreted.
 */
export function paragraph(label: string, max: number, options: { required?: boolean } = {}) {
	const base = z
		.string({ error: `Vui lòng nhập ${label}.` })
		.transform((v) => v.normalize('NFC').replace(/\r\n?/g, '\n').trim())
		.pipe(
			z
				.string()
				.max(max, `${capitalise(label)} không được dài quá ${max} ký tự.`)
				.refine((v) => !BAD_CHARACTERS.test(v), `${capitalise(label)} chứa ký tự không hợp lệ.`)
		);
	if (options.required) return base.refine((v) => v.length > 0, `Vui lòng nhập ${label}.`);
	return z.preprocess((v) => v ?? '', base);
}

/** A checkbox: present ("on") means true, absent means false. */
export const checkbox = z.preprocess(
	(v) => v === 'on' || v === 'true' || v === true || v === '1',
	z.boolean()
);

/** A solved proof-of-work payload (base64), sent by the browser with forms of the public. */
export const proofPayload = z.preprocess(
	(v) => (typeof v === 'string' && v !== '' ? v : undefined),
	z.string().max(2000).optional()
);

/** A form that works without JavaScript too: a solved proof, or else the page's ticket. */
export const humanProof = { altcha: proofPayload, ticket: proofPayload };

/** A calendar day typed "25/11/2026" or picked ("2026-11-25"), as "2026-11-25"; blank: none. */
export const optionalDay = (label: string) =>
	z
		.string()
		.trim()
		.max(20, `${label} không hợp lệ (dd/mm/yyyy).`)
		.optional()
		.transform((v, ctx) => {
			if (!v) return undefined;
			const iso = parseVietnameseDate(v);
			if (!iso) {
				ctx.addIssue({ code: 'custom', message: `${label} không hợp lệ (dd/mm/yyyy).` });
				return z.NEVER;
			}
			return iso;
		});
