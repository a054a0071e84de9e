import type { SubmitFunction } from '@sveltejs/kit';
import { proveForm } from './proof';

/**
 * A form anyone may send (account registration, a guest's privacy request): with JavaScript a
 * proof of work from `challengeUrl` is solved before posting; without it the page's ticket
 * (a hidden `ticket` field) serves. `busy` and `status` are for the button and a live region.
 */
export class ProvedForm {
	busy = $state(false);
	status = $state('');

	readonly #challengeUrl: string;
	readonly #sending: string;

	/** `sending` is said while the form is posted, e.g. "Đang tạo tài khoản…". */
	constructor(challengeUrl: string, sending: string) {
		this.#challengeUrl = challengeUrl;
		this.#sending = sending;
	}

	enhance: SubmitFunction = async ({ formData, cancel }) => {
		this.busy = true;
		this.status = 'Đang xác minh chống gian lận…';
		if (!(await proveForm(formData, this.#challengeUrl))) {
			this.busy = false;
			this.status = 'Không xác minh được. Vui lòng thử lại.';
			cancel();
			return;
		}
		this.status = this.#sending;
		return async ({ update }) => {
			await update();
			this.busy = false;
			this.status = '';
		};
	};
}
