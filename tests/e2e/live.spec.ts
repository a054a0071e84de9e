import { expect, test } from '@playwright/test';
import { bigScreen, choose, createGame, following, hostClick, joinAs, phone } from './live-support';
import {
	bankRow,
	confirmStep,
	expectFitsPhone,
	expectNoSeriousA11yViolations,
	signIn
} from './support';

// The demo data seeds one live game in its lobby (src/lib/server/demo/live.ts), whose
// first questions are the demo bank's: Q1 right "26/3/1931", Q2 right "Hội Việt Nam Cách mạng
// Thanh niên". Rescue is allowed when at most 2 stand, once.
const GAME = 'Rung chuông vàng — Tìm hiểu lịch sử Đoàn';
const Q1 = { right: '26/3/1931', wrong: '19/5/1931' };
const Q2 = { right: 'Hội Việt Nam Cách mạng Thanh niên', wrong: 'Tâm tâm xã' };

test.describe.configure({ mode: 'serial' });

test('host, big screen and three players (one guest) play the demo game to a winner with a rescue', async ({
	page: host,
	browser
}) => {
	test.setTimeout(120_000);
	await signIn(host, 'tochuc@guongsang.vn');
	await host.goto('/quan-tri/rung-chuong-vang');
	await host.getByRole('link', { name: GAME }).click();
	await following(host);
	const code = (await host.locator('strong.code').textContent())!.trim();
	expect(code).toMatch(/^[A-Z2-9]{6}$/);

	const screenContext = await browser.newContext({ viewport: { width: 1280, height: 720 } });
	const screen = await screenContext.newPage();
	await screen.goto(`/man-hinh/${code}`);
	await following(screen);
	await expect(screen.getByLabel('Mã tham gia')).toHaveText(code);
	await expect(screen.getByRole('img', { name: 'Mã QR để tham gia' })).toBeVisible();

	// A signed-in member and two guests, each on their own phone.
	const member = await phone(browser);
	await signIn(member, 'doanvien@guongsang.vn');
	await joinAs(member, code, 'Đỗ Văn Đoàn Viên', 'Chi đoàn thôn Đường Nhạn');
	const guest = await phone(browser);
	await joinAs(guest, code, 'Khách Mời An', 'Lớp 12A1');
	const third = await phone(browser);
	await joinAs(third, code, 'Khách Mời Bình', 'Lớp 12A2');
	await expect(screen.getByText('3 người đã tham gia')).toBeVisible();
	await expectNoSeriousA11yViolations(guest);
	await expectNoSeriousA11yViolations(screen);
	await expectNoSeriousA11yViolations(host);

	// Question 1: the third player answers wrong and falls.
	await hostClick(host, 'Bắt đầu (mở câu 1)');
	await expect(screen.getByText('Câu 1/6')).toBeVisible();
	await choose(guest, Q1.right);
	await choose(member, Q1.right);
	await choose(third, Q1.wrong);
	// Nothing tells anyone the right option while the question is open.
	await expect(screen.getByText('Đáp án:')).toHaveCount(0);
	await hostClick(host, 'Đóng câu hỏi');
	await expect(screen.getByText('Hết giờ!')).toBeVisible();
	await hostClick(host, 'Công bố đáp án');
	await expect(screen.getByText('1 người bị loại')).toBeVisible();
	await expect(third.getByText('Bạn đã bị loại ở câu 1')).toBeVisible();
	await expect(guest.getByText('Bạn vẫn còn trên sàn thi đấu')).toBeVisible();

	// Two stand: the rescue brings the fallen back.
	await hostClick(host, 'Cứu trợ');
	await expect(third.getByText('Bạn vẫn còn trên sàn thi đấu')).toBeVisible();
	await expect(host.getByText('1/1 lượt đã dùng')).toBeVisible();
	// The console mid-game, with its rescue controls and the join address, fits a phone.
	await expectFitsPhone(host);
	await expect(screen.getByText(/1 người được cứu trợ trở lại sàn thi đấu/)).toBeVisible();

	// Question 2: only the guest is right and rings the golden bell.
	await hostClick(host, 'Mở câu tiếp theo');
	await expect(screen.getByText('Câu 2/6')).toBeVisible();
	await choose(guest, Q2.right);
	await choose(member, Q2.wrong);
	await choose(third, Q2.wrong);
	await hostClick(host, 'Đóng câu hỏi');
	await hostClick(host, 'Công bố đáp án');
	await expect(screen.getByText(/SBD 2 · Khách Mời An/)).toBeVisible();
	await expect(guest.getByText('Chúc mừng! Bạn đã rung chuông vàng.')).toBeVisible();
	await expect(member.getByText('Trò chơi đã kết thúc.')).toBeVisible();
	await expect(host.getByText(/Hạng 1 🔔: SBD 2 · Khách Mời An/)).toBeVisible();

	// The host console survives a refresh, with the statistics and the export.
	await host.reload();
	await following(host);
	await expect(host.getByText('Đã kết thúc', { exact: true })).toBeVisible();
	await expect(host.getByRole('heading', { name: 'Thống kê theo câu hỏi' })).toBeVisible();
	await expectFitsPhone(host);
	const download = host.waitForEvent('download');
	await host.getByRole('link', { name: 'Xuất kết quả (Excel)' }).click();
	expect((await download).suggestedFilename()).toBe(`rung-chuong-vang-${code}.xlsx`);
});

