import AxeBuilder from '@axe-core/playwright';
import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { randomInt, randomUUID } from 'node:crypto';
import { ports } from './ports';

/** The demo data that the embedded database seeds on first start (src/lib/server/demo/seed.ts). */
export const DEMO_PASSWORD = 'GuongSang@2026';

export interface DemoAccount {
	email: string;
	fullName: string;
	/** The role's label as the interface shows it. */
	roleLabel: string;
	/** The unit the role is held in, as /tai-khoan lists it. */
	unitName: string | null;
	/** May enter /quan-tri and sees the "Quản trị" link. */
	administers: boolean;
}

export const demoAccounts: DemoAccount[] = [
	{
		email: 'quantri@guongsang.vn',
		fullName: 'Nguyễn Quản Trị',
		roleLabel: 'Quản trị hệ thống',
		unitName: null,
		administers: true
	},
	{
		email: 'tochuc@guongsang.vn',
		fullName: 'Trần Thị Tổ Chức',
		roleLabel: 'Cán bộ tổ chức',
		unitName: 'Tỉnh đoàn Gương Sáng',
		administers: true
	},
	{
		email: 'huyendoan@guongsang.vn',
		fullName: 'Lê Văn Huyện',
		roleLabel: 'Cán bộ tổ chức',
		unitName: 'Huyện đoàn Đông Anh',
		administers: true
	},
	{
		email: 'canbo@guongsang.vn',
		fullName: 'Phạm Minh Cán Bộ',
		roleLabel: 'Cán bộ đơn vị',
		unitName: 'Đoàn xã Xuân Nộn',
		administers: false
	},
	{
		email: 'giamkhao@guongsang.vn',
		fullName: 'Hoàng Thị Giám Khảo',
		roleLabel: 'Giám khảo',
		unitName: 'Tỉnh đoàn Gương Sáng',
		administers: false
	},
	{
		email: 'doanvien@guongsang.vn',
		fullName: 'Đỗ Văn Đoàn Viên',
		roleLabel: 'Đoàn viên / thành viên',
		unitName: 'Chi đoàn thôn Đường Nhạn',
		administers: false
	}
];

export const WRONG_CREDENTIALS = 'Email hoặc mật khẩu không đúng.';

/** Without JavaScript, an account form is taken this long after its page (antiabuse/pow.ts). */
export const TICKET_MIN_AGE_MS = 5_000;

/** A short tag no earlier run has used (runs may share a reused server); no clock is read. */
export const runStamp = () => randomUUID().replace(/-/g, '').slice(0, 10);

/** The same, as `n` digits (phone numbers, decision numbers). */
export const runDigits = (n: number) =>
	Array.from({ length: n }, () => String(randomInt(10))).join('');

/** An address no earlier run of the suite has used. */
export function uniqueEmail(prefix = 'e2e'): string {
	return `${prefix}-${runStamp()}@example.vn`;
}

/**
 * The app's clock, as its own reply states it (the Date header): forms that ask for a date are
 * filled relative to the server's time, not the test runner's.
 */
export async function appNow(request: APIRequestContext): Promise<Date> {
	const reply = await request.get('/healthz');
	return new Date(reply.headers()['date']!);
}

/** A datetime-local value (Vietnam time, UTC+7) `ms` after `from`. */
export const vietnamLocalInput = (from: Date, ms: number) =>
	new Date(from.getTime() + 7 * 3_600_000 + ms).toISOString().slice(0, 16);

/** The header's main navigation. */
export const mainNav = (page: Page) => page.getByRole('navigation', { name: 'Điều hướng chính' });

/**
 * Waits until the page's scripts have loaded and hydrated it (a no-op once they have, and with
 * JavaScript off). Typing into a form while it hydrates can be lost on a busy machine.
 */
export async function hydrated(page: Page): Promise<void> {
	await page.waitForLoadState('networkidle');
}

