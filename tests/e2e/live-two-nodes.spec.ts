import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { ports } from './ports';
import { fillLiveGame, signIn } from './support';

// Two app processes on one PostgreSQL database. Node A is the postgres project's server; node B
// is spawned here from the same build/ by scripts/start.js. Two players reach the app through a
// small load balancer that prefers B and fails over to A; one player and the host use A directly.
// B is killed mid-question: its players reconnect (through the balancer) to A and lose
// nothing, and A's timer closes the question with nobody pressing a button.
const port = ports.app;
const nodeA = ports.appPostgres;
const nodeB = ports.liveNodeB;
// The two demo-bank questions of the game, in whatever order the host's list gave them.
const KEYS = [
	{ prompt: 'được thành lập vào ngày', right: '26/3/1931', wrong: '19/5/1931' },
	{ prompt: 'Tổ chức tiền thân', right: 'Hội Việt Nam Cách mạng Thanh niên', wrong: 'Tâm tâm xã' }
];

test.describe.configure({ mode: 'serial' });

let b: ChildProcess | null = null;
let balancer: http.Server | null = null;
let nodeBFailure = '';

function startNodeB(): ChildProcess {
	const url = new URL(process.env.TEST_DATABASE_URL!);
	url.pathname = `/gs_e2e_${port}`;
	// As production starts (scripts/start.js): with the node routes for answers and streams.
	const child = spawn(process.execPath, ['scripts/start.js'], {
		env: {
			...process.env,
			PORT: String(nodeB),
			HOST: '127.0.0.1',
			ORIGIN: `http://127.0.0.1:${nodeB}`,
			DATABASE_URL: url.toString(),
			SEED_DEMO: '0'
		},
		stdio: ['ignore', 'ignore', 'pipe']
	});
	// A node B that cannot start (its port taken) must fail the test, not leave another server
	// answering in its place.
	let stderr = '';
	child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-2000)));
	child.on('exit', (code) => {
		if (code !== null && code !== 0) nodeBFailure = `node B exited with ${code}: ${stderr}`;
	});
	return child;
}

async function waitHealthy(target: number) {
	for (let i = 0; i < 200; i++) {
		if (nodeBFailure) throw new Error(nodeBFailure);
		try {
			if ((await fetch(`http://127.0.0.1:${target}/healthz`)).ok) return;
		} catch {
			// not up yet
		}
		await new Promise((r) => setTimeout(r, 150));
	}
	throw new Error(`node on ${target} did not start`);
}

/** Forwards to B while it answers, else to A, rewriting Origin as a proxy in front would. */
function startBalancer(): Promise<number> {
	const forward = (
		target: number,
		req: http.IncomingMessage,
		body: Buffer,
		res: http.ServerResponse,
		onRefused: () => void
	) => {
		const headers = { ...req.headers, host: `127.0.0.1:${target}` };
		if (headers.origin) headers.origin = `http://127.0.0.1:${target}`;
		const upstream = http.request(
			{ host: '127.0.0.1', port: target, path: req.url, method: req.method, headers },
			(r) => {
				res.writeHead(r.statusCode ?? 502, r.headers);
				r.pipe(res);
				// The node died mid-stream: end the client's connection so it reconnects.
				r.on('close', () => {
					if (!res.writableEnded) res.destroy();
				});
			}
		);
		upstream.on('error', () => (res.headersSent ? res.destroy() : onRefused()));
		upstream.end(body);
	};
	balancer = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const body = Buffer.concat(chunks);
			forward(nodeB, req, body, res, () =>
				forward(nodeA, req, body, res, () => {
					res.writeHead(502);
					res.end();
				})
			);
		});
	});
	return new Promise((resolve) =>
		balancer!.listen(0, '127.0.0.1', () => resolve((balancer!.address() as AddressInfo).port))
	);
}

async function following(page: Page) {
	await page.waitForFunction(() => document.documentElement.dataset.live === 'on');
}

