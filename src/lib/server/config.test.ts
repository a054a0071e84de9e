import { describe, expect, it } from 'vitest';
import { readConfig } from './config';

describe('the origins a server answers at', () => {
	it('is ORIGIN first, then EXTRA_ORIGINS reduced to their origins', () => {
		const config = readConfig({
			ORIGIN: 'https://guongsang.vn',
			EXTRA_ORIGINS: ' https://www.guongsang.vn/ , http://192.168.1.23:3000/choi,'
		});
		expect(config.origin).toBe('https://guongsang.vn');
		expect(config.origins).toEqual([
			'https://guongsang.vn',
			'https://www.guongsang.vn',
			'http://192.168.1.23:3000'
		]);
		expect(readConfig({ PORT: '8080' }).origins).toEqual(['http://localhost:8080']);
	});

	it('stops the start on an address that is not http(s)', () => {
		expect(() => readConfig({ EXTRA_ORIGINS: 'guongsang.vn' })).toThrow(
			"EXTRA_ORIGINS: 'guongsang.vn' không phải địa chỉ http(s)://máy[:cổng]"
		);
		expect(() => readConfig({ EXTRA_ORIGINS: 'ftp://guongsang.vn' })).toThrow('EXTRA_ORIGINS');
	});
});

describe('backup settings', () => {
	it('backs the embedded database up daily and leaves a server to the operator', () => {
		const embedded = readConfig({});
		expect(embedded.backupIntervalHours).toBe(24);
		expect(embedded.backupKeep).toBe(14);
		expect(embedded.backupDir).toMatch(/\/backups$/);
		expect(readConfig({ DATABASE_URL: 'postgres://db/gs' }).backupIntervalHours).toBe(0);
		const chosen = readConfig({
			BACKUP_DIR: '/var/backups/gs',
			BACKUP_INTERVAL_HOURS: '6',
			BACKUP_KEEP: '0'
		});
		expect(chosen).toMatchObject({ backupDir: '/var/backups/gs', backupIntervalHours: 6 });
		expect(chosen.backupKeep).toBe(1);
	});

	it('stops the start on a setting that is not a whole number', () => {
		expect(() => readConfig({ BACKUP_KEEP: 'ten' })).toThrow('BACKUP_KEEP');
		expect(() => readConfig({ BACKUP_INTERVAL_HOURS: '-1' })).toThrow('BACKUP_INTERVAL_HOURS');
	});
});

describe('logs and metrics settings', () => {
	it('logs at info by default and refuses a level pino does not know', () => {
		expect(readConfig({}).logLevel).toBe('info');
		expect(readConfig({ LOG_LEVEL: ' WARN ' }).logLevel).toBe('warn');
		expect(() => readConfig({ LOG_LEVEL: 'verbose' })).toThrow('LOG_LEVEL');
	});

	it('has no metrics token unless one is set', () => {
		expect(readConfig({}).metricsToken).toBeNull();
		expect(readConfig({ METRICS_TOKEN: ' s3cret ' }).metricsToken).toBe('s3cret');
	});
});
