// Restores a backup (docs/operations.md), with the app stopped:
//   npm run restore -- backups/guong-sang-20261201-030000Z.tar.gz
//     the embedded database: the data folder is replaced, the old one kept beside it
//   DATABASE_URL=postgres://… npm run restore -- --yes backups/guong-sang-20261201-030000Z.dump
//     a PostgreSQL server: its tables are replaced (pg_restore --clean, in one transaction)
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { asideFolder } from '../src/lib/server/backups';
import { readConfig } from '../src/lib/server/config';
import { restoreEmbedded, restoreServer } from '../src/lib/server/db/backup';
import { DataDirLockedError } from '../src/lib/server/db/lock';

const { values, positionals } = parseArgs({
	options: { yes: { type: 'boolean', default: false } },
	allowPositionals: true
});
const file = positionals[0];
const config = readConfig();

function stop(message: string): never {
	console.error(message);
	process.exit(2);
}

if (!file || !existsSync(file)) stop(`Không tìm thấy tệp sao lưu: ${file ?? '(chưa nêu tệp)'}`);
const embeddedCopy = /\.(tar\.gz|tgz)$/.test(file);
if (config.databaseUrl && embeddedCopy)
	stop('Tệp .tar.gz là bản sao của cơ sở dữ liệu nhúng; DATABASE_URL đang trỏ tới máy chủ.');
if (!config.databaseUrl && !embeddedCopy)
	stop('Tệp này là bản pg_dump của máy chủ PostgreSQL: hãy đặt DATABASE_URL để khôi phục vào đó.');

try {
	if (config.databaseUrl) {
		const target = new URL(config.databaseUrl);
		if (!values.yes)
			stop(
				`Khôi phục sẽ thay toàn bộ dữ liệu của cơ sở dữ liệu ${target.pathname.slice(1)} trên ` +
					`${target.host} bằng dữ liệu trong ${file}. Hãy dừng mọi máy chạy ứng dụng, rồi chạy ` +
					`lại với --yes.`
			);
		await restoreServer(config.databaseUrl, file);
		console.log(`Đã khôi phục ${file} vào ${target.host}${target.pathname}.`);
	} else {
		const aside = asideFolder(config.dataDir, new Date());
		await restoreEmbedded(file, config.dataDir, aside);
		console.log(`Đã khôi phục ${file} vào ${config.dataDir}.`);
		if (existsSync(aside)) console.log(`Thư mục dữ liệu cũ được giữ lại tại ${aside}.`);
	}
} catch (error) {
	if (error instanceof DataDirLockedError)
		console.error(`${error.message}\nHãy dừng ứng dụng trước khi khôi phục.`);
	else if (error instanceof Error)
		console.error(
			[error.message, (error.cause as Error | undefined)?.message].filter(Boolean).join(': ')
		);
	else console.error(error);
	process.exitCode = 1;
}
