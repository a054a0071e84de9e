import { expect, test } from '@playwright/test';
import { hydrated, linkIn, mailsTo, mainNav, runStamp, signIn } from './support';

// Done means: after importing accounts, nobody hands out passwords: each person gets an
// invitation at their address and chooses their own password from its link.

test('an organizer imports accounts without JavaScript; each person is invited by e-mail and sets their own password', async ({
	browser,
	request
}) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	await signIn(page, 'tochuc@guongsang.vn');
	await page.goto('/quan-tri/nguoi-dung/nhap');
	const stamp = runStamp();
	const people = [
		{ name: 'Phan Thị Nhập Một', email: `nhap-mot-${stamp}@example.vn` },
		{ name: 'Võ Văn Nhập Hai', email: `nhap-hai-${stamp}@example.vn` }
	];
	const csv =
		'Họ và tên,Email,Số điện thoại,Mã đơn vị,Vai trò\n' +
		people.map((p) => `${p.name},${p.email},,XD-XUANNON,`).join('\n');
	await page.getByLabel(/Tệp Excel/).setInputFiles({
		name: 'nguoi-dung.csv',
		mimeType: 'text/csv',
		buffer: Buffer.from(csv, 'utf8')
	});
	await page.getByRole('button', { name: 'Nhập', exact: true }).click();
	await expect(page.getByTestId('invitations-sent')).toContainText('Đã gửi 2 thư mời.');
	await expect(page.getByText(/Mật khẩu tạm/)).toHaveCount(0);
	await context.close();

	for (const person of people) {
		const [invitation] = await mailsTo(request, person.email);
		expect(invitation!.subject).toBe('Mời bạn tham gia Gương Sáng');
		expect(invitation!.text).toContain(`Chào ${person.name},`);
		expect(invitation!.text).toContain(
			'Trần Thị Tổ Chức đã tạo tài khoản Gương Sáng cho bạn tại Đoàn xã Xuân Nộn'
		);
	}

	// The first person takes up the invitation and is signed in with the password they chose.
	const [invitation] = await mailsTo(request, people[0]!.email);
	const person = await browser.newPage();
	await person.goto(linkIn(invitation!, '/mat-khau-moi/'));
	await hydrated(person);
	await person.getByLabel('Mật khẩu mới', { exact: true }).fill('MatKhau@NhapMot1');
	await person.getByLabel('Nhập lại mật khẩu mới').fill('MatKhau@NhapMot1');
	await person.getByRole('button', { name: 'Lưu mật khẩu và đăng nhập' }).click();
	await expect(mainNav(person).getByRole('button', { name: 'Đăng xuất' })).toBeVisible();
	await person.context().clearCookies();
	await signIn(person, people[0]!.email, 'MatKhau@NhapMot1');
	await person.close();
});
