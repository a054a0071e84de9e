import { downloadTemplate } from '$lib/server/http';
import { questionImportHeaders } from '$lib/server/questions';
import type { RequestHandler } from './$types';

/** A template with the expected headers and one example row per type. */
export const GET: RequestHandler = (event) => {
	const blank = (n: number) => Array.from({ length: n }, () => '');
	const examples = [
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
	];
	return downloadTemplate(event, {
		filename: 'mau-nhap-cau-hoi',
		sheet: 'Câu hỏi',
		headers: questionImportHeaders,
		examples
	});
};
