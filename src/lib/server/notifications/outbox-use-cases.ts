import { mailRefSchema, testMailSchema } from '$lib/schemas/mail';
import type { MailStatus } from '$lib/shared/mail';
import type { Ctx } from '../context';
import type { OutboxRow } from '../db/schema';
import { conflict, notFound } from '../errors';
import { authorizeRead, defineUseCase } from '../usecase';
import { renderBody, type Rendered } from './layout';
import { copyForResend, enqueueMail, findMail, listMail, retryNow } from './outbox';
import { templates } from './templates';

const managing = { action: 'mail.manage', resource: { kind: 'area' } } as const;

/** The administrators' outbox: newest first, by status. */
export async function listOutbox(ctx: Ctx, filter: { status: MailStatus | null; page: number }) {
	authorizeRead(ctx, () => managing);
	return listMail(ctx.db, filter);
}

const NOT_SENT_LINK = '(liên kết riêng: được tạo khi thư được gửi)';

/** One message: as it was sent, or, while it waits, as it will read (its private link left out). */
export async function getOutboxMessage(ctx: Ctx, id: number, origin: string) {
	authorizeRead(ctx, () => managing);
	const row = await findMail(ctx.db, id);
	if (!row) throw notFound('Không tìm thấy thư.');
	return { row, shown: row.text ? sentCopy(row) : preview(row, origin) };
}

function sentCopy(row: OutboxRow): Rendered {
	return { subject: row.subject ?? '', text: row.text ?? '', html: row.html ?? '' };
}

function preview(row: OutboxRow, origin: string): Rendered {
	const template = templates[row.kind];
	if (!template) return { subject: row.kind, text: '', html: '' };
	const url = (path: string) => new URL(path, origin).toString();
	return renderBody(
		template.render(row.data, { url, secretUrl: template.secret ? NOT_SENT_LINK : null }),
		[]
	);
}

export const sendTestMail = defineUseCase({
	name: 'mail.test',
	input: testMailSchema,
	authorize: () => managing,
	run: async ({ db, now, actor }, { to }) =>
		(await enqueueMail(db, now, { kind: 'test', to, data: { requestedBy: actor.fullName } }))!,
	audit: (id, { to }) => ({ entityType: 'mail', entityId: id, after: { to } })
});

/**
 * Sends a message again: a waiting or failed one goes now; a sent one is copied (the record of
 * the first sending stays), and its private link, if any, is minted afresh.
 */
export const resendMail = defineUseCase({
	name: 'mail.resend',
	input: mailRefSchema,
	load: async ({ db }, { id }) => {
		const row = await findMail(db, id);
		if (!row) throw notFound('Không tìm thấy thư.');
		return row;
	},
	authorize: () => managing,
	run: async ({ db, now }, _input, row) => {
		if (row.status === 'sending') throw conflict('Thư đang được gửi. Vui lòng chờ kết quả.');
		if (row.status === 'pending' || row.status === 'failed') {
			await retryNow(db, row.id, now);
			return row.id;
		}
		return copyForResend(db, row, now);
	},
	audit: (id, _input, row) => ({
		entityType: 'mail',
		entityId: id,
		before: { id: row.id, status: row.status },
		after: { to: row.toAddress }
	})
});
