import { and, asc, desc, eq, inArray, isNotNull, like, or, sql, type SQL } from 'drizzle-orm';
import { escapeLike, foldVietnamese } from '$lib/shared/text';
import type { QuestionInput } from '$lib/schemas/questions';
import type { Db } from '../db/client';
import { builtOncePer } from '../db/prepared';
import { questions, type Question } from '../db/schema';

export async function findQuestion(db: Db, id: number): Promise<Question | null> {
	const [row] = await db.select().from(questions).where(eq(questions.id, id));
	return row ?? null;
}

/** Locks the row for the rest of the transaction (edits race with a round opening). */
export async function findQuestionForUpdate(db: Db, id: number): Promise<Question | null> {
	const [row] = await db.select().from(questions).where(eq(questions.id, id)).for('update');
	return row ?? null;
}

/** Locks the rows for the rest of the transaction, in id order (no deadlock between two). */
export async function findQuestionsForUpdate(db: Db, ids: number[]): Promise<Question[]> {
	if (ids.length === 0) return [];
	return db
		.select()
		.from(questions)
		.where(inArray(questions.id, ids))
		.orderBy(asc(questions.id))
		.for('update');
}

function scope(withinPaths: string[] | null): SQL | undefined {
	if (!withinPaths) return undefined;
	const scopes = withinPaths.map((p) => like(questions.unitPath, `${escapeLike(p)}%`));
	return scopes.length ? (or(...scopes) as SQL) : sql`false`;
}

export async function listQuestions(
	db: Db,
	filter: {
		withinPaths: string[] | null;
		search?: string;
		topic?: string;
		status?: Question['status'];
		limit?: number;
	}
) {
	const conditions: (SQL | undefined)[] = [scope(filter.withinPaths)];
	if (filter.search) {
		const folded = `%${escapeLike(foldVietnamese(filter.search))}%`;
		conditions.push(
			or(like(questions.promptFolded, folded), like(questions.topicFolded, folded)) as SQL
		);
	}
	if (filter.topic) conditions.push(eq(questions.topicFolded, foldVietnamese(filter.topic)));
	if (filter.status) conditions.push(eq(questions.status, filter.status));
	return db
		.select()
		.from(questions)
		.where(and(...conditions))
		.orderBy(desc(questions.id))
		.limit(filter.limit ?? 500);
}

/** The questions of the bank in a subtree, for duplicate checks. */
export async function listForComparison(db: Db, withinPaths: string[] | null) {
	return db
		.select({
			id: questions.id,
			type: questions.type,
			prompt: questions.prompt,
			options: questions.options,
			correct: questions.correct,
			acceptedAnswers: questions.acceptedAnswers
		})
		.from(questions)
		.where(and(scope(withinPaths), sql`${questions.status} <> 'retired'`));
}

export async function listTopics(db: Db, withinPaths: string[] | null) {
	const rows = await db
		.selectDistinct({ topic: questions.topic })
		.from(questions)
		.where(scope(withinPaths))
		.orderBy(asc(questions.topic));
	return rows.map((r) => r.topic);
}

function columns(input: QuestionInput) {
	return {
		type: input.type,
		prompt: input.prompt,
		promptFolded: foldVietnamese(input.prompt),
		options: input.options,
		correct: input.correct,
		acceptedAnswers: input.acceptedAnswers,
		ignoreDiacritics: input.ignoreDiacritics,
		topic: input.topic,
		topicFolded: foldVietnamese(input.topic),
		difficulty: input.difficulty,
		explanation: input.explanation,
		source: input.source
	};
}

export async function insertQuestion(
	db: Db,
	input: QuestionInput,
	owner: { unitId: number; unitPath: string; createdById: number }
): Promise<Question> {
	const [row] = await db
		.insert(questions)
		.values({ ...columns(input), ...owner })
		.returning();
	return row!;
}

/** Any edit sends the question back to the content board. */
export async function updateQuestion(
	db: Db,
	id: number,
	input: QuestionInput,
	now: Date
): Promise<Question> {
	const [row] = await db
		.update(questions)
		.set({
			...columns(input),
			status: 'draft',
			approvedAt: null,
			approvedById: null,
			updatedAt: now
		})
		.where(eq(questions.id, id))
		.returning();
	return row!;
}

export async function setStatus(
	db: Db,
	id: number,
	values: Pick<Question, 'status' | 'approvedAt' | 'approvedById'>,
	now: Date
): Promise<Question> {
	const [row] = await db
		.update(questions)
		.set({ ...values, updatedAt: now })
		.where(eq(questions.id, id))
		.returning();
	return row!;
}

/** Approved questions with a source, matching a round's topics and difficulties. */
export async function drawablePool(
	db: Db,
	filter: { withinPath: string; topics: string[]; difficulties: number[] }
) {
	const conditions: SQL[] = [
		eq(questions.status, 'approved'),
		sql`${questions.source} <> ''`,
		isNotNull(questions.approvedAt),
		// The bank of the organizing unit, of the units below it and of those above it.
		or(
			like(questions.unitPath, `${escapeLike(filter.withinPath)}%`),
			sql`${filter.withinPath} like ${questions.unitPath} || '%'`
		) as SQL
	];
	if (filter.topics.length)
		conditions.push(inArray(questions.topicFolded, filter.topics.map(foldVietnamese)));
	if (filter.difficulties.length)
		conditions.push(inArray(questions.difficulty, filter.difficulties));
	return db
		.select({ id: questions.id, options: questions.options })
		.from(questions)
		.where(and(...conditions));
}

export async function lockQuestions(db: Db, ids: number[], now: Date) {
	if (ids.length === 0) return;
	await db
		.update(questions)
		.set({ lockedAt: now })
		.where(and(inArray(questions.id, ids), sql`${questions.lockedAt} is null`));
}

// The ids as one array parameter: one statement text whatever their number.
const questionsByIds = builtOncePer((db) =>
	db
		.select()
		.from(questions)
		.where(sql`${questions.id} = any(${sql.placeholder('ids')}::int[])`)
		.prepare('questions_by_ids')
);

export async function findQuestionsByIds(db: Db, ids: number[]): Promise<Question[]> {
	if (ids.length === 0) return [];
	return questionsByIds(db).execute({ ids });
}
