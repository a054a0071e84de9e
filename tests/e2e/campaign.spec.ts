import { expect, test, type Browser, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import { confirmStep, hydrated, runStamp, setOpenPhases, signIn } from './support';

// The whole path of a dossier: an organizer opens a campaign, two officers of different units
// nominate an individual and a collective with evidence, the district forwards one, the
// province returns the other, it is revised and resubmitted, both are accepted, and the
// Excel export lists them.

test.describe.configure({ mode: 'serial' });

const stamp = runStamp();
const title = `Đợt thử nghiệm ${stamp}`;
const person = `Nguyễn Thị Thử ${stamp}`;
const group = `Chi đoàn Thử nghiệm ${stamp}`;
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

async function as(browser: Browser, email: string): Promise<Page> {
	const context = await browser.newContext();
	const page = await context.newPage();
	await signIn(page, email);
	return page;
}

let campaignUrl = '';

test('an organizer opens a campaign', async ({ browser }) => {
	const page = await as(browser, 'tochuc@guongsang.vn');
	await page.goto('/quan-tri/dot');
	await hydrated(page);
	await page.getByLabel('Đơn vị tổ chức').selectOption({ label: 'Tỉnh đoàn Gương Sáng (TDGS)' });
	await page.getByLabel('Tên đợt').fill(title);
	await page.getByRole('button', { name: 'Tạo đợt (bản nháp)' }).click();
	await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
	campaignUrl = new URL(page.url()).pathname;

	// A draft is invisible to the public.
	const anonymous = await browser.newPage();
	const draftPage = await anonymous.goto(campaignUrl.replace('/quan-tri/dot/', '/dot/'));
	expect(draftPage?.status()).toBe(404);

	const categories = [
		['Cá nhân tiêu biểu', 'Cá nhân'],
		['Tập thể tiêu biểu', 'Tập thể']
	];
	for (const [i, [name, kind]] of categories.entries()) {
		await page.getByLabel('Tên hạng mục mới').fill(name!);
		await page.locator('#new-kind').selectOption({ label: kind! });
		await page.getByRole('button', { name: 'Thêm hạng mục' }).click();
		await expect(page.locator('input[name="categoryId"]')).toHaveCount(i + 1);
	}
	await setOpenPhases(page);
	await page.getByRole('button', { name: 'Công bố đợt' }).click();
	await confirmStep(page, 'Công bố đợt tôn vinh?', `Công bố “${title}” với`);
	await expect(page.getByRole('status')).toContainText('Đã công bố');

	await anonymous.goto(campaignUrl.replace('/quan-tri/dot/', '/dot/'));
	await expect(anonymous.getByRole('heading', { level: 1, name: title })).toBeVisible();
	await expect(anonymous.getByText('Đang diễn ra')).toBeVisible();
});

async function startDossier(page: Page, category: string) {
	await page.goto('/de-cu');
	const card = page.locator('article', { hasText: title });
	await card.locator('li', { hasText: category }).getByRole('link', { name: 'Soạn hồ sơ' }).click();
	await hydrated(page);
}

async function upload(page: Page, name: string, mimeType: string, buffer: Buffer) {
	await page.getByLabel('Chọn tệp').setInputFiles({ name, mimeType, buffer });
	await page.getByRole('button', { name: 'Tải lên' }).click();
	await expect(page.getByRole('status')).toContainText('Đã thêm minh chứng');
}

test('two officers of different units nominate with evidence', async ({ browser }) => {
	const commune = await as(browser, 'canbo@guongsang.vn');
	await startDossier(commune, 'Cá nhân tiêu biểu');
	await commune.getByLabel('Họ và tên').fill(person);
	await commune.getByLabel('Giới tính').selectOption({ label: 'Nữ' });
	await commune.getByLabel('Năm sinh').fill('1997');
	await commune.getByLabel('Chức vụ').fill('Bí thư Chi đoàn');
	await commune.getByLabel('Đơn vị công tác').fill('Thôn Đường Nhạn');
	await commune.getByLabel('Thành tích 1').fill('Giấy khen của Huyện đoàn');
	await commune.getByLabel('Ngày 1').fill('26/03/2025');
	await commune
		.getByLabel('Bài viết giới thiệu')
		.fill('<script>alert("xss")</script> Luôn gương mẫu.');
	await commune.getByRole('button', { name: 'Lưu nháp' }).click();
	await expect(commune.getByRole('heading', { name: person })).toBeVisible();
	// Typed markup is shown as text, never run.
	await expect(commune.getByText('<script>alert("xss")</script> Luôn gương mẫu.')).toBeVisible();
	await upload(commune, 'giay-khen.png', 'image/png', PNG);
	await commune.getByRole('button', { name: 'Gửi hồ sơ lên cấp trên' }).click();
	await confirmStep(commune, 'Gửi hồ sơ lên cấp trên?', 'Huyện đoàn Đông Anh');
	await expect(commune.getByRole('status')).toContainText('Đã gửi hồ sơ');
	await expect(commune.getByText('đang ở Huyện đoàn Đông Anh')).toBeVisible();

	const block = await as(browser, 'canbokhoi@guongsang.vn');
	await startDossier(block, 'Tập thể tiêu biểu');
	await block.getByLabel('Tên tập thể').fill(group);
	await block.getByLabel('Số thành viên').fill('42');
	await block.getByLabel('Người đứng đầu').fill('Lê Văn Trưởng');
	await block.getByRole('button', { name: 'Lưu nháp' }).click();
	await expect(block.getByRole('heading', { name: group })).toBeVisible();
	await upload(block, 'bien-ban.pdf', 'application/pdf', Buffer.from('%PDF-1.4\n% thử\n'));
	// A renamed executable is refused by its content.
	await block.getByLabel('Chọn tệp').setInputFiles({
		name: 'anh.png',
		mimeType: 'image/png',
		buffer: Buffer.from('MZ\x90\x00binary')
	});
	await block.getByRole('button', { name: 'Tải lên' }).click();
	await expect(block.getByRole('alert')).toContainText('Minh chứng phải là ảnh');
	await block.getByRole('button', { name: 'Gửi hồ sơ lên cấp trên' }).click();
	await confirmStep(block, 'Gửi hồ sơ lên cấp trên?', 'Tỉnh đoàn Gương Sáng');
	await expect(block.getByText('đang ở Tỉnh đoàn Gương Sáng')).toBeVisible();

	// Another unit's officer finds neither dossier.
	const other = await as(browser, 'canbouyno@guongsang.vn');
	await other.goto('/de-cu');
	await expect(other.getByText(person)).toHaveCount(0);
	const url = new URL(commune.url()).pathname;
	expect((await other.goto(url))?.status()).toBe(404);
});

test('the district forwards, the province returns, the unit revises, both are accepted', async ({
	browser
}) => {
	const district = await as(browser, 'huyendoan@guongsang.vn');
	await district.goto('/tham-dinh');
	await district.getByRole('link', { name: person }).click();
	await district.getByRole('button', { name: 'Chuyển lên cấp trên' }).click();
	await confirmStep(district, 'Chuyển hồ sơ lên cấp trên?', person);
	await expect(district.getByRole('status')).toContainText('Đã chuyển');

	const province = await as(browser, 'tochuc@guongsang.vn');
	await province.goto('/tham-dinh');
	await province.getByRole('link', { name: group }).click();
	await hydrated(province);
	await province.getByRole('button', { name: 'Trả lại để bổ sung' }).click();
	await expect(province.getByRole('alert')).toBeVisible(); // the reason is required
	await province.getByLabel(/Lý do/).fill('Bổ sung số lượng đoàn viên chính xác.');
	await province.getByRole('button', { name: 'Trả lại để bổ sung' }).click();
	await expect(province.getByRole('status')).toContainText('Đã trả lại');

	const block = await as(browser, 'canbokhoi@guongsang.vn');
	await block.goto('/thong-bao');
	await block.getByRole('link', { name: new RegExp(`${group}.*trả lại`) }).click();
	await expect(block.getByRole('note')).toContainText('Bổ sung số lượng đoàn viên chính xác.');
	await hydrated(block);
	await block.getByLabel('Số thành viên').fill('45');
	await block.getByRole('button', { name: 'Lưu hồ sơ' }).click();
	await expect(block.getByRole('status')).toContainText('Đã lưu hồ sơ');
	await block.getByRole('button', { name: 'Gửi lại hồ sơ' }).click();
	await confirmStep(block, 'Gửi lại hồ sơ?', group);
	await expect(block.getByRole('status')).toContainText('Đã gửi lại');

	for (const name of [person, group]) {
		await province.goto('/tham-dinh');
		await province.getByRole('link', { name }).click();
		await province.getByRole('button', { name: 'Chấp nhận hồ sơ' }).click();
		await confirmStep(province, 'Chấp nhận hồ sơ?', name);
		await expect(province.getByRole('status')).toContainText('Đã chấp nhận');
	}
	await expect(province.getByText('Trả lại để bổ sung').first()).toBeVisible(); // kept in the history
});

test('the Excel export lists both accepted dossiers', async ({ browser }) => {
	const province = await as(browser, 'tochuc@guongsang.vn');
	const campaignId = campaignUrl.split('/').pop();
	await province.goto(`/tham-dinh?dot=${campaignId}`);
	const [download] = await Promise.all([
		province.waitForEvent('download'),
		province.getByRole('link', { name: 'Xuất Excel' }).click()
	]);
	const workbook = new ExcelJS.Workbook();
	await workbook.xlsx.load((await readFile((await download.path())!)) as unknown as ArrayBuffer);
	const sheet = workbook.worksheets[0]!;
	const rows = sheet
		.getSheetValues()
		.slice(1)
		.map((r) => (r as ExcelJS.CellValue[]).slice(1).map(String));
	expect(rows[0]).toContain('Trạng thái');
	for (const name of [person, group]) {
		const row = rows.find((r) => r.includes(name));
		expect(row, name).toBeDefined();
		expect(row).toContain('Đã được chấp nhận');
	}
	expect(rows).toHaveLength(3);
});
