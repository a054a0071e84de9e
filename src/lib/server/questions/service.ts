/** The question bank's reads and its export; the use cases live in files by purpose. */
import { questionTypeLabels } from '$lib/shared/questions';
import { administeredPaths, authorize, requireActor } from '../auth/policy';
import type { Ctx } from '../context';
import type { Question } from '../db/schema';
import { notFound } from '../errors';
import { gridTable, textColumns, type ExportBook } from '../files/export';
import { authorizeRead } from '../usecase';
import { managedQuestion } from './editing';
import { LETTERS, questionImportHeaders } from './import';
import * as repo from './repo';

export {
	approveQuestion,
	approveQuestions,
	createQuestion,
	retireQuestion,
	updateQuestion,
	type BulkApproval
} from './editing';
export {
	importQuestions,
	questionImportHeaders,
	questionImportSpec,
	type QuestionImportReport
} from './import';

export async function listQuestions(
	ctx: Ctx,
	filter: { search?: string; topic?: string; status?: Question['status'] | '' } = {}
) {
	const actor = requireActor(ctx);
	authorize(actor, 'admin.enter', { kind: 'area' });
	const withinPaths = administeredPaths(actor);
	const [rows, topics] = await Promise.all([
		repo.listQuestions(ctx.db, {
			withinPaths,
			search: filter.search || undefined,
			topic: filter.topic || undefined,
			status: filter.status || undefined
		}),
		repo.listTopics(ctx.db, withinPaths)
	]);
	return { questions: rows, topics };
}

export async function getQuestion(ctx: Ctx, id: number): Promise<Question> {
	requireActor(ctx);
	const q = await repo.findQuestion(ctx.db, id);
	if (!q) throw notFound('Không tìm thấy câu hỏi.');
	authorizeRead(ctx, () => managedQuestion(q));
	return q;
}

/** The bank of the actor's subtree, in the import's columns, so that it imports back unchanged. */
export async function exportQuestions(ctx: Ctx): Promise<ExportBook> {
	const actor = requireActor(ctx);
	authorize(actor, 'admin.enter', { kind: 'area' });
	const rows = await repo.listQuestions(ctx.db, {
		withinPaths: administeredPaths(actor),
		limit: 100_000
	});
	const columns = textColumns([...questionImportHeaders, 'Trạng thái']);
	return {
		filename: 'ngan-hang-cau-hoi',
		sheets: [
			gridTable(
				'Câu hỏi',
				[...columns, { header: 'Mã câu hỏi', kind: 'number', grouping: false }],
				rows.map((q) => [
					questionTypeLabels[q.type],
					q.prompt,
					...LETTERS.map((_, i) => q.options[i] ?? ''),
					q.type === 'short'
						? q.acceptedAnswers.join('; ')
						: q.correct.map((i) => LETTERS[i]).join(', '),
					q.ignoreDiacritics ? 'Có' : '',
					q.topic,
					String(q.difficulty),
					q.explanation,
					q.source,
					q.status === 'approved'
						? 'Đã duyệt'
						: q.status === 'retired'
							? 'Ngừng sử dụng'
							: 'Chờ duyệt',
					q.id
				])
			)
		]
	};
}