/** Fills and submits the sign-in form on the current page (which must be /dang-nhap). */
export async function submitSignIn(page: Page, email: string, password: string): Promise<void> {
	await hydrated(page);
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Mật khẩu', { exact: true }).fill(password);
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

/** Signs in through the form and waits until the app has left the sign-in page. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
	await page.goto('/dang-nhap');
	await submitSignIn(page, email, password);
	await expect(page).not.toHaveURL(/\/dang-nhap/);
	// The sign-out form is in the header whether the links show in a row or behind "Menu".
	await expect(page.locator('header form[action="/dang-xuat"]').first()).toBeAttached();
}

export interface NewAccount {
	fullName: string;
	email: string;
	password: string;
	unitName?: string;
}

/** Fills and submits the registration form (goes to /dang-ky first). */
export async function register(page: Page, account: NewAccount): Promise<void> {
	await page.goto('/dang-ky');
	await hydrated(page);
	await page.getByLabel('Họ và tên').fill(account.fullName);
	await page.getByLabel('Email').fill(account.email);
	if (account.unitName) {
		const select = page.getByLabel('Đơn vị (không bắt buộc)');
		const value = await select
			.locator('option', { hasText: account.unitName })
			.getAttribute('value');
		expect(value, `unit option "${account.unitName}"`).toBeTruthy();
		await select.selectOption(value!);
	}
	await page.getByLabel('Mật khẩu', { exact: true }).fill(account.password);
	await page.getByLabel('Nhập lại mật khẩu').fill(account.password);
	await page.getByRole('checkbox', { name: /^Tôi đồng ý/ }).check();
	await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
}

/**
 * Runs axe on the page as it is now and fails on any 'serious' or 'critical' violation, listing
 * each rule with the elements it found.
 */
export async function expectNoSeriousA11yViolations(page: Page): Promise<void> {
	const results = await new AxeBuilder({ page }).analyze();
	const serious = results.violations.filter(
		(v) => v.impact === 'serious' || v.impact === 'critical'
	);
	const report = serious
		.map(
			(v) =>
				`[${v.impact}] ${v.id}: ${v.help}\n` +
				v.nodes.map((n) => `    ${n.target.join(' ')} — ${n.failureSummary ?? ''}`).join('\n')
		)
		.join('\n');
	expect(serious, `accessibility violations on ${page.url()}:\n${report}`).toEqual([]);
}

/** A bank question's row on the live game's create form (order, seconds, rescue). */
export function bankRow(page: Page, prompt: string | RegExp): Locator {
	return page.locator('.bank-row').filter({ hasText: prompt });
}

/**
 * Fills the live game's create form (already open) for the province with the demo bank's
 * first two questions in order: Q1 "được thành lập" (26/3/1931), Q2 "Tổ chức tiền thân".
 */
export async function fillLiveGame(host: Page, title: string): Promise<void> {
	await host.getByLabel('Đơn vị tổ chức').selectOption({ label: 'Tỉnh đoàn Gương Sáng (TDGS)' });
	await host.getByLabel('Tên trò chơi').fill(title);
	await bankRow(host, /Đoàn Thanh niên Cộng sản Hồ Chí Minh được thành lập/)
		.getByLabel('Thứ tự')
		.fill('1');
	await bankRow(host, /Tổ chức tiền thân của Đoàn/)
		.getByLabel('Thứ tự')
		.fill('2');
}

/** What the run's SMTP server (tests/e2e/mail-sink.mjs, see playwright.config.ts) received. */
export interface SunkMail {
	to: string[];
	subject: string;
	text: string;
	html: string;
	messageId: string;
}

const mailSinkUrl = `http://127.0.0.1:${ports.mailSinkHttp}`;

/**
 * The messages sent to `address` once at least `count` have arrived (the app's sender delivers
 * a second or two after the action that wrote them). Polls; times out after 20 s.
 */
export async function mailsTo(
	request: APIRequestContext,
	address: string,
	count = 1
): Promise<SunkMail[]> {
	let mails: SunkMail[] = [];
	await expect
		.poll(
			async () => {
				const reply = await request.get(
					`${mailSinkUrl}/messages?to=${encodeURIComponent(address)}`
				);
				mails = (await reply.json()) as SunkMail[];
				return mails.length;
			},
			{ timeout: 20_000 }
		)
		.toBeGreaterThanOrEqual(count);
	return mails;
}

/** The first link in a message's text that leads to `path` on the app. */
export function linkIn(mail: SunkMail, path: string): string {
	const link = [...mail.text.matchAll(/https?:\/\/\S+/g)]
		.map((m) => m[0])
		.find((l) => new URL(l).pathname.startsWith(path));
	if (!link) throw new Error(`no link to ${path} in “${mail.subject}”:\n${mail.text}`);
	return link;
}

/**
 * Shows the page at a phone's width and checks nothing makes it scroll sideways, then restores
 * the previous size: for pages (the host console) whose width changes with the game's state.
 */
export async function expectFitsPhone(page: Page, width = 360): Promise<void> {
	const before = page.viewportSize();
	await page.setViewportSize({ width, height: 780 });
	const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
	expect(scrollWidth, `page width at ${width} px`).toBeLessThanOrEqual(width);
	if (before) await page.setViewportSize(before);
}

/** The confirmation step an irreversible action answers with (`ConfirmStep.svelte`). */
export const confirmationStep = (page: Page, title: string | RegExp): Locator =>
	page.getByRole('region', { name: title });

/**
 * Passes through the confirmation step: checks it is shown (and says `says`, when given), then
 * presses "Xác nhận" and waits for the step to go.
 */
export async function confirmStep(
	page: Page,
	title: string | RegExp,
	says?: string | RegExp
): Promise<void> {
	const step = confirmationStep(page, title);
	await expect(step).toBeVisible();
	if (says) await expect(step).toContainText(says);
	await step.getByRole('button', { name: 'Xác nhận', exact: true }).click();
	await expect(step).toHaveCount(0);
}

/**
 * On a campaign's admin page: nomination open from an hour ago for ten days, screening the ten
 * days after, relative to the app's clock; saved.
 */
export async function setOpenPhases(page: Page): Promise<void> {
	const now = await appNow(page.request);
	const localInput = (hours: number) => vietnamLocalInput(now, hours * 3_600_000);
	const nomination = page.getByRole('group', { name: /Nhận hồ sơ đề cử/ });
	await nomination.getByLabel('Bắt đầu').fill(localInput(-1));
	await nomination.getByLabel('Kết thúc').fill(localInput(24 * 10));
	const screening = page.getByRole('group', { name: /Thẩm định hồ sơ/ });
	await screening.getByLabel('Bắt đầu').fill(localInput(24 * 10));
	await screening.getByLabel('Kết thúc').fill(localInput(24 * 20));
	await page.getByRole('button', { name: 'Lưu lịch' }).click();
	await expect(page.getByRole('status')).toContainText('Đã lưu lịch');
}

/** The text of a PDF's first page, item by item, as a reader would copy it. */
export async function pdfText(bytes: Uint8Array): Promise<string[]> {
	const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
	const doc = await getDocument({ data: bytes }).promise;
	const content = await (await doc.getPage(1)).getTextContent();
	await doc.destroy();
	return content.items.flatMap((i) => ('str' in i ? [i.str] : []));
}
