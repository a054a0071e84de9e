import { expect, test, type Page } from '@playwright/test';
import { signIn } from './support';

// Every page a role can reach from its navigation, followed link by link, fits a 360 px phone:
// nothing makes the page scroll sideways, and every text box is a styled box nothing covers. One page per route (ids collapsed), so the walk stays
// short while covering every kind of page a role sees.
const PHONE = { width: 360, height: 740 };
const MAX_PAGES = 90;

// Pages that are not for a phone or not pages: the projector screen, sign-out, files.
const SKIP = [/^\/man-hinh\//, /^\/dang-xuat/, /\.(pdf|xlsx|csv|png|zip|json)$/, /\/tai-ve/];

const pathOf = (url: string) => url.replace(/\?.*$/, '');

/** One key per route: numeric ids, codes and tokens collapse so each route is visited once. */
function routeKey(path: string): string {
	return path
		.split('/')
		.map((part) => (/^\d+$/.test(part) ? ':id' : /^[A-Z0-9]{6}$/.test(part) ? ':code' : part))
		.join('/');
}

interface Overflow {
	path: string;
	scrollWidth: number;
	culprits: string[];
}

interface FieldFault {
	path: string;
	faults: string[];
}

/**
 * Text boxes the design system does not style (a browser's bare box, too small for a thumb) or
 * that another element covers: the dossier form's date boxes were both.
 */
async function fieldFaultsOf(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const faults: string[] = [];
		const boxes = document.querySelectorAll(
			'main input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=submit]):not([type=button]), main select, main textarea'
		);
		for (const el of boxes) {
			// Boxes inside a closed <details> keep a size but are not shown.
			if (!el.checkVisibility()) continue;
			const r = el.getBoundingClientRect();
			const name = `${el.tagName.toLowerCase()}[name=${el.getAttribute('name')}]`;
			if (r.height < 43.5) faults.push(`${name}: ${Math.round(r.height)} px high`);
			el.scrollIntoView({ block: 'center' });
			const box = el.getBoundingClientRect();
			const x = box.left + Math.min(8, box.width / 2);
			const y = box.top + box.height / 2;
			const top = document.elementFromPoint(x, y);
			if (top && top !== el && !el.contains(top) && !(top instanceof HTMLLabelElement))
				faults.push(`${name}: covered by ${top.tagName.toLowerCase()}`);
		}
		return faults.slice(0, 5);
	});
}

/** How far the page scrolls sideways and which elements stick out (outside any scroll box). */
async function overflowOf(page: Page): Promise<{ scrollWidth: number; culprits: string[] }> {
	return page.evaluate(() => {
		const width = document.documentElement.clientWidth;
		const clipped = (el: Element) => {
			for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
				const o = getComputedStyle(p).overflowX;
				if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') return true;
			}
			return false;
		};
		const culprits: string[] = [];
		for (const el of document.body.querySelectorAll('*')) {
			const r = el.getBoundingClientRect();
			if (r.width === 0 || r.right <= width + 0.5 || clipped(el)) continue;
			if (el.parentElement && el.parentElement.getBoundingClientRect().right > width + 0.5)
				continue; // report the outermost element that sticks out only
			const name = el.tagName.toLowerCase() + (el.className ? `.${String(el.className)}` : '');
			culprits.push(`${name} → ${Math.round(r.right)} px`);
		}
		return { scrollWidth: document.documentElement.scrollWidth, culprits: culprits.slice(0, 5) };
	});
}

/** Same-site page links on the current page, in document order. */
async function linksOn(page: Page): Promise<string[]> {
	const hrefs = await page
		.locator('a[href]:not([download])')
		.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
	const origin = new URL(page.url()).origin;
	return hrefs
		.map((h) => new URL(h))
		.filter((u) => u.origin === origin)
		.map((u) => u.pathname + u.search);
}

async function walk(
	page: Page
): Promise<{ visited: string[]; overflows: Overflow[]; fieldFaults: FieldFault[] }> {
	await page.goto('/');
	const queue = await linksOn(page);
	const seen = new Set<string>();
	const visited: string[] = [];
	const overflows: Overflow[] = [];
	const fieldFaults: FieldFault[] = [];
	while (queue.length && visited.length < MAX_PAGES) {
		const path = queue.shift()!;
		const key = routeKey(pathOf(path));
		if (seen.has(key) || SKIP.some((re) => re.test(pathOf(path)))) continue;
		seen.add(key);
		const response = await page.goto(path).catch((e: Error) => {
			// A link to a file (an export) starts a download instead of a page.
			if (e.message.includes('Download is starting')) return null;
			throw e;
		});
		if (!response?.headers()['content-type']?.includes('text/html')) continue;
		visited.push(path);
		const { scrollWidth, culprits } = await overflowOf(page);
		if (scrollWidth > PHONE.width) overflows.push({ path, scrollWidth, culprits });
		const faults = await fieldFaultsOf(page);
		if (faults.length) fieldFaults.push({ path, faults });
		queue.push(...(await linksOn(page)));
	}
	return { visited, overflows, fieldFaults };
}

test.describe('every page of every role fits a 360 px phone', () => {
	test.use({ viewport: PHONE });
	test.describe.configure({ timeout: 240_000 });

	for (const [who, email, atLeast] of [
		['a visitor', null, ['/vinh-danh', '/xac-minh', '/dot/:id']],
		['an administrator', 'quantri@guongsang.vn', ['/quan-tri/thu-di', '/quan-tri/nguoi-dung/:id']],
		[
			'an organizer',
			'tochuc@guongsang.vn',
			['/quan-tri/dot/:id', '/quan-tri/rung-chuong-vang/:code', '/quan-tri/khen-thuong/:id']
		],
		['an officer', 'canbo@guongsang.vn', ['/de-cu/moi', '/de-cu/:id']],
		['a judge', 'giamkhao@guongsang.vn', ['/cham-diem', '/cham-diem/:id']],
		['a member', 'doanvien@guongsang.vn', ['/cuoc-thi/:id', '/tai-khoan']]
	] as const) {
		test(`${who}`, async ({ page }) => {
			if (email) await signIn(page, email);
			const { visited, overflows, fieldFaults } = await walk(page);
			// The walk really went through the role's pages, not just the home page.
			const keys = visited.map((p) => routeKey(pathOf(p)));
			for (const route of atLeast) expect(keys, `visited ${route}`).toContain(route);
			expect(overflows, `pages wider than ${PHONE.width} px`).toEqual([]);
			expect(fieldFaults, 'text boxes unstyled or covered').toEqual([]);
		});
	}
});
