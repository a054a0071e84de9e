/** The live area's use cases and reads, one file per concern. */
export { createGame, listBankQuestions, listGames } from './games';
export { closeDue, hostAct, hostCommands, type HostCommand } from './host';
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
