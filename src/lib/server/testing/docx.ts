// Reads a .docx back as Word would store it: its parts' XML, the text of each paragraph, and
// each table's cells, so a test compares what a person reading the document sees.
import { decodeEntities } from '../files/xml-stream';
import { listZipEntries, readZipEntry } from '../files/zip';

export async function docxPart(bytes: Uint8Array, name: string): Promise<string> {
	const entry = listZipEntries(bytes).get(name.toLowerCase());
	if (!entry) throw new Error(`no ${name} in the document`);
	const chunks: Uint8Array[] = [];
	for await (const chunk of readZipEntry(bytes, entry, 50_000_000)) chunks.push(chunk);
	return Buffer.concat(chunks).toString('utf8');
}

const textOf = (xml: string) =>
	[...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => decodeEntities(m[1]!)).join('');

/** Every paragraph's text, in order (those inside tables too). */
export function paragraphs(documentXml: string): string[] {
	return [...documentXml.matchAll(/<w:p[\s>][\s\S]*?<\/w:p>/g)].map((m) => textOf(m[0]));
}

/** Every table, as rows of cell texts (tables are not nested in the report). */
export function tables(documentXml: string): string[][][] {
	return [...documentXml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((t) =>
		[...t[0].matchAll(/<w:tr[\s>][\s\S]*?<\/w:tr>/g)].map((r) =>
			[...r[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((c) => textOf(c[0]))
		)
	);
}
