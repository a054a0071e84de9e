import { describe, expect, it } from 'vitest';
import { OPT_OUT_PATH } from '../notifications';
import { refusesCrossSite } from './cross-site';

const OWN = 'https://guongsang.example.vn';

function request(
	path: string,
	init: { method?: string; origin?: string; fetchSite?: string; type?: string } = {}
) {
	const headers = new Headers();
	if (init.origin) headers.set('origin', init.origin);
	if (init.fetchSite) headers.set('sec-fetch-site', init.fetchSite);
	if (init.type) headers.set('content-type', init.type);
	const url = new URL(path, OWN);
	return {
		request: new Request(url, { method: init.method ?? 'POST', headers }),
		url
	};
}

/** Hall mode: the laptop's other addresses, also this server. */
const OTHERS = new Set(['http://192.168.1.20:3000', 'http://localhost:3000']);

const refused = (path: string, init: Parameters<typeof request>[1]) => {
	const r = request(path, init);
	return refusesCrossSite(r.request, r.url, OTHERS);
};

const FORM = 'application/x-www-form-urlencoded';

describe('cross-site writes', () => {
	it('refuses a form post from another site, or with no Origin at all, as SvelteKit did', () => {
		expect(refused('/dang-nhap', { origin: 'https://evil.example', type: FORM })).toBe(true);
		expect(refused('/dang-nhap', { type: FORM })).toBe(true);
		expect(refused('/dang-nhap', { type: 'multipart/form-data; boundary=x', origin: 'null' })).toBe(
			true
		);
		expect(refused('/dang-xuat', { type: 'text/plain', fetchSite: 'cross-site' })).toBe(true);
		expect(refused('/dang-nhap', { origin: OWN, type: FORM })).toBe(false);
	});

	it('refuses JSON from another site and lets reads through', () => {
		const json = 'application/json';
		expect(refused('/api/binh-chon/1/phieu', { origin: 'https://evil.example', type: json })).toBe(
			true
		);
		expect(refused('/api/binh-chon/1/phieu', { fetchSite: 'cross-site', type: json })).toBe(true);
		expect(refused('/api/binh-chon/1/phieu', { origin: OWN, type: json })).toBe(false);
		expect(refused('/tai-khoan', { method: 'GET', origin: 'https://evil.example' })).toBe(false);
	});

	it('takes writes through any of the server’s own addresses, and from nowhere else', () => {
		for (const type of [FORM, 'application/json']) {
			expect(refused('/choi', { origin: 'http://192.168.1.20:3000', type })).toBe(false);
			expect(refused('/choi', { origin: 'http://localhost:3000', type })).toBe(false);
			// The same host on another port or scheme is another site (DNS rebinding included).
			expect(refused('/choi', { origin: 'http://192.168.1.20:8080', type })).toBe(true);
			expect(refused('/choi', { origin: 'https://192.168.1.20:3000', type })).toBe(true);
			expect(refused('/choi', { origin: 'http://rebind.example:3000', type })).toBe(true);
		}
	});

	it('lets a mail client’s one-click opt-out through, on that path and method only', () => {
		const oneClick = { origin: 'https://mail.example', type: FORM };
		expect(refused(`${OPT_OUT_PATH}?ma=abc.def`, oneClick)).toBe(false);
		expect(refused(`${OPT_OUT_PATH}?ma=abc.def`, { type: FORM })).toBe(false);
		expect(refused(`${OPT_OUT_PATH}/khac`, oneClick)).toBe(true);
		expect(refused(`/thu/ngung-nhan-khac?ma=abc.def`, oneClick)).toBe(true);
		expect(refused(`${OPT_OUT_PATH}?ma=abc.def`, { ...oneClick, method: 'PUT' })).toBe(true);
		expect(refused('/tai-khoan?/mailPreferences', oneClick)).toBe(true);
	});
});
