import type { QuestionType } from './questions';

// States of a live "Rung chuông vàng" game and their labels, shared by pages and the schema.
export const liveStates = ['lobby', 'open', 'paused', 'closed', 'revealed', 'finished'] as const;
export type LiveState = (typeof liveStates)[number];

export const liveStateLabels: Record<LiveState, string> = {
	lobby: 'Đang chờ người chơi',
	open: 'Đang trả lời',
	paused: 'Tạm dừng',
	closed: 'Hết giờ',
	revealed: 'Đã công bố đáp án',
	finished: 'Đã kết thúc'
};

/** Phones: players answer on their phones. Whiteboard: floor judges mark each seat. */
/** Time per question when the host sets none, as most halls play it. */
export const DEFAULT_SECONDS = 20;

export const liveModes = ['phones', 'whiteboard'] as const;
export type LiveMode = (typeof liveModes)[number];

export const liveModeLabels: Record<LiveMode, string> = {
	phones: 'Người chơi trả lời trên điện thoại',
	whiteboard: 'Bảng trắng: giám khảo chấm theo số báo danh'
};

export const livePlayerStatuses = ['active', 'eliminated', 'kicked'] as const;
export type LivePlayerStatus = (typeof livePlayerStatuses)[number];

export const livePlayerStatusLabels: Record<LivePlayerStatus, string> = {
	active: 'Còn trên sàn thi đấu',
	eliminated: 'Đã bị loại',
	kicked: 'Bị mời ra khỏi phòng'
};

/** A rescue brings back everyone fallen since a question, or those right on a rescue question. */
export const liveRescueKinds = ['since', 'question'] as const;
export type LiveRescueKind = (typeof liveRescueKinds)[number];

/** Join codes: six characters without look-alikes (0/O, 1/I/L). */
export const JOIN_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const JOIN_CODE_LENGTH = 6;

// What screens receive of a game (built on the server in live/view.ts).
export interface PublicQuestion {
	number: number;
	type: QuestionType;
	prompt: string;
	options: string[];
	seconds: number;
	golden: boolean;
	/** A rescue question: only the eliminated answer it; those right return to the floor. */
	rescue: boolean;
	/** Epoch ms; null unless open. */
	deadlineAt: number | null;
	remainingMs: number | null;
	/** Only after reveal. */
	answer: { correct: number[]; accepted: string[]; explanation: string } | null;
}

export interface PublicPlayer {
	id: number;
	seat: number;
	name: string;
	unit: string;
	status: LivePlayerStatus;
	fellAt: number | null;
}

export interface PublicGame {
	code: string;
	title: string;
	state: LiveState;
	mode: LiveMode;
	version: number;
	lobbyLocked: boolean;
	/** Main questions (rescue questions are not counted). */
	questionCount: number;
	/** Main questions opened so far. */
	played: number;
	serverNow: number;
	question: PublicQuestion | null;
	counts: {
		joined: number;
		standing: number;
		fellNow: number;
		answered: number;
		/** After the reveal: how many a rescue (by question, or since a question) brought back. */
		returnedNow: number;
	};
	players: PublicPlayer[];
	rescue: {
		available: boolean;
		used: number;
		max: number;
		whenAtMost: number;
		/** Rescue questions not used yet. */
		questionsLeft: number;
	};
	results: { rank: number; winner: boolean; seat: number; name: string; unit: string }[] | null;
}

/**
 * Who answers a question: those standing answer a main question; only the eliminated answer a
 * rescue question (a kicked player answers nothing).
 * The server's rules and the phone's and host's pages all ask this.
 */
export function answersQuestion(
	// A page's copy of the player may carry the status as a plain string, or none yet.
	status: LivePlayerStatus | (string & {}) | undefined,
	rescue: boolean
): boolean {
	return status === (rescue ? 'eliminated' : 'active');
}

/**
 * A phone's own status after a frame of its stream. The server adds it to a frame only when it
 * changed since the last one sent, so a frame without it keeps the last one received, null
 * included (a player kicked out stays out); before any frame, the page's.
 */
export function phoneMe<M>(
	frame: { me?: M | null },
	last: { me: M | null } | null,
	fromPage: M | null
): M | null {
	if (frame.me !== undefined) return frame.me;
	return last ? last.me : fromPage;
}
