import { error } from '@sveltejs/kit';
import { myDataFormatSchema } from '$lib/schemas/privacy';
import { exportFile } from '$lib/server/files/export';
import { ctxOf, fileResponse, orErrorPage } from '$lib/server/http';
import { downloadMyData, myDataBook } from '$lib/server/privacy';
import type { RequestHandler } from './$types';

/** ?dinh-dang=json|xlsx — everything held about the signed-in person, recorded in the audit log. */
export const GET: RequestHandler = async (event) => {
	const parsed = myDataFormatSchema.safeParse(event.url.searchParams.get('dinh-dang') ?? undefined);
	if (!parsed.success) error(400, parsed.error.issues[0]!.message);
	const format = parsed.data;
	const data = await orErrorPage(downloadMyData(ctxOf(event), { format }));
	const file =
		format === 'xlsx'
			? await exportFile(myDataBook(data), 'xlsx')
			: {
					body: new TextEncoder().encode(JSON.stringify(data, null, 2)),
					contentType: 'application/json; charset=utf-8',
					filename: `du-lieu-cua-toi-${data.account.id}.json`
				};
	return fileResponse(file);
};
