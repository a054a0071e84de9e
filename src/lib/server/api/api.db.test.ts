import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { honourRoll } from '$lib/server/awards';
import { getPublicCampaign, listPublicCampaigns } from '$lib/server/campaigns';
import { getLeaderboard } from '$lib/server/contests';
import { listPublicShortlist } from '$lib/server/judging';
import { getPublicPoll } from '$lib/server/voting';
import type { Database } from '../db/client';
import {
	awardRecipients,
	campaigns,
	contestPlayers,
	contestRounds,
	nominations,
	pollBallots,
	polls,
	users
} from '../db/schema';
import { seedDemoIfEmpty } from '../demo';
import { createTestDatabase } from '../testing/database';
import { TEST_NOW } from '../testing/factories';
import { endpoints } from './endpoints';
import { openApiDocument } from './openapi';
import { LICENCE } from './open-data';
import { serveApi } from './serve';

// Every endpoint on the demo data, as an anonymous client: each answer matches its schema in the
// OpenAPI document, agrees with the public page's function, and holds nothing private.

let database: Database;
const now = TEST_NOW;
let address = 0;
/** A fresh address per call unless given, so the rate limit is tested on its own. */
const get = (
	path: string,
	init: { address?: string; ifNoneMatch?: string; method?: string } = {}
) => {
	const [pathname, search] = path.split('?');
	return serveApi(database.db, {
		method: init.method ?? 'GET',
		path: pathname!,
		query: new URLSearchParams(search ?? ''),
		address: init.address ?? `10.1.0.${++address}`,
		ifNoneMatch: init.ifNoneMatch ?? null,
		now
	});
};

const document = openApiDocument();
const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
addFormats.default(ajv);
// The document's schemas are read where the document keeps them; `components` is OpenAPI's word.
ajv.addKeyword('components');
ajv.addSchema({ $id: 'api', components: document.components });
const validate = (name: string, body: unknown) => {
	const check = ajv.getSchema(`api#/components/schemas/${name}`)!;
	expect(check(body), `${name}: ${JSON.stringify(check.errors)}`).toBe(true);
};
const ctx = () => ({ db: database.db, actor: null, now });

/** Every body the walk read, by path: the private values must appear in none. */
const bodies = new Map<string, string>();
async function read(path: string, schema: string, status = 200) {
	const response = await get(path);
	const text = await response.text();
	expect(response.status, `${path}: ${text}`).toBe(status);
	bodies.set(path, text);
	const body = JSON.parse(text);
	if (schema) validate(status === 200 ? schema : 'Error', body);
	return body;
}

beforeAll(async () => {
	database = await createTestDatabase();
	await seedDemoIfEmpty(database.db, now);
	// A draft campaign: nobody outside its organizers may learn it exists.
	const [any] = await database.db.select().from(campaigns).limit(1);
	await database.db.insert(campaigns).values({
		organizingUnitId: any!.organizingUnitId,
		title: 'Đợt nháp chưa công bố XYZ',
		year: any!.year,
		status: 'draft'
	});
}, 120_000);
afterAll(async () => {
	await database?.close();
});

