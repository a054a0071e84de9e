import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { writeAudit } from './audit/repo';
import { authorize, can, requireActor } from './auth/policy';
import { exportFormatSchema } from '$lib/schemas/exports';
import type { FieldErrors } from '$lib/schemas/form';
import type { Ctx } from './context';
import { getDatabase } from './db';
import { DomainError } from './errors';
import { contentDisposition } from './files/evidence';
import {
	exportFile,
	gridTable,
	textColumns,
	type Cell,
	type ExportBook,
	type ExportFile
} from './files/export';
import type { ExportFormat } from '$lib/shared/exports';

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
	return fileResponse(await orErrorPage(exportDownload(ctxOf(event), format.data, build)));
}

/** The book built (authorising as always), written in the format, and recorded when it names people. */
export async function exportDownload(
	ctx: Ctx,
	format: ExportFormat,
	build: (ctx: Ctx) => Promise<ExportBook>
): Promise<ExportFile> {
	const book = await build(ctx);
	const file = await exportFile(book, format);
	await auditPersonalExport(ctx, book, file.filename);
	return file;
}

/**
 * The one place a download of personal data is recorded (Nghị định 13/2023/NĐ-CP): who took
 * which file, when, and how many rows, whatever route served it. Written after the file is
 * built, so a refused or failed export records nothing.
 */
async function auditPersonalExport(ctx: Ctx, book: ExportBook, filename: string) {
	if (!book.personalData) return;
	await writeAudit(ctx.db, {
		actorId: ctx.actor?.id ?? null,
		action: 'export.personal_data',
		entityType: 'export',
		entityId: book.filename,
		unitPath: book.personalData.unitPath ?? null,
		after: {
			what: book.personalData.what,
			file: filename,
			rows: book.sheets.reduce((n, sheet) => n + sheet.rows.length, 0)
		}
	});
}

/** A built file sent as a download, never cached or sniffed. */
export function fileResponse(file: { body: Uint8Array; contentType: string; filename: string }) {
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
	return fileResponse({ body: bytes, contentType, filename });
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
