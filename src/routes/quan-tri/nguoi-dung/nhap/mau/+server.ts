import { downloadTemplate } from '$lib/server/http';
import { userImportHeaders } from '$lib/server/users';
import type { RequestHandler } from './$types';

/** A template with the expected headers and one example row. */
export const GET: RequestHandler = (event) =>
	downloadTemplate(event, {
		filename: 'mau-nhap-nguoi-dung',
		sheet: 'Người dùng',
		headers: userImportHeaders,
		examples: [['Nguyễn Văn An', 'an.nguyen@example.vn', '0912345678', 'XD-XUANNON', '']]
	});
