/**
 * The OpenAPI 3.1 document of the read API, made from the endpoint table so it cannot forget an
 * endpoint. Response schemas close every object (`additionalProperties: false`): the tests check
 * each real answer against them, so a field the page does not show cannot slip in unnoticed.
 */
import { endpoints } from './endpoints';
import { CACHE_SECONDS, apiLimits } from './respond';
import { LICENCE, openDataFormats } from './open-data';

type Schema = Record<string, unknown>;

const str: Schema = { type: 'string' };
const int: Schema = { type: 'integer' };
const num: Schema = { type: 'number' };
const bool: Schema = { type: 'boolean' };
const instant: Schema = { type: 'string', format: 'date-time' };
const day: Schema = { type: 'string', format: 'date' };
const orNull = (schema: Schema): Schema => ({ ...schema, type: [schema.type, 'null'] });
const list = (items: Schema): Schema => ({ type: 'array', items });
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
/** An object with exactly these properties, all present. */
const exactly = (properties: Record<string, Schema>): Schema => ({
	type: 'object',
	additionalProperties: false,
	required: Object.keys(properties),
	properties
});

const campaignFields = {
	id: int,
	title: str,
	description: str,
	organizingUnitName: str,
	year: int,
	status: str,
	phases: list(exactly({ kind: str, startsAt: instant, endsAt: instant })),
	categories: list(exactly({ name: str, kind: str, field: orNull(str) }))
};

export const schemas: Record<string, Schema> = {
	Error: exactly({ message: str }),
	CampaignSummary: exactly(campaignFields),
	CampaignList: list(ref('CampaignSummary')),
	Campaign: exactly({
		...campaignFields,
		shortlist: list(
			exactly({
				nominationId: int,
				name: str,
				categoryName: str,
				unitName: str,
				summary: orNull(str),
				url: str
			})
		)
	}),
	PollList: list(exactly({ id: int, title: str, closesAt: instant })),
	Poll: exactly({
		id: int,
		title: str,
		description: str,
		unitName: str,
		opensAt: instant,
		closesAt: instant,
		phase: { type: 'string', enum: ['upcoming', 'open', 'closed'] },
		maxChoices: int,
		dailyVoting: bool,
		audience: { type: 'string', enum: ['accounts', 'anyone'] },
		resultsVisibility: { type: 'string', enum: ['live', 'after_close', 'organizers'] },
		options: list(exactly({ id: int, title: str, summary: orNull(str) })),
		results: {
			description: 'null khi quy định công khai kết quả chưa cho phép công chúng xem.',
			oneOf: [
				{ type: 'null' },
				exactly({
					counted: int,
					provisional: bool,
					rows: list(exactly({ rank: int, optionId: int, title: str, votes: int, percent: num }))
				})
			]
		}
	}),
	Leaderboard: exactly({
		contestId: int,
		round: exactly({
			id: int,
			number: int,
			title: str,
			opensAt: instant,
			closesAt: instant,
			phase: str,
			winnersPublished: bool
		}),
		unitName: orNull(str),
		actual: orNull(num),
		rows: list(
			exactly({
				rank: int,
				fullName: str,
				unitName: str,
				correct: int,
				prediction: orNull(num),
				durationMs: orNull(int)
			})
		),
		winners: list(exactly({ rank: int, tier: str, fullName: str, unitName: str }))
	}),
	HonourRoll: exactly({
		page: int,
		hasMore: bool,
		rows: list(
			exactly({
				slug: str,
				name: str,
				type: str,
				unitName: str,
				awardLabel: str,
				kind: str,
				year: int,
				field: orNull(str),
				summary: orNull(str),
				decision: exactly({ number: str, decidedOn: day, issuer: str }),
				url: str,
				photoUrl: orNull(str)
			})
		),
		facets: exactly({
			years: list(int),
			fields: list(str),
			units: list(exactly({ id: int, name: str }))
		})
	}),
	Certificate: exactly({
		status: { type: 'string', enum: ['valid', 'revoked'] },
		code: str,
		name: str,
		unitName: str,
		awardLabel: str,
		position: str,
		citation: list(str),
		field: orNull(str),
		revokedAt: orNull(instant),
		revokedReason: orNull(str),
		decision: exactly({ number: str, decidedOn: day, issuer: str, signer: str }),
		url: orNull(str)
	}),
	OpenDataJson: exactly({
		title: str,
		licence: str,
		notes: list(str),
		columns: list(exactly({ header: str, kind: str })),
		rows: list(list({ type: ['string', 'number', 'null'] }))
	})
};

