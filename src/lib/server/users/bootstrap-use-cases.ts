import { z } from 'zod';
import { email, line, password } from '$lib/schemas/common';
import { hashPassword } from '../auth';
import { conflict } from '../errors';
import { defineUseCase } from '../usecase';
import { withUniqueEmail } from './access';
import * as repo from './repo';

/** Bootstraps a server installation: the first administrator, and only while there is none. */
export const createFirstAdministrator = defineUseCase({
	name: 'user.create_admin',
	public:
		'An installation starts with no account to sign in with; this runs from the command line (never from a page) and only while no administrator exists.',
	input: z.object({ email, fullName: line('họ và tên', 100), password }),
	run: async ({ db }, input) => {
		if (await repo.anyAdministrator(db))
			throw conflict('Hệ thống đã có quản trị viên. Hãy đăng nhập bằng tài khoản đó để tạo thêm.');
		const id = await withUniqueEmail(async () =>
			repo.insertUnattachedUser(db, {
				email: input.email,
				fullName: input.fullName,
				passwordHash: await hashPassword(input.password)
			})
		);
		await repo.insertRole(db, id, 'admin', null);
		return id;
	},
	audit: (id, input) => ({
		entityType: 'user',
		entityId: id,
		after: { email: input.email, fullName: input.fullName }
	})
});
