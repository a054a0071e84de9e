import { describe, expect, it } from 'vitest';
import { parseForm } from './form';
import { liveGameSchema } from './live';

/** The create form as the browser sends it. */
function form(fields: Record<string, string>) {
	const data = new FormData();
	data.set('unitId', '3');
	data.set('title', 'Rung chuông vàng khối 11');
	for (const [name, value] of Object.entries(fields)) data.set(name, value);
	return parseForm(liveGameSchema, data);
}

describe('the live game form', () => {
	it('takes the questions given an order, in that order, each with its own time or the game’s', () => {
		const parsed = form({
			'order.12': '2',
			'order.7': '1',
			'order.30': '',
			'seconds.12': '45',
			'seconds.30': '90',
			'order.9': '3',
			'rescue.30': 'on',
			seconds: '25'
		});
		expect(parsed.ok).toBe(true);
		if (!parsed.ok) return;
		expect(parsed.data.questionIds).toEqual([7, 12, 9]);
		expect(parsed.data.questionSeconds).toEqual([undefined, 45, undefined]);
		expect(parsed.data.seconds).toBe(25);
		expect(parsed.data.rescueQuestionIds).toEqual([30]);
		expect(parsed.data.rescueQuestionSeconds).toEqual([90]);
		// Every box comes back by its own name when the form is refused.
		expect(parsed.values['seconds.12']).toBe('45');
	});

	it('names each problem in Vietnamese: no question, a repeated or bad order, a bad time', () => {
		const none = form({ 'order.5': '' });
		expect(!none.ok && none.errors.questionIds).toEqual(['Vui lòng chọn ít nhất một câu hỏi.']);

		const twice = form({ 'order.5': '1', 'order.6': '1' });
		expect(!twice.ok && twice.errors.questionOrders).toEqual([
			'Mỗi thứ tự chỉ dùng cho một câu hỏi.'
		]);

		const letters = form({ 'order.5': 'một' });
		expect(!letters.ok && letters.errors.questionOrders?.[0]).toBe(
			'Thứ tự câu hỏi phải là một số.'
		);

		const tooQuick = form({ 'order.5': '1', 'seconds.5': '2' });
		expect(!tooQuick.ok && tooQuick.errors.questionSeconds).toEqual([
			'Thời gian câu hỏi tối thiểu là 5.'
		]);
	});

	it('still takes a list of question ids from other callers', () => {
		const data = new FormData();
		data.set('unitId', '3');
		data.set('title', 'Trò chơi');
		data.append('questionIds', '4');
		data.append('questionIds', '2');
		const parsed = parseForm(liveGameSchema, data);
		expect(parsed.ok && parsed.data.questionIds).toEqual([4, 2]);
	});
});