describe('the read API on the demo data', () => {
	it('answers every endpoint as its schema says, and as the public pages show', async () => {
		const all = await database.db.select().from(campaigns);
		const list = await read('/dot', 'CampaignList');
		const published = await listPublicCampaigns(database.db);
		expect(list.map((c: { id: number }) => c.id)).toEqual(published.map((c) => c.id));
		for (const c of all) {
			if (c.status === 'draft') {
				await read(`/dot/${c.id}`, 'Campaign', 404);
				continue;
			}
			const body = await read(`/dot/${c.id}`, 'Campaign');
			expect(body.title).toBe((await getPublicCampaign(ctx(), c.id)).title);
			const shortlist = await listPublicShortlist(ctx(), c.id);
			expect(body.shortlist.map((f: { name: string }) => f.name)).toEqual(
				shortlist.map((f) => f.name)
			);
		}

		await read('/binh-chon', 'PollList');
		const allPolls = await database.db.select().from(polls);
		expect(allPolls.length).toBeGreaterThan(0);
		let hidden = 0;
		let downloaded = 0;
		for (const p of allPolls) {
			const body = await read(`/binh-chon/${p.id}`, 'Poll');
			const page = await getPublicPoll(ctx(), p.id, { token: null, address: 'x' });
			expect(body.options.map((o: { title: string }) => o.title)).toEqual(
				page.options.map((o) => o.title)
			);
			if (!page.results) {
				hidden++;
				expect(body.results).toBeNull();
				await read(`/du-lieu/binh-chon/${p.id}?dinh-dang=json`, 'OpenDataJson', 409);
				continue;
			}
			expect(body.results.rows).toEqual(
				page.results.rows.map(({ rank, optionId, title, votes, percent }) => ({
					rank,
					optionId,
					title,
					votes,
					percent
				}))
			);
			if (body.phase === 'closed') {
				const data = await read(`/du-lieu/binh-chon/${p.id}?dinh-dang=json`, 'OpenDataJson');
				expect(data.licence).toBe(LICENCE);
				downloaded++;
				expect(data.rows.map((r: unknown[]) => r[2])).toEqual(
					page.results.rows.map((r) => r.votes)
				);
			}
		}
		expect(hidden, 'the demo holds a poll whose tally is not public now').toBeGreaterThan(0);
		expect(downloaded, 'and a closed poll with public results').toBeGreaterThan(0);

		const rounds = await database.db.select().from(contestRounds);
		const statuses = new Set<number>();
		for (const r of rounds) {
			const path = `/cuoc-thi/${r.contestId}/tuan/${r.id}/xep-hang`;
			const response = await get(path);
			statuses.add(response.status);
			bodies.set(path, await response.clone().text());
			if (response.status !== 200) {
				expect([404, 409]).toContain(response.status);
				validate('Error', await response.json());
				continue;
			}
			const body = await response.json();
			validate('Leaderboard', body);
			const board = await getLeaderboard(ctx(), r.id);
			expect(body.rows.map((x: { fullName: string }) => x.fullName)).toEqual(
				board.rows.map((x) => x.fullName)
			);
			// One unit's board, as the page filters it.
			const unit = board.rows[0] && (await read(`${path}?don-vi=1`, 'Leaderboard'));
			if (unit) expect(unit.unitName).toBeTruthy();
			// Another contest's id in the path finds nothing.
			expect((await get(`/cuoc-thi/${r.contestId + 1000}/tuan/${r.id}/xep-hang`)).status).toBe(404);
		}
		expect(statuses).toContain(200);

		const roll = await read('/vinh-danh', 'HonourRoll');
		const page = await honourRoll(database.db, { q: '', field: '', page: 1 });
		expect(roll.rows.map((m: { slug: string }) => m.slug)).toEqual(page.rows.map((m) => m.slug));
		expect(roll.rows.length).toBeGreaterThan(0);
		const first = roll.rows[0];
		const search = await read(
			`/vinh-danh?q=${encodeURIComponent(first.name.normalize('NFD').replace(/\p{M}/gu, ''))}`,
			'HonourRoll'
		);
		expect(search.rows.map((m: { slug: string }) => m.slug)).toContain(first.slug);
		const data = await read('/du-lieu/vinh-danh?dinh-dang=json', 'OpenDataJson');
		expect(data.rows.length).toBeGreaterThanOrEqual(roll.rows.length);
		const csv = await (await get('/du-lieu/vinh-danh')).text();
		expect(csv).toContain('Họ và tên / Tên tập thể');
		// The same rows as the JSON, then a blank row and the licence line.
		const lines = Papa.parse<string[]>(csv.replace(/^\ufeff/, '')).data;
		expect(lines).toHaveLength(1 + data.rows.length + 2);
		expect(lines.at(-2)).toEqual(['']);
		expect(lines.at(-1)).toEqual([LICENCE]);

		const recipients = await database.db.select().from(awardRecipients);
		for (const r of recipients) {
			const body = await read(`/xac-minh/${r.certificateCode}`, 'Certificate');
			expect(body.status).toBe(r.revokedAt ? 'revoked' : 'valid');
		}
		await read('/xac-minh/KHONG-CO-MA-NAY', 'Certificate', 404);

		// Nothing private in any answer.
		const everything = [...bodies.entries()];
		const secrets: [string, string][] = [];
		for (const u of await database.db.select().from(users)) {
			secrets.push(['e-mail', u.email]);
			if (u.phone) secrets.push(['phone', u.phone]);
		}
		for (const p of await database.db.select().from(contestPlayers)) {
			if (p.phone) secrets.push(['phone', p.phone]);
			if (p.idNumber) secrets.push(['ID number', p.idNumber]);
			if (p.resultsEmail) secrets.push(['e-mail', p.resultsEmail]);
			if (p.guestTokenHash) secrets.push(['token', p.guestTokenHash]);
		}
		for (const n of await database.db.select().from(nominations))
			if (n.nominee.kind === 'individual' && n.nominee.email)
				secrets.push(['e-mail', n.nominee.email]);
		for (const b of await database.db.select().from(pollBallots))
			secrets.push(['tracking code', b.trackingCode]);
		for (const c of all.filter((c) => c.status === 'draft'))
			secrets.push(['draft campaign', c.title]);
		for (const r of recipients) if (r.email) secrets.push(['e-mail', r.email]);
		expect(secrets.length).toBeGreaterThan(10);
		for (const [path, text] of everything)
			for (const [what, value] of secrets)
				expect(text.includes(value), `${what} “${value}” in ${path}`).toBe(false);
		// A certificate's code is shown only to whoever typed it.
		for (const r of recipients)
			for (const [path, text] of everything)
				if (path !== `/xac-minh/${r.certificateCode}`)
					expect(text.includes(r.certificateCode), `certificate code in ${path}`).toBe(false);
	}, 120_000);

	it('serves its OpenAPI document, which names every endpoint', async () => {
		const served = await read('/openapi.json', '');
		expect(served).toEqual(JSON.parse(JSON.stringify(document)));
		for (const e of endpoints) expect(Object.keys(served.paths)).toContain(`/api/v1${e.path}`);
	});

	it('opens reads to every site, with an ETag, a short public cache and 304', async () => {
		const response = await get('/dot');
		expect(response.headers.get('access-control-allow-origin')).toBe('*');
		expect(response.headers.get('access-control-allow-credentials')).toBeNull();
		expect(response.headers.get('cache-control')).toBe('public, max-age=60');
		const etag = response.headers.get('etag')!;
		expect(etag).toMatch(/^W\/".+"$/);
		const again = await get('/dot', { ifNoneMatch: etag });
		expect(again.status).toBe(304);
		expect(await again.text()).toBe('');
		expect(again.headers.get('etag')).toBe(etag);
		expect((await get('/dot', { ifNoneMatch: 'W/"autre"' })).status).toBe(200);
		const preflight = await get('/dot', { method: 'OPTIONS' });
		expect(preflight.status).toBe(204);
		expect(preflight.headers.get('access-control-allow-methods')).toBe('GET, HEAD, OPTIONS');
		const post = await get('/dot', { method: 'POST' });
		expect(post.status).toBe(405);
		expect((await get('/khong-co')).status).toBe(404);
	});

	it('limits each address, with Retry-After and a message in Vietnamese', async () => {
		const one = { address: '10.9.9.9' };
		for (let i = 0; i < 120; i++) expect((await get('/binh-chon', one)).status).toBe(200);
		const refused = await get('/binh-chon', one);
		expect(refused.status).toBe(429);
		expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
		expect((await refused.json()).message).toMatch(/quá nhiều yêu cầu/);
		expect(refused.headers.get('access-control-allow-origin')).toBe('*');
		// Another address is not held back by this one.
		expect((await get('/binh-chon', { address: '10.9.9.10' })).status).toBe(200);
	}, 60_000);
});
