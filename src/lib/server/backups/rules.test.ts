import { describe, expect, it } from 'vitest';
import {
	asideFolder,
	backupFileName,
	backupsToDelete,
	isBackupDue,
	parseBackupName
} from './rules';

const at = new Date('2026-12-01T03:04:05.678Z');

describe('backup names', () => {
	it('carry the engine and the second they were taken, and read back', () => {
		expect(backupFileName('pglite', at)).toBe('guong-sang-20261201-030405Z.tar.gz');
		expect(backupFileName('postgres', at)).toBe('guong-sang-20261201-030405Z.dump');
		expect(parseBackupName('guong-sang-20261201-030405Z.dump')).toEqual({
			name: 'guong-sang-20261201-030405Z.dump',
			engine: 'postgres',
			takenAt: new Date('2026-12-01T03:04:05Z')
		});
		expect(parseBackupName(backupFileName('pglite', at))?.engine).toBe('pglite');
	});

	it('refuse anything else: other files, half-written copies, paths', () => {
		for (const name of [
			'notes.txt',
			'guong-sang-20261201-030405Z.tar.gz.part',
			'../guong-sang-20261201-030405Z.dump',
			'guong-sang-20261301-030405Z.dump',
			'guong-sang-20261201-030405.dump'
		])
			expect(parseBackupName(name), name).toBeNull();
	});

	it('put the replaced data folder beside it, named by the restore time', () => {
		expect(asideFolder('/srv/gs/data', at)).toBe('/srv/gs/data.before-restore-20261201-030405Z');
	});
});

describe('retention', () => {
	const day = (d: number) => backupFileName('pglite', new Date(Date.UTC(2026, 11, d, 3)));

	it('keeps the newest ones and deletes the rest, oldest first', () => {
		const names = [day(3), day(1), day(5), day(2), day(4)];
		expect(backupsToDelete(names, 3)).toEqual([day(1), day(2)]);
		expect(backupsToDelete(names, 5)).toEqual([]);
		expect(backupsToDelete(names, 9)).toEqual([]);
	});

	it('never deletes the newest, nor files that are not backups', () => {
		expect(backupsToDelete([day(1), day(2)], 0)).toEqual([day(1)]);
		expect(backupsToDelete(['README', 'x.dump', day(1), `${day(2)}.part`], 1)).toEqual([]);
	});

	it('counts both engines together, by time', () => {
		const old = backupFileName('postgres', new Date(Date.UTC(2026, 10, 30)));
		expect(backupsToDelete([day(1), old, day(2)], 2)).toEqual([old]);
	});
});

describe('the schedule', () => {
	const now = new Date('2026-12-02T03:00:00Z');

	it('is due with no backup yet, or once the newest is an interval old', () => {
		expect(isBackupDue(null, now, 24)).toBe(true);
		expect(isBackupDue(new Date('2026-12-01T03:00:00Z'), now, 24)).toBe(true);
		expect(isBackupDue(new Date('2026-12-01T03:00:01Z'), now, 24)).toBe(false);
		expect(isBackupDue(new Date('2026-12-02T00:00:00Z'), now, 3)).toBe(true);
	});

	it('never runs when switched off', () => {
		expect(isBackupDue(null, now, 0)).toBe(false);
	});
});
