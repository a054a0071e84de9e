import type { z } from 'zod';

export type FieldErrors = Record<string, string[]>;

export type FormParse<T> =
	| { ok: true; data: T; values: Record<string, string> }
	| { ok: false; errors: FieldErrors; values: Record<string, string> };

// Never echo these back into a page.
const SECRET = /password/i;

/**
 * A submitted form as the object a schema parses (repeated fields become arrays, text becomes
 * NFC except passwords) and the values a page may echo back (never passwords).
 */
export function formRecord(form: FormData | URLSearchParams): {
	raw: Record<string, unknown>;
	values: Record<string, string>;
} {
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
	return { raw, values };
}

/** Zod issues as errors field by field (the first path segment names the field). */
export function issuesByField(
	issues: readonly { path: readonly PropertyKey[]; message: string }[]
) {
	const errors: FieldErrors = {};
	for (const issue of issues) {
		const field = issue.path.length ? String(issue.path[0]) : '_form';
		(errors[field] ??= []).push(issue.message);
	}
	return errors;
}

/** Parses a submitted form with a shared schema; on failure returns errors field by field. */
export function parseForm<S extends z.ZodType>(
	schema: S,
	form: FormData | URLSearchParams
): FormParse<z.output<S>> {
	const { raw, values } = formRecord(form);
	const result = schema.safeParse(raw);
	if (result.success) return { ok: true, data: result.data, values };
	return { ok: false, errors: issuesByField(result.error.issues), values };
}
