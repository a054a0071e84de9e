import { describe, expect, it } from 'vitest';
import {
	ARCHIVE_NOT_FINISHED,
	ARCHIVE_NOT_PUBLISHED,
	ARCHIVE_ROUND_OPEN,
	archiveFileName,
	archiveRefusal,
	asciiName,
	decisionFolder,
	entryFileName,
	filingOrder,
	numbered,
	uniqueNames,
	type ArchiveState
} from './archive-rules';

const day = (d: number) => new Date(Date.UTC(2026, 11, d, 3));
const phases: ArchiveState['phases'] = [
	{ kind: 'nomination', startsAt: day(1), endsAt: day(5) },
	{ kind: 'judging', startsAt: day(6), endsAt: day(10) },
	{ kind: 'results', startsAt: day(12), endsAt: day(20) }
];
const state = (over: Partial<ArchiveState>): ArchiveState => ({
	status: 'published',
	phases,
	panelStatus: 'closed',
	decisions: 0,
	now: day(15),
	...over
});

describe('when a campaign may be archived', () => {
	it('once its results are published, or a decision was issued from it', () => {
		expect(archiveRefusal(state({}))).toBeNull();
		expect(archiveRefusal(state({ now: day(12) }))).toBeNull();
		expect(archiveRefusal(state({ now: day(11) }))).toBe(ARCHIVE_NOT_FINISHED);
		expect(archiveRefusal(state({ now: day(11), decisions: 1 }))).toBeNull();
		expect(archiveRefusal(state({ now: day(11), status: 'closed' }))).toBeNull();
	});

	it('never while drafted or while the panel still scores', () => {
		expect(archiveRefusal(state({ status: 'draft' }))).toBe(ARCHIVE_NOT_PUBLISHED);
		expect(archiveRefusal(state({ panelStatus: 'open', decisions: 2 }))).toBe(ARCHIVE_ROUND_OPEN);
		expect(archiveRefusal(state({ panelStatus: 'setup' }))).toBe(ARCHIVE_ROUND_OPEN);
	});

	it('without a results phase, once every phase has ended; without a panel, by the phases alone', () => {
		const noResults = phases.filter((p) => p.kind !== 'results');
		expect(archiveRefusal(state({ phases: noResults, now: day(9) }))).toBe(ARCHIVE_NOT_FINISHED);
		expect(archiveRefusal(state({ phases: noResults, now: day(10) }))).toBeNull();
		expect(archiveRefusal(state({ panelStatus: null }))).toBeNull();
		expect(archiveRefusal(state({ phases: [], panelStatus: null }))).toBe(ARCHIVE_NOT_FINISHED);
	});
});

describe('names in the archive', () => {
	it('folders are ASCII as offices write them, whatever the Vietnamese', () => {
		expect(asciiName('Nguyễn Văn Ánh')).toBe('Nguyen_Van_Anh');
		expect(asciiName('Đoàn Thanh niên Sở Giáo dục và Đào tạo')).toBe(
			'Doan_Thanh_nien_So_Giao_duc_va_Dao_tao'
		);
		// NFD input folds the same as NFC.
		expect(asciiName('Đặng Thu Hà'.normalize('NFD'))).toBe('Dang_Thu_Ha');
		expect(asciiName('Phóng sự “Sáng mãi tên Người”')).toBe('Phong_su_Sang_mai_ten_Nguoi');
		expect(asciiName('  ***  ')).toBe('Khong_ten');
		expect(asciiName('a'.repeat(100), 10)).toBe('aaaaaaaaaa');
		expect(asciiName('Nguyễn Văn Ánh')).toMatch(/^[\x21-\x7e]+$/);
	});

	it('numbers are padded to the widest, three digits at least', () => {
		expect(numbered(7, 12)).toBe('007');
		expect(numbered(7, 1200)).toBe('0007');
		expect(numbered(3, 4, 2)).toBe('03');
	});

	it('an uploaded name keeps its Vietnamese (NFC), loses folders and what Windows refuses', () => {
		expect(entryFileName('Giấy khen cấp huyện.pdf'.normalize('NFD'))).toBe(
			'Giấy khen cấp huyện.pdf'.normalize('NFC')
		);
		expect(entryFileName('C:\\Users\\a\\Bằng khen: 2025?.jpg')).toBe('Bằng khen 2025.jpg');
		expect(entryFileName('../../.hidden')).toBe('hidden');
		expect(entryFileName('...')).toBe('tep');
	});

	it('names in one folder are made unique, case aside', () => {
		expect(uniqueNames(['a.pdf', 'A.pdf', 'a.pdf', 'b'])).toEqual([
			'a.pdf',
			'A (2).pdf',
			'a (3).pdf',
			'b'
		]);
	});

	it('a decision folder carries its number without slashes and its date', () => {
		expect(decisionFolder(1, 2, '125-QĐ/TĐTN-BTG', '2026-05-19')).toBe(
			'01_QD_125-QD-TDTN-BTG_2026-05-19'
		);
		expect(archiveFileName('Tuyên dương Gương sáng năm 2026', 4)).toBe(
			'Luu_tru_dot_4_Tuyen_duong_Guong_sang_nam_2026.zip'
		);
	});
});

describe('the order dossiers are filed in', () => {
	it('results first in their order, then the rest by registry number; unsent ids ignored', () => {
		expect(filingOrder([9, 3, 5, 7, 1], [7, 3, 42])).toEqual([7, 3, 1, 5, 9]);
		expect(filingOrder([2, 1], [])).toEqual([1, 2]);
	});
});
