import type { QuestionInput } from '$lib/schemas/questions';
import type { Ctx } from '../context';
import { addRound, createContest, openRound } from '../contests';
import { approveQuestion, createQuestion } from '../questions';

const HISTORY = 'Lịch sử Đoàn';
const HCM = 'Tư tưởng Hồ Chí Minh';
const XIII = 'Nghị quyết Đại hội XIII';
const HISTORY_BOOK =
	'Lịch sử Đoàn TNCS Hồ Chí Minh và phong trào thanh niên Việt Nam (1925–2015), NXB Thanh niên';
const BIOGRAPHY = 'Hồ Chí Minh — Biên niên tiểu sử, NXB Chính trị quốc gia Sự thật';
const XIII_DOCS =
	'Văn kiện Đại hội đại biểu toàn quốc lần thứ XIII, NXB Chính trị quốc gia Sự thật, 2021';

type Demo = Omit<QuestionInput, 'ignoreDiacritics' | 'acceptedAnswers'> &
	Partial<Pick<QuestionInput, 'ignoreDiacritics' | 'acceptedAnswers'>>;

/** Real-sounding questions of a youth-union contest, each citing its source document. */
export const demoQuestions: Demo[] = [
	{
		type: 'single',
		prompt: 'Đoàn Thanh niên Cộng sản Hồ Chí Minh được thành lập vào ngày tháng năm nào?',
		options: ['26/3/1930', '26/3/1931', '19/5/1931', '2/9/1945'],
		correct: [1],
		topic: HISTORY,
		difficulty: 1,
		explanation:
			'Hội nghị lần thứ hai Ban Chấp hành Trung ương Đảng (từ ngày 20 đến 26/3/1931) quyết định thành lập Đoàn; ngày 26/3 trở thành ngày thành lập Đoàn.',
		source: HISTORY_BOOK
	},
	{
		type: 'single',
		prompt: 'Tổ chức tiền thân của Đoàn do Nguyễn Ái Quốc thành lập năm 1925 là tổ chức nào?',
		options: [
			'Tâm tâm xã',
			'Tân Việt Cách mạng Đảng',
			'Việt Nam Quốc dân Đảng',
			'Hội Việt Nam Cách mạng Thanh niên'
		],
		correct: [3],
		topic: HISTORY,
		difficulty: 1,
		explanation: 'Hội Việt Nam Cách mạng Thanh niên được thành lập tháng 6/1925 tại Quảng Châu.',
		source: HISTORY_BOOK
	},
	{
		type: 'single',
		prompt:
			'Ai là người nói: “Con đường của thanh niên chỉ có thể là con đường cách mạng, không thể là con đường nào khác”?',
		options: ['Nguyễn Văn Trỗi', 'Võ Thị Sáu', 'Lý Tự Trọng', 'Kim Đồng'],
		correct: [2],
		topic: HISTORY,
		difficulty: 2,
		explanation:
			'Lý Tự Trọng, người đoàn viên đầu tiên, nói câu này trước tòa án thực dân năm 1931.',
		source: HISTORY_BOOK
	},
	{
		type: 'multiple',
		prompt: 'Những tên gọi nào dưới đây là tên gọi của Đoàn qua các thời kỳ?',
		options: [
			'Hội Sinh viên Việt Nam',
			'Đoàn Thanh niên Cứu quốc Việt Nam',
			'Đội Thiếu niên Tiền phong Hồ Chí Minh',
			'Đoàn Thanh niên Lao động Hồ Chí Minh'
		],
		correct: [1, 3],
		topic: HISTORY,
		difficulty: 2,
		explanation:
			'Đoàn mang tên Đoàn Thanh niên Cứu quốc Việt Nam từ năm 1941 và Đoàn Thanh niên Lao động Hồ Chí Minh từ năm 1970.',
		source: HISTORY_BOOK
	},
	{
		type: 'single',
		prompt: 'Đại hội Đoàn toàn quốc lần thứ nhất được tổ chức vào năm nào?',
		options: ['1950', '1956', '1961', '1966'],
		correct: [0],
		topic: HISTORY,
		difficulty: 2,
		explanation: 'Đại hội lần thứ nhất họp tháng 2/1950 tại Việt Bắc.',
		source: HISTORY_BOOK
	},
	{
		type: 'true_false',
		prompt: 'Ngày 26 tháng 3 hằng năm là ngày thành lập Đội Thiếu niên Tiền phong Hồ Chí Minh.',
		options: [],
		correct: [1],
		topic: HISTORY,
		difficulty: 1,
		explanation:
			'Sai: ngày 26/3 là ngày thành lập Đoàn; Đội Thiếu niên Tiền phong Hồ Chí Minh được thành lập ngày 15/5/1941.',
		source: HISTORY_BOOK
	},
	{
		type: 'short',
		prompt: 'Người đoàn viên đầu tiên của Đoàn Thanh niên Cộng sản Hồ Chí Minh là ai?',
		options: [],
		correct: [],
		acceptedAnswers: ['Lý Tự Trọng', 'Anh Lý Tự Trọng'],
		ignoreDiacritics: true,
		topic: HISTORY,
		difficulty: 1,
		explanation: 'Lý Tự Trọng (1914–1931).',
		source: HISTORY_BOOK
	},
	{
		type: 'true_false',
		prompt:
			'Ngày 5/6/1911, người thanh niên Nguyễn Tất Thành rời Bến cảng Nhà Rồng ra đi tìm đường cứu nước.',
		options: [],
		correct: [0],
		topic: HCM,
		difficulty: 1,
		explanation: 'Đúng, trên con tàu Amiral Latouche-Tréville.',
		source: BIOGRAPHY
	},
	{
		type: 'short',
		prompt: 'Năm 1941 Bác Hồ về nước, sống và làm việc tại hang nào ở Cao Bằng?',
		options: [],
		correct: [],
		acceptedAnswers: ['Pác Bó', 'hang Pác Bó', 'Cốc Bó'],
		ignoreDiacritics: true,
		topic: HCM,
		difficulty: 2,
		explanation: 'Hang Cốc Bó, khu di tích Pác Bó, huyện Hà Quảng, Cao Bằng.',
		source: BIOGRAPHY
	},
	{
		type: 'single',
		prompt:
			'Bài thơ “Không có việc gì khó / Chỉ sợ lòng không bền / Đào núi và lấp biển / Quyết chí ắt làm nên” Bác Hồ tặng lực lượng nào năm 1951?',
		options: ['Dân công hỏa tuyến', 'Thanh niên xung phong', 'Bộ đội chủ lực', 'Học sinh miền Nam'],
		correct: [1],
		topic: HCM,
		difficulty: 2,
		explanation: 'Bác tặng đơn vị thanh niên xung phong làm đường tại Bắc Kạn năm 1951.',
		source: BIOGRAPHY
	},
	{
		type: 'single',
		prompt:
			'Câu “Non sông Việt Nam có trở nên tươi đẹp hay không … chính là nhờ một phần lớn ở công học tập của các em” trích từ văn bản nào?',
		options: [
			'Di chúc',
			'Tuyên ngôn Độc lập',
			'Lời kêu gọi toàn quốc kháng chiến',
			'Thư gửi các học sinh (tháng 9/1945)'
		],
		correct: [3],
		topic: HCM,
		difficulty: 1,
		explanation:
			'Thư Bác gửi học sinh nhân ngày khai trường đầu tiên của nước Việt Nam Dân chủ Cộng hòa.',
		source: BIOGRAPHY
	},
	{
		type: 'single',
		prompt: 'Trong Di chúc, Bác viết: “Bồi dưỡng thế hệ cách mạng cho đời sau là một việc …”',
		options: [
			'cấp bách trước mắt',
			'của riêng Đoàn Thanh niên',
			'rất quan trọng và rất cần thiết',
			'lâu dài và khó khăn'
		],
		correct: [2],
		topic: HCM,
		difficulty: 2,
		explanation: 'Di chúc của Chủ tịch Hồ Chí Minh (1969).',
		source: 'Di chúc của Chủ tịch Hồ Chí Minh, NXB Chính trị quốc gia Sự thật'
	},
	{
		type: 'single',
		prompt: 'Nghị quyết Đại hội XIII của Đảng xác định bao nhiêu đột phá chiến lược?',
		options: ['3', '4', '5', '6'],
		correct: [0],
		topic: XIII,
		difficulty: 2,
		explanation: 'Ba đột phá chiến lược: thể chế, nguồn nhân lực, kết cấu hạ tầng.',
		source: XIII_DOCS
	},
	{
		type: 'single',
		prompt: 'Đại hội đại biểu toàn quốc lần thứ XIII của Đảng diễn ra vào năm nào?',
		options: ['2011', '2016', '2020', '2021'],
		correct: [3],
		topic: XIII,
		difficulty: 1,
		explanation: 'Từ ngày 25/1 đến 1/2/2021 tại Hà Nội.',
		source: XIII_DOCS
	}
];

