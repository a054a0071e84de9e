import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { formatAtDateTime } from '../../src/lib/shared/format';
import {
	appNow,
	hydrated,
	runDigits,
	runStamp,
	signIn,
	vietnamLocalInput,
	confirmStep
} from './support';

// The demo data (src/lib/server/demo/seed.ts) has one contest with a round open now.
const CONTEST = 'Cuộc thi trực tuyến tìm hiểu lịch sử Đoàn và tư tưởng Hồ Chí Minh';
// An explanation of a demo question: it must not reach the player before the round closes.
const SECRET_EXPLANATION = 'Hội nghị lần thứ hai Ban Chấp hành Trung ương Đảng';

test.describe.configure({ mode: 'serial' });

/** The option values of the answer sheet as the player's browser has them, by field name. */
async function sheetOptions(page: Page): Promise<Map<string, string[]>> {
	const fields = await page
		.locator('form ol.questions input[type=radio], form ol.questions input[type=checkbox]')
		.evaluateAll((inputs) =>
			inputs.map((i) => [(i as HTMLInputElement).name, (i as HTMLInputElement).value])
		);
	const byName = new Map<string, string[]>();
	for (const [name, value] of fields) byName.set(name!, [...(byName.get(name!) ?? []), value!]);
	return byName;
}

/**
 * Reads an attempt as its player gets it, page and __data.json: every option carries an id of
 * this attempt (no bank index, nothing ordered), and nothing names an answer key.
 */
async function expectOpaqueOptions(page: Page): Promise<Map<string, string[]>> {
	const sheet = await sheetOptions(page);
	expect(sheet.size).toBeGreaterThan(3);
	for (const values of sheet.values()) {
		for (const value of values) expect(value).toMatch(/^[A-Za-z0-9_-]{12}$/);
		expect(new Set(values).size).toBe(values.length);
	}
	const data = await (await page.request.get(`${page.url()}/__data.json`)).text();
	for (const values of sheet.values()) for (const value of values) expect(data).toContain(value);
	expect(data).not.toContain(SECRET_EXPLANATION);
	expect(data).not.toMatch(/"(key|solution|explanation|acceptedAnswers)"/);
	return sheet;
}

let firstSheet: Map<string, string[]> | null = null;

