/**
 * Writing a prepared campaign archive (./archive.ts) as a zip stream: the index and results books,
 * each entry's bytes read from the database or rendered only when the stream asks for it.
 */
import { PassThrough, Readable } from 'node:stream';
import archiver from 'archiver';
import { certificatePdf, decisionPdf, exportDecisionRecipients } from '../awards';
import type { Ctx } from '../context';
import { notFound } from '../errors';
import { table, writeXlsx, type ExportBook } from '../files/export';
import { exportScoreSheet } from '../judging';
import { dossierPdf, findFile } from '../nominations';
import type { ArchiveEntry, ArchivePlan } from './archive';

function indexBook(plan: ArchivePlan): ExportBook {
	return {
		filename: 'Muc_luc',
		sheets: [
			table(
				'Mục lục',
				[
					{ header: 'STT', kind: 'number', value: (e) => plan.entries.indexOf(e) + 1 },
					{ header: 'Phần', kind: 'text', value: (e) => e.section },
					{ header: 'Tệp trong hồ sơ lưu trữ', kind: 'text', value: (e) => e.path },
					{ header: 'Nội dung', kind: 'text', value: (e) => e.title },
					{ header: 'Mã kiểm tra SHA-256 (tệp gốc)', kind: 'text', value: (e) => e.sha256 ?? '' }
				],
				plan.entries,
				{
					title: `Mục lục hồ sơ lưu trữ — ${plan.campaign.title} — ${plan.campaign.organizingUnitName}`
				}
			)
		]
	};
}

function resultsBook(plan: ArchivePlan): ExportBook {
	return {
		filename: 'Ket_qua',
		sheets: [
			table(
				'Kết quả',
				[
					{ header: 'Số hồ sơ lưu trữ', kind: 'text', value: (r) => r.number },
					{ header: 'Hạng mục', kind: 'text', value: (r) => r.categoryName },
					{ header: 'Hạng', kind: 'number', value: (r) => r.rank },
					{ header: 'Họ và tên / Tên', kind: 'text', value: (r) => r.name },
					{ header: 'Đơn vị đề cử', kind: 'text', value: (r) => r.unitName },
					{ header: 'Điểm', kind: 'number', value: (r) => r.score },
					{ header: 'Thang điểm', kind: 'number', value: (r) => r.scale },
					{ header: 'Danh sách rút gọn', kind: 'text', value: (r) => (r.shortlisted ? 'Có' : '') },
					{ header: 'Khen thưởng', kind: 'text', value: (r) => r.awards }
				],
				plan.results,
				{ title: `Kết quả — ${plan.campaign.title}` }
			)
		]
	};
}

/** One entry's bytes, read or drawn when its turn comes. */
async function entryBytes(ctx: Ctx, plan: ArchivePlan, entry: ArchiveEntry, origin: string) {
	const source = entry.source;
	switch (source.kind) {
		case 'index':
			return writeXlsx(indexBook(plan));
		case 'dossier':
			return dossierPdf(ctx.db, source.nominationId, {
				number: source.number,
				outcome: source.outcome
			});
		case 'file': {
			const file = await findFile(ctx.db, source.nominationId, source.fileId);
			// Removed since the plan was made (it cannot be once sent, but never write a wrong file).
			if (!file) throw notFound(`Không tìm thấy tệp ${entry.path}.`);
			return file.bytes;
		}
		case 'scoreSheet':
			return writeXlsx(await exportScoreSheet(ctx, plan.campaign.id));
		case 'results':
			return writeXlsx(resultsBook(plan));
		case 'decision':
			return (await decisionPdf(ctx, source.decisionId)).bytes;
		case 'decisionList':
			return writeXlsx(await exportDecisionRecipients(ctx, source.decisionId));
		case 'certificate':
			return (await certificatePdf(ctx, source.recipientId, origin)).bytes;
	}
}

const CHUNK = 64 * 1024;

/**
 * An entry's bytes as a stream of 64 kB chunks: archiver pipes a stream source with
 * backpressure (a Buffer source is queued whole), so an entry counts as written only once the
 * stream downstream has taken it in.
 */
function chunked(bytes: Uint8Array): Readable {
	return Readable.from(
		(function* () {
			for (let at = 0; at < bytes.byteLength; at += CHUNK)
				yield Buffer.from(
					bytes.buffer,
					bytes.byteOffset + at,
					Math.min(CHUNK, bytes.byteLength - at)
				);
		})(),
		{ objectMode: false, highWaterMark: CHUNK }
	);
}

/**
 * The zip, as a stream. Entries go in one at a time: each is appended only after the previous
 * one has been written into the stream, and the stream's buffer (backpressure) holds the writing
 * back while the download is slow. An error mid-way ends the stream with that error.
 */
export function campaignArchiveStream(ctx: Ctx, plan: ArchivePlan, origin: string): Readable {
	const zip = archiver('zip', { zlib: { level: 6 } });
	const out = new PassThrough({ highWaterMark: 256 * 1024 });
	zip.on('error', (error) => out.destroy(error));
	zip.on('warning', (error) => out.destroy(error));
	zip.pipe(out);
	let closed = false;
	out.on('close', () => {
		closed = true;
	});
	const written = () =>
		new Promise<void>((resolve, reject) => {
			const done = () => {
				zip.off('error', failed);
				resolve();
			};
			const failed = (error: Error) => {
				zip.off('entry', done);
				reject(error);
			};
			zip.once('entry', done);
			zip.once('error', failed);
		});
	void (async () => {
		try {
			for (const entry of plan.entries) {
				if (closed) return zip.abort();
				const bytes = await entryBytes(ctx, plan, entry, origin);
				const wait = written();
				zip.append(chunked(bytes), {
					name: entry.path,
					date: plan.madeAt,
					store: entry.source.kind === 'file' && entry.source.compressed
				});
				await wait;
			}
			await zip.finalize();
		} catch (error) {
			zip.abort();
			out.destroy(error instanceof Error ? error : new Error(String(error)));
		}
	})();
	return out;
}
