import { describe, expect, it } from 'vitest';
import {
	fromCampaignSchema,
	honourFilterSchema,
	manualDecisionSchema,
	recipientSchema
} from './awards';
import { parseForm } from './form';

const form = (values: Record<string, string | string[]>) => {
	const data = new FormData();
	for (const [k, v] of Object.entries(values))
		for (const item of Array.isArray(v) ? v : [v]) data.append(k, item);
	return data;
};

const decision = {
	number: '125-QĐ/BTGTU',
	decidedOn: '26/03/2026',
	issuer: 'Ban Tuyên giáo Tỉnh uỷ',
	signer: 'Nguyễn Văn A',
	signerTitle: '',
	citation: '',
	field: ''
};

describe('award decision forms', () => {
	it('reads a decision from a campaign with the ticked dossiers', () => {
		const parsed = parseForm(
			fromCampaignSchema,
			form({ ...decision, kind: 'bang_khen', campaignId: '3', nominationIds: ['7', '9'] })
		);
		expect(parsed.ok && parsed.data).toMatchObject({
			number: '125-QĐ/BTGTU',
			decidedOn: '2026-03-26',
			signerTitle: '',
			field: undefined,
			nominationIds: [7, 9]
		});
	});

	it('answers field by field in Vietnamese', () => {
		const parsed = parseForm(
			fromCampaignSchema,
			form({
				...decision,
				number: 'QĐ/BTGTU',
				decidedOn: '31/02/2026',
				kind: 'custom',
				customKind: '',
				campaignId: '3'
			})
		);
		expect(parsed.ok).toBe(false);
		if (parsed.ok) return;
		expect(parsed.errors.number).toEqual(['Số quyết định phải có số (ví dụ 125-QĐ/BTGTU).']);
		expect(parsed.errors.decidedOn).toEqual(['Ngày quyết định không hợp lệ (dd/mm/yyyy).']);
		expect(parsed.errors.nominationIds).toEqual(['Vui lòng chọn ít nhất một hồ sơ.']);
		// The custom wording is asked for once the rest of the form reads.
		const custom = parseForm(
			fromCampaignSchema,
			form({ ...decision, kind: 'custom', customKind: ' ', campaignId: '3', nominationIds: '1' })
		);
		expect(!custom.ok && custom.errors).toEqual({
			customKind: ['Vui lòng nhập tên hình thức khen thưởng.']
		});
	});

	it('reads hand-entered recipients one per line and names the bad line', () => {
		const ok = parseForm(
			manualDecisionSchema,
			form({
				...decision,
				kind: 'giay_khen',
				unitId: '1',
				type: 'individual',
				recipients: 'Lê Văn Tám | Đoàn xã A | Bí thư\n\n  Trần Thị Bé|Đoàn xã B  '
			})
		);
		expect(ok.ok && ok.data.recipients).toEqual([
			{ name: 'Lê Văn Tám', unitName: 'Đoàn xã A', position: 'Bí thư' },
			{ name: 'Trần Thị Bé', unitName: 'Đoàn xã B', position: '' }
		]);
		const bad = parseForm(
			manualDecisionSchema,
			form({
				...decision,
				kind: 'giay_khen',
				unitId: '1',
				type: 'individual',
				recipients: 'Lê Văn Tám | Đoàn xã A\nTrần Thị Bé'
			})
		);
		expect(!bad.ok && bad.errors.recipients?.[0]).toMatch(/^Dòng 2: Vui lòng nhập đơn vị/);
	});

	it('takes an optional email as the fourth column, where the recipient is told of the award', () => {
		const parse = (recipients: string) =>
			parseForm(
				manualDecisionSchema,
				form({ ...decision, kind: 'bang_khen', unitId: '1', type: 'individual', recipients })
			);
		const ok = parse(
			'Lê Văn Tám | Đoàn xã A | | Tam.Le@Example.vn\nTrần Thị Bé | Đoàn xã B | Bí thư'
		);
		expect(ok.ok && ok.data.recipients).toEqual([
			{ name: 'Lê Văn Tám', unitName: 'Đoàn xã A', position: '', email: 'tam.le@example.vn' },
			{ name: 'Trần Thị Bé', unitName: 'Đoàn xã B', position: 'Bí thư' }
		]);
		const bad = parse('Lê Văn Tám | Đoàn xã A | Bí thư | khong-phai-email');
		expect(!bad.ok && bad.errors.recipients?.[0]).toBe(
			'Dòng 1: Email không hợp lệ. (viết “Họ và tên | Đơn vị | Chức vụ | Email”, chức vụ và email có thể bỏ trống).'
		);
	});

	it('refuses markup in a recipient’s name', () => {
		const parsed = parseForm(
			recipientSchema,
			form({ kind: 'giai_nhat', type: 'individual', name: '<b>A</b>', unitName: 'X' })
		);
		expect(!parsed.ok && parsed.errors.name).toEqual(['Tên không được chứa ký tự < hoặc >.']);
	});

	it('ignores odd honour-roll filters rather than failing', () => {
		expect(
			honourFilterSchema.parse({ q: ' nguyen ', year: 'abc', unit: '-1', kind: 'x', page: '0' })
		).toEqual({
			q: 'nguyen',
			year: undefined,
			unit: undefined,
			field: '',
			kind: undefined,
			page: 1
		});
	});
});
