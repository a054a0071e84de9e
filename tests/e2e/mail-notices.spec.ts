import { expect, test } from '@playwright/test';
import { hydrated, linkIn, mailsTo, register, runDigits, signIn, uniqueEmail } from './support';

// Done means: a message that reached a real mailbox carries an opt-out link that a person opens
// and confirms in the browser, after which their account page shows the topic off; and a mail
// client's one-click POST (RFC 8058) does the same from another site without a cookie, while
// every other cross-site post is still refused.

test.describe.configure({ mode: 'serial' });

const AWARDS = 'Khen thưởng: quyết định và giấy chứng nhận';
const number = `${runDigits(6)}-QĐ/TĐ-THU`;
const person = {
	fullName: 'Ngô Thị Nhận Thư',
	email: uniqueEmail('nhan-thu'),
	password: 'MatKhau@Thu2026'
};
const mailClientUser = uniqueEmail('mot-cham');

test('an award message’s opt-out link turns the topic off, and the account page shows it', async ({
	browser,
	page,
	request
}) => {
	await register(page, person);
	await expect(page).toHaveURL(/\/tai-khoan/);

	// An organizer issues a decision naming two people by e-mail (typed in, one per line).
	const context = await browser.newContext();
	const organizer = await context.newPage();
	await signIn(organizer, 'tochuc@guongsang.vn');
	await organizer.goto('/quan-tri/khen-thuong/moi');
	await hydrated(organizer);
	const byHand = organizer.getByRole('region', { name: 'Nhập trực tiếp' });
	await byHand.getByLabel('Đơn vị ban hành').selectOption({ index: 1 });
	await byHand
		.getByLabel(/^Danh sách được khen/)
		.fill(
			`${person.fullName} | Chi đoàn thôn Đường Nhạn | Đoàn viên | ${person.email}\nLý Văn Một Chạm | Chi đoàn thôn Đường Nhạn | | ${mailClientUser}`
		);
	await byHand.getByLabel('Số quyết định').fill(number);
	await byHand.getByLabel('Ngày quyết định').fill('2026-05-19');
	await byHand.getByLabel('Cơ quan ban hành').fill('Ban Thường vụ Tỉnh đoàn Gương Sáng');
	await byHand.getByLabel('Người ký', { exact: true }).fill('Nguyễn Văn Thành');
	await byHand.getByRole('button', { name: 'Xem lại trước khi ban hành' }).click();
	const confirm = organizer.getByRole('region', { name: 'Xác nhận ban hành quyết định' });
	await expect(confirm).toContainText('Gửi tới 2 người có địa chỉ email');
	await confirm.getByRole('button', { name: 'Xác nhận ban hành quyết định' }).click();
	await expect(organizer).toHaveURL(/\/quan-tri\/khen-thuong\/\d+/);
	await context.close();

	// Signing up sent an address check first; the award message follows it.
	const mails = await mailsTo(request, person.email, 2);
	const mail = mails.find((m) => m.subject.startsWith('Khen thưởng:'));
	expect(mails.map((m) => m.subject).sort()).toEqual([
		`Khen thưởng: Bằng khen theo Quyết định số ${number}`,
		'Xác nhận địa chỉ email của bạn'
	]);
	expect(mail!.text).toContain(`Chào ${person.fullName},`);
	linkIn(mail!, '/xac-minh/');

	// The link shows what it would do; only the button does it.
	await page.goto(linkIn(mail!, '/thu/ngung-nhan'));
	await hydrated(page);
	await expect(page.getByRole('heading', { level: 2, name: AWARDS })).toBeVisible();
	await expect(page.getByText(person.email.toLowerCase())).toBeVisible();
	await expect(page.getByText('Đang nhận loại thư này')).toBeVisible();
	await page.getByRole('button', { name: 'Ngừng nhận loại thư này' }).click();
	await expect(page.getByRole('status')).toContainText(
		`Đã ngừng gửi thư “${AWARDS}” tới ${person.email.toLowerCase()}.`
	);
	await expect(page.getByText('Không nhận loại thư này')).toBeVisible();
	await expect(page.getByRole('link', { name: 'Tài khoản → Thư điện tử' })).toHaveAttribute(
		'href',
		'/tai-khoan#thu'
	);

	await page.goto('/tai-khoan#thu');
	await hydrated(page);
	const mailSection = page.getByRole('region', { name: 'Thư điện tử' });
	await expect(mailSection.getByRole('checkbox', { name: AWARDS })).not.toBeChecked();
	await expect(mailSection.getByRole('checkbox', { name: /^Hồ sơ đề cử/ })).toBeChecked();
	await expect(mailSection).toContainText('Thư thiết yếu luôn được gửi');

	// And back on from the account page.
	await mailSection.getByRole('checkbox', { name: AWARDS }).check();
	await mailSection.getByRole('button', { name: 'Lưu lựa chọn' }).click();
	await expect(mailSection.getByRole('status')).toHaveText('Đã lưu lựa chọn nhận thư.');
	await page.reload();
	await expect(
		page.getByRole('region', { name: 'Thư điện tử' }).getByRole('checkbox', { name: AWARDS })
	).toBeChecked();
});

test('a mail client’s one-click POST turns the topic off without a cookie; other cross-site posts are still refused', async ({
	playwright,
	request,
	baseURL
}) => {
	const [mail] = await mailsTo(request, mailClientUser);
	const optOut = linkIn(mail!, '/thu/ngung-nhan');
	// A fresh client: no cookie, as a mail provider's server posts.
	const client = await playwright.request.newContext({ baseURL });
	const elsewhere = { origin: 'https://mail.example.com' };
	try {
		// Opening the link (as a scanner does) changes nothing.
		expect(await (await client.get(optOut)).text()).toContain('Đang nhận loại thư này');
		const reply = await client.post(optOut, {
			form: { 'List-Unsubscribe': 'One-Click' },
			headers: elsewhere,
			maxRedirects: 0
		});
		expect(reply.status()).toBe(200);
		expect(await (await client.get(optOut)).text()).toContain('Không nhận loại thư này');

		// The same post anywhere else is refused.
		for (const path of ['/dang-xuat', '/tai-khoan?/mailPreferences', '/thu/ngung-nhan/khac']) {
			const refused = await client.post(path, {
				form: { 'List-Unsubscribe': 'One-Click' },
				headers: elsewhere,
				maxRedirects: 0
			});
			expect(refused.status(), path).toBe(403);
		}
		// A forged code gets a plain Vietnamese answer, and changes nothing.
		const forged = await client.get('/thu/ngung-nhan?ma=bWF5QGV4YW1wbGUudm4KYXdhcmRz.sai');
		expect(forged.status()).toBe(404);
		expect(await forged.text()).toContain('Liên kết ngừng nhận thư không đúng hoặc đã bị sửa');
	} finally {
		await client.dispose();
	}
});
