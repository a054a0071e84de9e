import { describe, expect, it } from 'vitest';
import { embedOriginsSchema, parseEmbedOrigins, MAX_EMBED_ORIGINS } from '$lib/schemas/embeds';
import {
	embedPath,
	embedSnippet,
	embedTargetOf,
	framingHeaders,
	oembedAnswer,
	publicPath,
	roundBoardTitle
} from './rules';

const ORIGIN = 'https://guongsang.example.vn';

describe('the allowed sites of a unit', () => {
	it('keeps bare http(s) origins, normalised and once each, one a line or separated by commas', () => {
		expect(
			parseEmbedOrigins(
				'https://TinhDoan.Example.VN/\nhttp://127.0.0.2:4710 , https://tinhdoan.example.vn:443\n\n'
			)
		).toEqual({
			origins: ['https://tinhdoan.example.vn', 'http://127.0.0.2:4710'],
			errors: []
		});
	});

	it('refuses paths, queries, fragments, credentials, wildcards and other schemes, each by name', () => {
		const { origins, errors } = parseEmbedOrigins(
			[
				'https://a.example.vn/tin-tuc',
				'https://a.example.vn/?x=1',
				'https://a.example.vn/#top',
				'https://user:pw@a.example.vn',
				'https://*.example.vn',
				'*',
				'ftp://a.example.vn',
				'javascript:alert(1)',
				'a.example.vn',
				'https://'
			].join('\n')
		);
		expect(origins).toEqual([]);
		expect(errors).toHaveLength(10);
		expect(errors[0]).toBe(
			'“https://a.example.vn/tin-tuc”: chỉ ghi tên trang (ví dụ https://tinhdoan.example.vn), không kèm đường dẫn.'
		);
		expect(errors[3]).toContain('không được chứa tên đăng nhập');
		expect(errors[4]).toContain('không dùng ký tự đại diện');
		expect(errors[6]).toContain('phải bắt đầu bằng https://');
		expect(errors[9]).toContain('không phải địa chỉ trang web hợp lệ');
	});

	it('refuses a list longer than the maximum', () => {
		const many = Array.from({ length: MAX_EMBED_ORIGINS + 1 }, (_, i) => `https://s${i}.vn`);
		expect(parseEmbedOrigins(many.join('\n')).errors).toEqual([
			`Chỉ được ghi tối đa ${MAX_EMBED_ORIGINS} trang.`
		]);
	});

	it('is the settings form’s field: errors under its name, the list as its value', () => {
		expect(embedOriginsSchema.parse({ embedOrigins: 'https://a.vn\nhttps://b.vn/' })).toEqual({
			embedOrigins: ['https://a.vn', 'https://b.vn']
		});
		expect(embedOriginsSchema.parse({ embedOrigins: '' })).toEqual({ embedOrigins: [] });
		const refused = embedOriginsSchema.safeParse({ embedOrigins: 'https://a.vn/x' });
		expect(refused.success).toBe(false);
		expect(refused.error!.issues.map((i) => i.path)).toEqual([['embedOrigins']]);
	});
});

describe('which pages may be framed, and by whom', () => {
	it('an embeddable page: its unit’s sites and the site itself, no X-Frame-Options', () => {
		expect(framingHeaders(['https://a.vn', 'http://127.0.0.2:4710'])).toEqual({
			csp: "frame-ancestors 'self' https://a.vn http://127.0.0.2:4710",
			xFrameOptions: null
		});
		// A unit that lists no site: only the site itself, still without the legacy header.
		expect(framingHeaders([])).toEqual({ csp: "frame-ancestors 'self'", xFrameOptions: null });
	});

	it('every other page: the site itself only, and SAMEORIGIN for older browsers', () => {
		expect(framingHeaders(undefined)).toEqual({
			csp: "frame-ancestors 'self'",
			xFrameOptions: 'SAMEORIGIN'
		});
	});
});

