import ExcelJS from 'exceljs';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import {
	appNow,
	expectNoSeriousA11yViolations,
	hydrated,
	runDigits,
	signIn,
	confirmStep,
	vietnamLocalInput
} from './support';

// Done means: an organizer turns the demo campaign's results into a decision with
// certificates, confirming who and what before anything is written (without JavaScript too);
// a visitor opens a certificate's verification address and finds the model on the honour roll
// by typing the name without diacritics. Revoking takes it off the roll.

test.describe.configure({ mode: 'serial' });

const stamp = runDigits(6);
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
	browser,
	request
}) => {
	// Two pages and three accessibility checks: slow on a shared machine.
	test.setTimeout(120_000);
	// The demo is told around the server's day: last year's campaign is the awarded one.
	const year = Number(vietnamLocalInput(await appNow(request), 0).slice(0, 4));
	const page = await as(browser, 'tochuc@guongsang.vn');
	await page.goto('/quan-tri/khen-thuong');
	await expect(page.getByRole('link', { name: '125-QĐ/TĐTN-BTG' })).toBeVisible();
	await page.getByRole('link', { name: 'Tạo quyết định khen thưởng' }).click();
	await hydrated(page);
	const fromCampaign = page.getByRole('region', { name: 'Từ kết quả đợt tôn vinh' });
	await pick(page, `Tuyên dương Gương sáng tuổi trẻ tiêu biểu năm ${year - 1}`);

	// The demo decision awarded last year's shortlist, in the panel's order; the two
	// dossiers the panel did not shortlist are offered, but not ticked.
	const dossiers = fromCampaign.locator('label.check');
	await expect(dossiers).toHaveCount(6);
	const shortlist = ['Vương Thị Ngọc', 'Cao Văn Lộc', 'Lục Thị Hằng', 'Tạ Quang Đức'];
	for (const [i, name] of shortlist.entries()) {
		await expect(dossiers.nth(i)).toContainText(name);
		await expect(dossiers.nth(i)).toContainText(`hạng ${i + 1}`);
		await expect(dossiers.nth(i)).toContainText('Đã khen theo QĐ 125-QĐ/TĐTN-BTG');
		await expect(dossiers.nth(i).getByRole('checkbox')).not.toBeChecked();
	}
	for (const i of [4, 5]) await expect(dossiers.nth(i).getByRole('checkbox')).not.toBeChecked();
	await expectNoSeriousA11yViolations(page);

	// With scripts on, the review appears in place and takes the focus; it writes nothing.
	await pick(page, 'Tôn vinh điển hình tiên tiến');
	await fromCampaign.getByLabel(new RegExp(MODEL)).check();
	await fromCampaign.getByLabel('Số quyết định').fill(`${number}-xem-thu`);
	await fromCampaign.getByLabel('Cơ quan ban hành').fill('Ban Thường vụ Tỉnh đoàn Gương Sáng');
	await fromCampaign.getByLabel('Người ký', { exact: true }).fill('Nguyễn Văn Thành');
	await fromCampaign.getByRole('button', { name: 'Xem lại trước khi ban hành' }).click();
	const confirm = page.getByRole('region', { name: 'Xác nhận ban hành quyết định' });
	await expect(confirm.getByRole('heading', { level: 2 })).toBeFocused();
	await expect(confirm).toContainText('1 cá nhân');
	await expect(fromCampaign.getByLabel(new RegExp(MODEL))).toBeChecked();
	await expectNoSeriousA11yViolations(page);
	await page.goto('/quan-tri/khen-thuong');
	await expect(page.getByRole('link', { name: `${number}-xem-thu` })).toHaveCount(0);

	await page.goto('/quan-tri/khen-thuong/cai-dat');
	await expectNoSeriousA11yViolations(page);
});

/** Chooses a campaign in the "from a campaign" section (a GET form: no script needed). */
async function pick(page: Page, title: string) {
	const fromCampaign = page.getByRole('region', { name: 'Từ kết quả đợt tôn vinh' });
	const campaigns = fromCampaign.getByLabel('Đợt tôn vinh');
	const id = await campaigns.locator('option', { hasText: title }).getAttribute('value');
	await campaigns.selectOption(id!);
	await fromCampaign.getByRole('button', { name: 'Xem kết quả' }).click();
	await expect(campaigns).toHaveValue(id!);
	await hydrated(page);
}

