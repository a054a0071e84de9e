import { describe, expect, it } from 'vitest';
import { tallyByLevel, tallyDossiers, type DossierCount } from './rules';

const row = (o: Partial<DossierCount>): DossierCount => ({
	unitId: 1,
	unitName: 'Huyện đoàn A',
	unitPath: '/1/2/',
	unitDepth: 1,
	unitKind: 'district',
	categoryId: 10,
	categoryName: 'Cá nhân',
	status: 'submitted',
	n: 1,
	...o
});

describe('campaign dossier tallies', () => {
	it('counts by unit, category and status, leaving drafts out', () => {
		const t = tallyDossiers([
			row({ status: 'accepted', n: 2 }),
			row({ status: 'draft', n: 5 }),
			row({ unitId: 2, unitName: 'Huyện đoàn B', status: 'rejected', n: 3 }),
			row({ categoryId: 11, categoryName: 'Tập thể', status: 'submitted', n: 1 })
		]);
		expect(t.total).toBe(6);
		expect(t.byUnit.map((u) => [u.label, u.total])).toEqual([
			['Huyện đoàn A', 3],
			['Huyện đoàn B', 3]
		]);
		expect(t.byUnit[0]!.byStatus).toMatchObject({ accepted: 2, submitted: 1 });
		expect(t.byCategory.map((c) => [c.label, c.total])).toEqual([
			['Cá nhân', 5],
			['Tập thể', 1]
		]);
		expect(t.byStatus.find((s) => s.status === 'rejected')!.n).toBe(3);
	});

	it('counts by level from the report unit, naming the kinds of unit at each level', () => {
		const levels = tallyByLevel(
			[
				row({ unitId: 5, unitDepth: 2, unitKind: 'grassroots', n: 4 }),
				row({ unitDepth: 1, unitKind: 'district', status: 'accepted', n: 2 }),
				row({ unitId: 3, unitDepth: 1, unitKind: 'block', n: 1 }),
				row({ unitId: 6, unitDepth: 2, unitKind: 'grassroots', status: 'draft', n: 9 })
			],
			0
		);
		expect(levels.map((l) => [l.label, l.total, l.byStatus.accepted])).toEqual([
			['Cấp 2 (Quận / Huyện / Xã, Khối)', 3, 2],
			['Cấp 3 (Cơ sở)', 4, 0]
		]);
	});
});
