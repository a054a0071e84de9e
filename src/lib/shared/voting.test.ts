import { describe, expect, it } from 'vitest';
import { provisionalNote, resultStanding, votedNotice } from './voting';

const closesAt = new Date('2026-12-10T10:00:00Z');
const before = new Date('2026-12-05T10:00:00Z');
const after = new Date('2026-12-11T10:00:00Z');

describe('result standing', () => {
	it('is provisional while the poll is open, whatever the count', () => {
		const standing = resultStanding({ closesAt, minVotes: null }, 5000, before);
		expect(standing).toEqual({ provisional: true, open: true, missing: 0, minVotes: null });
		expect(provisionalNote(standing)).toBe('Kết quả tạm thời: cuộc bình chọn vẫn đang mở.');
	});

	it('stays provisional after closing until the minimum of ballots is reached', () => {
		const few = resultStanding({ closesAt, minVotes: 1000 }, 3, after);
		expect(few).toMatchObject({ provisional: true, open: false, missing: 997 });
		expect(provisionalNote(few)).toBe(
			'Kết quả tạm thời: cần ít nhất 1.000 phiếu hợp lệ, còn thiếu 997 phiếu.'
		);
		const enough = resultStanding({ closesAt, minVotes: 1000 }, 1000, after);
		expect(enough).toMatchObject({ provisional: false, missing: 0 });
		expect(provisionalNote(enough)).toBeNull();
	});

	it('says both reasons when both hold, and is final once closed with no minimum', () => {
		expect(provisionalNote(resultStanding({ closesAt, minVotes: 10 }, 1, before))).toBe(
			'Kết quả tạm thời: cuộc bình chọn vẫn đang mở; cần ít nhất 10 phiếu hợp lệ, còn thiếu 9 phiếu.'
		);
		expect(resultStanding({ closesAt, minVotes: null }, 1, after).provisional).toBe(false);
	});
});

describe('the voted notice', () => {
	const ballot = {
		castAt: new Date('2026-12-06T03:11:00Z'),
		trackingCode: 'K7Q2-M9XD',
		nextVoteAt: new Date('2026-12-06T17:00:00Z')
	};
	it('gives the code and when the next vote is allowed in a daily poll', () => {
		expect(votedNotice(ballot, { dailyVoting: true })).toEqual({
			title: 'Bạn đã bình chọn hôm nay',
			code: 'K7Q2-M9XD',
			when: 'lúc 10:11 ngày 06/12/2026',
			next: 'Bạn có thể bình chọn lại từ lúc 00:00 ngày 07/12/2026.'
		});
	});
	it('says once is all in a one-vote poll, and the last day in a daily one', () => {
		const once = votedNotice({ ...ballot, nextVoteAt: null }, { dailyVoting: false });
		expect(once.title).toBe('Bạn đã bình chọn');
		expect(once.next).toBe('Mỗi người chỉ được bình chọn một lần trong cuộc bình chọn này.');
		expect(votedNotice({ ...ballot, nextVoteAt: null }, { dailyVoting: true }).next).toBe(
			'Hôm nay là ngày bình chọn cuối cùng. Cảm ơn bạn đã tham gia!'
		);
	});
});