const CITATION =
	'Đã có thành tích tiêu biểu trong học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm 2026.';

test('without JavaScript, the organizer sets where the province’s certificates are signed', async ({
	browser
}) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	await signIn(page, 'tochuc@guongsang.vn');
	await page.goto('/quan-tri/khen-thuong');
	await page.getByRole('link', { name: 'Thông tin in trên giấy chứng nhận' }).click();
	await expect(page.getByRole('heading', { level: 2, name: 'Tỉnh đoàn Gương Sáng' })).toBeVisible();
	// By default the place comes from the unit's name, the authority line is the standing committee's.
	await expect(
		page.getByText('Đang in: “Gương Sáng, ngày …” và “TM. BAN THƯỜNG VỤ”.')
	).toBeVisible();
	await page.getByLabel('Địa danh').fill('Hà Nội');
	await page.getByRole('button', { name: 'Lưu' }).click();
	await expect(page.getByText('Đã lưu.')).toBeVisible();
	await expect(page.getByText('Đang in: “Hà Nội, ngày …” và “TM. BAN THƯỜNG VỤ”.')).toBeVisible();
	await context.close();
});

test('without JavaScript, the organizer picks two dossiers, confirms who and what, and only then issues', async ({
	browser
}) => {
	// A long flow on a shared machine: two forms and two PDFs.
	test.setTimeout(120_000);
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	await signIn(page, 'tochuc@guongsang.vn');

	// The campaign still being judged has no shortlist: nothing comes ticked.
	await page.goto('/quan-tri/khen-thuong/moi');
	await pick(page, 'Tôn vinh điển hình tiên tiến');
	const fromCampaign = page.getByRole('region', { name: 'Từ kết quả đợt tôn vinh' });
	await expect(fromCampaign.getByText(/Đã khen theo QĐ/)).toHaveCount(0);
	await expect(fromCampaign.getByRole('checkbox', { checked: true })).toHaveCount(0);
	await fromCampaign.getByLabel(new RegExp(MODEL)).check();
	await fromCampaign.getByLabel(/Sở Giáo dục và Đào tạo/).check();
	await fromCampaign.getByLabel('Số quyết định').fill(number);
	await fromCampaign.getByLabel('Ngày quyết định').fill('2026-11-20');
	await fromCampaign.getByLabel('Cơ quan ban hành').fill('Ban Thường vụ Tỉnh đoàn Gương Sáng');
	await fromCampaign.getByLabel('Người ký', { exact: true }).fill('Nguyễn Văn Thành');
	await fromCampaign.getByLabel('Chức vụ người ký').fill('Bí thư Tỉnh đoàn');
	await fromCampaign.getByLabel('Nội dung khen thưởng').fill(CITATION);
	await fromCampaign.getByRole('button', { name: 'Xem lại trước khi ban hành' }).click();

	// The confirmation step: who, how many, which award. Nothing is written yet.
	const confirm = page.getByRole('region', { name: 'Xác nhận ban hành quyết định' });
	await expect(confirm).toBeVisible();
	const listed = confirm.getByRole('list', { name: 'Danh sách được khen' }).getByRole('listitem');
	await expect(listed).toHaveCount(2);
	await expect(listed.nth(0)).toContainText(MODEL);
	await expect(listed.nth(1)).toContainText('Đoàn Thanh niên Sở Giáo dục và Đào tạo');
	await expect(confirm).toContainText('1 cá nhân và 1 tập thể');
	await expect(confirm).toContainText('Bằng khen: 2');
	await expect(confirm).toContainText(`${number} ngày 20/11/2026`);
	const register = await context.newPage();
	await register.goto('/quan-tri/khen-thuong');
	await expect(register.getByRole('link', { name: number })).toHaveCount(0);
	// What was ticked stays ticked under the confirmation, for a change of mind.
	await expect(fromCampaign.getByRole('checkbox', { checked: true })).toHaveCount(2);

	await confirm.getByRole('button', { name: 'Xác nhận ban hành quyết định' }).click();
	await expect(
		page.getByRole('heading', { level: 1, name: `Quyết định số ${number}` })
	).toBeVisible();
	decisionUrl = new URL(page.url()).pathname;
	await expect(page.getByRole('row')).toHaveCount(3);
	const row = page.getByRole('row', { name: new RegExp(MODEL) });
	await expect(row).toHaveCount(1);
	await expect(row).toContainText('Bằng khen');
	await expect(
		page.getByText('Hà Nội, ngày 20 tháng 11 năm 2026 · TM. BAN THƯỜNG VỤ')
	).toBeVisible();

	// One certificate, and all of the decision's, are PDFs; the model's reads as the office wrote it.
	const certificate = await page.request.get(
		(await row.getByRole('link', { name: 'PDF' }).getAttribute('href'))!
	);
	expect(certificate.status()).toBe(200);
	expect(certificate.headers()['content-type']).toBe('application/pdf');
	const text = (await pdfText(await certificate.body())).join(' ');
	expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
	expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
	expect(text).toContain(CITATION);
	expect(text).not.toContain('là tấm gương tiêu biểu');
	expect(text).toContain('Hà Nội, ngày 20 tháng 11 năm 2026');
	expect(text).toContain('TM. BAN THƯỜNG VỤ BÍ THƯ TỈNH ĐOÀN');
	const all = await page.request.get(
		(await page.getByRole('link', { name: /Tải tất cả giấy chứng nhận/ }).getAttribute('href'))!
	);
	expect(all.status()).toBe(200);
	expect((await all.body()).subarray(0, 5).toString()).toBe('%PDF-');
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
	const listedRow = [...Array(sheet.rowCount).keys()]
		.map((i) => sheet.getRow(i + 1))
		.find((r) => r.getCell(2).value === MODEL)!;
	expect(listedRow.getCell(9).value).toEqual(new Date('2026-11-20T00:00:00Z'));
	expect(listedRow.getCell(9).numFmt).toBe('dd/mm/yyyy');

	verifyUrl = (await row.getByRole('link', { name: /^[0-9A-Z]{5}-/ }).getAttribute('href'))!;
	expect(verifyUrl).toMatch(/^\/xac-minh\/[0-9A-Z]{15}$/);
	await context.close();
	// Accessibility is checked with scripts on (axe runs in the page).
	const checker = await as(browser, 'tochuc@guongsang.vn');
	await checker.goto(decisionUrl);
	await expectNoSeriousA11yViolations(checker);
});

