/** Pure rules of the question bank: answer checking, shape checks, near-duplicates. */
import { foldVietnamese } from '$lib/shared/text';
import type { QuestionType } from '$lib/shared/questions';

export interface AnswerKey {
	type: QuestionType;
	correct: number[];
	acceptedAnswers: string[];
	ignoreDiacritics: boolean;
}

/** A source of numbers in [0, 1): Math.random in production, a seeded one in tests. */
export type Random = () => number;

export function shuffle<T>(items: readonly T[], random: Random): T[] {
	const out = [...items];
	for (let i = out.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[out[i], out[j]] = [out[j]!, out[i]!];
	}
	return out;
}

/**
 * An order to show a question's options in (bank indexes, shuffled): where the author put the
 * right answer (often first) must not tell players anything.
 */
export function shuffledOrder(optionCount: number, random: Random): number[] {
	return shuffle(
		Array.from({ length: optionCount }, (_, i) => i),
		random
	);
}

/**
 * A question as shown in `order` (bank indexes; null: the bank's own): its options in that
 * order, and its key as positions in it, so answers given by position are checked as they are.
 */
export function inShownOrder<T extends { options: string[]; correct: number[] }>(
	question: T,
	order: readonly number[] | null
): T {
	if (!order || order.length !== question.options.length) return question;
	return {
		...question,
		options: order.map((i) => question.options[i]!),
		correct: question.correct.map((i) => order.indexOf(i)).sort((a, b) => a - b)
	};
}

/** Case, spacing and (when allowed) diacritics do not matter in a typed answer. */
export function normaliseTyped(value: string, ignoreDiacritics: boolean): string {
	const spaced = value.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
	return ignoreDiacritics ? foldVietnamese(spaced) : spaced;
}

/** Whether a player's answer (option indexes, or typed text) is right. */
export function isCorrect(key: AnswerKey, answer: number[] | string | null | undefined): boolean {
	if (answer == null) return false;
	if (key.type === 'short') {
		if (typeof answer !== 'string') return false;
		const given = normaliseTyped(answer, key.ignoreDiacritics);
		return (
			given !== '' &&
			key.acceptedAnswers.some((a) => normaliseTyped(a, key.ignoreDiacritics) === given)
		);
	}
	if (!Array.isArray(answer)) return false;
	const chosen = [...new Set(answer)].sort((a, b) => a - b);
	const right = [...key.correct].sort((a, b) => a - b);
	return chosen.length === right.length && chosen.every((v, i) => v === right[i]);
}

/** Shape problems of a question, worded for the form's fields. */
export function questionShapeErrors(q: {
	type: QuestionType;
	options: string[];
	correct: number[];
	acceptedAnswers: string[];
}): Record<string, string> {
	const errors: Record<string, string> = {};
	if (q.type === 'short') {
		if (q.acceptedAnswers.length === 0)
			errors.acceptedAnswers = 'Vui lòng nhập ít nhất một đáp án được chấp nhận.';
		return errors;
	}
	if (q.type !== 'true_false' && q.options.length < 2)
		errors.options = 'Câu hỏi trắc nghiệm cần ít nhất 2 phương án.';
	if (q.options.length > 8) errors.options = 'Mỗi câu hỏi có tối đa 8 phương án.';
	if (q.correct.some((i) => i < 0 || i >= q.options.length))
		errors.correct = 'Đáp án đúng phải là một trong các phương án.';
	else if (q.correct.length === 0) errors.correct = 'Vui lòng chọn đáp án đúng.';
	else if ((q.type === 'single' || q.type === 'true_false') && q.correct.length !== 1)
		errors.correct = 'Loại câu hỏi này chỉ có một đáp án đúng.';
	return errors;
}

function wordSet(text: string): Set<string> {
	return new Set(
		foldVietnamese(text)
			.replace(/[^\p{L}\p{N} ]/gu, ' ')
			.split(' ')
			.filter(Boolean)
	);
}

/** Jaccard similarity of the words of two prompts, ignoring marks and punctuation: 0..1. */
export function promptSimilarity(a: string, b: string): number {
	return jaccard(wordSet(a), wordSet(b));
}

/** What two questions are compared on: the stem and what may be answered. */
export interface Comparable {
	prompt: string;
	options: string[];
	acceptedAnswers: string[];
}

export const NEAR_DUPLICATE = 0.8;

interface Words {
	prompt: Set<string>;
	answers: Set<string>;
}

// Known questions are compared with every row of an import: their words are worked out once.
const wordsCache = new WeakMap<Comparable, Words>();

function wordsOf(q: Comparable): Words {
	let words = wordsCache.get(q);
	if (!words) {
		words = {
			prompt: wordSet(q.prompt),
			answers: wordSet([...q.options, ...q.acceptedAnswers].join(' '))
		};
		wordsCache.set(q, words);
	}
	return words;
}

function jaccard(x: Set<string>, y: Set<string>): number {
	if (x.size === 0 && y.size === 0) return 1;
	let common = 0;
	for (const w of x) if (y.has(w)) common++;
	return common / (x.size + y.size - common);
}

/**
 * Similarity of two questions, 0..1: the lower of their stems' and their answers' (options or
 * accepted answers). A generic stem ("Chọn đáp án sai:") shared by many questions is not a
 * duplicate unless the options are alike too.
 */
export function questionSimilarity(a: Comparable, b: Comparable): number {
	const x = wordsOf(a);
	const y = wordsOf(b);
	const prompt = jaccard(x.prompt, y.prompt);
	return prompt < NEAR_DUPLICATE ? prompt : Math.min(prompt, jaccard(x.answers, y.answers));
}

/** The most similar known question at or above the threshold, if any. */
export function findNearDuplicate<T extends Comparable>(
	question: Comparable,
	known: T[]
): { match: T; similarity: number } | null {
	let best: { match: T; similarity: number } | null = null;
	for (const candidate of known) {
		const similarity = questionSimilarity(question, candidate);
		if (similarity >= NEAR_DUPLICATE && (!best || similarity > best.similarity))
			best = { match: candidate, similarity };
	}
	return best;
}

/**
 * The same question whatever the case, spacing or order of its options: two questions with
 * equal fingerprints are exact duplicates.
 */
export function questionFingerprint(q: {
	type: QuestionType;
	prompt: string;
	options: string[];
	correct: number[];
	acceptedAnswers: string[];
}): string {
	const norm = (text: string) => normaliseTyped(text, false);
	const options = q.options.map((o, i) => `${q.correct.includes(i) ? '+' : '-'}${norm(o)}`).sort();
	return JSON.stringify([q.type, norm(q.prompt), options, q.acceptedAnswers.map(norm).sort()]);
}

const CONTENT_FIELDS = [
	'type',
	'prompt',
	'options',
	'correct',
	'acceptedAnswers',
	'ignoreDiacritics',
	'topic',
	'difficulty',
	'explanation',
	'source'
] as const;

/** Whether an imported row says exactly what the stored question says (nothing to update). */
export function sameContent(
	a: Record<(typeof CONTENT_FIELDS)[number], unknown>,
	b: Record<(typeof CONTENT_FIELDS)[number], unknown>
): boolean {
	return CONTENT_FIELDS.every((field) => JSON.stringify(a[field]) === JSON.stringify(b[field]));
}
