import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/client';
import { auditLog, questions } from '../db/schema';
import { DomainError } from '../errors';
import { questionInput } from '../testing/contests';
import { writeXlsx } from '../files/export';
import { createTestDatabase } from '../testing/database';
import { expectOfficeLayout } from '../testing/exports';
import { ctxFor, makeTree } from '../testing/factories';
import {
	approveQuestion,
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

describe('question bank', () => {
	it('lets organizers add questions to their subtree only, and hides others’ (404)', async () => {
		const ctx = ctxFor(database, tree.organizer);
		const q = await createQuestion(ctx, tree.grassroots.id, questionInput());
		expect(q.status).toBe('draft');
		expect(q.unitPath).toBe(tree.grassroots.path);
		expect(await statusOf(createQuestion(ctx, tree.sibling.id, questionInput()))).toBe(403);
		expect(
			await statusOf(
				createQuestion(ctxFor(database, tree.member), tree.grassroots.id, questionInput())
			)
		).toBe(403);
		expect(await statusOf(getQuestion(ctxFor(database, tree.siblingOrganizer), q.id))).toBe(404);
		expect(
			await statusOf(updateQuestion(ctxFor(database, tree.siblingOrganizer), q.id, questionInput()))
		).toBe(404);
		expect(await statusOf(approveQuestion(ctxFor(database, tree.siblingOrganizer), q.id))).toBe(
			404
		);
	});

	it('refuses a malformed question field by field', async () => {
		const error = await createQuestion(
			ctxFor(database, tree.organizer),
			tree.district.id,
			questionInput({ type: 'single', correct: [0, 2] })
		).catch((e) => e);
		expect(error.status).toBe(400);
		expect(error.fieldErrors.correct[0]).toContain('một đáp án');
	});

	it('approves only questions citing a source, and an edit sends it back for approval', async () => {
		const ctx = ctxFor(database, tree.organizer);
		const unsourced = await createQuestion(ctx, tree.district.id, questionInput({ source: '' }));
		const error = await approveQuestion(ctx, unsourced.id).catch((e) => e);
		expect(error.status).toBe(409);
		expect(error.fieldErrors.source).toBeDefined();
		const sourced = await createQuestion(ctx, tree.district.id, questionInput());
		const approved = await approveQuestion(ctx, sourced.id);
		expect(approved.status).toBe('approved');
		expect(approved.approvedById).toBe(tree.organizer.id);
		const edited = await updateQuestion(
			ctx,
			sourced.id,
			questionInput({ prompt: 'Câu hỏi đã sửa nội dung?' })
		);
		expect(edited.status).toBe('draft');
		expect(edited.approvedAt).toBeNull();
		const retired = await retireQuestion(ctx, sourced.id);
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
		await createQuestion(
			ctx,
			tree.district.id,
			questionInput({
				prompt: 'Chủ tịch Hồ Chí Minh đọc Tuyên ngôn Độc lập ở đâu?',
				topic: 'Tư tưởng Hồ Chí Minh'
			})
		);
		await createQuestion(
			ctxFor(database, tree.siblingOrganizer),
			tree.sibling.id,
			questionInput({ prompt: 'Tuyên ngôn Độc lập được đọc năm nào?' })
		);
		const found = await listQuestions(ctx, { search: 'tuyen ngon doc lap' });
		expect(found.questions.map((q) => q.prompt)).toEqual([
			'Chủ tịch Hồ Chí Minh đọc Tuyên ngôn Độc lập ở đâu?'
		]);
		expect((await listQuestions(ctx, { topic: 'tu tuong ho chi minh' })).questions).toHaveLength(1);
		expect(found.topics).toContain('Tư tưởng Hồ Chí Minh');
	});
});

describe('question import and export', () => {
	const header =
		'Loại,Câu hỏi,Phương án A,Phương án B,Phương án C,Phương án D,Đáp án,Bỏ qua dấu,Chủ đề,Mức độ,Giải thích,Nguồn\n';
	const csv = (body: string) => ({
		name: 'cau-hoi.csv',
		bytes: new TextEncoder().encode(header + body)
	});
	const good1 =
		'Một đáp án đúng,Đại hội Đoàn toàn quốc lần thứ nhất họp năm nào?,1946,1950,1956,1961,B,,Lịch sử Đoàn,Dễ,Họp tháng 2/1950.,Lịch sử Đoàn\n';
	const bad = 'Nhiều đáp án đúng,Câu hỏi thiếu đáp án đúng ở đây?,X,Y,Z,,,,Lịch sử Đoàn,2,,Nguồn\n';
	const good2 =
		'Trả lời ngắn,Bác Hồ về nước năm 1941 ở hang nào?,,,,,Pác Bó; hang Pác Bó,Có,Tư tưởng Hồ Chí Minh,3,,Tiểu sử Chủ tịch Hồ Chí Minh\n';

	it('changes nothing when a row is bad, unless asked to keep the good rows', async () => {
		const ctx = ctxFor(database, tree.organizer);
		const before = await countQuestions();
		const strict = await importQuestions(
			ctx,
			tree.district.id,
			csv(good1 + bad + good2),
			'all-or-nothing'
		);
		expect(strict.imported).toBe(0);
		expect(strict.errors).toHaveLength(1);
		expect(strict.errors[0]!.rowNumber).toBe(3);
		expect(strict.errors[0]!.messages.join(' ')).toContain('Đáp án');
		expect(await countQuestions()).toBe(before);

		const lenient = await importQuestions(
			ctx,
			tree.district.id,
			csv(good1 + bad + good2),
			'good-rows'
		);
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
		const report = await importQuestions(ctx, tree.district.id, csv(again), 'all-or-nothing');
		expect(report.imported).toBe(1);
		expect(report.warnings[0]!.messages[0]).toContain('Gần trùng');
	});

	it('refuses an import into a unit outside the organizer’s subtree', async () => {
		expect(
			await statusOf(
				importQuestions(ctxFor(database, tree.organizer), tree.sibling.id, csv(good1), 'good-rows')
			)
		).toBe(403);
	});

	it('exports the bank as a workbook that imports back', async () => {
		const ctx = ctxFor(database, tree.organizer);
		const bytes = await writeXlsx(await exportQuestions(ctx));
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load(bytes.slice().buffer);
		const sheet = workbook.worksheets[0]!;
		expectOfficeLayout(sheet);
		const listed = (await listQuestions(ctx)).questions;
		const mine = listed.length;
		const retired = listed.filter((q) => q.status === 'retired').length;
		expect(sheet.rowCount).toBe(mine + 1);
		expect(sheet.getRow(1).getCell(2).text).toBe('Câu hỏi');
		const before = await countQuestions();
		const report = await importQuestions(
			ctx,
			tree.district.id,
			{ name: 'xuat.xlsx', bytes: new Uint8Array(bytes) },
			'all-or-nothing'
		);
		expect(report.errors).toEqual([]);
		expect(report.imported).toBe(mine);
		// Each row matches itself in the bank, except retired questions, which are not compared.
		expect(report.warnings).toHaveLength(mine - retired);
		expect(retired).toBe(1);
		expect(await countQuestions()).toBe(before + mine);
	});
});