/** The strings a PDF's pages draw, in order, as a reader copies them out. */
async function pdfText(bytes: Buffer): Promise<string[]> {
	const doc = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false }).promise;
	const strings: string[] = [];
	for (let n = 1; n <= doc.numPages; n++) {
		const content = await (await doc.getPage(n)).getTextContent();
		for (const item of content.items) if ('str' in item && item.str) strings.push(item.str);
	}
	await doc.destroy();
	return strings;
}

test('a visitor verifies the certificate and finds the model without diacritics', async ({
	page
}) => {
	await page.goto(verifyUrl);
	await expect(page.getByText('Giấy chứng nhận hợp lệ.')).toBeVisible();
	await expect(page.getByRole('heading', { level: 2, name: MODEL })).toBeVisible();
	await expect(page.getByText(`Số ${number} ngày 20/11/2026`)).toBeVisible();
	// The decision's own citation, as the certificate prints it.
	await expect(page.getByText(CITATION)).toBeVisible();
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
	await confirmStep(page, 'Thu hồi khen thưởng?', 'Phát hiện khai man thành tích');
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
	await history.goto('/quan-tri/khen-thuong/lich-su?ten=luc+thi+hang');
	await expect(history.getByRole('row', { name: /Lục Thị Hằng/ })).toContainText('125-QĐ/TĐTN-BTG');
	await expectNoSeriousA11yViolations(history);
	const response = await page.request.get(href!);
	expect(response.status()).toBe(200);
	expect(response.headers()['content-type']).toContain('spreadsheetml');
});
