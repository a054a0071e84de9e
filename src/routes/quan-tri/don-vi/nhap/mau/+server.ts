import { error } from '@sveltejs/kit';
import { can } from '$lib/server/auth/policy';
import { writeSpreadsheet } from '$lib/server/files/spreadsheet';
import { unitImportHeaders } from '$lib/server/units/service';
import type { RequestHandler } from './$types';

/** A template with the expected headers and one example row. */
export const GET: RequestHandler = async ({ locals }) => {
	if (!can(locals.actor, 'admin.enter', { kind: 'area' }))
		error(403, 'Bạn không có quyền tải tệp này.');
	const bytes = await writeSpreadsheet('Đơn vị', unitImportHeaders, [
		['Đoàn xã Mẫu', 'XD-MAU', 'Cơ sở', 500, 'HD-DONGANH']
	]);
	return new Response(bytes, {
		headers: {
			'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'content-disposition': `attachment; filename="mau-nhap-don-vi.xlsx"`
		}
	});
};
