import { error } from '@sveltejs/kit';
import { can } from '$lib/server/auth/policy';
import { writeSpreadsheet } from '$lib/server/files/spreadsheet';
import { questionImportHeaders } from '$lib/server/questions/service';
import type { RequestHandler } from './$types';

/** A template with the expected headers and one example row per type. */
export const GET: RequestHandler = async ({ locals }) => {
	if (!can(locals.actor, 'admin.enter', { kind: 'area' }))
		error(403, 'Bạn không có quyền tải tệp này.');
	const blank = (n: number) => Array.from({ length: n }, () => '');
	const bytes = await writeSpreadsheet('Câu hỏi', questionImportHeaders, [
		[
			'Một đáp án đúng',
			'Đoàn TNCS Hồ Chí Minh được thành lập năm nào?',
			'1930',
			'1931',
			'1941',
			'1945',
			...blank(4),
			'B',
			'',
			'Lịch sử Đoàn',
			'Dễ',
			'Ngày 26/3/1931.',
			'Lịch sử Đoàn TNCS Hồ Chí Minh'
		],
		[
			'Đúng / Sai',
			'Bác Hồ ra đi tìm đường cứu nước năm 1911.',
			...blank(8),
			'Đúng',
			'',
			'Tư tưởng Hồ Chí Minh',
			'Dễ',
			'',
			'Tiểu sử Chủ tịch Hồ Chí Minh'
		],
		[
			'Trả lời ngắn',
			'Tên hang nơi Bác Hồ sống khi về nước năm 1941?',
			...blank(8),
			'Pác Bó',
			'Có',
			'Tư tưởng Hồ Chí Minh',
			'Trung bình',
			'',
			'Tiểu sử Chủ tịch Hồ Chí Minh'
		]
	]);
	return new Response(bytes, {
		headers: {
			'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'content-disposition': `attachment; filename="mau-nhap-cau-hoi.xlsx"`
		}
	});
};
