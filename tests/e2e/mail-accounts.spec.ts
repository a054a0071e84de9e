import { expect, test, type Page } from '@playwright/test';
import {
	WRONG_CREDENTIALS,
	hydrated,
	linkIn,
	mailsTo,
	mainNav,
	register,
	signIn,
	submitSignIn,
	uniqueEmail
} from './support';

// Done means: a person who forgot their password, or whom an organizer invited, gets a message
// at the app's SMTP server (tests/e2e/mail-sink.mjs), opens its link, chooses a password and is
// signed in; the address check sent at sign-up is confirmed by the button its link opens.

async function signOut(page: Page) {
	await mainNav(page).getByRole('button', { name: 'Đăng xuất' }).click();
	await expect(mainNav(page).getByRole('link', { name: 'Đăng nhập' })).toBeVisible();
}

/** Fills the form a password link opens and waits to land signed in on the home page. */
async function choosePassword(page: Page, password: string) {
	await hydrated(page);
	await page.getByLabel('Mật khẩu mới', { exact: true }).fill(password);
	await page.getByLabel('Nhập lại mật khẩu mới').fill(password);
	await page.getByRole('button', { name: 'Lưu mật khẩu và đăng nhập' }).click();
	await expect(page).toHaveURL(/\/$/);
	await expect(mainNav(page).getByRole('button', { name: 'Đăng xuất' })).toBeVisible();
}

test('a forgotten password is replaced through the link in the mail; the old one stops working', async ({
	browser,
	page,
	request
}) => {
	// Sign-up (a proof of work), two messages, two browsers: longer than most flows.
	test.setTimeout(120_000);
	const email = uniqueEmail('quen-mat-khau');
	const oldPassword = 'MatKhau@Cu2026';
	const newPassword = 'MatKhau@Moi2026';
	await register(page, { fullName: 'Lạc Thị Quên', email, password: oldPassword });
	await expect(page).toHaveURL(/\/tai-khoan/);
	await signOut(page);

	await page.goto('/dang-nhap');
	await page.getByRole('link', { name: 'Quên mật khẩu?' }).click();
	await expect(page).toHaveURL(/\/quen-mat-khau$/);
	await hydrated(page);
	await page.getByLabel('Email').fill(email);
	await page.getByRole('button', { name: 'Gửi thư đặt lại mật khẩu' }).click();
	const answer = page.getByRole('status').filter({ hasText: 'Nếu email này có tài khoản' });
	await expect(answer).toContainText(
		'Nếu email này có tài khoản, chúng tôi đã gửi thư hướng dẫn đặt lại mật khẩu.'
	);
	// An address without an account reads exactly the same answer.
	await page.getByLabel('Email').fill(uniqueEmail('khong-co-ai'));
	await page.getByRole('button', { name: 'Gửi thư đặt lại mật khẩu' }).click();
	await expect(answer).toContainText('Nếu email này có tài khoản');

	// The address check sent at sign-up, and the reset.
	const mails = await mailsTo(request, email, 2);
	const reset = mails.find((m) => m.subject === 'Đặt lại mật khẩu Gương Sáng');
	expect(reset, mails.map((m) => m.subject).join(', ')).toBeTruthy();
	expect(reset!.text).toContain('Chào Lạc Thị Quên,');
	const link = linkIn(reset!, '/mat-khau-moi/');

	await page.goto(link);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Đặt mật khẩu mới');
	await expect(page.getByTestId('account-email')).toHaveText(email);
	// The address holds the secret: what the page sends as Referer is the bare origin.
	await expect(page.locator('meta[name="referrer"]')).toHaveAttribute('content', 'strict-origin');
	await choosePassword(page, newPassword);

	// The link worked once.
	await page.goto(link);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Liên kết không còn dùng được');
	// Leaving it, the next page learns the origin alone, not the secret (a plain browser
	// navigates for real, so its request shows what is sent).
	const plain = await browser.newPage({ javaScriptEnabled: false });
	await plain.goto(link);
	const next = plain.waitForRequest((r) => r.url().endsWith('/quen-mat-khau'));
	await plain.getByRole('link', { name: 'yêu cầu thư đặt lại mật khẩu mới' }).click();
	expect((await next).headers()['referer']).toBe(`${new URL(link).origin}/`);
	await plain.close();

	await signOut(page);
	await page.goto('/dang-nhap');
	await submitSignIn(page, email, oldPassword);
	await expect(page.getByRole('alert').first()).toContainText(WRONG_CREDENTIALS);
	await signIn(page, email, newPassword);
});

