import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { listZipEntries, readZipEntry } from '../../src/lib/server/files/zip';
import {
	appNow,
	expectFitsPhone,
	expectNoSeriousA11yViolations,
	pdfText,
	signIn,
	vietnamLocalInput
} from './support';

// Issue 23: from a finished campaign's admin page, an organizer downloads the campaign's archive
// (hồ sơ lưu trữ); a campaign still in its public vote says why it has none yet.

test.describe.configure({ mode: 'serial' });

let archiveUrl = '';

test('an organizer downloads the archive of last year’s campaign from its admin page', async ({
	page,
	request
}) => {
	test.setTimeout(120_000);
	const year = Number(vietnamLocalInput(await appNow(request), 0).slice(0, 4));
	await signIn(page, 'tochuc@guongsang.vn');

	// This year's judged campaign is in its public vote: no archive yet, and the page says why.
	await page.goto('/quan-tri/dot');
	await page
		.getByRole('link', {
			name: `Tuyên dương Gương sáng tuổi trẻ tiêu biểu năm ${year}`,
			exact: true
		})
		.click();
	const waiting = page.getByRole('region', { name: 'Hồ sơ lưu trữ' });
	await expect(waiting).toContainText('Đợt chưa kết thúc');
	await expect(waiting.getByRole('link')).toHaveCount(0);

	await page.goto('/quan-tri/dot');
	await page
		.getByRole('link', {
			name: `Tuyên dương Gương sáng tuổi trẻ tiêu biểu năm ${year - 1}`,
			exact: true
		})
		.click();
	const region = page.getByRole('region', { name: 'Hồ sơ lưu trữ' });
	await expectNoSeriousA11yViolations(page);
	await expectFitsPhone(page);
	const link = region.getByRole('link', { name: 'Tải hồ sơ lưu trữ (.zip)' });
	archiveUrl = (await link.getAttribute('href'))!;
	const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
	expect(download.suggestedFilename()).toMatch(
		new RegExp(`^Luu_tru_dot_\\d+_Tuyen_duong_Guong_sang_tuoi_tre_tieu_bieu_nam_${year - 1}\\.zip$`)
	);
	const zip = new Uint8Array(await readFile((await download.path())!));
	const names = [...listZipEntries(zip).values()].map((e) => e.name);
	expect(names[0]).toBe('00_Muc_luc.xlsx');
	expect(names).toContain('02_Cham_diem/01_Bang_tong_hop_diem.xlsx');
	expect(names).toContain('02_Cham_diem/02_Ket_qua.xlsx');
	expect(
		names.filter((n) => /^01_Ho_so\/\d{3}_[^/]+\/\d{3}_Ho_so_de_cu\.pdf$/.test(n))
	).toHaveLength(6);
	expect(names.filter((n) => n.includes('/Giay_chung_nhan/')).length).toBeGreaterThanOrEqual(4);

	// The first dossier is the panel's first: its PDF reads as the printed dossier does.
	const first = [...listZipEntries(zip).values()].find((e) =>
		/^01_Ho_so\/001_[^/]+\/001_Ho_so_de_cu\.pdf$/.test(e.name)
	)!;
	const chunks: Uint8Array[] = [];
	for await (const chunk of readZipEntry(zip, first, 16 * 1024 * 1024)) chunks.push(chunk);
	const text = (await pdfText(new Uint8Array(Buffer.concat(chunks)))).join(' ');
	expect(text).toContain('HỒ SƠ ĐỀ CỬ');
	expect(text).toContain('Vương Thị Ngọc');
	expect(text).toContain('Đã được chấp nhận');
});

test('the archive address refuses a signed-in officer', async ({ page }) => {
	expect(archiveUrl).toMatch(/^\/quan-tri\/dot\/\d+\/luu-tru$/);
	await signIn(page, 'canbo@guongsang.vn');
	const response = await page.request.get(archiveUrl, { maxRedirects: 0 });
	expect(response.status()).toBe(404);
	expect(response.headers()['content-type'] ?? '').not.toContain('zip');
});
