/**
 * A small streaming XML tokenizer for the parts of an .xlsx. It holds at most one unfinished
 * token, refuses a DOCTYPE (no entity expansion, so no "billion laughs"), and caps the nesting
 * depth and the size of any one tag, so hostile XML costs bounded memory whatever its size.
 */

export interface XmlHandlers {
	/** An element opens; `name` has no namespace prefix. */
	open?(name: string, attributes: Record<string, string>, selfClosing: boolean): void;
	close?(name: string): void;
	/** Character data, entities decoded; one text node may come in several pieces. */
	text?(text: string): void;
}

/** The XML is not something an office program writes. */
export class XmlError extends Error {}

const MAX_TOKEN = 256 * 1024;
const MAX_DEPTH = 64;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeEntities(text: string): string {
	if (!text.includes('&')) return text;
	return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);/g, (whole, name: string) => {
		if (name[0] !== '#') return ENTITIES[name]!;
		const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
		return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
	});
}

function localName(qualified: string): string {
	const colon = qualified.indexOf(':');
	return colon < 0 ? qualified : qualified.slice(colon + 1);
}

const ATTRIBUTE = /([^\s=/]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

export class XmlStream {
	private buffer = '';
	private depth = 0;

	constructor(private readonly handlers: XmlHandlers) {}

	write(chunk: string): void {
		this.buffer += chunk;
		const consumed = this.parse();
		this.buffer = this.buffer.slice(consumed);
		if (this.buffer.length > MAX_TOKEN) throw new XmlError('token too large');
	}

	end(): void {
		if (this.buffer.trim() !== '' || this.depth !== 0) throw new XmlError('unexpected end');
	}

	/** Handles every complete token of the buffer; returns how much of it was consumed. */
	private parse(): number {
		const b = this.buffer;
		let at = 0;
		while (at < b.length) {
			const lt = b.indexOf('<', at);
			if (lt !== at) {
				// Text up to the next tag; without one, keep back a possibly cut entity.
				let stop = lt < 0 ? b.length : lt;
				if (lt < 0) {
					const amp = b.lastIndexOf('&');
					if (amp >= at && b.indexOf(';', amp) < 0 && b.length - amp < 12) stop = amp;
				}
				if (stop > at) this.handlers.text?.(decodeEntities(b.slice(at, stop)));
				at = stop;
				if (lt < 0) return at;
				continue;
			}
			const next = this.token(b, lt);
			if (next < 0) return at;
			at = next;
		}
		return at;
	}

	/** Handles the token starting at `lt`; -1 if it is not complete yet. */
	private token(b: string, lt: number): number {
		if (b.startsWith('<!--', lt)) return this.skipTo(b, lt, '-->');
		if (b.startsWith('<![CDATA[', lt)) {
			const end = b.indexOf(']]>', lt);
			if (end < 0) return -1;
			this.handlers.text?.(b.slice(lt + 9, end));
			return end + 3;
		}
		if (b.startsWith('<?', lt)) return this.skipTo(b, lt, '?>');
		if (b[lt + 1] === '!') {
			if (b.length - lt < 9) return -1;
			throw new XmlError('declarations are not allowed');
		}
		if (b[lt + 1] === '/') {
			const end = b.indexOf('>', lt);
			if (end < 0) return -1;
			this.depth--;
			if (this.depth < 0) throw new XmlError('unbalanced');
			this.handlers.close?.(localName(b.slice(lt + 2, end).trim()));
			return end + 1;
		}
		// A start tag ends at the first '>' outside quotes.
		let quote = '';
		let end = -1;
		for (let i = lt + 1; i < b.length; i++) {
			const c = b[i];
			if (quote) {
				if (c === quote) quote = '';
			} else if (c === '"' || c === "'") quote = c;
			else if (c === '>') {
				end = i;
				break;
			}
		}
		if (end < 0) return -1;
		const selfClosing = b[end - 1] === '/';
		const body = b.slice(lt + 1, selfClosing ? end - 1 : end);
		const nameEnd = body.search(/[\s/]|$/);
		const name = localName(body.slice(0, nameEnd));
		if (!name) throw new XmlError('bad tag');
		const attributes: Record<string, string> = {};
		if (nameEnd < body.length) {
			for (const match of body.slice(nameEnd).matchAll(ATTRIBUTE))
				attributes[localName(match[1]!)] = decodeEntities(match[2] ?? match[3] ?? '');
		}
		if (!selfClosing && ++this.depth > MAX_DEPTH) throw new XmlError('too deep');
		this.handlers.open?.(name, attributes, selfClosing);
		if (selfClosing) this.handlers.close?.(name);
		return end + 1;
	}

	private skipTo(b: string, lt: number, terminator: string): number {
		const end = b.indexOf(terminator, lt);
		return end < 0 ? -1 : end + terminator.length;
	}
}
