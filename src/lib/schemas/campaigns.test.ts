import { describe, expect, it } from 'vitest';
import { publicNominee } from '$lib/shared/campaigns';
import { dossierSchema } from './campaigns';
import { parseForm } from './form';

const form = (values: Record<string, string>) => {
	const data = new FormData();
	for (const [k, v] of Object.entries(values)) data.append(k, v);
	return data;
};

const individual = {
	fullName: 'Đặng Thu Hà',
	gender: 'female',
	birthYear: '1998',
	ethnicity: 'Kinh',
	position: 'Bí thư chi đoàn',
	workplace: 'Xã Liên Hà',
	summary: 'Tóm tắt.',
	narrative: ''
};

describe('the individual nominee’s email', () => {
	it('is optional, checked when given, and left off what public pages show', () => {
		const none = parseForm(dossierSchema('individual'), form({ ...individual, email: ' ' }));
		expect(none.ok && none.data.nominee).not.toHaveProperty('email', expect.anything());
		const bad = parseForm(dossierSchema('individual'), form({ ...individual, email: 'ha@' }));
		expect(!bad.ok && bad.errors.email).toEqual(['Email không hợp lệ.']);
		const given = parseForm(
			dossierSchema('individual'),
			form({ ...individual, email: 'Thu.Ha@Example.vn' })
		);
		expect(given.ok && given.data.nominee).toMatchObject({ email: 'thu.ha@example.vn' });
		if (!given.ok) return;
		const shown = publicNominee(given.data.nominee);
		expect(shown).not.toHaveProperty('email');
		expect(shown).toMatchObject({ fullName: 'Đặng Thu Hà', position: 'Bí thư chi đoàn' });
	});
});