async function player(browser: Browser, origin: string, code: string, name: string) {
	const context = await browser.newContext({
		baseURL: origin,
		viewport: { width: 360, height: 780 }
	});
	const page = await context.newPage();
	await page.goto(`/choi/${code}`);
	await page.waitForLoadState('networkidle');
	await page.getByLabel('Tên hiển thị').fill(name);
	await page.getByRole('button', { name: 'Vào phòng chờ' }).click();
	await expect(page.getByText('Đã vào phòng chờ')).toBeVisible();
	await following(page);
	return page;
}

async function choose(page: Page, number: number, which: 'right' | 'wrong') {
	await expect(page.getByRole('heading', { name: `Câu ${number}/2` })).toBeVisible();
	const prompt = await page.locator('.prompt').textContent();
	const key = KEYS.find((k) => prompt?.includes(k.prompt))!;
	await page.getByRole('button', { name: key[which] }).click();
	await expect(page.getByText('Đã gửi câu trả lời')).toBeVisible();
}

test.afterAll(async () => {
	b?.kill('SIGKILL');
	// Open SSE connections would keep the balancer from closing.
	balancer?.closeAllConnections();
	await new Promise((r) => (balancer ? balancer.close(r) : r(null)));
});

test('two nodes on one database; killing one mid-question loses nothing', async ({
	page: host,
	browser
}) => {
	test.setTimeout(180_000);
	b = startNodeB();
	await waitHealthy(nodeB);
	const lbPort = await startBalancer();
	const viaBalancer = `http://127.0.0.1:${lbPort}`;
	const onA = `http://127.0.0.1:${nodeA}`;

	// The host creates a game on A: two questions of the demo bank, 15 s each.
	await signIn(host, 'tochuc@guongsang.vn');
	await host.goto('/quan-tri/rung-chuong-vang');
	await host.waitForLoadState('networkidle');
	await fillLiveGame(host, 'Hai tiến trình');
	await host.getByLabel('Thời gian mỗi câu (giây)').fill('15');
	await host.getByRole('button', { name: 'Tạo trò chơi' }).click();
	await following(host);
	const code = (await host.locator('strong.code').textContent())!.trim();

	const onNodeA = await player(browser, onA, code, 'Người chơi A');
	const first = await player(browser, viaBalancer, code, 'Người chơi B1');
	const second = await player(browser, viaBalancer, code, 'Người chơi B2');
	await expect(host.getByText('Còn 3/3 người trên sàn')).toBeVisible();

	// Question 1, order given on A, answers on both nodes; B's players see it through NOTIFY.
	await host.getByRole('button', { name: 'Bắt đầu (mở câu 1)' }).click();
	await choose(onNodeA, 1, 'right');
	await choose(first, 1, 'right');
	await choose(second, 1, 'right');
	await host.getByRole('button', { name: 'Đóng câu hỏi' }).click();
	await host.getByRole('button', { name: 'Công bố đáp án' }).click();
	await expect(first.getByText('Bạn vẫn còn trên sàn thi đấu')).toBeVisible();

	// Question 2: B's players answer on B, then B dies before the question closes.
	await host.getByRole('button', { name: 'Mở câu tiếp theo' }).click();
	await choose(first, 2, 'right');
	await choose(second, 2, 'wrong');
	b.kill('SIGKILL');
	await new Promise((r) => b!.once('exit', r));
	await choose(onNodeA, 2, 'wrong');
	// Nobody presses "close": A's timer does it at the deadline; the reveal reaches everyone
	// over their new connections to A, and B's answers were kept.
	await expect(host.getByRole('button', { name: 'Công bố đáp án' })).toBeVisible({
		timeout: 30_000
	});
	await host.getByRole('button', { name: 'Công bố đáp án' }).click();
	await expect(first.getByText('Chúc mừng! Bạn đã rung chuông vàng.')).toBeVisible();
	await expect(second.getByText('Trò chơi đã kết thúc.')).toBeVisible();
	await expect(onNodeA.getByText('Trò chơi đã kết thúc.')).toBeVisible();
	await expect(host.getByText(/Hạng 1 🔔: SBD 2 · Người chơi B1/)).toBeVisible();
	for (const p of [onNodeA, first, second]) await p.context().close();
});
