import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import * as audit from './audit';
import * as auth from './auth';
import { parseForm } from './form';
import * as units from './units';
import * as users from './users';
import { pollRulesSchema } from './voting';

/**
 * Every form schema, with a submission it accepts. Each rule below changes one field of that
 * submission and expects a refusal on that very field, worded in Vietnamese.
 */
interface FormSpec {
	schema: z.ZodType;
	valid: Record<string, string>;
	/** Fields a person must fill in. */
	required: string[];
	/** Ordinary fields: none may carry a huge, wrongly encoded, control or markup value. */
	fields: string[];
	/** Password fields, set together (a password and its confirmation). */
	passwords?: string[][];
}

const specs: Record<string, FormSpec> = {
	signInSchema: {
		schema: auth.signInSchema,
		valid: { email: 'an@example.vn', password: 'mat-khau-1', redirectTo: '/tai-khoan' },
		required: ['email', 'password'],
		fields: ['email'],
		passwords: [['password']]
	},
	registerSchema: {
		schema: auth.registerSchema,
		valid: {
			fullName: 'Nguyễn Thị Ánh Tuyết',
			email: 'tuyet@example.vn',
			phone: '0912345678',
			unitId: '5',
			password: 'mat-khau-1',
			passwordConfirm: 'mat-khau-1',
			consent: 'on'
		},
		required: ['fullName', 'email', 'password', 'passwordConfirm', 'consent'],
		fields: ['fullName', 'email', 'phone', 'unitId'],
		passwords: [['password', 'passwordConfirm']]
	},
	changePasswordSchema: {
		schema: auth.changePasswordSchema,
		valid: {
			currentPassword: 'mat-khau-cu',
			newPassword: 'mat-khau-moi',
			newPasswordConfirm: 'mat-khau-moi'
		},
		required: ['currentPassword', 'newPassword', 'newPasswordConfirm'],
		fields: [],
		passwords: [['currentPassword'], ['newPassword', 'newPasswordConfirm']]
	},
	passwordResetRequestSchema: {
		schema: auth.passwordResetRequestSchema,
		valid: { email: 'an@example.vn' },
		required: ['email'],
		fields: ['email']
	},
	newPasswordSchema: {
		schema: auth.newPasswordSchema,
		valid: { password: 'mat-khau-moi', passwordConfirm: 'mat-khau-moi' },
		required: ['password', 'passwordConfirm'],
		fields: [],
		passwords: [['password', 'passwordConfirm']]
	},
	createUnitSchema: {
		schema: units.createUnitSchema,
		valid: {
			name: 'Đoàn phường Bến Nghé',
			code: 'BN-01',
			kind: 'grassroots',
			memberCount: '120',
			parentId: '3'
		},
		required: ['name', 'code', 'kind', 'memberCount'],
		fields: ['name', 'code', 'kind', 'memberCount', 'parentId']
	},
	updateUnitSchema: {
		schema: units.updateUnitSchema,
		valid: { name: 'Đoàn phường Bến Nghé', code: 'BN-01', kind: 'grassroots', memberCount: '120' },
		required: ['name', 'code', 'kind', 'memberCount'],
		fields: ['name', 'code', 'kind', 'memberCount']
	},
	moveUnitSchema: {
		schema: units.moveUnitSchema,
		valid: { parentId: '3' },
		required: [],
		fields: ['parentId']
	},
	importModeSchema: {
		schema: units.importModeSchema,
		valid: { mode: 'good-rows' },
		required: ['mode'],
		fields: ['mode']
	},
	createUserSchema: {
		schema: users.createUserSchema,
		valid: {
			fullName: 'Trần Văn Đức',
			email: 'duc@example.vn',
			phone: '0912 345 678',
			unitId: '5',
			role: 'officer'
		},
		required: ['fullName', 'email', 'unitId'],
		fields: ['fullName', 'email', 'phone', 'unitId', 'role']
	},
	updateUserSchema: {
		schema: users.updateUserSchema,
		valid: { fullName: 'Trần Văn Đức', email: 'duc@example.vn', phone: '', unitId: '5' },
		required: ['fullName', 'email', 'unitId'],
		fields: ['fullName', 'email', 'phone', 'unitId']
	},
	assignRoleSchema: {
		schema: users.assignRoleSchema,
		valid: { role: 'judge', unitId: '5' },
		required: ['role', 'unitId'],
		fields: ['role', 'unitId']
	},
	userSearchSchema: {
		schema: users.userSearchSchema,
		valid: { q: 'nguyen van', page: '2' },
		required: [],
		fields: ['q', 'page']
	},
	auditFilterSchema: {
		schema: audit.auditFilterSchema,
		valid: {
			actorId: '7',
			action: 'user.password_reset',
			from: '2026-01-01',
			to: '2026-01-31',
			page: '1'
		},
		required: [],
		fields: ['actorId', 'action', 'from', 'to', 'page']
	}
};

