import { describe, expect, it } from 'vitest';
import { barWidth, tallyDossiers, type DossierCount } from './rules';

const row = (o: Partial<DossierCount>): DossierCount => ({
	unitId: 1,
	unitName: 'Huyện đoàn A',
	unitPath: '/1/2/',
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

	it('draws bars relative to the largest value', () => {
		expect(barWidth(50, 100)).toBe(50);
		expect(barWidth(1, 1000)).toBe(2);
		expect(barWidth(0, 10)).toBe(0);
		expect(barWidth(3, 0)).toBe(0);
	});
});
