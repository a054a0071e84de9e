import { describe, expect, it } from 'vitest';
import { findNearDuplicate, isCorrect, promptSimilarity, questionShapeErrors } from './rules';

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
	it('finds prompts that differ only in marks, case or punctuation', () => {
		const a = 'Đoàn TNCS Hồ Chí Minh được thành lập ngày tháng năm nào?';
		expect(promptSimilarity(a, 'doan tncs ho chi minh duoc thanh lap ngay thang nam nao')).toBe(1);
		expect(promptSimilarity(a, 'Bác Hồ ra đi tìm đường cứu nước năm nào?')).toBeLessThan(0.5);
		const found = findNearDuplicate('Đoàn TNCS Hồ Chí Minh thành lập ngày tháng năm nào?', [
			{ prompt: 'Bác Hồ ra đi tìm đường cứu nước năm nào?' },
			{ prompt: a }
		]);
		expect(found?.match.prompt).toBe(a);
		expect(
			findNearDuplicate('Nghị quyết Đại hội XIII xác định mấy đột phá chiến lược?', [{ prompt: a }])
		).toBeNull();
	});
});
