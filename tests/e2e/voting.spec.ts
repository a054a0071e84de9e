import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { hydrated, signIn, confirmStep } from './support';

// The demo poll (seeded open, daily, anyone may vote with proof of work, tally shown live).
// The demo's year is the server's: the title ends with it.
const POLL_TITLE = /^Bình chọn Gương sáng tuổi trẻ năm \d{4}$/;

test.describe.configure({ mode: 'serial' });

let pollPath = '';
let trackingCode = '';

test('a voter on a 360 px phone votes in one tap and is told they already voted', async ({
	browser
}) => {
	const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
	const page = await context.newPage();
	await page.goto('/');
	await page.getByRole('link', { name: POLL_TITLE }).click();
	await expect(page).toHaveURL(/\/binh-chon\/\d+$/);
	await expect(page.getByRole('heading', { level: 1, name: POLL_TITLE })).toBeVisible();
	pollPath = new URL(page.url()).pathname;
	await hydrated(page);
	// Nothing wider than the phone.
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

	await page.getByLabel('Trần Văn Minh').check();
	await page.getByRole('button', { name: 'Gửi phiếu bình chọn' }).click();
	const recorded = page.getByTestId('vote-recorded');
	await expect(recorded).toContainText('Phiếu của bạn đã được ghi nhận', { timeout: 30_000 });
	trackingCode = (await page.getByTestId('tracking-code').textContent())!.trim();
	expect(trackingCode).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
	// The choices and the button rest until tomorrow, and the page says so.
	await expect(page.getByTestId('already-voted')).toContainText(
		'Bạn có thể bình chọn lại từ lúc 00:00'
	);
	await expect(page.getByRole('button', { name: 'Gửi phiếu bình chọn' })).toHaveCount(0);

	// Back later the same day: the page says so, with the code.
	await page.goto(pollPath);
	await expect(page.getByTestId('already-voted')).toContainText('Bạn đã bình chọn hôm nay');
	await expect(page.getByTestId('already-voted')).toContainText(trackingCode);
	await expect(page.getByLabel('Nguyễn Thị Hoa')).toBeDisabled();

	// The tracking code says the ballot was counted, and nothing about whom it chose.
	await page.getByLabel('Mã phiếu').fill(trackingCode.toLowerCase());
	await page.getByRole('button', { name: 'Tra cứu' }).click();
	const lookup = page.getByTestId('lookup-result');
	await expect(lookup).toContainText('đã được ghi nhận và được tính');
	await expect(lookup).not.toContainText('Trần Văn Minh');
	await context.close();
});

test('a signed-in member votes without JavaScript (plain form post)', async ({ browser }) => {
	const context = await browser.newContext({
		javaScriptEnabled: false,
		viewport: { width: 360, height: 740 }
	});
	const page = await context.newPage();
	await signIn(page, 'doanvien@guongsang.vn');
	await page.goto(pollPath);
	await page.getByLabel('Trần Văn Minh').check();
	await page.getByRole('button', { name: 'Gửi phiếu bình chọn' }).click();
	await expect(page.getByTestId('vote-recorded')).toContainText('Phiếu của bạn đã được ghi nhận');
	await page.goto(pollPath);
	await expect(page.getByTestId('already-voted')).toContainText('Bạn đã bình chọn hôm nay');
	await context.close();
});