// Vietnamese text carries letters with diacritics that English never has.
const VIETNAMESE = /[ăâđêôơưàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ]/i;
const ENGLISH = /\b(invalid|expected|required|received|too (big|small)|must)\b/i;
const KB10 = 10 * 1024;

function form(values: Record<string, string>): FormData {
	const data = new FormData();
	for (const [key, value] of Object.entries(values)) data.append(key, value);
	return data;
}

function expectRefusedOn(spec: FormSpec, values: Record<string, string>, field: string) {
	const result = parseForm(spec.schema, form(values));
	expect(result.ok, `${field} = ${JSON.stringify(values[field])?.slice(0, 60)}`).toBe(false);
	if (result.ok) return;
	const messages = result.errors[field];
	expect(messages, `errors: ${JSON.stringify(result.errors)}`).toBeDefined();
	for (const message of messages!) {
		expect(message).toMatch(VIETNAMESE);
		expect(message).not.toMatch(ENGLISH);
	}
}

/** Puts `insert` inside a value, not at its ends, so trimming cannot hide it. */
const inside = (value: string, insert: string) =>
	value.length > 1 ? `${value.slice(0, 1)}${insert}${value.slice(1)}` : `${value}${insert}`;

/** A value of about 10 kB that still looks like what the field expects. */
function huge(field: string, valid: string): string {
	if (valid.includes('@')) return `${'a'.repeat(KB10)}@example.vn`;
	if (/^\d+$/.test(valid)) return '1'.repeat(KB10);
	return `${valid}${'a'.repeat(KB10)}`;
}

const table = Object.entries(specs);

describe('form schemas', () => {
	it('cover every schema the modules export', () => {
		const exported = Object.entries({ ...auth, ...units, ...users, ...audit })
			.filter(([name]) => name.endsWith('Schema'))
			.map(([name]) => name)
			.sort();
		expect(Object.keys(specs).sort()).toEqual(exported);
	});

	it.each(table)('%s accepts its valid submission', (_name, spec) => {
		const result = parseForm(spec.schema, form(spec.valid));
		expect(result.ok, JSON.stringify(!result.ok && result.errors)).toBe(true);
	});

	it.each(table)('%s keeps text sent decomposed (NFD) as NFC', (_name, spec) => {
		const decomposed = Object.fromEntries(
			Object.entries(spec.valid).map(([k, v]) => [
				k,
				spec.passwords?.flat().includes(k) ? v : v.normalize('NFD')
			])
		);
		const composed = parseForm(spec.schema, form(spec.valid));
		const result = parseForm(spec.schema, form(decomposed));
		expect(result.ok && composed.ok).toBe(true);
		if (!result.ok || !composed.ok) return;
		expect(result.data).toEqual(composed.data);
		for (const value of Object.values(result.data as Record<string, unknown>))
			if (typeof value === 'string') expect(value).toBe(value.normalize('NFC'));
	});

	it.each(table)('%s refuses empty and missing required values', (_name, spec) => {
		for (const field of spec.required) {
			const group = spec.passwords?.find((g) => g[0] === field) ?? [field];
			const emptied = { ...spec.valid, ...Object.fromEntries(group.map((f) => [f, ''])) };
			expectRefusedOn(spec, emptied, field);
			const spaces = { ...spec.valid, [field]: '   ' };
			if (!spec.passwords?.some((g) => g.includes(field))) expectRefusedOn(spec, spaces, field);
			const missing = { ...spec.valid };
			for (const f of group) delete missing[f];
			expectRefusedOn(spec, missing, field);
		}
	});

	it.each(table)('%s refuses a 10 kB value in every field', (_name, spec) => {
		for (const field of spec.fields) {
			expectRefusedOn(spec, { ...spec.valid, [field]: huge(field, spec.valid[field]!) }, field);
		}
		for (const group of spec.passwords ?? []) {
			const value = 'a'.repeat(KB10);
			expectRefusedOn(
				spec,
				{ ...spec.valid, ...Object.fromEntries(group.map((f) => [f, value])) },
				group[0]!
			);
		}
	});

	it.each(table)('%s refuses wrongly encoded text (U+FFFD) in every field', (_name, spec) => {
		for (const field of spec.fields) {
			expectRefusedOn(
				spec,
				{ ...spec.valid, [field]: inside(spec.valid[field]!, '\uFFFD') },
				field
			);
			expectRefusedOn(spec, { ...spec.valid, [field]: `${spec.valid[field]}\uFFFD` }, field);
		}
	});

	it.each(table)('%s refuses control characters in every field', (_name, spec) => {
		const clean = parseForm(spec.schema, form(spec.valid));
		if (!clean.ok) throw new Error('the valid submission must parse');
		for (const field of spec.fields) {
			for (const control of ['\u0000', '\u0007', '\u001b', '\u007f', '\u0085']) {
				expectRefusedOn(
					spec,
					{ ...spec.valid, [field]: inside(spec.valid[field]!, control) },
					field
				);
			}
			// Vertical tab and form feed count as white space in JavaScript: number and phone
			// fields drop white space before reading the value. Either the field refuses them,
			// or they vanish and the value read is exactly the clean one; never are they kept.
			for (const control of ['\u000b', '\u000c']) {
				const values = { ...spec.valid, [field]: inside(spec.valid[field]!, control) };
				const result = parseForm(spec.schema, form(values));
				if (result.ok) {
					const data = result.data as Record<string, unknown>;
					expect(data[field]).toEqual((clean.data as Record<string, unknown>)[field]);
				} else {
					expectRefusedOn(spec, values, field);
				}
			}
		}
	});

	it.each(table)('%s refuses markup in every field', (_name, spec) => {
		for (const field of spec.fields) {
			const script = '<script>alert(1)</script>';
			expectRefusedOn(spec, { ...spec.valid, [field]: script }, field);
			expectRefusedOn(spec, { ...spec.valid, [field]: `${spec.valid[field]}${script}` }, field);
		}
	});
});