test.describe('online contest', () => {
	test('a member takes the demo round on a phone, reloads mid-way, submits and sees their rank', async ({
		page
	}) => {
		await page.setViewportSize({ width: 360, height: 780 });
		await signIn(page, 'doanvien@guongsang.vn');
		await page.goto('/');
		await page.getByRole('link', { name: CONTEST, exact: true }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(CONTEST);
		await hydrated(page);

		// Registration ties the player to a unit picked from the tree.
		await page.getByLabel('Số điện thoại').fill('0912 345 678');
		await page.getByLabel('Số CCCD/CMND').fill('001099012345');
		const unit = page.getByLabel('Đơn vị (chi đoàn, đoàn cơ sở)');
		const value = await unit
			.locator('option', { hasText: 'Chi đoàn thôn Đường Nhạn' })
			.getAttribute('value');
		await unit.selectOption(value!);
		await page.getByRole('checkbox', { name: /^Tôi đồng ý/ }).check();
		await page.getByRole('button', { name: 'Đăng ký' }).click();
		await expect(page.getByText('Đăng ký dự thi thành công')).toBeVisible();

		await page.getByLabel('Theo bạn, có bao nhiêu người tham gia tuần thi này?').fill('1500');
		await page.getByRole('button', { name: 'Bắt đầu làm bài' }).click();
		await expect(page).toHaveURL(/\/cuoc-thi\/\d+\/bai\/\d+$/);
		await hydrated(page);
		expect(await page.content()).not.toContain(SECRET_EXPLANATION);

		const questions = page.locator('form ol.questions > li');
		await expect(questions).toHaveCount(10);
		firstSheet = await expectOpaqueOptions(page);
		// Nothing overflows the narrow screen.
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth
		);
		expect(overflow).toBeLessThanOrEqual(0);

		const answer = async (index: number) => {
			const question = questions.nth(index);
			const text = question.getByRole('textbox');
			if (await text.count()) {
				await text.fill('Lý Tự Trọng');
				await text.blur();
			} else {
				await question.locator('label.option').last().click();
			}
		};
		const snapshot = async (index: number) => {
			const question = questions.nth(index);
			const text = question.getByRole('textbox');
			if (await text.count()) return `text:${await text.inputValue()}`;
			const boxes = question.locator('input');
			const checked: number[] = [];
			for (let i = 0; i < (await boxes.count()); i++)
				if (await boxes.nth(i).isChecked()) checked.push(i);
			return `checked:${checked.join(',')}`;
		};

		// The phone's clock is years off: "Đã lưu lúc" must still read the server's time of the save.
		await page.clock.setFixedTime(new Date('2001-02-03T04:05:06Z'));
		const savedAts: string[] = [];
		page.on('response', async (response) => {
			if (!response.url().includes('?/save')) return;
			const stamp = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/.exec(await response.text());
			if (stamp) savedAts.push(stamp[0]);
		});
		for (let i = 0; i < 4; i++) await answer(i);
		await expect(page.getByRole('status').filter({ hasText: 'Đã lưu lúc' })).toBeVisible();
		await page.waitForLoadState('networkidle');
		expect(savedAts.length).toBeGreaterThan(0);
		await expect(page.locator('.save-status')).toHaveText(
			`Đã lưu ${formatAtDateTime(savedAts.at(-1)!)}`
		);
		const before = await Promise.all([0, 1, 2, 3].map(snapshot));
		expect(before.every((s) => s !== 'checked:' && s !== 'text:')).toBe(true);

		// A reload (or a lost connection) in the middle keeps every saved answer.
		await page.reload();
		await hydrated(page);
		expect(await Promise.all([0, 1, 2, 3].map(snapshot))).toEqual(before);

		for (let i = 4; i < 10; i++) await answer(i);
		await page.getByRole('button', { name: 'Nộp bài' }).click();
		await expect(page.getByRole('heading', { name: 'Kết quả' })).toBeVisible();
		await expect(page.locator('.score')).toContainText('/10');
		await expect(page.locator('.rank')).toContainText('Xếp hạng tạm thời của bạn');
		await expect(page.locator('.rank strong')).toHaveText(/^\d+$/);
		expect(await page.content()).not.toContain(SECRET_EXPLANATION);
	});

	test('each attempt gives the options ids of its own: the same question, other ids', async ({
		page
	}) => {
		await signIn(page, 'doanvien@guongsang.vn');
		await page.goto('/');
		await page.getByRole('link', { name: CONTEST, exact: true }).click();
		await page.getByRole('button', { name: 'Bắt đầu làm bài' }).click();
		await expect(page).toHaveURL(/\/cuoc-thi\/\d+\/bai\/\d+$/);
		const second = await expectOpaqueOptions(page);
		// 10 questions drawn twice from the demo bank's 14: some come back, under new ids.
		const again = [...second.keys()].filter((name) => firstSheet!.has(name));
		expect(again.length).toBeGreaterThan(0);
		for (const name of again)
			expect(second.get(name)!.filter((id) => firstSheet!.get(name)!.includes(id))).toEqual([]);
	});

	test('a guest registers on a phone without an account (proof of work in the browser), plays without JavaScript; the organizer voids the entry', async ({
		browser
	}) => {
		const phoneScreen = { viewport: { width: 360, height: 780 } };
		const guest = await browser.newContext(phoneScreen);
		const registering = await guest.newPage();
		await registering.goto('/');
		await registering.getByRole('link', { name: CONTEST, exact: true }).click();
		await expect(registering.getByRole('heading', { level: 1 })).toHaveText(CONTEST);

		const stamp = runDigits(8);
		const name = `Khách dự thi ${stamp}`;
		const phone = `09${stamp}`;
		const fill = async (p: typeof registering, fullName: string) => {
			await p.getByLabel('Họ và tên').fill(fullName);
			await p.getByLabel('Số điện thoại').fill(phone);
			const unit = p.getByLabel('Đơn vị (chi đoàn, đoàn cơ sở)');
			const value = await unit
				.locator('option', { hasText: 'Chi đoàn thôn Đường Nhạn' })
				.getAttribute('value');
			await unit.selectOption(value!);
			await p.getByRole('checkbox', { name: /^Tôi đồng ý/ }).check();
			await p.getByRole('button', { name: 'Đăng ký' }).click();
		};

		// Without JavaScript no proof of work can be solved: the form says so, the server refuses.
		const bare = await browser.newContext({ ...phoneScreen, javaScriptEnabled: false });
		const noScript = await bare.newPage();
		await noScript.goto(registering.url());
		// (Chromium with scripts disabled by Playwright still hides <noscript>: read the markup.)
		expect(await noScript.content()).toContain(
			'Để đăng ký không cần tài khoản, trình duyệt cần bật JavaScript'
		);
		await fill(noScript, name);
		await expect(
			noScript.getByText('Chưa có mã xác minh chống gian lận', { exact: false }).first()
		).toBeVisible();
		await bare.close();

		await hydrated(registering);
		await fill(registering, name);
		await expect(registering.getByText('Đăng ký dự thi thành công')).toBeVisible();
		// The browser keeps a secret token in an HTTP-only cookie; no page shows it.
		const cookie = (await guest.cookies()).find((c) => c.name === 'gs_thi');
		expect(cookie?.httpOnly).toBe(true);
		expect(await registering.content()).not.toContain(cookie!.value);

		// The same phone cannot register twice, from another browser either.
		const other = await browser.newContext(phoneScreen);
		const second = await other.newPage();
		await second.goto(registering.url());
		await hydrated(second);
		await fill(second, 'Người khác');
		await expect(second.getByText('Số điện thoại này đã đăng ký dự thi.').first()).toBeVisible();
		await other.close();

		// The rest is played without JavaScript, by the same browser's cookie.
		const storageState = await guest.storageState();
		const contestUrl = registering.url();
		await guest.close();
		const playing = await browser.newContext({
			...phoneScreen,
			javaScriptEnabled: false,
			storageState
		});
		const page = await playing.newPage();
		await page.goto(contestUrl);
		await expect(page.getByRole('heading', { name: 'Đăng ký dự thi' })).toHaveCount(0);

		await page.getByLabel('Theo bạn, có bao nhiêu người tham gia tuần thi này?').fill('1200');
		await page.getByRole('button', { name: 'Bắt đầu làm bài' }).click();
		await expect(page).toHaveURL(/\/cuoc-thi\/\d+\/bai\/\d+$/);
		expect(await page.content()).not.toContain(SECRET_EXPLANATION);
		const questions = page.locator('form ol.questions > li');
		await expect(questions).toHaveCount(10);
		for (let i = 0; i < 10; i++) {
			const question = questions.nth(i);
			const text = question.getByRole('textbox');
			if (await text.count()) await text.fill('Lý Tự Trọng');
			else await question.locator('label.option').first().click();
		}
		await page.getByRole('button', { name: 'Nộp bài' }).click();
		await expect(page.getByRole('heading', { name: 'Kết quả' })).toBeVisible();
		await expect(page.locator('.score')).toContainText('/10');
		await expect(page.locator('.rank')).toContainText('Xếp hạng tạm thời của bạn');
		expect(await page.content()).not.toContain(SECRET_EXPLANATION);

		// The organizer voids the guest's entries with a reason; the guest sees why.
		const staff = await browser.newContext();
		const admin = await staff.newPage();
		await signIn(admin, 'tochuc@guongsang.vn');
		await admin.goto('/quan-tri/cuoc-thi');
		await admin.getByRole('link', { name: CONTEST, exact: true }).click();
		await hydrated(admin);
		await admin.getByLabel(`Lý do huỷ kết quả của ${name}`).fill('Khai sai đơn vị');
		await admin.getByRole('row', { name }).getByRole('button', { name: 'Huỷ kết quả' }).click();
		await confirmStep(admin, 'Huỷ kết quả người dự thi?', 'Khai sai đơn vị');
		await expect(admin.getByText('Đã huỷ: Khai sai đơn vị')).toBeVisible();
		await staff.close();

		await page.goto(page.url().replace(/\/bai\/\d+.*$/, ''));
		await expect(page.getByText('Kết quả dự thi của bạn đã bị huỷ: Khai sai đơn vị')).toBeVisible();
		await expect(page.getByRole('button', { name: 'Bắt đầu làm bài' })).toHaveCount(0);
		await playing.close();
	});

	test('the organizer imports questions from a spreadsheet and exports the participation report', async ({
		page
	}) => {
		await signIn(page, 'tochuc@guongsang.vn');
		await page.goto('/quan-tri/cau-hoi/nhap');
		await hydrated(page);

		const workbook = new ExcelJS.Workbook();
		const sheet = workbook.addWorksheet('Câu hỏi');
		sheet.addRow([
			'Loại',
			'Câu hỏi',
			'Phương án A',
			'Phương án B',
			'Phương án C',
			'Phương án D',
			'Đáp án',
			'Bỏ qua dấu',
			'Chủ đề',
			'Mức độ',
			'Giải thích',
			'Nguồn'
		]);
		const stamp = runStamp();
		sheet.addRow([
			'Một đáp án đúng',
			`Khẩu hiệu hành động của Đoàn trong phong trào "Thanh niên tình nguyện" là gì? (${stamp})`,
			'Đâu cần thanh niên có, việc gì khó có thanh niên',
			'Thanh niên xung phong',
			'Ba sẵn sàng',
			'Năm xung kích',
			'A',
			'',
			'Lịch sử Đoàn',
			'Dễ',
			'',
			'Điều lệ Đoàn TNCS Hồ Chí Minh'
		]);
		sheet.addRow([
			'Đúng / Sai',
			`Đại hội XIII của Đảng diễn ra năm 2021. (${stamp})`,
			'',
			'',
			'',
			'',
			'Đúng',
			'',
			'Nghị quyết Đại hội XIII',
			'1',
			'',
			'Văn kiện Đại hội XIII'
		]);
		const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
		await page.getByLabel(/Tệp Excel/).setInputFiles({
			name: 'cau-hoi.xlsx',
			mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			buffer: bytes
		});
		await page.getByRole('button', { name: 'Nhập', exact: true }).click();
		await expect(page.getByRole('heading', { name: 'Kết quả nhập' })).toBeVisible();
		await expect(page.getByText('Đã nhập 2 / 2 dòng')).toBeVisible();

		await page.goto(`/quan-tri/cau-hoi?q=${stamp}`);
		await expect(page.locator('tbody tr')).toHaveCount(2);

		await page.goto('/quan-tri/cuoc-thi');
		await page.getByRole('link', { name: CONTEST, exact: true }).click();
		await page.getByRole('link', { name: 'Báo cáo tham gia' }).click();
		await expect(page.getByRole('heading', { name: 'Báo cáo tham gia' })).toBeVisible();
		await expect(page.locator('.summary')).toContainText('Tỉnh đoàn Gương Sáng');
		await expect(page.locator('.summary')).toContainText('153.860');

		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.getByRole('link', { name: 'Xuất Excel' }).click()
		]);
		expect(download.suggestedFilename()).toMatch(/^bao-cao-tham-gia-\d+\.xlsx$/);
		const report = new ExcelJS.Workbook();
		const file = await readFile((await download.path())!);
		await report.xlsx.load(
			file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer
		);
		const rows = report.worksheets[0]!;
		expect(rows.getRow(1).getCell(1).text).toBe('Đơn vị');
		expect(rows.getRow(2).getCell(1).text).toBe('Tỉnh đoàn Gương Sáng');
		expect(Number(rows.getRow(2).getCell(4).value)).toBeGreaterThanOrEqual(1);
		expect(Number(rows.getRow(2).getCell(5).value)).toBe(153860);
		expect(rows.getRow(2).getCell(6).numFmt).toBe('0.0%');

		// The round's board, provisional while it runs: the member who took part above is on it.
		await page.goto('/quan-tri/cuoc-thi');
		await page.getByRole('link', { name: CONTEST, exact: true }).click();
		const [board] = await Promise.all([
			page.waitForEvent('download'),
			page
				.getByRole('link', {
					name: 'Tuần 1: bảng xếp hạng (tạm thời) — CSV (Excel tiếng Việt, dấu ;)'
				})
				.click()
		]);
		expect(board.suggestedFilename()).toMatch(
			/^bang-xep-hang-cuoc-thi-\d+-tuan-\d+-excel-vn\.csv$/
		);
		const text = (await readFile((await board.path())!)).toString('utf8');
		const [header, ...entries] = Papa.parse<string[]>(text.replace(/^\ufeff/, ''), {
			delimiter: ';',
			skipEmptyLines: true
		}).data;
		const column = (name: string) => header!.indexOf(name);
		const member = entries.find((r) => r[column('Họ và tên')] === 'Đỗ Văn Đoàn Viên');
		expect(member).toBeDefined();
		expect(member![column('Dự đoán')]).toBe('1500');
		expect(member![column('Nộp bài lúc')]).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
	});

	test('the organizer creates and edits a contest without JavaScript; a running one keeps its terms', async ({
		browser
	}) => {
		const context = await browser.newContext({ javaScriptEnabled: false });
		const page = await context.newPage();
		await signIn(page, 'tochuc@guongsang.vn');
		await page.goto('/quan-tri/cuoc-thi');
		const title = `Tìm hiểu Điều lệ Đoàn ${runStamp()}`;
		await page.getByLabel('Đơn vị tổ chức').selectOption({ label: 'Tỉnh đoàn Gương Sáng (TDGS)' });
		await page.getByLabel('Tên cuộc thi').fill(title);
		await page.getByRole('button', { name: 'Tạo cuộc thi' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);

		await page.getByText('Sửa thông tin cuộc thi').click();
		await page.getByLabel('Tên cuộc thi').fill('   ');
		await page.getByRole('button', { name: 'Lưu thông tin' }).click();
		// Refused field by field; the edit form stays open with what was typed.
		await expect(page.locator('#contest-title-error')).toBeVisible();
		await page.getByLabel('Tên cuộc thi').fill(`${title} (sửa)`);
		await page.getByLabel(/Số lượt đăng ký không cần tài khoản/).fill('250');
		await page
			.getByLabel('Đối tượng dự thi')
			.selectOption({ label: 'Mọi người (chọn đơn vị khi đăng ký)' });
		await page.getByRole('button', { name: 'Lưu thông tin' }).click();
		await expect(page.getByText('Đã lưu thông tin cuộc thi.')).toBeVisible();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${title} (sửa)`);
		await expect(page.getByLabel(/Số lượt đăng ký không cần tài khoản/)).toHaveValue('250');

		// The demo contest has opened rounds: who may play and the ranking are shown, not editable.
		await page.goto('/quan-tri/cuoc-thi');
		await page.getByRole('link', { name: CONTEST, exact: true }).click();
		await page.getByText('Sửa thông tin cuộc thi').click();
		await expect(page.getByLabel('Đối tượng dự thi')).toBeDisabled();
		await expect(page.getByLabel('Thứ tự xếp hạng')).toBeDisabled();
		await expect(page.getByLabel('Tên cuộc thi')).toBeEnabled();

		// A second round whose window overlaps the open one is refused, on its field.
		const now = await appNow(page.request);
		const local = (days: number) => vietnamLocalInput(now, days * 86_400_000);
		await page.getByLabel('Tên tuần thi').fill('Tuần 2');
		await page.getByLabel('Mở lúc', { exact: true }).fill(local(1));
		await page.getByLabel('Đóng lúc', { exact: true }).fill(local(8));
		await page.getByRole('button', { name: 'Thêm tuần thi' }).click();
		await expect(page.locator('#f-opensAt-error')).toContainText('Thời gian trùng với “Tuần 1”');
		await expect(page.locator('#f-opensAt-error')).toContainText(
			'các tuần thi của một cuộc thi không được mở cùng lúc'
		);
		await expect(page.getByLabel('Tên tuần thi')).toHaveValue('Tuần 2');
		await expect(page.getByRole('cell', { name: 'Tuần 2' })).toHaveCount(0);
		await context.close();
	});
});
