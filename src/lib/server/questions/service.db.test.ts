import ExcelJS from 'exceljs';
import { and, eq, inArray, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/client';
import { auditLog, questions } from '../db/schema';
import { DomainError } from '../errors';
import { questionInput } from '../testing/contests';
import { writeXlsx } from '../files/export';
import { createTestDatabase } from '../testing/database';
import { expectOfficeLayout } from '../testing/exports';
import { ctxFor, makeTree } from '../testing/factories';
import { workbookFile, zipBombXlsx } from '../testing/spreadsheets';
import { failure } from '../testing/status';
import {
	approveQuestion,
	approveQuestions,
	createQuestion,
	exportQuestions,
	getQuestion,
	importQuestions,
	listQuestions,
	retireQuestion,
	updateQuestion
} from './service';

let database: Database;
let tree: Awaited<ReturnType<typeof makeTree>>;

beforeAll(async () => {
	database = await createTestDatabase();
	tree = await makeTree(database);
});
afterAll(async () => {
	await database?.close();
});

async function statusOf(work: Promise<unknown>): Promise<number> {
	try {
		await work;
		return 200;
	} catch (error) {
		if (error instanceof DomainError) return error.status;
		throw error;
	}
}

const countQuestions = async () => (await database.db.select().from(questions)).length;
const T0 = new Date('2025-03-26T03:00:00Z');
const xlsx = (buffer: ArrayBuffer | Buffer) => ({
	name: 'ngan-hang.xlsx',
	bytes: new Uint8Array(buffer as ArrayBuffer)
});

describe('question bank', () => {
	it('lets organizers add questions to their subtree only, and hides others’ (404)', async () => {
		const ctx = ctxFor(database, tree.organizer);
		const q = await createQuestion(ctx, { unitId: tree.grassroots.id, ...questionInput() });
		expect(q.status).toBe('draft');
		expect(q.unitPath).toBe(tree.grassroots.path);
		expect(
			await statusOf(createQuestion(ctx, { unitId: tree.sibling.id, ...questionInput() }))
		).toBe(403);
		expect(
			await statusOf(
				createQuestion(ctxFor(database, tree.member), {
					unitId: tree.grassroots.id,
					...questionInput()
				})
			)
		).toBe(403);
		expect(await statusOf(getQuestion(ctxFor(database, tree.siblingOrganizer), q.id))).toBe(404);
		expect(
			await statusOf(
				updateQuestion(ctxFor(database, tree.siblingOrganizer), { id: q.id, ...questionInput() })
			)
		).toBe(404);
		expect(
			await statusOf(approveQuestion(ctxFor(database, tree.siblingOrganizer), { id: q.id }))
		).toBe(404);
	});

	it('refuses a malformed question field by field', async () => {
		const error = await createQuestion(ctxFor(database, tree.organizer), {
			unitId: tree.district.id,
			...questionInput({ type: 'single', correct: [0, 2] })
		}).catch((e) => e);
		expect(error.status).toBe(400);
		expect(error.fieldErrors.correct[0]).toContain('một đáp án');
	});

	it('approves only questions citing a source, and an edit sends it back for approval', async () => {
		const ctx = ctxFor(database, tree.organizer);
		const unsourced = await createQuestion(ctx, {
			unitId: tree.district.id,
			...questionInput({ source: '' })
		});
		const error = await approveQuestion(ctx, { id: unsourced.id }).catch((e) => e);
		expect(error.status).toBe(409);
		expect(error.fieldErrors.source).toBeDefined();
		const sourced = await createQuestion(ctx, { unitId: tree.district.id, ...questionInput() });
		const approved = await approveQuestion(ctx, { id: sourced.id });
		expect(approved.status).toBe('approved');
		expect(approved.approvedById).toBe(tree.organizer.id);
		const edited = await updateQuestion(ctx, {
			id: sourced.id,
			...questionInput({ prompt: 'Câu hỏi đã sửa nội dung?' })
		});
		expect(edited.status).toBe('draft');
		expect(edited.approvedAt).toBeNull();
		const retired = await retireQuestion(ctx, { id: sourced.id });
		expect(retired.status).toBe('retired');
		const audit = await database.db
			.select()
			.from(auditLog)
			.where(eq(auditLog.entityId, String(sourced.id)));
		expect(audit.map((a) => a.action)).toEqual([
			'question.create',
			'question.approve',
			'question.update',
			'question.retire'
		]);
	});

	it('searches without regard to diacritics, within the organizer’s subtree', async () => {
		const ctx = ctxFor(database, tree.organizer);
		await createQuestion(ctx, {
			unitId: tree.district.id,
			...questionInput({
				prompt: 'Chủ tịch Hồ Chí Minh đọc Tuyên ngôn Độc lập ở đâu?',
				topic: 'Tư tưởng Hồ Chí Minh'
			})
		});
		await createQuestion(ctxFor(database, tree.siblingOrganizer), {
			unitId: tree.sibling.id,
			...questionInput({ prompt: 'Tuyên ngôn Độc lập được đọc năm nào?' })
		});
		const found = await listQuestions(ctx, { search: 'tuyen ngon doc lap' });
		expect(found.questions.map((q) => q.prompt)).toEqual([
			'Chủ tịch Hồ Chí Minh đọc Tuyên ngôn Độc lập ở đâu?'
		]);
		expect((await listQuestions(ctx, { topic: 'tu tuong ho chi minh' })).questions).toHaveLength(1);
		expect(found.topics).toContain('Tư tưởng Hồ Chí Minh');
	});
});

const header =
	'Loại,Câu hỏi,Phương án A,Phương án B,Phương án C,Phương án D,Đáp án,Bỏ qua dấu,Chủ đề,Mức độ,Giải thích,Nguồn\n';
const csv = (body: string) => ({
	name: 'cau-hoi.csv',
	bytes: new TextEncoder().encode(header + body)
});

describe('question import and export', () => {
	const good1 =
		'Một đáp án đúng,Đại hội Đoàn toàn quốc lần thứ nhất họp năm nào?,1946,1950,1956,1961,B,,Lịch sử Đoàn,Dễ,Họp tháng 2/1950.,Lịch sử Đoàn\n';
	const bad = 'Nhiều đáp án đúng,Câu hỏi thiếu đáp án đúng ở đây?,X,Y,Z,,,,Lịch sử Đoàn,2,,Nguồn\n';
	const good2 =
		'Trả lời ngắn,Bác Hồ về nước năm 1941 ở hang nào?,,,,,Pác Bó; hang Pác Bó,Có,Tư tưởng Hồ Chí Minh,3,,Tiểu sử Chủ tịch Hồ Chí Minh\n';

	it('changes nothing when a row is bad, unless asked to keep the good rows', async () => {
		const ctx = ctxFor(database, tree.organizer);
		const before = await countQuestions();
		const strict = await importQuestions(ctx, {
			unitId: tree.district.id,
			file: csv(good1 + bad + good2),
			mode: 'all-or-nothing'
		});
		expect(strict.imported).toBe(0);
		expect(strict.errors).toHaveLength(1);
		expect(strict.errors[0]!.rowNumber).toBe(3);
		expect(strict.errors[0]!.messages.join(' ')).toContain('Đáp án');
		expect(await countQuestions()).toBe(before);

		const lenient = await importQuestions(ctx, {
			unitId: tree.district.id,
			file: csv(good1 + bad + good2),
			mode: 'good-rows'
		});
		expect(lenient.imported).toBe(2);
		expect(await countQuestions()).toBe(before + 2);
		const [short] = await database.db
			.select()
			.from(questions)
			.where(eq(questions.prompt, 'Bác Hồ về nước năm 1941 ở hang nào?'));
		expect(short!.acceptedAnswers).toEqual(['Pác Bó', 'hang Pác Bó']);
		expect(short!.ignoreDiacritics).toBe(true);
		expect(short!.difficulty).toBe(3);
	});

	it('points out near-duplicates of the bank and of earlier rows', async () => {
		const ctx = ctxFor(database, tree.organizer);
		const again =
			'Một đáp án đúng,đại hội đoàn toàn quốc lần thứ nhất họp vào năm nào,1946,1950,1956,1961,B,,Lịch sử Đoàn,1,,Lịch sử Đoàn\n';
		const report = await importQuestions(ctx, {
			unitId: tree.district.id,
			file: csv(again),
			mode: 'all-or-nothing'
		});
		expect(report.imported).toBe(1);
		expect(report.warnings[0]!.messages[0]).toContain('Gần trùng');
	});

	it('refuses an import into a unit outside the organizer’s subtree', async () => {
		expect(
			await statusOf(
				importQuestions(ctxFor(database, tree.organizer), {
					unitId: tree.sibling.id,
					file: csv(good1),
					mode: 'good-rows'
				})
			)
		).toBe(403);
	});

	it('exports the bank as a workbook that imports back without copies, updating what was edited', async () => {
		const ctx = ctxFor(database, tree.organizer, T0);
		const approved = await approveQuestion(ctx, {
			id: (await createQuestion(ctx, { unitId: tree.district.id, ...questionInput() })).id
		});
		const locked = await createQuestion(ctx, { unitId: tree.district.id, ...questionInput() });
		await database.db.update(questions).set({ lockedAt: T0 }).where(eq(questions.id, locked.id));
		const bytes = await writeXlsx(await exportQuestions(ctx));
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load(bytes.slice().buffer);
		const sheet = workbook.worksheets[0]!;
		expectOfficeLayout(sheet);
		const listed = (await listQuestions(ctx)).questions;
		expect(sheet.rowCount).toBe(listed.length + 1);
		expect(sheet.getRow(1).getCell(2).text).toBe('Câu hỏi');
		const before = await countQuestions();
		const again = await importQuestions(ctx, {
			unitId: tree.district.id,
			file: xlsx(await workbook.xlsx.writeBuffer()),
			mode: 'all-or-nothing'
		});
		expect(again).toMatchObject({
			errors: [],
			imported: 0,
			added: 0,
			updated: 0,
			unchanged: listed.length
		});
		expect(await countQuestions()).toBe(before);

		// Edit one approved question's prompt in the file; give another row an id not in the bank.
		const idColumn = sheet.getRow(1).values as unknown[];
		const idAt = idColumn.indexOf('Mã câu hỏi');
		const row = (id: number) =>
			sheet.getRows(2, listed.length)!.find((r) => r.getCell(idAt).value === id)!;
		row(approved.id).getCell(2).value = 'Câu hỏi đã sửa trong tệp xuất ra?';
		row(locked.id).getCell(2).value = 'Câu hỏi đã khoá mà vẫn sửa?';
		const stranger = await createQuestion(ctxFor(database, tree.siblingOrganizer, T0), {
			unitId: tree.sibling.id,
			...questionInput()
		});
		row(listed.find((q) => q.id !== approved.id && q.id !== locked.id)!.id).getCell(idAt).value =
			stranger.id;
		const edited = await importQuestions(ctx, {
			unitId: tree.district.id,
			file: xlsx(await workbook.xlsx.writeBuffer()),
			mode: 'good-rows'
		});
		expect(edited.updated).toBe(1);
		expect(edited.added).toBe(0);
		expect(edited.errors.map((e) => e.messages.join(' '))).toEqual(
			expect.arrayContaining([
				expect.stringContaining('đã thuộc một tuần thi đang mở'),
				`Không tìm thấy câu hỏi có mã ${stranger.id} trong ngân hàng của bạn.`
			])
		);
		expect(await countQuestions()).toBe(before + 1);
		const updated = await getQuestion(ctx, approved.id);
		expect(updated.prompt).toBe('Câu hỏi đã sửa trong tệp xuất ra?');
		expect(updated.status).toBe('draft');
		const [audit] = await database.db
			.select()
			.from(auditLog)
			.where(
				and(eq(auditLog.entityId, String(approved.id)), eq(auditLog.action, 'question.update'))
			);
		expect(audit!.actorId).toBe(tree.organizer.id);
	});

	it('skips or refuses, as chosen, a row exactly like a question of the bank or an earlier row', async () => {
		const ctx = ctxFor(database, tree.organizer, T0);
		const row =
			'Một đáp án đúng,Tổ chức Đoàn ra đời năm nào (câu trùng)?,1930,1931,1941,1945,B,,Lịch sử Đoàn,Dễ,,Lịch sử Đoàn\n';
		await importQuestions(ctx, {
			unitId: tree.district.id,
			file: csv(row),
			mode: 'all-or-nothing'
		});
		const before = await countQuestions();
		// The same question, in other case and spacing, and twice in the file.
		const same =
			'Một đáp án đúng,tổ chức Đoàn  ra đời năm nào (câu trùng)?,1930,1931,1941,1945,B,,Lịch sử Đoàn,Khó,,Khác\n';
		const fresh =
			'Một đáp án đúng,Câu hỏi mới hoàn toàn khác hẳn về Đoàn?,Có,Không,,,A,,Lịch sử Đoàn,Dễ,,Lịch sử Đoàn\n';
		const skipped = await importQuestions(ctx, {
			unitId: tree.district.id,
			file: csv(same + fresh + fresh),
			mode: 'all-or-nothing',
			duplicates: 'skip'
		});
		expect(skipped.errors).toEqual([]);
		expect(skipped.added).toBe(1);
		expect(skipped.skipped.map((s) => s.rowNumber)).toEqual([2, 4]);
		expect(skipped.skipped[0]!.messages[0]).toMatch(
			/^Trùng hoàn toàn với câu hỏi số \d+ trong ngân hàng/
		);
		expect(skipped.skipped[1]!.messages[0]).toContain('dòng 3');
		expect(await countQuestions()).toBe(before + 1);

		const refused = await importQuestions(ctx, {
			unitId: tree.district.id,
			file: csv(same),
			mode: 'all-or-nothing',
			duplicates: 'refuse'
		});
		expect(refused.imported).toBe(0);
		expect(refused.errors[0]!.messages[0]).toMatch(/^Trùng hoàn toàn/);
		expect(await countQuestions()).toBe(before + 1);
	});
});

describe('question import of real banks', () => {
	it('refuses a row with an empty option before a filled one, even keeping the good rows', async () => {
		const ctx = ctxFor(database, tree.organizer, T0);
		const before = await countQuestions();
		// B is empty: closing the gap would make "C" mark the option written under D.
		const gap =
			'Một đáp án đúng,Năm thành lập Hội Liên hiệp Thanh niên Việt Nam?,1946,,1956,1961,C,,Lịch sử Đoàn,Dễ,,Lịch sử Hội\n';
		for (const mode of ['all-or-nothing', 'good-rows'] as const) {
			const report = await importQuestions(ctx, { unitId: tree.district.id, file: csv(gap), mode });
			expect(report.imported).toBe(0);
			expect(report.errors[0]!.messages.join(' ')).toContain('"Phương án B"');
		}
		expect(await countQuestions()).toBe(before);
	});

	it('reads date and percent cells as Excel shows them', async () => {
		const ctx = ctxFor(database, tree.organizer, T0);
		const file = await workbookFile((sheet) => {
			sheet.addRow(
				'Loại|Câu hỏi|Phương án A|Phương án B|Phương án C|Đáp án|Chủ đề|Mức độ|Nguồn'.split('|')
			);
			const dates = sheet.addRow([
				'Một đáp án đúng',
				'Đoàn TNCS Hồ Chí Minh được thành lập ngày nào (ô ngày)?',
				new Date(Date.UTC(1930, 0, 6)),
				new Date(Date.UTC(1931, 2, 26)),
				new Date(Date.UTC(1941, 4, 19)),
				'B',
				'Lịch sử Đoàn',
				'Dễ',
				'Lịch sử Đoàn'
			]);
			for (const c of [3, 4, 5]) dates.getCell(c).numFmt = 'dd/mm/yyyy';
			const percents = sheet.addRow([
				'Một đáp án đúng',
				'Tỷ lệ đoàn viên tham gia đạt bao nhiêu (ô phần trăm)?',
				0.05,
				0.125,
				0.96,
				'C',
				'Lịch sử Đoàn',
				'Dễ',
				'Báo cáo'
			]);
			percents.getCell(3).numFmt = '0%';
			percents.getCell(4).numFmt = '0.0%';
			percents.getCell(5).numFmt = '0%';
		}, 'cau-hoi.xlsx');
		const report = await importQuestions(ctx, {
			unitId: tree.district.id,
			file,
			mode: 'all-or-nothing'
		});
		expect(report.errors).toEqual([]);
		const stored = await database.db
			.select()
			.from(questions)
			.where(like(questions.prompt, '%(ô %'))
			.orderBy(questions.id);
		expect(stored.map((q) => q.options)).toEqual([
			['06/01/1930', '26/03/1931', '19/05/1941'],
			['5%', '12,5%', '96%']
		]);
	});

	it('reports every problem of a row, not only the first', async () => {
		const report = await importQuestions(ctxFor(database, tree.organizer, T0), {
			unitId: tree.district.id,
			file: csv('Một đáp án đúng,Ngắn,A1,,,D1,E,,,rất khó,,Nguồn\n'),
			mode: 'good-rows'
		});
		const messages = report.errors[0]!.messages.join(' | ');
		expect(messages).toContain('Cột "Phương án B", "Phương án C": để trống');
		expect(messages).toContain('Cột "Câu hỏi"');
		expect(messages).toContain('Cột "Chủ đề"');
		expect(messages).toContain('Cột "Mức độ"');
		expect(messages).toContain('Cột "Đáp án"');
		expect(report.errors[0]!.messages.length).toBeGreaterThanOrEqual(5);
	});

	it('imports a public bank with no type or difficulty column, under a title, saying what it filled in', async () => {
		const ctx = ctxFor(database, tree.organizer, T0);
		const file = await workbookFile((sheet) => {
			sheet.addRow(['BỘ CÂU HỎI TÌM HIỂU LỊCH SỬ ĐOÀN']);
			sheet.addRow([
				'STT',
				'Nội dung câu hỏi',
				'Đáp án',
				'',
				'',
				'',
				'Đáp án đúng',
				'Chủ đề',
				'Nguồn'
			]);
			sheet.addRow(['', '', 'A', 'B', 'C', 'D', '', '', '']);
			for (const range of ['A2:A3', 'B2:B3', 'C2:F2', 'G2:G3', 'H2:H3', 'I2:I3'])
				sheet.mergeCells(range);
			sheet.addRow([
				1,
				'Đại hội Đoàn lần thứ nhất họp năm nào (bộ công khai)?',
				'1946',
				'1950',
				'1956',
				'1961',
				'B',
				'Lịch sử Đoàn',
				'Lịch sử Đoàn'
			]);
			sheet.addRow([
				2,
				'Những ai là Anh hùng (bộ công khai)?',
				'Lý Tự Trọng',
				'Võ Thị Sáu',
				'Kim Đồng',
				'Lê Văn Tám',
				'A, B',
				'Lịch sử Đoàn',
				'Lịch sử Đoàn'
			]);
		}, 'bo-cau-hoi.xlsx');
		const report = await importQuestions(ctx, {
			unitId: tree.district.id,
			file,
			mode: 'all-or-nothing'
		});
		expect(report.errors).toEqual([]);
		expect(report.added).toBe(2);
		expect(report.notices).toEqual([
			'2 dòng để trống Mức độ (dòng 4, 5): đã ghi là Trung bình. Có thể sửa từng câu trong ngân hàng.',
			'2 dòng để trống Loại (dòng 4, 5): đã suy ra từ phương án và đáp án.'
		]);
		const stored = await database.db
			.select()
			.from(questions)
			.where(like(questions.prompt, '%(bộ công khai)?'))
			.orderBy(questions.id);
		expect(stored.map((q) => [q.type, q.difficulty, q.options.length, q.correct])).toEqual([
			['single', 2, 4, [1]],
			['multiple', 2, 4, [0, 1]]
		]);
	});

	it('does not flag questions sharing a generic stem as duplicates when their options differ', async () => {
		const ctx = ctxFor(database, tree.organizer, T0);
		const stem = 'Chọn đáp án sai:';
		const first = `Một đáp án đúng,${stem},Đoàn thành lập năm 1931,Đại hội I họp năm 1950,Huy hiệu Đoàn có ngôi sao,Đoàn có 3 cấp,D,,Lịch sử Đoàn,Dễ,,Điều lệ Đoàn\n`;
		const second = `Một đáp án đúng,${stem},Bác Hồ sinh năm 1890,Bác ra đi năm 1911,Bác về nước năm 1941,Bác đọc Tuyên ngôn năm 1946,D,,Tư tưởng Hồ Chí Minh,Dễ,,Tiểu sử\n`;
		const report = await importQuestions(ctx, {
			unitId: tree.district.id,
			file: csv(first + second),
			mode: 'all-or-nothing'
		});
		expect(report.added).toBe(2);
		expect(report.warnings).toEqual([]);
	});

	it('refuses a zip bomb with a clear message', async () => {
		const bomb = zipBombXlsx(['Câu hỏi'], 'ch.xlsx');
		const refused = await failure(
			importQuestions(ctxFor(database, tree.organizer, T0), {
				unitId: tree.district.id,
				file: bomb,
				mode: 'good-rows'
			})
		);
		expect(refused.fieldErrors.file?.[0]).toMatch(/bung ra quá lớn/);
	}, 30_000);
});

describe('approving a selection', () => {
	it('approves the ticked questions the organizer may approve, and lists the others with why', async () => {
		const ctx = ctxFor(database, tree.organizer, T0);
		const ready = await Promise.all(
			[1, 2, 3].map(() => createQuestion(ctx, { unitId: tree.grassroots.id, ...questionInput() }))
		);
		const unsourced = await createQuestion(ctx, {
			unitId: tree.district.id,
			...questionInput({ source: '' })
		});
		const done = await createQuestion(ctx, { unitId: tree.district.id, ...questionInput() });
		await approveQuestion(ctx, { id: done.id });
		const theirs = await createQuestion(ctxFor(database, tree.siblingOrganizer, T0), {
			unitId: tree.sibling.id,
			...questionInput()
		});
		const ids = [...ready.map((q) => q.id), unsourced.id, done.id, theirs.id, 999_999];

		const result = await approveQuestions(ctx, { ids });
		expect(result.approved).toBe(3);
		expect(result.refused).toEqual([
			{
				id: unsourced.id,
				prompt: unsourced.prompt,
				reason: 'Câu hỏi phải ghi nguồn tài liệu trước khi được duyệt.'
			},
			{ id: done.id, prompt: done.prompt, reason: 'Chỉ duyệt được câu hỏi đang chờ duyệt.' },
			{ id: theirs.id, prompt: null, reason: 'Không tìm thấy câu hỏi.' },
			{ id: 999_999, prompt: null, reason: 'Không tìm thấy câu hỏi.' }
		]);
		for (const q of ready) {
			const after = await getQuestion(ctx, q.id);
			expect(after.status).toBe('approved');
			expect(after.approvedById).toBe(tree.organizer.id);
			expect(after.approvedAt).toEqual(T0);
		}
		expect((await getQuestion(ctxFor(database, tree.siblingOrganizer, T0), theirs.id)).status).toBe(
			'draft'
		);
		const audit = await database.db
			.select()
			.from(auditLog)
			.where(
				and(
					eq(auditLog.action, 'question.approve'),
					inArray(
						auditLog.entityId,
						ready.map((q) => String(q.id))
					)
				)
			);
		expect(audit).toHaveLength(3);
		expect(audit.every((a) => a.actorId === tree.organizer.id)).toBe(true);
		expect(
			await statusOf(approveQuestions(ctxFor(database, tree.member, T0), { ids: [ready[0]!.id] }))
		).toBe(403);
	});
});
