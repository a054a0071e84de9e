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

export const livePlayerStatuses = ['active', 'eliminated', 'kicked'] as const;
export type LivePlayerStatus = (typeof livePlayerStatuses)[number];

export const livePlayerStatusLabels: Record<LivePlayerStatus, string> = {
	active: 'Còn trên sàn thi đấu',
	eliminated: 'Đã bị loại',
	kicked: 'Bị mời ra khỏi phòng'
};

/** Join codes: six characters without look-alikes (0/O, 1/I/L). */
export const JOIN_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const JOIN_CODE_LENGTH = 6;