describe('addresses of embeddable things', () => {
	it('reads a public page or its embeddable page of this site', () => {
		expect(embedTargetOf(`${ORIGIN}/binh-chon/12`, ORIGIN)).toEqual({ kind: 'poll', id: 12 });
		expect(embedTargetOf(`${ORIGIN}/nhung/binh-chon/12/`, ORIGIN)).toEqual({
			kind: 'poll',
			id: 12
		});
		expect(embedTargetOf(`${ORIGIN}/dot/3?x=1#y`, ORIGIN)).toEqual({ kind: 'campaign', id: 3 });
		expect(embedTargetOf(`${ORIGIN}/vinh-danh`, ORIGIN)).toEqual({
			kind: 'honour-roll',
			unitId: null
		});
		expect(embedTargetOf(`${ORIGIN}/vinh-danh?unit=7`, ORIGIN)).toEqual({
			kind: 'honour-roll',
			unitId: 7
		});
		for (const path of ['/cuoc-thi/4/tuan/9', '/nhung/cuoc-thi/4/tuan/9/'])
			expect(embedTargetOf(`${ORIGIN}${path}`, ORIGIN), path).toEqual({
				kind: 'contest-round',
				contestId: 4,
				roundId: 9
			});
	});

	it('knows nothing of other sites, other pages, odd ids or non-addresses', () => {
		for (const address of [
			'https://other.example.vn/binh-chon/12',
			`${ORIGIN}/binh-chon/0`,
			`${ORIGIN}/binh-chon/12/ket-qua`,
			`${ORIGIN}/binh-chon/abc`,
			`${ORIGIN}/quan-tri/binh-chon/12`,
			`${ORIGIN}/vinh-danh/nguyen-van-a`,
			`${ORIGIN}/vinh-danh?unit=x`,
			`${ORIGIN}/cuoc-thi/4`,
			`${ORIGIN}/cuoc-thi/4/tuan/0`,
			`${ORIGIN}/cuoc-thi/4/bai/9`,
			`${ORIGIN}/cuoc-thi/4/tuan/9/xuat`,
			`${ORIGIN}/quan-tri/cuoc-thi/4/tuan/9/xuat`,
			'not an address',
			''
		])
			expect(embedTargetOf(address, ORIGIN), address).toBeNull();
	});

	it('maps each thing to its frame and back to its public page', () => {
		expect(embedPath({ kind: 'poll', id: 5 })).toBe('/nhung/binh-chon/5');
		expect(publicPath({ kind: 'poll', id: 5 })).toBe('/binh-chon/5');
		expect(embedPath({ kind: 'honour-roll', unitId: 2 })).toBe('/nhung/vinh-danh?unit=2');
		expect(publicPath({ kind: 'honour-roll', unitId: null })).toBe('/vinh-danh');
		const board = { kind: 'contest-round', contestId: 4, roundId: 9 } as const;
		expect(embedPath(board)).toBe('/nhung/cuoc-thi/4/tuan/9');
		expect(publicPath(board)).toBe('/cuoc-thi/4/tuan/9');
	});
});

describe('the snippet and the oEmbed answer', () => {
	it('frames the embeddable page with its title escaped, and includes the sizing script', () => {
		const html = embedSnippet(ORIGIN, { kind: 'poll', id: 5 }, 'Bình chọn: "A" & <B>');
		expect(html).toBe(
			`<iframe src="${ORIGIN}/nhung/binh-chon/5" title="Bình chọn: &quot;A&quot; &amp; &lt;B&gt;" ` +
				'style="width:100%;max-width:720px;height:640px;border:0" loading="lazy" data-guong-sang></iframe>\n' +
				`<script src="${ORIGIN}/nhung.js" async></script>`
		);
	});

	it('frames a round’s board under its title, at the board’s starting height', () => {
		const title = roundBoardTitle('Tìm hiểu 95 năm Ngày thành lập Đoàn', 'Tuần 1');
		expect(title).toBe('Bảng xếp hạng: Tìm hiểu 95 năm Ngày thành lập Đoàn — Tuần 1');
		const html = embedSnippet(ORIGIN, { kind: 'contest-round', contestId: 4, roundId: 9 }, title);
		expect(html).toContain(`src="${ORIGIN}/nhung/cuoc-thi/4/tuan/9" title="${title}"`);
		expect(html).toContain('height:720px');
	});

	it('answers a rich embed within the consumer’s maximum size', () => {
		const answer = oembedAnswer(ORIGIN, { kind: 'poll', id: 5 }, 'Bình chọn: X', {
			maxwidth: 400,
			maxheight: 300
		});
		expect(answer).toMatchObject({
			version: '1.0',
			type: 'rich',
			title: 'Bình chọn: X',
			provider_name: 'Gương Sáng',
			provider_url: `${ORIGIN}/`,
			width: 400,
			height: 300
		});
		expect(answer.html).toContain(`${ORIGIN}/nhung/binh-chon/5`);
		expect(oembedAnswer(ORIGIN, { kind: 'poll', id: 5 }, 'X')).toMatchObject({
			width: 720,
			height: 640
		});
	});
});
