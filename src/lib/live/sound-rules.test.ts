import { describe, expect, it } from 'vitest';
import type { LiveState, PublicGame } from '$lib/shared/live';
import { soundFor, type Moment } from './sound-rules';

function game(state: LiveState, over: Partial<PublicGame> = {}, number = 1): PublicGame {
	return {
		code: 'ABCDEF',
		title: 'Thử',
		state,
		mode: 'phones',
		version: 1,
		lobbyLocked: false,
		questionCount: 5,
		played: number,
		serverNow: 0,
		question:
			state === 'lobby'
				? null
				: {
						number,
						type: 'single',
						prompt: 'Câu hỏi?',
						options: ['A', 'B'],
						seconds: 20,
						golden: false,
						rescue: false,
						deadlineAt: null,
						remainingMs: null,
						answer: null
					},
		counts: { joined: 4, standing: 4, fellNow: 0, answered: 0, returnedNow: 0 },
		players: [],
		rescue: { available: false, used: 0, max: 1, whenAtMost: 2, questionsLeft: 0 },
		results: null,
		...over
	};
}

const at = (g: PublicGame, secondsLeft: number | null = null): Moment => ({ game: g, secondsLeft });
const counts = (fellNow: number) => ({
	joined: 4,
	standing: 4 - fellNow,
	fellNow,
	answered: 4,
	returnedNow: 0
});
const winners = [{ rank: 1, winner: true, seat: 1, name: 'An', unit: '' }];

describe('the big screen’s sounds', () => {
	it('plays nothing for the first state the page shows, whatever it is', () => {
		expect(soundFor(null, at(game('finished', { results: winners })))).toBeNull();
		expect(soundFor(null, at(game('open'), 3))).toBeNull();
	});

	it('ticks once for each of the last five seconds of an open question, not before', () => {
		const open = game('open');
		expect(soundFor(at(open, 7), at(open, 6))).toBeNull();
		expect(soundFor(at(open, 6), at(open, 5))).toBe('tick');
		expect(soundFor(at(open, 5), at(open, 5))).toBeNull();
		expect(soundFor(at(open, 2), at(open, 1))).toBe('tick');
		expect(soundFor(at(open, 1), at(open, 0))).toBeNull();
	});

	it('does not tick on a paused question, nor when the next question opens', () => {
		expect(soundFor(at(game('open'), 5), at(game('paused'), 4))).toBeNull();
		expect(soundFor(at(game('revealed')), at(game('open', {}, 2), 4))).toBeNull();
		expect(soundFor(at(game('open', {}, 1), 3), at(game('open', {}, 2), 2))).toBeNull();
	});

	it('sounds the fall when a reveal eliminates players, only once and not when nobody fell', () => {
		const revealed = game('revealed', { counts: counts(2) });
		expect(soundFor(at(game('closed')), at(revealed))).toBe('fall');
		expect(soundFor(at(revealed), at(revealed))).toBeNull();
		expect(soundFor(at(game('closed')), at(game('revealed', { counts: counts(0) })))).toBeNull();
	});

	it('rings the golden bell when the game ends with a winner, even if players fell at the end', () => {
		const end = game('finished', { results: winners, counts: counts(3) });
		expect(soundFor(at(game('closed')), at(end))).toBe('bell');
		expect(soundFor(at(end), at(end))).toBeNull();
		// A game ended before it started has no results and rings nothing.
		expect(soundFor(at(game('lobby')), at(game('finished', { results: null })))).toBeNull();
	});
});
