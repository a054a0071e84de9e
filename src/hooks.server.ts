import type { HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { closeDatabase, initDatabase } from '$lib/server/db';
import { refuseCrossSiteWrites } from '$lib/server/hooks/cross-site';
import { securityHeaders } from '$lib/server/hooks/headers';
import { loadSession } from '$lib/server/hooks/session';

export const init: ServerInit = async () => {
	await initDatabase();
	// adapter-node closes the HTTP server on SIGTERM/SIGINT and then emits this; closing the
	// database lets the embedded one checkpoint and the process exit.
	process.once('sveltekit:shutdown', () => {
		void closeDatabase();
	});
};

export const handle = sequence(refuseCrossSiteWrites, securityHeaders, loadSession);

export const handleError: HandleServerError = ({ error, status }) => {
	if (status !== 404) console.error(error);
	return {
		message: status === 404 ? 'Không tìm thấy trang.' : 'Đã có lỗi xảy ra. Vui lòng thử lại sau.'
	};
};
