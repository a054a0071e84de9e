import { json } from '@sveltejs/kit';
import { oembed } from '$lib/server/embeds';
import { DomainError } from '$lib/server/errors';
import { ctxOf } from '$lib/server/http';
import type { RequestHandler } from './$types';

const size = (value: string | null) => {
	const n = Number(value);
	return value && Number.isInteger(n) && n > 0 ? n : undefined;
};

/**
 * oEmbed (https://oembed.com): `?url=<a public page of this site>&format=json` answers the rich
 * embed of that page. JSON only (501 for another format, as the specification asks); an unknown
 * or private address is 404.
 */
export const GET: RequestHandler = async (event) => {
	const query = event.url.searchParams;
	const headers = { 'access-control-allow-origin': '*', 'cache-control': 'public, max-age=300' };
	const format = query.get('format') ?? 'json';
	if (format !== 'json')
		return json({ message: 'Chỉ hỗ trợ định dạng json.' }, { status: 501, headers });
	try {
		const answer = await oembed(ctxOf(event), query.get('url') ?? '', event.url.origin, {
			maxwidth: size(query.get('maxwidth')),
			maxheight: size(query.get('maxheight'))
		});
		return json(answer, { headers });
	} catch (error) {
		if (error instanceof DomainError)
			return json({ message: error.message }, { status: error.status, headers });
		throw error;
	}
};
