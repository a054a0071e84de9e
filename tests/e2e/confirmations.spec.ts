import {
	expect,
	test,
	type Browser,
	type BrowserContextOptions,
	type Page
} from '@playwright/test';
import {
	confirmationStep,
	confirmStep,
	expectNoSeriousA11yViolations,
	hydrated,
	runStamp,
	setOpenPhases,
	signIn
} from './support';

// Irreversible actions answer with a confirmation step saying what will happen (who, how many)
// before anything is written. Walked on a fresh campaign: publishing it (desktop), sending a
// dossier up with JavaScript off (phone), accepting it and opening the judging round (phone);
// each "Huỷ" first, to see that it leaves everything as it was.

test.describe.configure({ mode: 'serial' });

const stamp = runStamp();
const title = `Đợt xác nhận ${stamp}`;
const group = `Chi đoàn Xác nhận ${stamp}`;
const PHONE = { viewport: { width: 360, height: 740 } };
const DESKTOP = { viewport: { width: 1366, height: 900 } };

async function as(browser: Browser, email: string, options: BrowserContextOptions): Promise<Page> {
	const page = await (await browser.newContext(options)).newPage();
	await signIn(page, email);
	return page;
}

/** Nothing on the page is wider than the window. */
async function expectNoSideways(page: Page) {
	const [scroll, width] = await page.evaluate(() => [
		document.documentElement.scrollWidth,
		window.innerWidth
	]);
	expect(scroll).toBeLessThanOrEqual(width);
}

/** Presses "Huỷ" on the step and checks it went without a message of success. */
async function cancelStep(page: Page, stepTitle: string) {
	const step = confirmationStep(page, stepTitle);
	await step.getByRole('link', { name: 'Huỷ' }).click();
	await expect(step).toHaveCount(0);
	await expect(page.locator('.alert.success')).toHaveCount(0);
}

let campaignUrl = '';
let dossierUrl = '';

test('publishing a campaign asks first; Huỷ leaves it a draft (desktop)', async ({ browser }) => {
	const page = await as(browser, 'tochuc@guongsang.vn', DESKTOP);
	await page.goto('/quan-tri/dot');
	await hydrated(page);
	await page.getByLabel('Đơn vị tổ chức').selectOption({ label: 'Tỉnh đoàn Gương Sáng (TDGS)' });
	await page.getByLabel('Tên đợt').fill(title);
	await page.getByRole('button', { name: 'Tạo đợt (bản nháp)' }).click();
	await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
	campaignUrl = new URL(page.url()).pathname;
	await page.getByLabel('Tên hạng mục mới').fill('Tập thể tiêu biểu');
	await page.locator('#new-kind').selectOption({ label: 'Tập thể' });
	await page.getByRole('button', { name: 'Thêm hạng mục' }).click();
	await expect(page.locator('input[name="categoryId"]')).toHaveCount(1);
	await setOpenPhases(page);

	await page.getByRole('button', { name: 'Công bố đợt' }).click();
	const step = confirmationStep(page, 'Công bố đợt tôn vinh?');
	await expect(step).toContainText(
		`Công bố “${title}” với 1 hạng mục: các đơn vị thuộc Tỉnh đoàn Gương Sáng đề cử từ`
	);
	// The step takes the focus, so a screen reader reads it at once.
	await expect(step.getByRole('heading', { name: 'Công bố đợt tôn vinh?' })).toBeFocused();
	await expectNoSeriousA11yViolations(page);
	await cancelStep(page, 'Công bố đợt tôn vinh?');
	const anonymous = await browser.newPage();
	const publicUrl = campaignUrl.replace('/quan-tri/dot/', '/dot/');
	expect((await anonymous.goto(publicUrl))?.status()).toBe(404);

	await page.getByRole('button', { name: 'Công bố đợt' }).click();
	await confirmStep(page, 'Công bố đợt tôn vinh?');
	await expect(page.getByRole('status')).toContainText('Đã công bố');
	expect((await anonymous.goto(publicUrl))?.status()).toBe(200);
});

