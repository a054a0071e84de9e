import { expect, test } from '@playwright/test';
import { mailsTo, signIn, uniqueEmail } from './support';

test.describe('the outbox page (Thư đi)', () => {
	test('an administrator sends a test message: it reaches the mail server, and resending sends a copy', async ({
		page,
		request
	}) => {
		const to = uniqueEmail('thu-thu');
		await signIn(page, 'quantri@guongsang.vn');
		await page.goto('/quan-tri');
		await page
			.getByRole('navigation', { name: 'Quản trị' })
			.getByRole('link', { name: 'Thư đi' })
			.click();
		await expect(page.getByRole('heading', { name: 'Thư đi', level: 1 })).toBeVisible();
		await expect(page.getByText(/Thư được gửi qua máy chủ 127\.0\.0\.1:\d+/)).toBeVisible();

		await page.getByLabel('Gửi tới địa chỉ').fill(to);
		await page.getByRole('button', { name: 'Gửi thư thử' }).click();
		await expect(
			page.getByRole('heading', { name: 'Thư thử từ Gương Sáng', level: 1 })
		).toBeVisible();
		await expect(page.locator('.facts')).toContainText(to);

		const [mail] = await mailsTo(request, to, 1);
		expect(mail!.subject).toBe('Thư thử từ Gương Sáng');
		expect(mail!.text).toContain('Người gửi thử: Nguyễn Quản Trị.');
		// The page shows the sending as the server recorded it.
		await expect(async () => {
			await page.reload();
			await expect(page.locator('.facts')).toContainText('Đã gửi', { timeout: 1000 });
		}).toPass({ timeout: 20_000 });
		await expect(page.locator('.facts')).toContainText(/Máy chủ thư trả lời\s*250/);
		await expect(page.locator('pre.body')).toContainText('Người gửi thử: Nguyễn Quản Trị.');

		await page.getByRole('button', { name: 'Gửi lại thư này' }).click();
		await expect(page.getByText('Đã xếp thư vào hàng gửi.')).toBeVisible();
		const both = await mailsTo(request, to, 2);
		expect(both).toHaveLength(2);
		expect(new Set(both.map((m) => m.messageId)).size).toBe(2);

		await page.goto('/quan-tri/thu-di');
		await expect(page.getByRole('row').filter({ hasText: to })).toHaveCount(2);
	});

	test('an organizer neither sees nor opens it', async ({ page }) => {
		await signIn(page, 'tochuc@guongsang.vn');
		await page.goto('/quan-tri');
		await expect(
			page.getByRole('navigation', { name: 'Quản trị' }).getByRole('link', { name: 'Nhật ký' })
		).toBeVisible();
		await expect(
			page.getByRole('navigation', { name: 'Quản trị' }).getByRole('link', { name: 'Thư đi' })
		).toHaveCount(0);
		const reply = await page.goto('/quan-tri/thu-di');
		expect(reply?.status()).toBe(403);
	});
});
