import { expect, test, type Browser, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import { expectNoSeriousA11yViolations, hydrated, signIn, confirmStep } from './support';

// The demo campaign's panel (src/lib/server/demo/judging.ts) is open with three judges,
// two per dossier, on four accepted dossiers. The organizer accepts a fifth, which gets two
// judges under the same rules; they score the five, one declares a conflict and the dossier
// moves, the organizer closes the round and shortlists; ranking and the exported sheet must
// agree with the figures worked out by hand below.

test.describe.configure({ mode: 'serial' });

const J1 = 'giamkhao@guongsang.vn';
const J2 = 'giamkhao2@guongsang.vn';
const J3 = 'giamkhao3@guongsang.vn';
const HAI = 'Vũ Minh Hải';
const HA = 'Đặng Thu Hà';
const GROUP = 'Đoàn Thanh niên Sở Giáo dục và Đào tạo';
const WORK = 'Phóng sự “Sáng mãi tên Người”';
// Sent up by Đoàn xã Uy Nỗ through Huyện đoàn Đông Anh, waiting at the province.
const LATE = 'Chi đoàn thôn Đông';

// Individual rubric weights 2, 5, 3; the others weigh 1 per point. Totals by hand:
// Hải: J1 2·8+5·9+3·7 = 82, J2 2·9+5·9+3·9 = 90 → 86.   Hà: J1 87, J3 81 → 84.
// Group: J2 40+25+15 = 80, J3 45+25+20 = 90 → 85.        Work: J1 85, J3 70 → 77,5 (spread 15 > 10).
// Late group: J1 40+20+15 = 75, J3 45+25+15 = 85 → 80.
const individual = (a: number, b: number, c: number) => ({
	'Phẩm chất chính trị': a,
	'Thành tích nổi bật': b,
	'Tính sáng tạo': c
});
const group = (a: number, b: number, c: number) => ({
	'Kết quả thực hiện nhiệm vụ': a,
	'Mô hình, cách làm hay': b,
	'Sức lan toả trong cộng đồng': c
});
const work = (a: number, b: number, c: number) => ({
	'Nội dung tư tưởng': a,
	'Hình thức thể hiện': b,
	'Hiệu quả tuyên truyền': c
});

async function as(browser: Browser, email: string): Promise<Page> {
	const page = await (await browser.newContext()).newPage();
	await signIn(page, email);
	return page;
}

async function openSheet(page: Page, nominee: string) {
	await page.goto('/cham-diem');
	await page.getByRole('link', { name: nominee }).click();
	await expect(
		page.getByRole('heading', { level: 1, name: `Phiếu chấm: ${nominee}` })
	).toBeVisible();
	await hydrated(page);
}

async function fill(page: Page, scores: Record<string, number>) {
	for (const [criterion, value] of Object.entries(scores)) {
		await page
			.getByRole('group', { name: new RegExp(criterion) })
			.getByLabel('Điểm')
			.fill(String(value));
	}
}

async function submit(page: Page, nominee: string, scores: Record<string, number>) {
	await openSheet(page, nominee);
	await fill(page, scores);
	await page.getByRole('button', { name: 'Nộp phiếu chấm' }).click();
	await confirmStep(page, 'Nộp phiếu chấm?', `Nộp phiếu chấm hồ sơ “${nominee}”`);
	await expect(page.getByRole('status')).toContainText('Đã nộp phiếu chấm');
}

async function openPanel(page: Page) {
	await page.goto('/quan-tri/dot');
	await page
		.getByRole('link', { name: /Tôn vinh điển hình tiên tiến/ })
		.first()
		.click();
	await page.getByRole('link', { name: 'Hội đồng chấm' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Hội đồng chấm' })).toBeVisible();
	await hydrated(page);
}

test('a dossier accepted after the round opened gets its judges under the same rules', async ({
	browser
}) => {
	const page = await as(browser, 'tochuc@guongsang.vn');
	await page.goto('/tham-dinh');
	await page.getByRole('link', { name: LATE }).click();
	await page.getByRole('button', { name: 'Chấp nhận hồ sơ' }).click();
	await confirmStep(page, 'Chấp nhận hồ sơ?', 'Vòng chấm đang mở');
	await expect(page.getByRole('status')).toContainText(
		'Vòng chấm đang mở: hồ sơ đã được phân cho 2 giám khảo chấm.'
	);

	await openPanel(page);
	await expect(page.getByText('5 hồ sơ đã được chấp nhận')).toBeVisible();
	const groups = page.getByRole('region', { name: /Kết quả: Tập thể tiêu biểu/ });
	await expect(groups.getByRole('row', { name: new RegExp(LATE) })).toContainText('0/2 đã nộp');
	await expect(page.getByText('Hồ sơ chưa đủ giám khảo')).toHaveCount(0);

	// The Đông Anh judge is not given a dossier that came up through Đông Anh.
	const district = await as(browser, J2);
	await district.goto('/cham-diem');
	await expect(district.getByRole('link', { name: HAI })).toBeVisible();
	await expect(district.getByRole('link', { name: LATE })).toHaveCount(0);
});

test('the first judge saves a draft, is told what is missing, and submits four sheets', async ({
	browser
}) => {
	// Four sheets, each through its confirmation step, and three accessibility checks.
	test.slow();
	const page = await as(browser, J1);
	await page.goto('/cham-diem');
	await expect(page.getByText('Đã nộp 0/4 hồ sơ.')).toBeVisible();
	await expectNoSeriousA11yViolations(page);

	await openSheet(page, HAI);
	await expectNoSeriousA11yViolations(page);
	await fill(page, { 'Phẩm chất chính trị': 8, 'Thành tích nổi bật': 9 });
	await page.getByRole('button', { name: 'Nộp phiếu chấm' }).click();
	await expect(page.getByRole('alert').first()).toContainText('Vui lòng kiểm tra lại');
	await expect(
		page.getByText('Chưa chấm tiêu chí «Tính sáng tạo, hiệu quả, khả năng nhân rộng».')
	).toBeVisible();
	await page.getByRole('button', { name: 'Lưu nháp' }).click();
	await expect(page.getByRole('status')).toContainText('Đã lưu nháp');
	await page.reload();
	await expect(
		page.getByRole('group', { name: /Phẩm chất chính trị/ }).getByLabel('Điểm')
	).toHaveValue('8');

	await submit(page, HAI, individual(8, 9, 7));
	await expect(page.getByRole('row', { name: /Tổng có trọng số/ })).toContainText('82');
	await submit(page, HA, individual(9, 9, 8));
	await submit(page, WORK, work(35, 25, 25));
	await submit(page, LATE, group(40, 20, 15));
	await page.goto('/cham-diem');
	await expect(page.getByText('Đã nộp 4/4 hồ sơ.')).toBeVisible();
});

test('the second judge sees nobody else’s scores before submitting, declares a conflict, and scores the rest', async ({
	browser
}) => {
	const first = await as(browser, J1);
	await first.goto('/cham-diem');
	const foreignSheet = await first.getByRole('link', { name: HA }).getAttribute('href');

	const page = await as(browser, J2);
	// A dossier given to another judge does not exist for this one.
	expect((await page.goto(foreignSheet!))?.status()).toBe(404);

	await openSheet(page, HAI);
	const sheetUrl = new URL(page.url()).pathname;
	const payload = await (await page.request.get(`${sheetUrl}/__data.json`)).text();
	expect(payload).not.toContain('Giám khảo A');
	await expect(page.getByText('Giám khảo A')).toHaveCount(0);
	await submit(page, HAI, individual(9, 9, 9));
	// Submitted, and the organizer lets judges compare afterwards: the first judge's 82 shows.
	const others = page.getByRole('row', { name: /Tổng có trọng số/ });
	await expect(others).toContainText('90');
	await expect(others).toContainText('82');

	await openSheet(page, WORK);
	await page.getByText('Báo xung đột lợi ích với hồ sơ này').click();
	await page.getByLabel('Lý do').fill('Tôi là đồng tác giả của phóng sự.');
	await page.getByRole('button', { name: 'Báo xung đột và chuyển hồ sơ' }).click();
	await expect(page.getByRole('status')).toContainText(
		'Hồ sơ được chuyển cho giám khảo Đinh Thị Xét.'
	);
	await submit(page, GROUP, group(40, 25, 15));
	await page.goto('/cham-diem');
	await expect(page.getByText('Đã nộp 2/2 hồ sơ.')).toBeVisible();
});

test('the third judge finds the moved dossier in their queue and scores everything', async ({
	browser
}) => {
	const page = await as(browser, J3);
	await page.goto('/cham-diem');
	await expect(page.getByRole('link', { name: WORK })).toBeVisible();
	await submit(page, HA, individual(7, 8, 9));
	await submit(page, GROUP, group(45, 25, 20));
	await submit(page, WORK, work(30, 20, 20));
	await submit(page, LATE, group(45, 25, 15));
	await page.goto('/cham-diem');
	await expect(page.getByText('Đã nộp 4/4 hồ sơ.')).toBeVisible();
});

test('the organizer closes the round, shortlists, and the ranking and sheet match the hand figures', async ({
	browser
}) => {
	const page = await as(browser, 'tochuc@guongsang.vn');
	await openPanel(page);
	const progress = page.getByRole('region', { name: 'Tiến độ của giám khảo' });
	await expect(progress.getByRole('row', { name: /Bùi Văn Thẩm/ })).toContainText('2/2');
	await expect(progress.getByRole('row', { name: /Bùi Văn Thẩm/ })).toContainText('1');
	await expectNoSeriousA11yViolations(page);

	await page.getByRole('button', { name: 'Kết thúc vòng chấm' }).click();
	await confirmStep(page, 'Kết thúc vòng chấm?', /phiếu chưa nộp sẽ không được tính/);
	await expect(page.getByRole('status').first()).toContainText('Đã kết thúc vòng chấm');
	await page.getByLabel('Số hồ sơ mỗi hạng mục (N)').fill('1');
	await page.getByRole('button', { name: 'Lập danh sách rút gọn' }).click();
	await expect(page.getByRole('status').first()).toContainText('Danh sách rút gọn có 3 hồ sơ.');

	const individuals = page.getByRole('region', { name: /Kết quả: Cá nhân tiêu biểu/ });
	const rows = individuals.locator('tbody tr');
	await expect(rows.nth(0)).toContainText(HAI);
	await expect(rows.nth(0)).toContainText('86');
	await expect(rows.nth(0)).toContainText('Danh sách rút gọn');
	await expect(rows.nth(1)).toContainText(HA);
	await expect(rows.nth(1)).toContainText('84');
	const works = page.getByRole('region', { name: /Kết quả: Tác phẩm/ });
	await expect(works.locator('tbody tr').first()).toContainText('77,5');
	await expect(works.locator('tbody tr').first()).toContainText('Chênh lệch lớn');
	const groups = page
		.getByRole('region', { name: /Kết quả: Tập thể tiêu biểu/ })
		.locator('tbody tr');
	await expect(groups.nth(1)).toContainText(LATE);
	await expect(groups.nth(1)).toContainText('80');

	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: 'Xuất bảng tổng hợp điểm (Excel)' }).click()
	]);
	const workbook = new ExcelJS.Workbook();
	await workbook.xlsx.load((await readFile((await download.path())!)) as unknown as ArrayBuffer);
	const table = (index: number) => {
		const values = workbook.worksheets[index]!.getSheetValues().filter(Boolean) as unknown[][];
		const header = values[1]!.slice(1) as string[];
		return values.slice(2).map((r) => {
			const cells = r.slice(1);
			return {
				rank: cells[0],
				name: cells[1],
				mean: cells[header.indexOf('Điểm trung bình')],
				flag: cells[header.indexOf('Cảnh báo chênh lệch')],
				shortlisted: cells[header.indexOf('Danh sách rút gọn')],
				j1: cells[header.indexOf('Hoàng Thị Giám Khảo — Tổng')]
			};
		});
	};
	expect(workbook.worksheets).toHaveLength(3);
	expect(table(0)).toEqual([
		{ rank: 1, name: HAI, mean: 86, flag: '', shortlisted: 'Có', j1: 82 },
		{ rank: 2, name: HA, mean: 84, flag: '', shortlisted: '', j1: 87 }
	]);
	expect(table(1)).toEqual([
		{ rank: 1, name: GROUP, mean: 85, flag: '', shortlisted: 'Có', j1: undefined },
		{ rank: 2, name: LATE, mean: 80, flag: '', shortlisted: '', j1: 75 }
	]);
	expect(table(2)).toEqual([
		{ rank: 1, name: WORK, mean: 77.5, flag: 'Chênh lệch lớn', shortlisted: 'Có', j1: 85 }
	]);
});

test('after closing, a judge can no longer change anything', async ({ browser }) => {
	const page = await as(browser, J1);
	await openSheet(page, HAI);
	await expect(page.getByText('Vòng chấm đã kết thúc.')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Nộp phiếu chấm' })).toHaveCount(0);
});