describe('particular rules', () => {
	it('lets a password hold any printable character, and never echoes it back', () => {
		const password = `<b>"mật khẩu" & 'x'</b>`;
		const result = parseForm(
			auth.registerSchema,
			form({ ...specs.registerSchema!.valid, password, passwordConfirm: password })
		);
		expect(result.ok).toBe(true);
		expect(result.ok && result.data.password).toBe(password);
		expect(result.values).not.toHaveProperty('password');
		expect(result.values).not.toHaveProperty('passwordConfirm');
	});

	it('drops a tampered sign-in redirect instead of blocking the sign-in', () => {
		const spec = specs.signInSchema!;
		const kept = parseForm(auth.signInSchema, form(spec.valid));
		expect(kept.ok && kept.data.redirectTo).toBe('/tai-khoan');
		for (const redirectTo of [
			`/${'a'.repeat(KB10)}`,
			'/tai-khoan\uFFFD',
			'/tai-khoan\r\nSet-Cookie: phien=1',
			'/tai\u0000khoan',
			'/tai\u0085khoan',
			'/<script>alert(1)</script>'
		]) {
			const result = parseForm(auth.signInSchema, form({ ...spec.valid, redirectTo }));
			expect(result.ok, JSON.stringify(redirectTo).slice(0, 60)).toBe(true);
			expect(result.ok && result.data.redirectTo).toBeUndefined();
		}
	});

	it('refuses a confirmation that does not match, on the confirmation field', () => {
		expectRefusedOn(
			specs.registerSchema!,
			{ ...specs.registerSchema!.valid, passwordConfirm: 'mat-khau-2' },
			'passwordConfirm'
		);
		expectRefusedOn(
			specs.changePasswordSchema!,
			{ ...specs.changePasswordSchema!.valid, newPasswordConfirm: 'khac-han' },
			'newPasswordConfirm'
		);
		expectRefusedOn(
			specs.newPasswordSchema!,
			{ ...specs.newPasswordSchema!.valid, passwordConfirm: 'khac-han' },
			'passwordConfirm'
		);
	});

	it('trims and lower-cases emails, upper-cases unit codes, and keeps diacritics', () => {
		const user = parseForm(
			users.createUserSchema,
			form({
				...specs.createUserSchema!.valid,
				email: '  Duc@Example.VN ',
				fullName: ' Trần Văn Đức '
			})
		);
		expect(user.ok && user.data).toMatchObject({
			email: 'duc@example.vn',
			fullName: 'Trần Văn Đức',
			phone: '0912345678'
		});
		const unit = parseForm(
			units.createUnitSchema,
			form({ ...specs.createUnitSchema!.valid, code: 'bn-01' })
		);
		expect(unit.ok && unit.data.code).toBe('BN-01');
	});

	it('never offers the administrator role on the create-user form', () => {
		expectRefusedOn(
			specs.createUserSchema!,
			{ ...specs.createUserSchema!.valid, role: 'admin' },
			'role'
		);
	});

	it('needs a unit for every role but the administrator', () => {
		const result = parseForm(users.assignRoleSchema, form({ role: 'admin', unitId: '' }));
		expect(result.ok).toBe(true);
		expectRefusedOn(specs.assignRoleSchema!, { role: 'organizer', unitId: '' }, 'unitId');
	});

	it('refuses a negative or fractional member count', () => {
		const spec = specs.createUnitSchema!;
		expectRefusedOn(spec, { ...spec.valid, memberCount: '-1' }, 'memberCount');
		expectRefusedOn(spec, { ...spec.valid, memberCount: '1.5' }, 'memberCount');
	});

	it('reads audit dates written dd/mm/yyyy and refuses days that do not exist', () => {
		const spec = specs.auditFilterSchema!;
		const result = parseForm(audit.auditFilterSchema, form({ from: '1/2/2026', to: '28/02/2026' }));
		expect(result.ok && [result.data.from, result.data.to]).toEqual(['2026-02-01', '2026-02-28']);
		expectRefusedOn(spec, { ...spec.valid, from: '2026-02-30' }, 'from');
		expectRefusedOn(spec, { ...spec.valid, to: '30/02/2026' }, 'to');
		expectRefusedOn(spec, { ...spec.valid, to: 'hôm qua' }, 'to');
	});

	it('refuses an empty member count instead of reading it as 0', () => {
		const spec = specs.createUnitSchema!;
		expectRefusedOn(spec, { ...spec.valid, memberCount: '' }, 'memberCount');
		const zero = parseForm(units.createUnitSchema, form({ ...spec.valid, memberCount: '0' }));
		expect(zero.ok && zero.data.memberCount).toBe(0);
	});
});

