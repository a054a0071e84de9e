import { CONSENT_MISSING } from '$lib/shared/privacy';
import { describe, expect, it } from 'vitest';
import {
	answersFromForm,
	guestRegistrationSchema,
	registrationSchema,
	roundSchema
} from './contests';
import { parseForm } from './form';
import { questionSchema } from './questions';

const form = (values: Record<string, string | string[]>) => {
	const data = new FormData();
	for (const [k, v] of Object.entries(values))
		for (const item of Array.isArray(v) ? v : [v]) data.append(k, item);
	return data;
};

describe('question form', () => {
	const valid = {
		type: 'multiple',
		prompt: 'Những tên gọi nào là tên gọi của Đoàn?',
		options: 'Đoàn Thanh niên Cứu quốc\nHội Sinh viên\nĐoàn Thanh niên Lao động',
		correct: 'a, C',
		acceptedAnswers: '',
		topic: 'Lịch sử Đoàn',
		difficulty: '2',
		explanation: '',
		source: 'Lịch sử Đoàn'
	};

	it('reads options one per line and the right ones by letter', () => {
		const parsed = parseForm(questionSchema, form(valid));
		expect(parsed.ok && parsed.data).toMatchObject({
			options: ['Đoàn Thanh niên Cứu quốc', 'Hội Sinh viên', 'Đoàn Thanh niên Lao động'],
			correct: [0, 2],
			ignoreDiacritics: false
		});
	});

	it('gives true/false its two options and short answers their accepted list', () => {
		const tf = parseForm(
			questionSchema,
			form({ ...valid, type: 'true_false', options: '', correct: 'B' })
		);
		expect(tf.ok && tf.data.options).toEqual(['Đúng', 'Sai']);
		const short = parseForm(
			questionSchema,
			form({
				...valid,
				type: 'short',
				acceptedAnswers: 'Pác Bó\nhang Pác Bó',
				ignoreDiacritics: 'on'
			})
		);
		expect(short.ok && short.data).toMatchObject({
			options: [],
			correct: [],
			acceptedAnswers: ['Pác Bó', 'hang Pác Bó'],
			ignoreDiacritics: true
		});
	});

	it('refuses bad fields one by one, in Vietnamese', () => {
		const cases: [Record<string, string>, string, RegExp][] = [
			[{ prompt: '' }, 'prompt', /nội dung câu hỏi/i],
			[{ prompt: 'Câu <script>' }, 'prompt', /< hoặc >/],
			[{ correct: '1' }, 'correct', /chữ cái/],
			[{ topic: '' }, 'topic', /chủ đề/],
			[{ difficulty: '5' }, 'difficulty', /Mức độ/],
			[{ type: 'essay' }, 'type', /loại câu hỏi/]
		];
		for (const [change, field, message] of cases) {
			const parsed = parseForm(questionSchema, form({ ...valid, ...change }));
			expect(parsed.ok, field).toBe(false);
			if (!parsed.ok) expect(parsed.errors[field]?.join(' '), field).toMatch(message);
		}
	});
});

