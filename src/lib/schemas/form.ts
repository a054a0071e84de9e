import type { z } from 'zod';

export type FieldErrors = Record<string, string[]>;

export type FormParse<T> =
	| { ok: true; data: T; values: Record<string, string> }
	| { ok: false; errors: FieldErrors; values: Record<string, string> };

// Never echo these back into a page.
const SECRET = /password/i;

/** Parses a submitted form with a shared schema; on failure returns errors field by field. */
export function parseForm<S extends z.ZodType>(
	schema: S,
	form: FormData | URLSearchParams
): FormParse<z.output<S>> {
	const raw: Record<string, unknown> = {};
	const values: Record<string, string> = {};
	const entries: Iterable<[string, FormDataEntryValue]> = form.entries();
	for (const [key, value] of entries) {
		if (typeof value !== 'string') {
			raw[key] = value;
			continue;
		}
		// Passwords are hashed as typed; every other text reaches the schema as NFC.
		const text = SECRET.test(key) ? value : value.normalize('NFC');
		raw[key] = key in raw ? ([] as unknown[]).concat(raw[key], text) : text;
		if (!SECRET.test(key)) values[key] = value.slice(0, 500);
	}
	const result = schema.safeParse(raw);
	if (result.success) return { ok: true, data: result.data, values };
	const errors: FieldErrors = {};
	for (const issue of result.error.issues) {
		const field = issue.path.length ? String(issue.path[0]) : '_form';
		(errors[field] ??= []).push(issue.message);
	}
	return { ok: false, errors, values };
}