test('the organizer sees the tally, voids a ballot with a reason, and the voter sees why', async ({
	page
}) => {
	await signIn(page, 'tochuc@guongsang.vn');
	await page.goto('/quan-tri/binh-chon');
	await page.getByRole('link', { name: POLL_TITLE }).click();
	const results = page.locator('section.results');
	await expect(results).toContainText('2 phiếu hợp lệ');
	await expect(results.locator('li').first()).toContainText('Trần Văn Minh');
	await expect(results.locator('li').first()).toContainText('2 phiếu · 100%');

	await hydrated(page);
	await page.getByLabel('Mã phiếu').fill(trackingCode);
	await page.getByLabel('Lý do huỷ').fill('Thử nghiệm huỷ phiếu');
	await page.getByRole('button', { name: 'Huỷ phiếu' }).click();
	await confirmStep(page, 'Huỷ phiếu bình chọn?', `1 phiếu hợp lệ mã ${trackingCode}`);
	await expect(page.getByRole('status').filter({ hasText: 'Đã huỷ 1 phiếu.' })).toBeVisible();
	await expect(results).toContainText('1 phiếu hợp lệ, 1 phiếu đã bị huỷ');

	await page.goto(`${pollPath}?ma=${trackingCode}`);
	await expect(page.getByTestId('lookup-result')).toContainText('đã bị ban tổ chức huỷ');
	await expect(page.getByTestId('lookup-result')).toContainText('Lý do: Thử nghiệm huỷ phiếu');
});

/** Clicks a download link and returns the file's name and bytes. */
async function download(page: Page, name: string) {
	const [file] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name, exact: true }).click()
	]);
	return { filename: file.suggestedFilename(), bytes: await readFile((await file.path())!) };
}

test('the organizer downloads the tally and the vote log in Excel and both CSV flavours', async ({
	page
}) => {
	await signIn(page, 'tochuc@guongsang.vn');
	await page.goto(pollPath.replace('/binh-chon/', '/quan-tri/binh-chon/'));
	await expect(page.getByText('Tải kết quả:')).toBeVisible();
	await expect(page.getByRole('link', { name: 'CSV (Excel tiếng Việt, dấu ;)' })).toHaveCount(2);

	// One valid ballot is left, for Trần Văn Minh: 1 vote, the whole share.
	const tally = await download(page, 'Tải kết quả — Excel (.xlsx)');
	expect(tally.filename).toMatch(/^binh-chon-\d+-ket-qua\.xlsx$/);
	const book = new ExcelJS.Workbook();
	await book.xlsx.load(new Uint8Array(tally.bytes).buffer);
	const sheet = book.worksheets[0]!;
	expect(sheet.name).toBe('Kết quả');
	expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
	expect(sheet.pageSetup).toMatchObject({ paperSize: 9, fitToWidth: 1 });
	const minh = sheet.getRow(2);
	expect([1, 2, 3, 4].map((c) => minh.getCell(c).value)).toEqual([1, 'Trần Văn Minh', 1, 1]);
	expect(minh.getCell(4).numFmt).toBe('0.0%');

	for (const [label, delimiter, suffix] of [
		['Tải kết quả — CSV (dấu ,)', ',', ''],
		['Tải kết quả — CSV (Excel tiếng Việt, dấu ;)', ';', '-excel-vn']
	] as const) {
		const csv = await download(page, label);
		expect(csv.filename).toMatch(new RegExp(`^binh-chon-\\d+-ket-qua${suffix}\\.csv$`));
		const text = csv.bytes.toString('utf8');
		expect(text.startsWith('\ufeff')).toBe(true);
		const rows = Papa.parse<string[]>(text.slice(1), { delimiter, skipEmptyLines: true }).data;
		expect(rows[0]).toEqual(['Hạng', 'Phương án', 'Số phiếu', 'Tỷ lệ']);
		expect(rows[1]).toEqual(['1', 'Trần Văn Minh', '1', '100%']);
	}

	// The log: each ballot's time and day are dates; the voided one says why.
	const log = await download(
		page,
		'Tải nhật ký phiếu (không có thông tin cá nhân) — Excel (.xlsx)'
	);
	const logBook = new ExcelJS.Workbook();
	await logBook.xlsx.load(new Uint8Array(log.bytes).buffer);
	const logSheet = logBook.worksheets[0]!;
	expect(logSheet.getRow(1).getCell(2).value).toBe('Thời điểm');
	for (let r = 2; r <= logSheet.rowCount; r++) {
		expect(logSheet.getRow(r).getCell(2).value).toBeInstanceOf(Date);
		expect(logSheet.getRow(r).getCell(3).value).toBeInstanceOf(Date);
	}
	const voided = [...Array(logSheet.rowCount).keys()]
		.map((i) => logSheet.getRow(i + 1))
		.find((row) => row.getCell(1).value === trackingCode)!;
	expect(voided.getCell(5).value).toBe('Đã huỷ');
	expect(voided.getCell(6).value).toBe('Thử nghiệm huỷ phiếu');
});

