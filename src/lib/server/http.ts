import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { authorize, can, requireActor } from './auth/policy';
import { exportFormatSchema } from '$lib/schemas/exports';
import type { FieldErrors } from '$lib/schemas/form';
import type { Ctx } from './context';
import { getDatabase } from './db';
import { DomainError } from './errors';
import { contentDisposition } from './files/evidence';
import { exportFile, gridTable, textColumns, type Cell, type ExportBook } from './files/export';

/** The use-case context for a request: database, signed-in actor, server time. */
export function ctxOf(event: Pick<RequestEvent, 'locals'>): Ctx {
	return { db: getDatabase().db, actor: event.locals.actor, now: new Date() };
}

/** Off to the sign-in page, which brings the person back here (same path and query) after. */
export function toSignIn(url: Pick<URL, 'pathname' | 'search'>): never {
	redirect(303, `/dang-nhap?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
}

export interface FormFailure {
	message: string;
	errors: FieldErrors;
	values: Record<string, string>;
}

/** Maps a domain error to a form failure the page shows field by field; anything else is a bug. */
export function failWith<E extends object = Record<never, never>>(
	error: unknown,
	values: Record<string, string> = {},
	extra: E = {} as E
) {
	if (error instanceof DomainError) {
		return fail(error.status, {
			message: error.message,
			errors: error.fieldErrors,
			values,
			...extra
		} satisfies FormFailure & E);
	}
	throw error;
}

export function invalidForm<E extends object = Record<never, never>>(
	errors: FieldErrors,
	values: Record<string, string>,
	extra: E = {} as E
) {
	return fail(400, {
		message: 'Vui lòng kiểm tra lại các trường được đánh dấu.',
		errors,
		values,
		...extra
	});
}

/** Reads an uploaded file from a form, or null when none was chosen. */
export async function readUpload(form: FormData, field: string) {
	const file = form.get(field);
	if (!(file instanceof File) || file.size === 0) return null;
	return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
}

/** For loads: a domain refusal becomes SvelteKit's error page with the same status and message. */
export async function orErrorPage<T>(work: Promise<T>): Promise<T> {
	try {
		return await work;
	} catch (caught) {
		if (caught instanceof DomainError) error(caught.status, caught.message);
		throw caught;
	}
}

/**
 * Wraps the form actions of the admin area with the same coarse gate as its layout (which does
 * not run before actions). Each service still authorises the precise action.
 */
export function adminActions<T extends object>(actions: T): T {
	type AnyAction = (event: RequestEvent) => unknown;
	const guarded: Record<string, AnyAction> = {};
	for (const [name, action] of Object.entries(actions) as [string, AnyAction][]) {
		guarded[name] = (event) => {
			if (!event.locals.actor) toSignIn(event.url);
			if (!can(event.locals.actor, 'admin.enter', { kind: 'area' })) {
				return fail(403, {
					message: 'Bạn không có quyền thực hiện thao tác này.',
					errors: {},
					values: {}
				} satisfies FormFailure);
			}
			return action(event);
		};
	}
	return guarded as T;
}

/**
 * Every download of a table: `?dinh-dang=xlsx|csv|csv-excel` (Excel by default), the service
 * builds the book (authorising as always), the one export writer renders it.
 */
export async function downloadExport(
	event: Pick<RequestEvent, 'locals' | 'url'>,
	build: (ctx: Ctx) => Promise<ExportBook>
): Promise<Response> {
	const format = exportFormatSchema.safeParse(event.url.searchParams.get('dinh-dang') ?? undefined);
	if (!format.success) error(400, format.error.issues[0]!.message);
	const file = await orErrorPage(build(ctxOf(event)).then((book) => exportFile(book, format.data)));
	return new Response(file.body.slice().buffer, {
		headers: {
			'content-type': file.contentType,
			'content-disposition': contentDisposition('attachment', file.filename),
			'x-content-type-options': 'nosniff',
			'cache-control': 'private, no-store'
		}
	});
}

/** A PDF the service builds (authorising as always), sent as a download. */
export function downloadPdf(
	event: Pick<RequestEvent, 'locals'>,
	build: (ctx: Ctx) => Promise<{ bytes: Uint8Array; filename: string }>
): Promise<Response> {
	return downloadDocument(event, build, 'application/pdf');
}

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** A Word document the service builds, sent as a download. */
export function downloadDocx(
	event: Pick<RequestEvent, 'locals'>,
	build: (ctx: Ctx) => Promise<{ bytes: Uint8Array; filename: string }>
): Promise<Response> {
	return downloadDocument(event, build, DOCX_TYPE);
}

async function downloadDocument(
	event: Pick<RequestEvent, 'locals'>,
	build: (ctx: Ctx) => Promise<{ bytes: Uint8Array; filename: string }>,
	contentType: string
): Promise<Response> {
	const { bytes, filename } = await orErrorPage(build(ctxOf(event)));
	return new Response(bytes.slice(), {
		headers: {
			'content-type': contentType,
			'content-disposition': contentDisposition('attachment', filename),
			'x-content-type-options': 'nosniff',
			'cache-control': 'private, no-store'
		}
	});
}

/** An import template: the expected headers (text columns, so codes keep leading zeros) and examples. */
export function downloadTemplate(
	event: Pick<RequestEvent, 'locals' | 'url'>,
	template: { filename: string; sheet: string; headers: readonly string[]; examples: Cell[][] }
): Promise<Response> {
	return downloadExport(event, async (ctx) => {
		authorize(requireActor(ctx), 'admin.enter', { kind: 'area' });
		return {
			filename: template.filename,
			sheets: [gridTable(template.sheet, textColumns(template.headers), template.examples)]
		};
	});
}
