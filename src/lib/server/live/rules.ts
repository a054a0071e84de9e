/**
 * Pure rules of a live "Rung chuông vàng" game: what each state allows, the deadline and its
 * grace, elimination, rescue, the golden-bell question, when the game ends and the final order.
 * No database and no clock: the time comes in as an argument.
 */
import {
	answersQuestion,
	type LiveMode,
	type LivePlayerStatus,
	type LiveState
} from '$lib/shared/live';
import { isCorrect, type AnswerKey } from '../questions';

/** An answer that left the phone just before the deadline still counts if it lands within this. */
export const GRACE_MS = 500;

export type LiveAction =
	| 'join'
	| 'kick'
	| 'lock'
	| 'start'
	| 'open'
	| 'answer'
	| 'close'
	| 'reveal'
	| 'rescue'
	| 'pause'
	| 'resume'
	| 'end'
	| 'seat'
	| 'mark';

const allowed: Record<LiveState, readonly LiveAction[]> = {
	lobby: ['join', 'kick', 'lock', 'start', 'end', 'seat'],
	// `start` opens the first question, so a running game is never "started but idle".
	open: ['answer', 'close', 'pause', 'kick', 'end'],
	paused: ['resume', 'close', 'kick', 'end'],
	closed: ['reveal', 'mark', 'kick', 'end'],
	revealed: ['open', 'rescue', 'kick', 'end'],
	finished: []
};

export function allows(state: LiveState, action: LiveAction): boolean {
	return allowed[state].includes(action);
}

export function deadlineFor(openedAt: Date, seconds: number): Date {
	return new Date(openedAt.getTime() + seconds * 1000);
}

/** Answers count up to the deadline plus the grace, not one millisecond later. */
export function acceptsAnswerAt(deadline: Date, receivedAt: Date): boolean {
	return receivedAt.getTime() <= deadline.getTime() + GRACE_MS;
}

/** When the server closes the question by itself. */
export function closesAt(deadline: Date): Date {
	return new Date(deadline.getTime() + GRACE_MS);
}

/**
 * The close timer waits this long after `closesAt`: an answer received within the grace may
 * still be waiting for its batch, and the close (which takes the game's lock exclusively)
 * would refuse it. Later answers are refused by their receipt time anyway.
 */
export const SETTLE_MS = 250;

/** How long from `now` the close timer waits: never less than the settle time. */
export function closeTimerDelay(deadline: Date, now: Date): number {
	return Math.max(0, closesAt(deadline).getTime() - now.getTime()) + SETTLE_MS;
}

/** What an answer is checked against: the game, the player holding the token, the question. */
export interface AnswerContext {
	gameId: number;
	mode: LiveMode;
	state: LiveState;
	currentIndex: number | null;
	deadlineAt: Date | null;
	playerId: number | null;
	playerStatus: LivePlayerStatus | null;
	questionType: string | null;
	/** Whether the question at this position is a rescue question; null when there is none. */
	questionRescue: boolean | null;
}

export interface AnswerRefusal {
	status: 400 | 404 | 409;
	message: string;
}

export const GAME_NOT_FOUND = 'Không tìm thấy trò chơi với mã này.';

/**
 * Whether this answer counts, and if not why. `context` is null when no game has the code;
 * `answer` is what the player sent for the question's type (a typed text or option indexes).
 */
export function answerRefusal(
	context: AnswerContext | null,
	position: number,
	answer: number[] | string,
	receivedAt: Date
): AnswerRefusal | null {
	if (!context) return { status: 404, message: GAME_NOT_FOUND };
	if (
		context.playerId === null ||
		context.playerStatus === null ||
		context.playerStatus === 'kicked'
	)
		return { status: 404, message: 'Bạn chưa tham gia trò chơi này.' };
	if (context.mode === 'whiteboard')
		return { status: 409, message: 'Trò chơi này chơi trên bảng trắng.' };
	// Standing players answer main questions; only the fallen answer a rescue question.
	const rescue = context.questionRescue === true;
	if (!answersQuestion(context.playerStatus, rescue))
		return {
			status: 409,
			message: rescue ? STANDING_ON_RESCUE : 'Bạn đã bị loại, không thể trả lời.'
		};
	if (
		context.currentIndex !== position ||
		!allows(context.state, 'answer') ||
		!context.deadlineAt ||
		!context.questionType
	)
		return { status: 409, message: 'Câu hỏi này không còn nhận câu trả lời.' };
	if (!acceptsAnswerAt(context.deadlineAt, receivedAt))
		return { status: 409, message: 'Đã hết giờ trả lời.' };
	if (answer.length === 0) return { status: 400, message: 'Vui lòng chọn hoặc nhập câu trả lời.' };
	return null;
}

export interface PlayerLite {
	id: number;
	status: LivePlayerStatus;
	eliminatedAt: number | null;
}

export const STANDING_ON_RESCUE =
	'Câu hỏi cứu trợ — bạn đang đứng trên sàn, hãy theo dõi. Chỉ người đã bị loại mới trả lời câu này.';

/**
 * Who falls at `position`: every standing player without a right answer (a missing answer
 * is wrong). Returns the ids of the fallen.
 */
export function judgeQuestion(
	players: readonly PlayerLite[],
	answers: ReadonlyMap<number, number[] | string>,
	key: AnswerKey
): { survivors: number[]; fallen: number[] } {
	const survivors: number[] = [];
	const fallen: number[] = [];
	for (const p of players) {
		if (p.status !== 'active') continue;
		(isCorrect(key, answers.get(p.id)) ? survivors : fallen).push(p.id);
	}
	return { survivors, fallen };
}

