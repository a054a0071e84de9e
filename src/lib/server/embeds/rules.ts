/**
 * Embeds (docs/embeds.md): which pages may be framed and by whom, the snippet an organizer
 * copies, and the oEmbed answer. Pure: no database, no request.
 */

/** The things a portal may embed, each with its public page and its embeddable page. */
export type EmbedTarget =
	| { kind: 'poll'; id: number }
	| { kind: 'campaign'; id: number }
	| { kind: 'honour-roll'; unitId: number | null }
	| { kind: 'contest-round'; contestId: number; roundId: number };

/** The embeddable page of a thing (the iframe's src path). */
export function embedPath(target: EmbedTarget): string {
	switch (target.kind) {
		case 'poll':
			return `/nhung/binh-chon/${target.id}`;
		case 'campaign':
			return `/nhung/dot/${target.id}`;
		case 'honour-roll':
			return target.unitId ? `/nhung/vinh-danh?unit=${target.unitId}` : '/nhung/vinh-danh';
		case 'contest-round':
			return `/nhung/cuoc-thi/${target.contestId}/tuan/${target.roundId}`;
	}
}

/** The public page of a thing (what is shared, what oEmbed is asked about). */
export function publicPath(target: EmbedTarget): string {
	return embedPath(target).replace(/^\/nhung/, '');
}

const ID = '([1-9][0-9]{0,9})';
const PATHS: [RegExp, (m: RegExpMatchArray, url: URL) => EmbedTarget | null][] = [
	[new RegExp(`^(?:/nhung)?/binh-chon/${ID}/?$`), (m) => ({ kind: 'poll', id: Number(m[1]) })],
	[new RegExp(`^(?:/nhung)?/dot/${ID}/?$`), (m) => ({ kind: 'campaign', id: Number(m[1]) })],
	[
		new RegExp(`^(?:/nhung)?/cuoc-thi/${ID}/tuan/${ID}/?$`),
		(m) => ({ kind: 'contest-round', contestId: Number(m[1]), roundId: Number(m[2]) })
	],
	[
		/^(?:\/nhung)?\/vinh-danh\/?$/,
		(_m, url) => {
			const unit = url.searchParams.get('unit');
			if (unit === null) return { kind: 'honour-roll', unitId: null };
			return /^[1-9][0-9]{0,9}$/.test(unit) ? { kind: 'honour-roll', unitId: Number(unit) } : null;
		}
	]
];

/**
 * The thing an address on this site names (its public page or its embeddable page), or null for
 * another site, another page, or an address that does not parse.
 */
export function embedTargetOf(address: string, ownOrigin: string): EmbedTarget | null {
	let url: URL;
	try {
		url = new URL(address);
	} catch {
		return null;
	}
	if (url.origin !== ownOrigin) return null;
	for (const [pattern, make] of PATHS) {
		const match = url.pathname.match(pattern);
		if (match) return make(match, url);
	}
	return null;
}

/**
 * The frame-ancestors directive of a response: the listed sites (validated origins) and the site
 * itself for an embeddable page; the site itself only for every other page.
 */
export function frameAncestors(allowed: readonly string[] | undefined): string {
	return ['frame-ancestors', "'self'", ...(allowed ?? [])].join(' ');
}

/** The framing headers of a response: X-Frame-Options only where no other site may frame it. */
export function framingHeaders(allowed: readonly string[] | undefined): {
	csp: string;
	xFrameOptions: string | null;
} {
	return {
		csp: frameAncestors(allowed),
		// X-Frame-Options knows no list; browsers that read CSP ignore it when frame-ancestors is
		// there, and the others would refuse every portal, so an embeddable page sends none.
		xFrameOptions: allowed ? null : 'SAMEORIGIN'
	};
}

/** The frame's starting height before it reports its own (the sizing script takes over). */
export const EMBED_HEIGHTS: Record<EmbedTarget['kind'], number> = {
	poll: 640,
	campaign: 560,
	'honour-roll': 720,
	'contest-round': 720
};

/** The title of a round's board, in the snippet and the oEmbed answer alike. */
export function roundBoardTitle(contestTitle: string, roundTitle: string): string {
	return `Bảng xếp hạng: ${contestTitle} — ${roundTitle}`;
}

/** The width a frame asks for: the host's column, up to this. */
export const EMBED_MAX_WIDTH = 720;

const escapeHtml = (text: string) =>
	text
		.replaceAll('&', '&amp;')
		.replaceAll('"', '&quot;')
		.replaceAll('<', '&lt;')
		.replaceAll('>', '&gt;');

/**
 * What an organizer pastes into the portal's page (and what oEmbed answers): the frame, full
 * width up to a maximum, and the sizing script that resizes it to its content.
 */
export function embedSnippet(origin: string, target: EmbedTarget, title: string): string {
	const src = `${origin}${embedPath(target)}`;
	return (
		`<iframe src="${escapeHtml(src)}" title="${escapeHtml(title)}" ` +
		`style="width:100%;max-width:${EMBED_MAX_WIDTH}px;height:${EMBED_HEIGHTS[target.kind]}px;border:0" ` +
		`loading="lazy" data-guong-sang></iframe>\n` +
		`<script src="${escapeHtml(origin)}/nhung.js" async></script>`
	);
}

/** An oEmbed 1.0 answer of type rich (https://oembed.com, section 2.3.4). */
export function oembedAnswer(
	origin: string,
	target: EmbedTarget,
	title: string,
	asked: { maxwidth?: number; maxheight?: number } = {}
) {
	const width = Math.min(EMBED_MAX_WIDTH, asked.maxwidth ?? EMBED_MAX_WIDTH);
	const height = Math.min(EMBED_HEIGHTS[target.kind], asked.maxheight ?? Infinity);
	return {
		version: '1.0',
		type: 'rich',
		title,
		provider_name: 'Gương Sáng',
		provider_url: `${origin}/`,
		width,
		height,
		html: embedSnippet(origin, target, title)
	};
}
