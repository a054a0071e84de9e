import { letterOf, type QuestionInput } from '$lib/schemas/questions';

/** A stored question as the values of its form (textareas one item per line). */
export function questionFormValues(q: QuestionInput): Record<string, string> {
	return {
		type: q.type,
		prompt: q.prompt,
		options: q.type === 'true_false' ? '' : q.options.join('\n'),
		correct: q.correct.map(letterOf).join(', '),
		acceptedAnswers: q.acceptedAnswers.join('\n'),
		ignoreDiacritics: q.ignoreDiacritics ? 'on' : '',
		topic: q.topic,
		difficulty: String(q.difficulty),
		explanation: q.explanation,
		source: q.source
	};
}
