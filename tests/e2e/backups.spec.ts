import { expect, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { signIn } from './support';

test.describe('backups (Sao lưu)', () => {
	test('an administrator backs up now, sees the backup listed and downloads it', async ({
		page
	}) => {
		await signIn(page, 'quantri@guongsang.vn');
		await page.goto('/quan-tri');
		await page
			.getByRole('navigation', { name: 'Quản trị' })
			.getByRole('link', { name: 'Sao lưu' })
			.click();
		await expect(page.getByRole('heading', { name: 'Sao lưu dữ liệu', level: 1 })).toBeVisible();

		await page.getByRole('button', { name: 'Sao lưu ngay' }).click();
		const done = page.getByText(/^Đã sao lưu vào tệp (guong-sang-\d{8}-\d{6}Z\.(tar\.gz|dump))\.$/);
		await expect(done).toBeVisible({ timeout: 30_000 });
		const name = /guong-sang-\S+?(\.tar\.gz|\.dump)/.exec((await done.textContent()) ?? '')![0];

		const row = page.getByRole('row').filter({ hasText: name });
		await expect(row).toContainText(/\d{2}\/\d{2}\/\d{4}/);
		await expect(row).toContainText(/[\d,]+ (MB|kB)/);
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			row.getByRole('link', { name }).click()
		]);
		expect(download.suggestedFilename()).toBe(name);
		const bytes = await readFile((await download.path())!);
		// A gzipped tar (embedded) or pg_dump's custom format (server).
		const head = name.endsWith('.dump') ? 'PGDMP' : '\x1f\x8b';
		expect(bytes.subarray(0, head.length).toString('latin1')).toBe(head);
	});

	test('an organizer neither sees the page nor downloads a backup', async ({ page }) => {
		await signIn(page, 'tochuc@guongsang.vn');
		await page.goto('/quan-tri');
		await expect(
			page.getByRole('navigation', { name: 'Quản trị' }).getByRole('link', { name: 'Sao lưu' })
		).toHaveCount(0);
		expect((await page.goto('/quan-tri/sao-luu'))?.status()).toBe(403);
		const file = await page.request.get('/quan-tri/sao-luu/guong-sang-20261201-030000Z.tar.gz');
		expect(file.status()).toBe(403);
	});
});