export const DEMO_CONTEST_TITLE =
	'Cuộc thi trực tuyến tìm hiểu lịch sử Đoàn và tư tưởng Hồ Chí Minh';

/** The demo contest: an approved bank and a round open now, so it can be played at once. */
export async function seedDemoContest(ctx: Ctx, unitId: number) {
	for (const q of demoQuestions) {
		const created = await createQuestion(ctx, {
			unitId,
			acceptedAnswers: [],
			ignoreDiacritics: false,
			...q
		});
		await approveQuestion(ctx, { id: created.id });
	}
	const contest = await createContest(ctx, {
		unitId,
		title: DEMO_CONTEST_TITLE,
		description:
			'Mỗi tuần một lượt đề gồm 10 câu hỏi rút ngẫu nhiên, làm trong 15 phút, tối đa 3 lượt; lượt tốt nhất được tính. Câu hỏi dự đoán dùng để phân định khi bằng điểm.',
		scope: 'public',
		predictionKind: 'participants',
		tieBreaks: ['correct', 'prediction', 'duration', 'submitted']
	});
	const day = 24 * 3600_000;
	const round = await addRound(ctx, {
		contestId: contest.id,
		title: 'Tuần 1',
		opensAt: new Date(ctx.now.getTime() - day),
		closesAt: new Date(ctx.now.getTime() + 6 * day),
		questionCount: 10,
		timeLimitMinutes: 15,
		attemptsAllowed: 3,
		topics: [],
		difficulties: [],
		predictionQuestion: 'Theo bạn, có bao nhiêu người tham gia tuần thi này?',
		prizeTiers: [
			{ label: 'Giải Nhất', count: 1 },
			{ label: 'Giải Nhì', count: 2 },
			{ label: 'Giải Ba', count: 5 },
			{ label: 'Giải Khuyến khích', count: 8 }
		]
	});
	await openRound(ctx, { roundId: round.id });
	return contest;
}