test('an administrator invites a person, who sets their own password from the mail and is signed in', async ({
	browser,
	request
}) => {
	const admin = await browser.newPage();
	await signIn(admin, 'quantri@guongsang.vn');
	await admin.goto('/quan-tri/nguoi-dung/moi');
	await hydrated(admin);
	// Nobody types a password for someone else any more.
	await expect(admin.getByLabel(/Mật khẩu/)).toHaveCount(0);
	const email = uniqueEmail('duoc-moi');
	await admin.getByLabel('Họ và tên').fill('Kiều Văn Được Mời');
	await admin.getByLabel('Email').fill(email);
	const unit = admin.getByLabel('Đơn vị', { exact: true });
	await unit.selectOption(
		(await unit.locator('option', { hasText: 'Đoàn xã Xuân Nộn' }).getAttribute('value'))!
	);
	await admin.getByRole('button', { name: 'Tạo tài khoản và gửi thư mời' }).click();
	await expect(admin).toHaveURL(/\/quan-tri\/nguoi-dung\/\d+\?da-tao=1$/);
	await expect(admin.getByRole('status')).toContainText(
		`Đã tạo tài khoản và gửi thư mời tới ${email}.`
	);
	await expect(admin.getByTestId('password-status')).toHaveText(
		'Chưa đặt mật khẩu (chưa nhận lời mời)'
	);
	await expect(admin.getByTestId('email-status')).toHaveText('Chưa xác nhận');
	await expect(admin.getByRole('button', { name: 'Gửi lại lời mời' })).toBeVisible();
	const userPage = admin.url().replace(/\?.*$/, '');

	const [invitation] = await mailsTo(request, email);
	expect(invitation!.subject).toBe('Mời bạn tham gia Gương Sáng');
	expect(invitation!.text).toContain(
		'Nguyễn Quản Trị đã tạo tài khoản Gương Sáng cho bạn tại Đoàn xã Xuân Nộn'
	);

	// Until then the account signs in with no password at all. (The invitee's browser runs no
	// script: the link's form works as a plain form.)
	const person = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
	await person.goto('/dang-nhap');
	await submitSignIn(person, email, 'MatKhau@DoanMo1');
	await expect(person.getByRole('alert').first()).toContainText(WRONG_CREDENTIALS);

	await person.goto(linkIn(invitation!, '/mat-khau-moi/'));
	await expect(person.getByRole('heading', { level: 1 })).toHaveText(
		'Đặt mật khẩu cho tài khoản mới'
	);
	await choosePassword(person, 'MatKhau@TuDat2026');
	await expect(person.locator('header .whoami')).toContainText('Kiều Văn Được Mời');

	// The administrator's page now says the invitation was taken up and the address proven.
	await admin.goto(userPage);
	await expect(admin.getByTestId('password-status')).toHaveText('Đã đặt mật khẩu');
	await expect(admin.getByTestId('email-status')).toContainText('Đã xác nhận');
	await expect(admin.getByRole('button', { name: 'Gửi lại lời mời' })).toHaveCount(0);
	await expect(admin.getByRole('button', { name: 'Gửi thư đặt lại mật khẩu' })).toBeVisible();
	await admin.close();
	await person.context().close();
});

test('the address check of a new account is confirmed by the button its link opens', async ({
	page,
	request
}) => {
	const email = uniqueEmail('xac-nhan');
	await register(page, { fullName: 'Mạc Thị Xác Nhận', email, password: 'MatKhau@XacNhan1' });
	await expect(page).toHaveURL(/\/tai-khoan/);
	const status = page.getByTestId('email-status');
	await expect(status).toContainText('Chưa xác nhận');
	// One was just sent: asking again at once is refused in the section itself.
	await hydrated(page);
	await page.getByRole('button', { name: 'Gửi lại thư xác nhận' }).click();
	await expect(
		page.getByRole('region', { name: 'Xác nhận email' }).getByRole('alert')
	).toContainText('Thư xác nhận vừa được gửi.');
	await expect(page.getByRole('region', { name: 'Đổi mật khẩu' }).getByRole('alert')).toHaveCount(
		0
	);

	const [mail] = await mailsTo(request, email);
	expect(mail!.subject).toBe('Xác nhận địa chỉ email của bạn');
	await page.goto(linkIn(mail!, '/xac-nhan-email/'));
	// Opening the link (as mail scanners do) confirms nothing: the button does.
	await page.goto('/tai-khoan');
	await expect(status).toContainText('Chưa xác nhận');
	await page.goto(linkIn(mail!, '/xac-nhan-email/'));
	await page.getByRole('button', { name: 'Xác nhận email' }).click();
	await expect(page.getByTestId('email-verified')).toContainText(
		`Đã xác nhận địa chỉ email ${email}.`
	);
	await page.goto('/tai-khoan');
	await expect(status).toContainText('Email đã xác nhận');
	await expect(page.getByRole('button', { name: 'Gửi lại thư xác nhận' })).toHaveCount(0);
});
