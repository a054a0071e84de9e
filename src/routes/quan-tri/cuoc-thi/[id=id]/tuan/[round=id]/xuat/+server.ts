import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { exportRoundLeaderboard, exportRoundWinners } from '$lib/server/contests';
import { downloadExport } from '$lib/server/http';
import type { RequestHandler } from './$types';

const kindSchema = z.enum(['xep-hang', 'dat-giai']).default('xep-hang');

/** ?loai=xep-hang|dat-giai — the round's whole leaderboard, or its published winners. */
export const GET: RequestHandler = (event) => {
	const kind = kindSchema.safeParse(event.url.searchParams.get('loai') ?? undefined);
	if (!kind.success)
		error(400, 'Chọn bảng xếp hạng (xep-hang) hoặc danh sách đạt giải (dat-giai).');
	const contestId = Number(event.params.id);
	const roundId = Number(event.params.round);
	return downloadExport(event, (ctx) =>
		kind.data === 'dat-giai'
			? exportRoundWinners(ctx, contestId, roundId)
			: exportRoundLeaderboard(ctx, contestId, roundId)
	);
};