test('a code that matches no game leads nowhere, and its streams answer 404', async ({
	request
}) => {
	const list = await request.get('/choi?ma=ABCDEF', { maxRedirects: 0 });
	expect(list.status()).toBe(303);
	expect((await request.get('/choi/ABCDEF/su-kien')).status()).toBe(404);
	expect((await request.get('/man-hinh/ABCDEF/su-kien')).status()).toBe(404);
});

test('whiteboard mode: the host seats players, judges mark seats, the big screen follows', async ({
	page: host,
	browser
}) => {
	const code = await createGame(host, 'Bảng trắng hội trường', async () => {
		await host.getByLabel('Cách chơi').selectOption('whiteboard');
	});
	const { screen, close } = await bigScreen(browser, code);

	for (const name of ['Nguyễn Thị Hoa', 'Trần Văn Nam']) {
		await host.getByLabel('Họ và tên').fill(name);
		await host.getByRole('button', { name: 'Thêm người chơi' }).click();
		await expect(screen.getByText(name)).toBeVisible();
	}
	await host.getByRole('button', { name: 'Bắt đầu (mở câu 1)' }).click();
	await expect(screen.getByText('Câu 1/2')).toBeVisible();
	await host.getByRole('button', { name: 'Đóng câu hỏi' }).click();
	await host.getByLabel('SBD 2 · Trần Văn Nam').check();
	await host.getByRole('button', { name: 'Lưu kết quả chấm' }).click();
	await expect(host.getByText('Đã lưu kết quả chấm.')).toBeVisible();
	await host.getByRole('button', { name: 'Công bố đáp án' }).click();
	await expect(screen.getByText(/SBD 2 · Trần Văn Nam/)).toBeVisible();
	await expect(host.getByText(/Hạng 1 🔔: SBD 2 · Trần Văn Nam/)).toBeVisible();
	await close();
});

test('a rescue question on phones: only the eliminated answer, the one right comes back', async ({
	page: host,
	browser
}) => {
	test.setTimeout(120_000);
	const code = await createGame(host, 'Cứu trợ bằng câu hỏi', async () => {
		// Set aside: the poem Bác Hồ gave the youth volunteers (right: "Thanh niên xung phong").
		await bankRow(host, 'Không có việc gì khó').getByLabel('Cứu trợ').check();
	});
	const { screen, close } = await bigScreen(browser, code);

	const [an, binh, chi] = [await phone(browser), await phone(browser), await phone(browser)];
	await joinAs(an, code, 'Phạm An', 'Lớp 11A');
	await joinAs(binh, code, 'Lê Bình', 'Lớp 11B');
	await joinAs(chi, code, 'Vũ Chi', 'Lớp 11C');

	// Question 1: Chi falls; two stand, so a rescue is available.
	await hostClick(host, 'Bắt đầu (mở câu 1)');
	await expect(screen.getByText('Câu 1/2')).toBeVisible();
	await choose(an, Q1.right);
	await choose(binh, Q1.right);
	await choose(chi, Q1.wrong);
	await hostClick(host, 'Đóng câu hỏi');
	await hostClick(host, 'Công bố đáp án');
	await expect(chi.getByText('Bạn đã bị loại ở câu 1')).toBeVisible();

	// The rescue question: the eliminated answer it, those standing watch.
	await hostClick(host, 'Mở câu hỏi cứu trợ');
	await expect(screen.getByText('Câu hỏi cứu trợ', { exact: true })).toBeVisible();
	await expect(
		an.getByText('Câu hỏi cứu trợ — bạn đang đứng trên sàn, hãy theo dõi')
	).toBeVisible();
	await expect(an.getByRole('button', { name: 'Thanh niên xung phong' })).toHaveCount(0);
	await expect(
		chi.getByText('Câu hỏi cứu trợ: trả lời đúng để trở lại sàn thi đấu!')
	).toBeVisible();
	await expect(screen.getByText('Đáp án:')).toHaveCount(0);
	await choose(chi, 'Thanh niên xung phong');
	await hostClick(host, 'Đóng câu hỏi');
	// Time is up on the rescue: the fallen wait for the answer, not told they are out.
	await expect(
		chi.getByText('Câu hỏi cứu trợ · Hết giờ. Đáp án sẽ cho biết ai trở lại sàn thi đấu.')
	).toBeVisible();
	await hostClick(host, 'Công bố đáp án');
	await expect(screen.getByText(/1 người được cứu trợ trở lại sàn thi đấu/)).toBeVisible();
	await expect(chi.getByText('Bạn vẫn còn trên sàn thi đấu')).toBeVisible();
	await expect(host.getByText('Còn 3/3 người trên sàn')).toBeVisible();
	await expect(host.getByText('1/1 lượt đã dùng')).toBeVisible();

	// Back to the main questions: question 2, Chi included.
	await hostClick(host, 'Mở câu tiếp theo');
	await expect(screen.getByText('Câu 2/2')).toBeVisible();
	await choose(chi, Q2.right);
	await hostClick(host, 'Kết thúc trò chơi');
	await confirmStep(host, 'Kết thúc trò chơi?', 'người chơi còn trên sàn');
	await host.reload();
	await following(host);
	await expect(host.getByRole('cell', { name: 'Cứu trợ 1' })).toBeVisible();
	await close();
});
