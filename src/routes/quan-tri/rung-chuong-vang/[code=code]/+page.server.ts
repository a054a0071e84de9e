import { fieldsAndParams, formAction } from '$lib/server/adapters';
import { adminActions, ctxOf, orErrorPage } from '$lib/server/http';
import { joinQrSvg } from '$lib/server/live';
import {
	closeCurrent,
	endGame,
	getHostView,
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
	startGame
} from '$lib/server/live';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const view = await orErrorPage(getHostView(ctxOf(event), event.params.code));
	const joinUrl = `${event.url.origin}/choi/${event.params.code}`;
	return {
		...view,
		joinUrl,
		qr: await joinQrSvg(joinUrl),
		receivedAt: Date.now()
	};
};

/** A host button: the game from the route, and the page told which command was done. */
const command = <C extends string, X extends object = object>(done: C, extra = {} as X) => ({
	input: fieldsAndParams,
	done: () => ({ done, ...extra })
});

export const actions = adminActions<Actions>({
	start: formAction(startGame, command('start')),
	open: formAction(openNext, command('open')),
	close: formAction(closeCurrent, command('close')),
	reveal: formAction(revealAnswers, command('reveal')),
	pause: formAction(pauseGame, command('pause')),
	resume: formAction(resumeGame, command('resume')),
	end: formAction(endGame, command('end')),
	rescue: formAction(rescueSince, command('rescue')),
	rescueQuestion: formAction(openRescueQuestion, command('rescue_question')),
	kick: formAction(kickPlayer, command('kick')),
	seat: formAction(seatPlayer, command('seat')),
	mark: formAction(markWhiteboard, command('mark', { success: 'Đã lưu kết quả chấm.' })),
	lock: formAction(lockLobby, command('lock'))
});
