import { error } from '@sveltejs/kit';
import { printableSchema } from '$lib/schemas/live-print';
import { downloadPdf } from '$lib/server/http';
import { printable } from '$lib/server/live';
import type { RequestHandler } from './$types';

/** The hall's printables; the join link is the console's (origin + /choi/<code>). */
export const GET: RequestHandler = (event) => {
	const input = printableSchema.safeParse({
		kind: event.params.kind,
		seat: event.url.searchParams.get('sbd')
	});
	if (!input.success) error(400, input.error.issues[0]!.message);
	const joinUrl = `${event.url.origin}/choi/${event.params.code}`;
	return downloadPdf(event, (ctx) => printable(ctx, event.params.code, input.data, joinUrl));
};
