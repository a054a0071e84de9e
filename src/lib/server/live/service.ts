/** The live area's use cases and reads, one file per concern. */
export { createGame, listBankQuestions, listGames } from './games';
export {
	closeCurrent,
	closeDue,
	endGame,
	hostAct,
	kickPlayer,
	lockLobby,
	markWhiteboard,
	openNext,
	openRescueQuestion,
	pauseGame,
	rescueSince,
	resumeGame,
	revealAnswers,
	seatPlayer,
	startGame,
	type HostCommand
} from './host';
export {
	getPlayerView,
	getScreenView,
	hostStream,
	joinGame,
	playerStream,
	screenStream,
	submitAnswer
} from './players';
export { exportGameReport, getGameReport, getHostView } from './reports';
export type { LiveState } from '$lib/shared/live';