test('sending a dossier up works with JavaScript off (phone)', async ({ browser }) => {
	const drafting = await as(browser, 'canbokhoi@guongsang.vn', PHONE);
	await drafting.goto('/de-cu');
	const card = drafting.locator('article', { hasText: title });
	await card.getByRole('link', { name: 'Soạn hồ sơ' }).click();
	await hydrated(drafting);
	await drafting.getByLabel('Tên tập thể').fill(group);
	await drafting.getByLabel('Số thành viên').fill('30');
	await drafting.getByLabel('Người đứng đầu').fill('Hoàng Văn Xác');
	await drafting.getByRole('button', { name: 'Lưu nháp' }).click();
	await expect(drafting.getByRole('heading', { name: group })).toBeVisible();
	dossierUrl = new URL(drafting.url()).pathname;

	const page = await as(browser, 'canbokhoi@guongsang.vn', { ...PHONE, javaScriptEnabled: false });
	await page.goto(dossierUrl);
	await page.getByRole('button', { name: 'Gửi hồ sơ lên cấp trên' }).click();
	const step = confirmationStep(page, 'Gửi hồ sơ lên cấp trên?');
	await expect(step).toContainText(
		new RegExp(
			`Hồ sơ “${group}” \\(Tập thể tiêu biểu, .+\\) sẽ được gửi tới Tỉnh đoàn Gương Sáng để thẩm định; \\d+ cán bộ ở đó sẽ nhận thông báo\\.`
		)
	);
	await expectNoSideways(page);
	await cancelStep(page, 'Gửi hồ sơ lên cấp trên?');
	await expect(page.getByRole('button', { name: 'Gửi hồ sơ lên cấp trên' })).toBeVisible();
	await expect(page.getByText('Bản nháp').first()).toBeVisible();

	await page.getByRole('button', { name: 'Gửi hồ sơ lên cấp trên' }).click();
	await confirmStep(page, 'Gửi hồ sơ lên cấp trên?');
	await expect(page.getByRole('status')).toContainText('Đã gửi hồ sơ');
	await expect(page.getByText('đang ở Tỉnh đoàn Gương Sáng')).toBeVisible();
});

test('accepting the dossier and opening the judging round say who and how many (phone)', async ({
	browser
}) => {
	const page = await as(browser, 'tochuc@guongsang.vn', PHONE);
	await page.goto(dossierUrl.replace('/de-cu/', '/tham-dinh/'));
	await hydrated(page);
	await page.getByRole('button', { name: 'Chấp nhận hồ sơ' }).click();
	await confirmStep(page, 'Chấp nhận hồ sơ?', `Hồ sơ “${group}”`);
	await expect(page.getByRole('status')).toContainText('Đã chấp nhận hồ sơ');

	await page.goto(`${campaignUrl}/cham-diem`);
	await hydrated(page);
	await page.locator('#new-category').selectOption({ label: 'Tập thể tiêu biểu' });
	await page.getByLabel('Tiêu chí mới').fill('Kết quả thực hiện nhiệm vụ');
	await page.locator('#new-max').fill('10');
	await page.locator('#new-weight').fill('1');
	await page.getByRole('button', { name: 'Thêm tiêu chí' }).click();
	await expect(page.getByRole('status')).toContainText('Đã thêm tiêu chí');
	for (const [i, email] of ['giamkhao@guongsang.vn', 'giamkhao3@guongsang.vn'].entries()) {
		await page.getByLabel('Email của giám khảo').fill(email);
		await page.getByRole('button', { name: 'Thêm vào hội đồng' }).click();
		// The count, not the message: the second message reads like the first.
		await expect(page.getByText(`1 hồ sơ đã được chấp nhận · ${i + 1} giám khảo`)).toBeVisible();
	}

	await page.getByRole('button', { name: 'Mở vòng chấm' }).click();
	const step = confirmationStep(page, 'Mở vòng chấm?');
	await expect(step).toContainText(
		/Mở vòng chấm cho 1 hồ sơ; 2 giám khảo sẽ nhận thông báo \(2 lượt chấm được phân công\)\./
	);
	await expect(step.getByRole('heading', { name: 'Mở vòng chấm?' })).toBeFocused();
	await expectNoSideways(page);
	await expectNoSeriousA11yViolations(page);
	await step.screenshot({ path: 'docs/img/confirm-open-round.png' });

	await cancelStep(page, 'Mở vòng chấm?');
	await expect(page.getByRole('button', { name: 'Mở vòng chấm' })).toBeVisible();
	await expect(page.getByText('1 hồ sơ đã được chấp nhận · 2 giám khảo')).toBeVisible();

	await page.getByRole('button', { name: 'Mở vòng chấm' }).click();
	await confirmStep(page, 'Mở vòng chấm?');
	await expect(page.getByRole('status').first()).toContainText(
		'Đã mở vòng chấm và phân công 2 lượt chấm.'
	);
	await expect(page.getByRole('button', { name: 'Kết thúc vòng chấm' })).toBeVisible();
});