test('the organizer sees the final ranking: jury and public weighed 70/30', async ({ page }) => {
	await signIn(page, 'tochuc@guongsang.vn');
	await page.goto(pollPath.replace('/binh-chon/', '/quan-tri/binh-chon/'));
	await page.getByRole('link', { name: 'Xếp hạng chung cuộc (hội đồng và bình chọn)' }).click();
	const final = page.getByRole('region', { name: /Xếp hạng chung cuộc/ });
	await expect(final).toContainText('Hội đồng 70% · bình chọn 30%');
	await expect(final).toContainText('1 phiếu hợp lệ');
	// One valid ballot is left, for Trần Văn Minh: he has 100 public points, the others 0.
	const cells = async (name: string) =>
		(
			await final
				.getByRole('row', { name: new RegExp(name) })
				.getByRole('cell')
				.allTextContents()
		).map((t) => t.trim());
	const number = (text: string) => Number(text.replace(/\./g, '').replace(',', '.'));
	// The public points come with the votes they stand on, and the ranking says it is provisional.
	const minh = await cells('Trần Văn Minh');
	expect(minh[3]).toMatch(/^100\s+\(1\/1 phiếu\)$/);
	expect(number(minh[4]!)).toBeCloseTo(0.7 * number(minh[2]!) + 30, 1);
	const hoa = await cells('Nguyễn Thị Hoa');
	expect(hoa[3]).toMatch(/^0\s+\(0\/1 phiếu\)$/);
	expect(number(hoa[4]!)).toBeCloseTo(0.7 * number(hoa[2]!), 1);
	await expect(final.getByTestId('final-provisional')).toContainText('Kết quả tạm thời');
});

test('a poll whose results are for organizers leaks no tally to a voter, in the page or its data', async ({
	page,
	browser
}) => {
	const title = 'Thăm dò ý kiến: hoạt động thanh niên bạn quan tâm nhất';
	await signIn(page, 'canbo@guongsang.vn');
	await page.goto('/');
	await page.getByRole('link', { name: title }).click();
	await expect(page).toHaveURL(/\/binh-chon\/\d+$/);
	const path = new URL(page.url()).pathname;
	const origin = new URL(page.url()).origin;
	await hydrated(page);
	await page.getByLabel('Khởi nghiệp').check();
	await page.getByLabel('Chuyển đổi số').check();
	await page.getByRole('button', { name: 'Gửi phiếu bình chọn' }).click();
	await expect(page.getByTestId('vote-recorded')).toContainText('Phiếu của bạn đã được ghi nhận');
	await expect(page.getByText('Kết quả chỉ do ban tổ chức công bố.')).toBeVisible();
	await expect(page.locator('section.results')).toHaveCount(0);

	// Neither the page nor its data endpoint carries counts, for the voter or an anonymous visitor.
	for (const request of [page.request, (await browser.newContext({ baseURL: origin })).request]) {
		const html = await (await request.get(`${origin}${path}`)).text();
		const data = await (await request.get(`${origin}${path}/__data.json`)).text();
		for (const body of [html, data]) {
			expect(body).not.toContain('phiếu hợp lệ');
			expect(body).not.toContain('counted');
			expect(body).not.toContain('percent');
		}
	}

	// The organizer's view of the same data does carry them (so the check above means something).
	const organizer = await browser.newContext({ baseURL: origin });
	const organizerPage = await organizer.newPage();
	await signIn(organizerPage, 'tochuc@guongsang.vn');
	const organizerData = await (
		await organizerPage.request.get(`${origin}${path}/__data.json`)
	).text();
	expect(organizerData).toContain('counted');
	await organizerPage.goto(`${origin}${path}`);
	await expect(organizerPage.locator('section.results')).toContainText('1 phiếu hợp lệ');
	await organizer.close();
});