export interface RescueConfig {
	rescueWhenAtMost: number;
	rescueMaxUses: number;
	rescuesUsed: number;
}

/** Why a rescue is not possible now, or null when it is. */
export function rescueRefusal(
	config: RescueConfig,
	state: LiveState,
	standing: number
): string | null {
	if (!allows(state, 'rescue')) return 'Chỉ cứu trợ được sau khi đã công bố đáp án.';
	if (config.rescuesUsed >= config.rescueMaxUses)
		return `Đã dùng hết ${config.rescueMaxUses} lượt cứu trợ.`;
	if (standing > config.rescueWhenAtMost)
		return `Chỉ cứu trợ khi còn tối đa ${config.rescueWhenAtMost} người trên sàn.`;
	return null;
}

/** Why a rescue question cannot be opened now, or null when it can. */
export function rescueQuestionRefusal(
	config: RescueConfig,
	state: LiveState,
	players: readonly PlayerLite[],
	rescueQuestionsLeft: number
): string | null {
	const standing = players.filter((p) => p.status === 'active').length;
	const refusal = rescueRefusal(config, state, standing);
	if (refusal) return refusal;
	if (rescueQuestionsLeft === 0) return 'Không còn câu hỏi cứu trợ nào.';
	if (!players.some((p) => p.status === 'eliminated')) return 'Chưa có ai bị loại để cứu trợ.';
	return null;
}

/** A rescue question brings back the eliminated players `isRight` says answered it right. */
export function rescuedByQuestion(
	players: readonly PlayerLite[],
	isRight: (playerId: number) => boolean
): number[] {
	return players.filter((p) => answersQuestion(p.status, true) && isRight(p.id)).map((p) => p.id);
}

/**
 * After a rescue (of either kind): an empty floor ends the game unless another rescue is
 * possible (the fallen then share the result); with no main question left, those standing
 * share the win. Otherwise the game goes on, even with one player back on the floor: the
 * last-one rule applies after a main question only.
 */
export function endAfterRescue(input: {
	standing: number;
	questionsLeft: number;
	rescueAvailable: boolean;
}): EndReason | null {
	if (input.standing === 0) return input.rescueAvailable ? null : 'all_fell';
	if (input.questionsLeft === 0) return 'out_of_questions';
	return null;
}

/** The eliminated players a rescue brings back: everyone who fell at `sinceIndex` or later. */
export function rescued(players: readonly PlayerLite[], sinceIndex: number): number[] {
	return players
		.filter((p) => p.status === 'eliminated' && (p.eliminatedAt ?? -1) >= sinceIndex)
		.map((p) => p.id);
}

export interface GoldenBellConfig {
	goldenBellIndex: number | null;
	goldenBellWhenAtMost: number | null;
}

/** Whether the question opening at `position` is the golden-bell question. */
export function isGoldenBell(config: GoldenBellConfig, position: number, standing: number) {
	if (config.goldenBellIndex !== null && position === config.goldenBellIndex) return true;
	return config.goldenBellWhenAtMost !== null && standing <= config.goldenBellWhenAtMost;
}

export type EndReason = 'last_one' | 'all_fell' | 'out_of_questions' | 'golden_bell';

/**
 * After a question is judged: does the game end? A golden-bell question ends it either way.
 * When everyone fell and a rescue is still possible the host decides (rescue or end).
 */
export function endAfterReveal(input: {
	standing: number;
	position: number;
	questionCount: number;
	golden: boolean;
	rescueAvailable: boolean;
}): EndReason | null {
	if (input.golden) return input.standing === 0 ? 'all_fell' : 'golden_bell';
	if (input.standing === 0) return input.rescueAvailable ? null : 'all_fell';
	if (input.standing === 1) return 'last_one';
	if (input.position >= input.questionCount - 1) return 'out_of_questions';
	return null;
}

export interface Ranked {
	id: number;
	rank: number;
	winner: boolean;
}

/**
 * Final order: those still standing win; if nobody stands, those who fell last share the
 * result. Then everyone else by the question at which they fell, later first; a shared
 * question gives a shared rank. Kicked players are not ranked.
 */
export function finalOrder(players: readonly PlayerLite[]): Ranked[] {
	const inPlay = players.filter((p) => p.status !== 'kicked');
	const key = (p: PlayerLite) => (p.status === 'active' ? Infinity : (p.eliminatedAt ?? -1));
	const sorted = [...inPlay].sort((a, b) => key(b) - key(a) || a.id - b.id);
	const best = sorted.length ? key(sorted[0]!) : 0;
	const out: Ranked[] = [];
	sorted.forEach((p, i) => {
		const prev = out[i - 1];
		const rank = prev && key(sorted[i - 1]!) === key(p) ? prev.rank : i + 1;
		out.push({ id: p.id, rank, winner: key(p) === best });
	});
	return out;
}

/** Joining is possible in the lobby while it is not locked. */
export function joinRefusal(state: LiveState, lobbyLocked: boolean): string | null {
	if (!allows(state, 'join')) return 'Trò chơi đã bắt đầu, không thể tham gia thêm.';
	if (lobbyLocked) return 'Phòng chờ đã khóa.';
	return null;
}

/** A fresh join code from random bytes (the caller supplies them, so this stays pure). */
export function joinCodeFrom(bytes: Uint8Array, alphabet: string, length: number): string {
	let code = '';
	for (let i = 0; i < length; i++) code += alphabet[bytes[i]! % alphabet.length];
	return code;
}
