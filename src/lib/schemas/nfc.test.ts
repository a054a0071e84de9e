import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { line, paragraph } from './common';
import { questionSchema } from './questions';
import { answerSchema } from './live';

// "Huỷ" typed on a device that sends u + hook + dot below instead of one letter.
const NFD = 'Quyết định 902-QĐ/HỦY về việc huỷ'.normalize('NFD');
const NFC = NFD.normalize('NFC');

describe('text reaches the services as NFC whoever parses it', () => {
	it('normalises the shared field helpers, not only forms', () => {
		expect(NFD).not.toBe(NFC);
		expect(line('số quyết định').parse(NFD)).toBe(NFC);
		expect(paragraph('trích yếu', 500).parse(`  ${NFD}\r\n`)).toBe(NFC);
		expect(z.object({ n: line('tên') }).parse({ n: NFD }).n).toBe(NFC);
	});

	it('normalises an imported question and a typed live answer', () => {
		const question = questionSchema.parse({
			type: 'single',
			prompt: `Câu hỏi: ${NFD}?`,
			options: [`Đáp án ${NFD}`, 'Không'],
			correct: 'A',
			acceptedAnswers: [],
			ignoreDiacritics: '',
			topic: 'Lịch sử Đảng'.normalize('NFD'),
			difficulty: '1',
			source: '',
			explanation: ''
		});
		expect(question.prompt).toBe(`Câu hỏi: ${NFC}?`);
		expect(question.options[0]).toBe(`Đáp án ${NFC}`);
		expect(answerSchema.parse({ position: '1', text: NFD }).text).toBe(NFC);
	});
});
