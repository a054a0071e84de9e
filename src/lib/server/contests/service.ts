/** The contests area's use cases and reads, one file per concern. */
export type { PlayCtx } from './access';
export {
	getAttempt,
	saveAnswer,
	saveAnswers,
	startAttempt,
	submitAttempt,
	type AnswerInput
} from './attempts';
export * from './boards';
export {
	addRound,
	createContest,
	getContestForOrganizer,
	listContests,
	openRound,
	publishWinners,
	updateContest,
	voidPlayer
} from './organize';
export { copyContest, publishContest } from './copy';
export {
	getContestPage,
	issueRegistrationChallenge,
	listOpenContests,
	register,
	registerGuest,
	setResultsMail
} from './registration';
