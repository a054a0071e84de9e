import { fieldsAndParams, formAction } from '$lib/server/adapters';
import { adminActions, ctxOf, orErrorPage } from '$lib/server/http';
import { joinQrSvg } from '$lib/server/live';
import { getHostView, hostCommands } from '$lib/server/live';
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

type Command = keyof typeof hostCommands;

/** A host button: its command's use case, answering which command was done. */
const command = <C extends Command, X extends object = object>(name: C, extra = {} as X) =>
	formAction(hostCommands[name], {
		input: fieldsAndParams,
		done: () => ({ done: name, ...extra })
	});

export const actions = adminActions<Actions>({
	start: command('start'),
	open: command('open'),
	close: command('close'),
	reveal: command('reveal'),
	pause: command('pause'),
	resume: command('resume'),
	end: command('end'),
	rescue: command('rescue'),
	rescueQuestion: command('rescue_question'),
	kick: command('kick'),
	seat: command('seat'),
	mark: command('mark', { success: 'Đã lưu kết quả chấm.' }),
	lock: command('lock')
});