const honourQuery = [
	['q', 'Tìm theo tên, không cần dấu', str],
	['year', 'Năm quyết định', int],
	['unit', 'Mã đơn vị (cả các đơn vị trực thuộc)', int],
	['field', 'Lĩnh vực', str],
	['kind', 'Hình thức khen thưởng', str],
	['page', 'Trang (24 mục mỗi trang)', { ...int, minimum: 1, maximum: 1000 }]
] as const;
const boardQuery = [['don-vi', 'Chỉ bảng của một đơn vị (cả các đơn vị trực thuộc)', int]] as const;
const formatQuery = [
	['dinh-dang', 'Định dạng tệp (mặc định csv)', { type: 'string', enum: [...openDataFormats] }]
] as const;

function parameters(path: string, query: string | undefined) {
	const inPath = [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
		name,
		in: 'path',
		required: true,
		schema: name === 'code' ? { type: 'string', maxLength: 80 } : { type: 'integer', minimum: 1 }
	}));
	const inQuery = [
		...(query === 'honour' || query === 'honour-format' ? honourQuery : []),
		...(query === 'format' || query === 'honour-format' ? formatQuery : []),
		...(query === 'board' ? boardQuery : [])
	].map(([name, description, schema]) => ({
		name,
		in: 'query',
		required: false,
		description,
		schema
	}));
	return [...inPath, ...inQuery];
}

const errorResponse = (description: string) => ({
	description,
	content: { 'application/json': { schema: ref('Error') } }
});
const ERRORS: Record<number, string> = {
	404: 'Không tìm thấy, hoặc chưa công khai',
	409: 'Chưa công khai lúc này (tuần thi chưa kết thúc, bình chọn chưa kết thúc)'
};

const fileContent = {
	'text/csv': { schema: { type: 'string' } },
	'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
		schema: { type: 'string', contentMediaType: 'application/octet-stream' }
	},
	'application/json': { schema: ref('OpenDataJson') }
};

/** The document served at /api/v1/openapi.json. */
export function openApiDocument() {
	const paths: Record<string, unknown> = {};
	for (const e of endpoints) {
		const responses: Record<string, unknown> = {
			'200': {
				description: 'OK',
				headers: { ETag: { schema: str }, 'Cache-Control': { schema: str } },
				content:
					e.response === 'file' ? fileContent : { 'application/json': { schema: ref(e.response) } }
			},
			'304': { description: 'Không đổi (If-None-Match khớp ETag)' },
			'429': {
				...errorResponse('Quá nhiều yêu cầu từ một địa chỉ'),
				headers: { 'Retry-After': { schema: int } }
			}
		};
		for (const status of e.errors) responses[String(status)] = errorResponse(ERRORS[status]!);
		paths[`/api/v1${e.path}`] = {
			get: {
				operationId: operationId(e.path),
				summary: e.summary,
				parameters: parameters(e.path, e.query),
				responses
			}
		};
	}
	return {
		openapi: '3.1.0',
		info: {
			title: 'Gương Sáng — API đọc dữ liệu công khai',
			version: '1.0.0',
			description: `Chỉ dữ liệu công khai, như các trang công khai hiển thị. CORS mở cho GET/HEAD/OPTIONS, không dùng cookie. Mỗi câu trả lời có ETag (yếu) và Cache-Control public, max-age=${CACHE_SECONDS}. Giới hạn ${apiLimits.lockAfter} yêu cầu mỗi phút cho một địa chỉ (429 kèm Retry-After). ${LICENCE}`,
			license: { name: 'CC BY 4.0', identifier: 'CC-BY-4.0' }
		},
		paths,
		components: { schemas }
	};
}

function operationId(path: string): string {
	return path
		.replace(/\{(\w+)\}/g, 'by-$1')
		.split(/[/-]/)
		.filter(Boolean)
		.map((part, i) => (i === 0 ? part : part[0]!.toUpperCase() + part.slice(1)))
		.join('');
}
