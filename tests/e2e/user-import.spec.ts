import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { runStamp, signIn } from './support';

// Done means: after importing accounts, the organizer downloads the temporary passwords as a
// printable Excel file right there, and nowhere later: the server does not keep them.

test('an organizer imports accounts without JavaScript and downloads their temporary passwords', async ({
	browser
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
	await expect(page.getByRole('heading', { name: 'Mật khẩu tạm của tài khoản mới' })).toBeVisible();
	const shown = await page
		.getByRole('region', { name: 'Mật khẩu tạm của tài khoản mới' })
		.locator('tbody tr')
		.evaluateAll((rows) =>
			rows.map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent!.trim()))
		);
	expect(shown.map((r) => r[1])).toEqual(people.map((p) => p.email));

	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: 'Tải danh sách mật khẩu tạm (Excel)' }).click()
	]);
	expect(download.suggestedFilename()).toBe('mat-khau-tam-tai-khoan-moi.xlsx');
	const book = new ExcelJS.Workbook();
	await book.xlsx.load(new Uint8Array(await readFile((await download.path())!)).buffer);
	const sheet = book.worksheets[0]!;
	expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
	const rows = [2, 3].map((r) => [2, 3, 4].map((c) => sheet.getRow(r).getCell(c).value));
	expect(rows).toEqual(shown.map(([name, email, password]) => [name, email, password]));

	// The password in the file signs the person in.
	const person = await browser.newContext();
	const personPage = await person.newPage();
	await signIn(personPage, people[0]!.email, String(rows[0]![2]));
	await person.close();

	// Back on the page later, nothing of the passwords is there.
	await page.goto('/quan-tri/nguoi-dung/nhap');
	await expect(page.getByRole('link', { name: /Tải danh sách mật khẩu tạm/ })).toHaveCount(0);
	expect(await page.content()).not.toContain(String(rows[0]![2]));
	await context.close();
});
