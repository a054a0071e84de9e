// Creates the first administrator of an installation:
//   DATABASE_URL=postgres://… npm run create-admin -- --email a@b.vn --name "Nguyễn Văn A"
// The password is read from ADMIN_PASSWORD or asked for on the terminal.
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { email, line, password } from '../src/lib/schemas/common';
import { readConfig } from '../src/lib/server/config';
import { openDatabase } from '../src/lib/server/db/client';
import { DomainError } from '../src/lib/server/errors';
import { createFirstAdministrator } from '../src/lib/server/users';

const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' } } });
let secret = process.env.ADMIN_PASSWORD;
if (!secret) {
	const prompt = createInterface({ input: process.stdin, output: process.stdout });
	secret = await prompt.question('Mật khẩu cho quản trị viên (ít nhất 8 ký tự): ');
	prompt.close();
}
const input = z
	.object({ email, fullName: line('họ và tên', 100), password })
	.safeParse({ email: values.email, fullName: values.name, password: secret });
if (!input.success) {
	for (const issue of input.error.issues)
		console.error(`- ${issue.path.join('.')}: ${issue.message}`);
	process.exit(2);
}

const config = readConfig();
const database = config.databaseUrl
	? await openDatabase({ engine: 'postgres', url: config.databaseUrl, max: 1 })
	: await openDatabase({ engine: 'pglite', dataDir: config.dataDir });
try {
	await database.migrate();
	const id = await createFirstAdministrator(
		{ db: database.db, actor: null, now: new Date() },
		input.data
	);
	console.log(`Đã tạo quản trị viên #${id}: ${input.data.email}`);
} catch (error) {
	console.error(error instanceof DomainError ? error.message : error);
	process.exitCode = 1;
} finally {
	await database.close();
}
