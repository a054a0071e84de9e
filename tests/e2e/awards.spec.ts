import ExcelJS from 'exceljs';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { expectNoSeriousA11yViolations, hydrated, signIn } from './support';

// Done means: an organizer turns the demo campaign's results into a decision with
// certificates; a visitor opens a certificate's verification address and finds the model on
// the honour roll by typing the name without diacritics. Revoking takes it off the roll.

test.describe.configure({ mode: 'serial' });

const stamp = String(Date.now() % 1_000_000);
const number = `${stamp}-QĐ/TĐTN`;
const MODEL = 'Đặng Thu Hà';

async function as(browser: Browser, email: string): Promise<Page> {
	const context = await browser.newContext();
	const page = await context.newPage();
	await signIn(page, email);
	return page;
}

let decisionUrl = '';
let verifyUrl = '';

test('an organizer turns the demo campaign’s results into a decision with certificates', async ({
	browser
}) => {
	const page = await as(browser, 'tochuc@guongsang.vn');
	await page.goto('/quan-tri/khen-thuong');
	await expect(page.getByRole('link', { name: '125-QĐ/TĐTN-BTG' })).toBeVisible();
	await page.getByRole('link', { name: 'Tạo quyết định khen thưởng' }).click();
	await hydrated(page);
	const fromCampaign = page.getByRole('region', { name: 'Từ kết quả đợt tôn vinh' });
	const campaigns = fromCampaign.getByLabel('Đợt tôn vinh');
	const pick = async (title: string) => {
		const id = await campaigns.locator('option', { hasText: title }).getAttribute('value');
		await campaigns.selectOption(id!);
		await fromCampaign.getByRole('button', { name: 'Xem kết quả' }).click();
		await expect(campaigns).toHaveValue(id!);
		await hydrated(page);
	};

	// The demo decision awarded the judged campaign's shortlist, in the panel's order; only
	// what is not yet awarded is ticked.
	await pick('Tuyên dương Gương sáng tuổi trẻ');
	const dossiers = fromCampaign.locator('label.check');
	await expect(dossiers).toHaveCount(6);
	const shortlist = ['Nguyễn Thị Hoa', 'Phạm Quốc Huy', 'Lê Thị Thu Trang', 'Trần Văn Minh'];
	for (const [i, name] of shortlist.entries()) {
		await expect(dossiers.nth(i)).toContainText(name);
		await expect(dossiers.nth(i)).toContainText('Đã khen theo QĐ 125-QĐ/TĐTN-BTG');
		await expect(dossiers.nth(i).getByRole('checkbox')).not.toBeChecked();
	}
	for (const i of [4, 5]) await expect(dossiers.nth(i).getByRole('checkbox')).toBeChecked();
	await expectNoSeriousA11yViolations(page);

	// The demo campaign whose accepted dossiers this test awards: nothing of it is awarded yet.
	// The organizer keeps the model and the group, and drops the work and Vũ Minh Hải.
	await pick('Tôn vinh điển hình tiên tiến');
	await expect(fromCampaign.getByText(/Đã khen theo QĐ/)).toHaveCount(0);
	await expect(fromCampaign.getByLabel(new RegExp(MODEL))).toBeChecked();
	await fromCampaign.getByLabel(/Vũ Minh Hải/).uncheck();
	await fromCampaign.getByLabel(/Phóng sự/).uncheck();
	await fromCampaign.getByLabel('Số quyết định').fill(number);
	await fromCampaign.getByLabel('Ngày quyết định').fill('2026-11-20');
	await fromCampaign.getByLabel('Cơ quan ban hành').fill('Ban Thường vụ Tỉnh đoàn Gương Sáng');
	await fromCampaign.getByLabel('Người ký', { exact: true }).fill('Nguyễn Văn Thành');
	await fromCampaign.getByLabel('Chức vụ người ký').fill('Bí thư Tỉnh đoàn');
	await fromCampaign.getByRole('button', { name: 'Ban hành quyết định' }).click();

	await expect(
		page.getByRole('heading', { level: 1, name: `Quyết định số ${number}` })
	).toBeVisible();
	decisionUrl = new URL(page.url()).pathname;
	const row = page.getByRole('row', { name: new RegExp(MODEL) });
	await expect(row).toHaveCount(1);
	await expect(row).toContainText('Bằng khen');
	await expectNoSeriousA11yViolations(page);

	// One certificate, and all of the decision's, are PDFs.
	for (const link of [
		row.getByRole('link', { name: 'PDF' }),
		page.getByRole('link', { name: /Tải tất cả giấy chứng nhận/ })
	]) {
		const response = await page.request.get((await link.getAttribute('href'))!);
		expect(response.status()).toBe(200);
		expect(response.headers()['content-type']).toBe('application/pdf');
		expect((await response.body()).subarray(0, 5).toString()).toBe('%PDF-');
	}
	// The recipients as a list to file with the decision: the decision above, its date a date cell.
	const list = await page.request.get(
		(await page.getByRole('link', { name: 'Tải danh sách — Excel (.xlsx)' }).getAttribute('href'))!
	);
	expect(list.headers()['content-disposition']).toContain('.xlsx');
	const book = new ExcelJS.Workbook();
	await book.xlsx.load(new Uint8Array(await list.body()).buffer);
	const sheet = book.worksheets[0]!;
	expect(sheet.getCell('A1').value).toBe(
		`Danh sách kèm theo Quyết định số ${number} ngày 20/11/2026 của Ban Thường vụ Tỉnh đoàn Gương Sáng`
	);
	expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
	const listed = [...Array(sheet.rowCount).keys()]
		.map((i) => sheet.getRow(i + 1))
		.find((r) => r.getCell(2).value === MODEL)!;
	expect(listed.getCell(9).value).toEqual(new Date('2026-11-20T00:00:00Z'));
	expect(listed.getCell(9).numFmt).toBe('dd/mm/yyyy');

	verifyUrl = (await row.getByRole('link', { name: /^[0-9A-Z]{5}-/ }).getAttribute('href'))!;
	expect(verifyUrl).toMatch(/^\/xac-minh\/[0-9A-Z]{15}$/);
});