describe('contest forms', () => {
	const round = {
		title: 'Tuần 1',
		opensAt: '2026-11-23T10:00',
		closesAt: '30/11/2026 09:00',
		questionCount: '20',
		timeLimitMinutes: '15',
		attemptsAllowed: '2',
		topics: 'Lịch sử Đoàn; Tư tưởng Hồ Chí Minh',
		predictionQuestion: 'Bao nhiêu người tham gia?',
		prizeTiers: 'Giải Nhất: 1\nGiải Nhì: 2'
	};

	it('reads windows as Vietnam time and prize tiers as "name: count"', () => {
		const parsed = parseForm(roundSchema, form({ ...round, difficulties: ['1', '3'] }));
		expect(parsed.ok).toBe(true);
		if (!parsed.ok) return;
		expect(parsed.data.opensAt.toISOString()).toBe('2026-11-23T03:00:00.000Z');
		expect(parsed.data.closesAt.toISOString()).toBe('2026-11-30T02:00:00.000Z');
		expect(parsed.data.prizeTiers).toEqual([
			{ label: 'Giải Nhất', count: 1 },
			{ label: 'Giải Nhì', count: 2 }
		]);
		expect(parsed.data.topics).toEqual(['Lịch sử Đoàn', 'Tư tưởng Hồ Chí Minh']);
		expect(parsed.data.difficulties).toEqual([1, 3]);
	});

	it('refuses a window that closes before it opens, on the closing field', () => {
		const parsed = parseForm(roundSchema, form({ ...round, closesAt: '22/11/2026 09:00' }));
		expect(!parsed.ok && parsed.errors.closesAt).toEqual(['Thời điểm đóng phải sau thời điểm mở.']);
		const bad = parseForm(roundSchema, form({ ...round, opensAt: '31/02/2026 10:00' }));
		expect(!bad.ok && bad.errors.opensAt?.[0]).toContain('không hợp lệ');
	});

	it('checks phone and ID number at registration', () => {
		const valid = {
			fullName: 'Đỗ Văn Đoàn Viên',
			phone: '0912 345 678',
			idNumber: '001099012345',
			unitId: '7',
			consent: 'on'
		};
		const ok = parseForm(registrationSchema, form(valid));
		expect(ok.ok && ok.data.phone).toBe('0912345678');
		const plus = parseForm(registrationSchema, form({ ...valid, phone: '+84912345678' }));
		expect(plus.ok && plus.data.phone).toBe('0912345678');
		const badPhone = parseForm(registrationSchema, form({ ...valid, phone: '12345' }));
		expect(!badPhone.ok && badPhone.errors.phone?.[0]).toContain('Số điện thoại không hợp lệ');
		const badId = parseForm(registrationSchema, form({ ...valid, idNumber: '12345' }));
		expect(!badId.ok && badId.errors.idNumber?.[0]).toContain('9 hoặc 12 chữ số');
		const noUnit = parseForm(registrationSchema, form({ ...valid, unitId: '' }));
		expect(!noUnit.ok && noUnit.errors.unitId?.[0]).toContain('Vui lòng chọn đơn vị');
		const born = parseForm(registrationSchema, form({ ...valid, birthDate: '2/9/2005' }));
		expect(born.ok && born.data.birthDate).toBe('02/09/2005');
		for (const wrong of ['31/02/2005', '2005-09-02', '01/01/2999', 'hôm qua']) {
			const bad = parseForm(registrationSchema, form({ ...valid, birthDate: wrong }));
			expect(!bad.ok && bad.errors.birthDate?.[0]).toContain('Ngày sinh không hợp lệ');
		}
		// Without an account (public contests) the ID number may be left out, not be wrong.
		const guest = parseForm(guestRegistrationSchema, form({ ...valid, idNumber: '' }));
		expect(guest.ok && guest.data.idNumber).toBeUndefined();
		const guestBadId = parseForm(guestRegistrationSchema, form({ ...valid, idNumber: '123' }));
		expect(!guestBadId.ok && guestBadId.errors.idNumber?.[0]).toContain('9 hoặc 12 chữ số');
		const member = parseForm(registrationSchema, form({ ...valid, idNumber: '' }));
		expect(member.ok).toBe(false);
		// Consent to the purpose statement is required, with its message at the box.
		const { consent: _consent, ...unticked } = valid;
		for (const schema of [registrationSchema, guestRegistrationSchema]) {
			const refused = parseForm(schema, form(unticked));
			expect(!refused.ok && refused.errors.consent).toEqual([CONSENT_MISSING]);
		}
	});

	it('asks a guest who wants results by e-mail where to send them', () => {
		const valid = {
			fullName: 'Khách',
			phone: '0912345678',
			unitId: '7',
			wantsResults: 'on',
			consent: 'on'
		};
		const missing = parseForm(guestRegistrationSchema, form(valid));
		expect(!missing.ok && missing.errors.resultsEmail).toEqual([
			'Vui lòng nhập email để nhận kết quả.'
		]);
		const given = parseForm(
			guestRegistrationSchema,
			form({ ...valid, resultsEmail: ' Khach@Example.vn ' })
		);
		expect(given.ok && given.data).toMatchObject({
			wantsResults: true,
			resultsEmail: 'khach@example.vn'
		});
		const { wantsResults: _unticked, ...without } = valid;
		const no = parseForm(guestRegistrationSchema, form(without));
		expect(no.ok && no.data.wantsResults).toBe(false);
	});

	it('reads the attempt sheet: a radio, checkboxes and a typed answer, by option id', () => {
		const answers = answersFromForm(
			form({
				q12: 'Xa9_k-2mQp0L',
				q15: ['b3Vf0aQ9zz1K', 'Pq0-Aa1_bb2C'],
				t20: ' Pác Bó ',
				q21: '<script>',
				other: 'x'
			})
		);
		expect(answers).toEqual([
			{ questionId: 12, choice: ['Xa9_k-2mQp0L'] },
			{ questionId: 15, choice: ['b3Vf0aQ9zz1K', 'Pq0-Aa1_bb2C'] },
			{ questionId: 20, choice: [], text: 'Pác Bó' }
		]);
	});
});
