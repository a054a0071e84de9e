import { fail, type RequestEvent } from '@sveltejs/kit';
import type { FieldErrors } from '$lib/schemas/form';
import type { Ctx } from './context';
import { getDatabase } from './db';
import { DomainError } from './errors';

/** The use-case context for a request: database, signed-in actor, server time. */
export function ctxOf(event: Pick<RequestEvent, 'locals'>): Ctx {
	return { db: getDatabase().db, actor: event.locals.actor, now: new Date() };
}

export interface FormFailure {
	message: string;
	errors: FieldErrors;
	values: Record<string, string>;
}

/** Maps a domain error to a form failure the page shows field by field; anything else is a bug. */
export function failWith(error: unknown, values: Record<string, string> = {}) {
	if (error instanceof DomainError) {
		return fail(error.status, { message: error.message, errors: error.fieldErrors, values } satisfies FormFailure);
	}
	throw error;
}

export function invalidForm(errors: FieldErrors, values: Record<string, string>) {
	return fail(400, { message: 'Vui lòng kiểm tra lại các trường được đánh dấu.', errors, values } satisfies FormFailure);
}

/** Reads an uploaded file from a form, or null when none was chosen. */
export async function readUpload(form: FormData, field: string) {
	const file = form.get(field);
	if (!(file instanceof File) || file.size === 0) return null;
	return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
}