test('a visitor verifies the certificate and finds the model without diacritics', async ({
	page
}) => {
	await page.goto(verifyUrl);
	await expect(page.getByText('Giấy chứng nhận hợp lệ.')).toBeVisible();
	await expect(page.getByRole('heading', { level: 2, name: MODEL })).toBeVisible();
	await expect(page.getByText(`Số ${number} ngày 20/11/2026`)).toBeVisible();
	await expectNoSeriousA11yViolations(page);

	// Typed by hand, in lower case with spaces: the same certificate.
	await page.goto('/xac-minh');
	await expectNoSeriousA11yViolations(page);
	const code = verifyUrl.split('/').pop()!;
	await page
		.getByLabel('Mã xác minh')
		.fill(`${code.slice(0, 5)} ${code.slice(5, 10)} ${code.slice(10)}`.toLowerCase());
	await page.getByRole('button', { name: 'Xác minh' }).click();
	await expect(page.getByText('Giấy chứng nhận hợp lệ.')).toBeVisible();

	// An unknown code is a 404 that still explains itself and offers another try.
	const unknown = await page.goto('/xac-minh/ZZZZZ-ZZZZZ-ZZZZZ');
	expect(unknown?.status()).toBe(404);
	await expect(page.getByText(/Không tồn tại giấy chứng nhận nào có mã/)).toBeVisible();
	await expect(page.getByRole('link', { name: 'Xác minh mã khác' })).toBeVisible();

	await page.goto('/vinh-danh');
	await hydrated(page);
	await page.getByLabel('Tên cá nhân, tập thể').fill('dang thu ha');
	await page.getByRole('button', { name: 'Tìm' }).click();
	await expect(page).toHaveURL(/q=dang/);
	const card = page.getByRole('link', { name: MODEL });
	await expect(card).toBeVisible();
	await expectNoSeriousA11yViolations(page);
	await card.click();
	await expect(page.getByRole('heading', { level: 1, name: MODEL })).toBeVisible();
	await expect(page.locator('meta[property="og:title"]')).toHaveAttribute(
		'content',
		`${MODEL} — Bằng khen`
	);
	await expect(page.locator('meta[property="og:description"]')).toHaveAttribute(
		'content',
		/Đặng Thu Hà là tấm gương tiêu biểu/
	);
	await expectNoSeriousA11yViolations(page);
});

test('revoking keeps the record, says so on verification and takes it off the honour roll', async ({
	browser
}) => {
	const page = await as(browser, 'tochuc@guongsang.vn');
	await page.goto(decisionUrl);
	await hydrated(page);
	const box = page.locator('details', { hasText: `Đính chính hoặc thu hồi: ${MODEL}` });
	await box.locator('summary').click();
	await box.getByLabel('Lý do thu hồi').fill('Phát hiện khai man thành tích');
	await box.getByRole('button', { name: 'Thu hồi khen thưởng' }).click();
	await expect(page.getByText('Đã thu hồi khen thưởng.')).toBeVisible();
	await expect(page.getByRole('row', { name: new RegExp(MODEL) })).toContainText('Đã thu hồi');

	const visitor = await browser.newPage();
	await visitor.goto(verifyUrl);
	await expect(visitor.getByText('Khen thưởng này đã bị thu hồi')).toBeVisible();
	await expect(visitor.getByText('Phát hiện khai man thành tích')).toBeVisible();
	await visitor.goto('/vinh-danh?q=dang+thu+ha');
	await expect(visitor.getByText('Không có gương điển hình nào khớp')).toBeVisible();
});

test('the campaign report reads by unit and status, with an Excel export', async ({ browser }) => {
	const page = await as(browser, 'tochuc@guongsang.vn');
	await page.goto('/quan-tri/bao-cao');
	await expectNoSeriousA11yViolations(page);
	await page
		.getByRole('link', { name: /Tôn vinh điển hình tiên tiến/ })
		.first()
		.click();
	await expect(page.getByRole('heading', { level: 1, name: /^Hồ sơ đợt/ })).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Theo đơn vị', exact: true })).toBeVisible();
	await expect(
		page.getByRole('cell', { name: 'Đoàn Khối các cơ quan tỉnh' }).first()
	).toBeVisible();
	await expectNoSeriousA11yViolations(page);
	const href = await page.getByRole('link', { name: 'Tải Excel' }).getAttribute('href');
	const history = await page.context().newPage();
	await history.goto('/quan-tri/khen-thuong/lich-su?ten=le+thi+thu+trang');
	await expect(history.getByRole('row', { name: /Lê Thị Thu Trang/ })).toContainText(
		'125-QĐ/TĐTN-BTG'
	);
	await expectNoSeriousA11yViolations(history);
	const response = await page.request.get(href!);
	expect(response.status()).toBe(200);
	expect(response.headers()['content-type']).toContain('spreadsheetml');
});
