import { error } from '@sveltejs/kit';
import { can } from '$lib/server/auth/policy';
import { writeSpreadsheet } from '$lib/server/files/spreadsheet';
import { userImportHeaders } from '$lib/server/users/service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals }) => {
	if (!can(locals.actor, 'admin.enter', { kind: 'area' }))
		error(403, 'Bạn không có quyền tải tệp này.');
	const bytes = await writeSpreadsheet('Người dùng', userImportHeaders, [
		['Nguyễn Văn An', 'an.nguyen@example.vn', '0912345678', 'XD-XUANNON', '']
	]);
	return new Response(bytes, {
		headers: {
			'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'content-disposition': `attachment; filename="mau-nhap-nguoi-dung.xlsx"`
		}
	});
};