describe('poll rules', () => {
	const form = (extra: Record<string, string>) =>
		new URLSearchParams({
			title: 'Bình chọn',
			unitId: '3',
			opensAt: '2026-11-25T08:00',
			closesAt: '2026-11-28T08:00',
			maxChoices: '1',
			audience: 'accounts',
			resultsVisibility: 'live',
			addressDailyLimit: '',
			...extra
		});

	it('reads a minimum account age in whole hours, empty meaning none', () => {
		const none = parseForm(pollRulesSchema, form({ minAccountAgeHours: '' }));
		expect(none.ok && none.data.minAccountAgeHours).toBeNull();
		const day = parseForm(pollRulesSchema, form({ minAccountAgeHours: '24' }));
		expect(day.ok && day.data.minAccountAgeHours).toBe(24);
		for (const bad of ['0', '-3', '1.5', 'một ngày', '9000']) {
			const parsed = parseForm(pollRulesSchema, form({ minAccountAgeHours: bad }));
			expect(parsed.ok).toBe(false);
			if (!parsed.ok) expect(parsed.errors.minAccountAgeHours?.[0]).toMatch(/Tuổi tài khoản/);
		}
	});

	it('refuses a minimum account age on a poll open to anyone, on that field', () => {
		const parsed = parseForm(
			pollRulesSchema,
			form({ audience: 'anyone', minAccountAgeHours: '24' })
		);
		expect(parsed.ok).toBe(false);
		if (!parsed.ok)
			expect(parsed.errors.minAccountAgeHours).toEqual([
				'Tuổi tài khoản tối thiểu chỉ áp dụng cho cuộc bình chọn dành cho tài khoản đã đăng nhập.'
			]);
	});

	it('reads "verified e-mail only" as a checkbox, and refuses it on a poll open to anyone', () => {
		const unticked = parseForm(pollRulesSchema, form({}));
		expect(unticked.ok && !unticked.data.requireVerifiedEmail).toBe(true);
		const ticked = parseForm(pollRulesSchema, form({ requireVerifiedEmail: 'on' }));
		expect(ticked.ok && ticked.data.requireVerifiedEmail).toBe(true);
		const anyone = parseForm(
			pollRulesSchema,
			form({ audience: 'anyone', requireVerifiedEmail: 'on' })
		);
		expect(anyone.ok).toBe(false);
		if (!anyone.ok)
			expect(anyone.errors.requireVerifiedEmail).toEqual([
				'Yêu cầu email đã xác nhận chỉ áp dụng cho cuộc bình chọn dành cho tài khoản đã đăng nhập.'
			]);
	});
});
