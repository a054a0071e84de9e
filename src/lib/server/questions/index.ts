/** The questions area's public entry: other areas and routes use only what is exported here. */
export * from './service';
export {
	drawablePool,
	findQuestionsByIds,
	listQuestions as questionsWhere,
	lockQuestions
} from './repo';
export {
	type AnswerKey,
	type Random,
	inShownOrder,
	isCorrect,
	shuffle,
	shuffledOrder
} from './rules';
