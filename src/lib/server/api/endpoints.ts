/**
 * The read API's one table: each endpoint's path, what it answers and the name of its response
 * schema. The router (`serveApi`) and the OpenAPI document (./openapi.ts) are both made from it.
 */
import { honourBook, openDataFile, pollBook } from './open-data';
import * as views from './views';
import type { ApiCtx } from './views';

export interface Endpoint {
	/** The path under /api/v1, OpenAPI style: `{name}` is an integer parameter (a code is text). */
	path: string;
	summary: string;
	/** The component schema of a 200 answer, or `file` for open-data downloads. */
	response: string;
	/** The query parameters it reads (documented in ./openapi.ts). */
	query?: 'honour' | 'format' | 'honour-format' | 'board';
	/** Refusals it may answer besides 429. */
	errors: number[];
	answer: (ctx: ApiCtx, params: Record<string, string>, query: URLSearchParams) => Promise<unknown>;
}

const num = (value: string | undefined) => Number(value);

export const endpoints: Endpoint[] = [
	{
		path: '/dot',
		summary: 'Các đợt tôn vinh đã công bố',
		response: 'CampaignList',
		errors: [],
		answer: (ctx) => views.campaigns(ctx)
	},
	{
		path: '/dot/{id}',
		summary: 'Một đợt tôn vinh đã công bố và danh sách rút gọn',
		response: 'Campaign',
		errors: [404],
		answer: (ctx, p) => views.campaign(ctx, num(p.id))
	},
	{
		path: '/binh-chon',
		summary: 'Các cuộc bình chọn đang mở',
		response: 'PollList',
		errors: [],
		answer: (ctx) => views.openPolls(ctx)
	},
	{
		path: '/binh-chon/{id}',
		summary: 'Một cuộc bình chọn; kết quả chỉ khi quy định công khai cho phép lúc này',
		response: 'Poll',
		errors: [404],
		answer: (ctx, p) => views.poll(ctx, num(p.id))
	},
	{
		path: '/cuoc-thi/{id}/tuan/{round}/xep-hang',
		summary: 'Bảng xếp hạng một tuần thi, sau khi tuần thi kết thúc',
		response: 'Leaderboard',
		query: 'board',
		errors: [404, 409],
		answer: (ctx, p, q) => views.leaderboard(ctx, num(p.id), num(p.round), q)
	},
	{
		path: '/vinh-danh',
		summary: 'Bảng vàng (theo trang, cùng bộ lọc như trang /vinh-danh)',
		response: 'HonourRoll',
		query: 'honour',
		errors: [],
		answer: (ctx, _p, q) => views.honour(ctx, q)
	},
	{
		path: '/xac-minh/{code}',
		summary: 'Xác minh giấy chứng nhận theo mã',
		response: 'Certificate',
		errors: [404],
		answer: (ctx, p) => views.certificate(ctx, p.code ?? '')
	},
	{
		path: '/du-lieu/vinh-danh',
		summary: 'Dữ liệu mở: toàn bộ bảng vàng (CSV, Excel hoặc JSON)',
		response: 'file',
		query: 'honour-format',
		errors: [],
		answer: async (ctx, _p, q) => openDataFile(await honourBook(ctx, q), q)
	},
	{
		path: '/du-lieu/binh-chon/{id}',
		summary: 'Dữ liệu mở: kết quả một cuộc bình chọn đã kết thúc (CSV, Excel hoặc JSON)',
		response: 'file',
		query: 'format',
		errors: [404, 409],
		answer: async (ctx, p, q) => openDataFile(await pollBook(ctx, num(p.id)), q)
	}
];

const compiled = endpoints.map((endpoint) => ({
	endpoint,
	pattern: new RegExp(
		`^${endpoint.path.replace(/\{(\w+)\}/g, (_m, name: string) =>
			name === 'code' ? `(?<${name}>[^/]{1,80})` : `(?<${name}>[1-9]\\d{0,9})`
		)}$`
	)
}));

/** The endpoint for a path under /api/v1, with its parameters; null when none. */
export function route(path: string) {
	for (const { endpoint, pattern } of compiled) {
		const match = pattern.exec(path);
		if (match) return { endpoint, params: { ...match.groups } };
	}
	return null;
}
