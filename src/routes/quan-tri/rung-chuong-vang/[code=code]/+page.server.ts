import { parseForm } from '$lib/schemas/form';
import { kickSchema, lockSchema, markSchema, rescueSchema, seatSchema } from '$lib/schemas/live';
import { adminActions, ctxOf, failWith, invalidForm, orErrorPage } from '$lib/server/http';
import { joinQrSvg } from '$lib/server/live';
import { getHostView, hostAct, type HostCommand } from '$lib/server/live';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

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

async function run(event: RequestEvent, command: HostCommand, values: Record<string, string> = {}) {
	try {
		await hostAct(ctxOf(event), event.params.code, command);
	} catch (error) {
		return failWith(error, values);
	}
	return { done: command.action };
}

const simple =
	(action: 'start' | 'open' | 'close' | 'reveal' | 'pause' | 'resume' | 'end') =>
	(event: RequestEvent) =>
		run(event, { action });

export const actions = adminActions<Actions>({
	start: simple('start'),
	open: simple('open'),
	close: simple('close'),
	reveal: simple('reveal'),
	pause: simple('pause'),
	resume: simple('resume'),
	end: simple('end'),
	rescue: async (event) => {
		const parsed = parseForm(rescueSchema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
		return run(event, { action: 'rescue', sinceIndex: parsed.data.sinceNumber - 1 }, parsed.values);
	},
	rescueQuestion: (event) => run(event, { action: 'rescue_question' }),
	kick: async (event) => {
		const parsed = parseForm(kickSchema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
		return run(event, { action: 'kick', playerId: parsed.data.playerId }, parsed.values);
	},
	seat: async (event) => {
		const parsed = parseForm(seatSchema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
		return run(
			event,
			{
				action: 'seat',
				displayName: parsed.data.displayName,
				unitName: parsed.data.unitName ?? ''
			},
			{}
		);
	},
	mark: async (event) => {
		const parsed = parseForm(markSchema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
		const result = await run(event, { action: 'mark', rightPlayerIds: parsed.data.right }, {});
		return 'done' in result ? { ...result, success: 'Đã lưu kết quả chấm.' } : result;
	},
	lock: async (event) => {
		const parsed = parseForm(lockSchema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
		return run(event, { action: 'lock', locked: parsed.data.locked }, parsed.values);
	}
});
