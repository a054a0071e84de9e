import { table, type ExportBook } from '../files/export';

/**
 * The temporary passwords of an import as a sheet to print and hand out. Built from the
 * import's answer only: the passwords exist in clear nowhere else (the database keeps hashes).
 */
export function temporaryPasswordsBook(
	credentials: readonly { email: string; fullName: string; password: string }[]
): ExportBook {
	const numbered = credentials.map((c, index) => ({ ...c, number: index + 1 }));
	return {
		filename: 'mat-khau-tam-tai-khoan-moi',
		sheets: [
			table(
				'Mật khẩu tạm',
				[
					{ header: 'STT', kind: 'number', value: (c) => c.number },
					{ header: 'Họ và tên', kind: 'text', value: (c) => c.fullName },
					{ header: 'Email đăng nhập', kind: 'text', value: (c) => c.email },
					{ header: 'Mật khẩu tạm', kind: 'text', value: (c) => c.password }
				],
				numbered
			)
		]
	};
}
