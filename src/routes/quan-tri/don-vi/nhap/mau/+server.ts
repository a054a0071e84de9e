import { downloadTemplate } from '$lib/server/http';
import { unitImportHeaders } from '$lib/server/units';
import type { RequestHandler } from './$types';

/** A template with the expected headers and one example row. */
export const GET: RequestHandler = (event) =>
	downloadTemplate(event, {
		filename: 'mau-nhap-don-vi',
		sheet: 'Đơn vị',
		headers: unitImportHeaders,
		examples: [['Đoàn xã Mẫu', 'XD-MAU', 'Cơ sở', '500', 'HD-DONGANH']]
	});
