import { describe, expect, it } from 'vitest';
import {
	NEAR_DUPLICATE,
	findNearDuplicate,
	isCorrect,
	promptSimilarity,
	questionFingerprint,
	questionShapeErrors,
	questionSimilarity
} from './rules';

describe('answer checking', () => {
	it('needs exactly the right options for choice questions', () => {
		const single = {
			type: 'single' as const,
			correct: [2],
			acceptedAnswers: [],
			ignoreDiacritics: false
		};
		expect(isCorrect(single, [2])).toBe(true);
		expect(isCorrect(single, [1])).toBe(false);
		expect(isCorrect(single, [])).toBe(false);
		expect(isCorrect(single, null)).toBe(false);
		const multiple = { ...single, type: 'multiple' as const, correct: [0, 3] };
		expect(isCorrect(multiple, [3, 0])).toBe(true);
		expect(isCorrect(multiple, [0])).toBe(false);
		expect(isCorrect(multiple, [0, 3, 1])).toBe(false);
		expect(isCorrect(multiple, 'A')).toBe(false);
	});

	it('compares typed answers without case and spacing, and diacritics only when allowed', () => {
		const key = {
			type: 'short' as const,
			correct: [],
			acceptedAnswers: ['Pác Bó', 'hang Pác Bó'],
			ignoreDiacritics: false
		};
		expect(isCorrect(key, '  pác   bó ')).toBe(true);
		expect(isCorrect(key, 'HANG PÁC BÓ')).toBe(true);
		expect(isCorrect(key, 'pac bo')).toBe(false);
		expect(isCorrect(key, '')).toBe(false);
		expect(isCorrect({ ...key, ignoreDiacritics: true }, 'pac bo')).toBe(true);
		// Decomposed input (NFD, as some phone keyboards send) still matches.
		expect(isCorrect(key, 'Pác Bó'.normalize('NFD'))).toBe(true);
	});
});

describe('question shape', () => {
	it('reports problems per field', () => {
		expect(
			questionShapeErrors({ type: 'single', options: ['A'], correct: [0], acceptedAnswers: [] })
		).toHaveProperty('options');
		expect(
			questionShapeErrors({
				type: 'single',
				options: ['A', 'B'],
				correct: [0, 1],
				acceptedAnswers: []
			})
		).toHaveProperty('correct');
		expect(
			questionShapeErrors({
				type: 'multiple',
				options: ['A', 'B'],
				correct: [5],
				acceptedAnswers: []
			})
		).toHaveProperty('correct');
		expect(
			questionShapeErrors({ type: 'short', options: [], correct: [], acceptedAnswers: [] })
		).toHaveProperty('acceptedAnswers');
		expect(
			questionShapeErrors({
				type: 'multiple',
				options: ['A', 'B', 'C'],
				correct: [0, 2],
				acceptedAnswers: []
			})
		).toEqual({});
	});
});

describe('near-duplicates', () => {
	const q = (prompt: string, options: string[] = []) => ({ prompt, options, acceptedAnswers: [] });

	it('finds prompts that differ only in marks, case or punctuation', () => {
		const a = 'Đoàn TNCS Hồ Chí Minh được thành lập ngày tháng năm nào?';
		expect(promptSimilarity(a, 'doan tncs ho chi minh duoc thanh lap ngay thang nam nao')).toBe(1);
		expect(promptSimilarity(a, 'Bác Hồ ra đi tìm đường cứu nước năm nào?')).toBeLessThan(0.5);
		const found = findNearDuplicate(q('Đoàn TNCS Hồ Chí Minh thành lập ngày tháng năm nào?'), [
			q('Bác Hồ ra đi tìm đường cứu nước năm nào?'),
			q(a)
		]);
		expect(found?.match.prompt).toBe(a);
		expect(
			findNearDuplicate(q('Nghị quyết Đại hội XIII xác định mấy đột phá chiến lược?'), [q(a)])
		).toBeNull();
	});

	it('does not take questions sharing a generic stem for duplicates when their options differ', () => {
		const stem = 'Chọn đáp án sai:';
		const first = q(stem, [
			'Đoàn TNCS Hồ Chí Minh thành lập năm 1931',
			'Đại hội Đoàn lần thứ nhất họp năm 1950',
			'Khẩu hiệu của Đoàn là Sẵn sàng',
			'Huy hiệu Đoàn có hình lá cờ'
		]);
		const second = q(stem, [
			'Bác Hồ ra đi tìm đường cứu nước năm 1911',
			'Bác Hồ về nước năm 1941',
			'Tuyên ngôn Độc lập đọc năm 1945',
			'Bác Hồ sinh năm 1890'
		]);
		expect(questionSimilarity(first, second)).toBeLessThan(NEAR_DUPLICATE);
		expect(findNearDuplicate(second, [first])).toBeNull();
		// The same stem with the same options, in another order and case, still is one.
		const again = q(
			stem,
			[...first.options].reverse().map((o) => o.toLowerCase())
		);
		expect(findNearDuplicate(again, [first])?.similarity).toBe(1);
	});
});

describe('exact duplicates', () => {
	const base = {
		type: 'single' as const,
		prompt: 'Đoàn TNCS Hồ Chí Minh thành lập năm nào?',
		options: ['1930', '1931', '1941'],
		correct: [1],
		acceptedAnswers: []
	};

	it('are the same question whatever the case, spacing or order of the options', () => {
		expect(
			questionFingerprint({
				...base,
				prompt: '  đoàn TNCS Hồ Chí  Minh thành lập năm nào? ',
				options: ['1941', '1931', '1930'],
				correct: [1]
			})
		).toBe(questionFingerprint(base));
	});

	it('differ when the right answer or an option differs', () => {
		expect(questionFingerprint({ ...base, correct: [0] })).not.toBe(questionFingerprint(base));
		expect(questionFingerprint({ ...base, options: ['1930', '1931', '1945'] })).not.toBe(
			questionFingerprint(base)
		);
	});
});
