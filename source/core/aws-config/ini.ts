// A line-preserving reader and editor for the AWS shared config file (~/.aws/config).
//
// Hand-written on purpose: the INI libraries on npm (ini, js-ini, ...) parse into objects and serialise
// back, losing comments, blank lines, key order, CRLF line endings and the indented sub-sections the
// AWS CLI uses (`s3 =` followed by indented keys). The wizard must change only the lines it means to
// change, so it keeps the file as a list of lines and edits those, the way the AWS CLI's own
// ConfigFileWriter does. The grammar follows botocore (Python's RawConfigParser, strict): `#` and `;`
// start comment lines, indented lines after a key continue it, a key needs a section, and duplicate
// sections or keys are errors (botocore refuses such a file, so we report it instead of guessing).

export type Eol = '\r\n' | '\n' | '';

export interface IniLine {
	text: string;
	eol: Eol;
}

export interface IniEntry {
	key: string;
	value: string;
	/** Index of the `key = value` line. */
	line: number;
	/** Index of the last line that belongs to this entry (continuation / nested lines included). */
	lastLine: number;
	/** Nested `key = value` pairs of an indented sub-section (`s3 =` then `  max_concurrent_requests = 20`). */
	children: Array<{key: string; value: string; line: number}>;
}

export type SectionKind = 'default' | 'profile' | 'sso-session' | 'services' | 'other';

export interface IniSection {
	/** The text between the brackets, trimmed: "profile dev", "sso-session corp", "default". */
	header: string;
	kind: SectionKind;
	/** Profile, session or services name ("default" for [default]). */
	name: string;
	line: number;
	entries: IniEntry[];
}

export interface IniDocument {
	lines: IniLine[];
	sections: IniSection[];
	/** The line ending most lines use; new lines are written with it. */
	eol: '\r\n' | '\n';
}

export class IniParseError extends Error {
	/** 1-based line number. */
	readonly line: number;
	constructor(line: number, message: string) {
		super(`line ${line}: ${message}`);
		this.name = 'IniParseError';
		this.line = line;
	}
}

/** Names the JS SDK can read in a section header (its regex is /^([\w-]+)\s(["'])?([\w-@+.%:/]+)\2$/). */
export const SECTION_NAME = /^[\w\-@+.%:/]+$/;

export function splitLines(text: string): IniLine[] {
	const lines: IniLine[] = [];
	const pattern = /([^\r\n]*)(\r\n|\n|$)/g;
	let match: RegExpExecArray | null;
	while ((match = pattern.exec(text)) !== null) {
		const [whole, body = '', eol = ''] = match;
		if (whole === '') break;
		lines.push({text: body, eol: eol as Eol});
	}
	return lines;
}

export function joinLines(lines: IniLine[]): string {
	return lines.map((line) => line.text + line.eol).join('');
}

function dominantEol(lines: IniLine[]): '\r\n' | '\n' {
	const crlf = lines.filter((line) => line.eol === '\r\n').length;
	const lf = lines.filter((line) => line.eol === '\n').length;
	return crlf > lf ? '\r\n' : '\n';
}

function classify(header: string): {kind: SectionKind; name: string} {
	if (header === 'default') return {kind: 'default', name: 'default'};
	const match = /^(profile|sso-session|services)\s+(?:(["'])(.*)\2|(.*))$/.exec(header);
	if (!match) return {kind: 'other', name: header};
	return {kind: match[1] as SectionKind, name: (match[3] ?? match[4] ?? '').trim()};
}

const SECTION_LINE = /^\s*\[(.*)\]\s*(?:[#;].*)?$/;
const KEY_LINE = /^(\s*)([^=\s][^=]*?)\s*=\s?(.*)$/;

function indentOf(text: string): number {
	return /^\s*/.exec(text)?.[0].length ?? 0;
}

export function parseIni(text: string): IniDocument {
	const lines = splitLines(text.startsWith('\uFEFF') ? text.slice(1) : text);
	const sections: IniSection[] = [];
	let section: IniSection | undefined;
	let entry: IniEntry | undefined;
	let entryIndent = 0;
	const seenSections = new Map<string, number>();

	lines.forEach(({text: raw}, index) => {
		const trimmed = raw.trim();
		const lineNumber = index + 1;
		if (trimmed === '' ) {
			return;
		}
		if (trimmed.startsWith('#') || trimmed.startsWith(';')) return;
		// An indented line after a key continues it (value continuation or a nested sub-section).
		if (entry && indentOf(raw) > entryIndent) {
			const nested = KEY_LINE.exec(raw);
			if (nested) entry.children.push({key: nested[2]!.trim(), value: nested[3]!.trim(), line: index});
			entry.lastLine = index;
			return;
		}
		if (trimmed.startsWith('[')) {
			const match = SECTION_LINE.exec(raw);
			if (!match) throw new IniParseError(lineNumber, `a section header needs a closing "]": ${trimmed}`);
			const header = match[1]!.trim();
			if (!header) throw new IniParseError(lineNumber, 'empty section header "[]"');
			const earlier = seenSections.get(header);
			if (earlier !== undefined) {
				throw new IniParseError(lineNumber, `section [${header}] appears twice (first on line ${earlier}); the AWS CLI refuses such a file`);
			}
			seenSections.set(header, lineNumber);
			section = {header, ...classify(header), line: index, entries: []};
			sections.push(section);
			entry = undefined;
			return;
		}
		const match = KEY_LINE.exec(raw);
		if (!match) throw new IniParseError(lineNumber, `expected "key = value", a [section] or a comment, found: ${trimmed.slice(0, 40)}`);
		if (!section) throw new IniParseError(lineNumber, `"${match[2]!.trim()}" is outside any [section]`);
		const key = match[2]!.trim();
		const duplicate = section.entries.find((e) => e.key === key);
		if (duplicate) {
			throw new IniParseError(lineNumber, `"${key}" appears twice in [${section.header}] (first on line ${duplicate.line + 1})`);
		}
		entry = {key, value: match[3]!.trim(), line: index, lastLine: index, children: []};
		entryIndent = indentOf(raw);
		section.entries.push(entry);
	});
	return {lines, sections, eol: dominantEol(lines)};
}

export function findSection(doc: IniDocument, kind: 'profile' | 'sso-session' | 'services', name: string): IniSection | undefined {
	if (kind === 'profile' && name === 'default') {
		// [default] is the AWS CLI's spelling; [profile default] is also read.
		return doc.sections.find((s) => s.kind === 'default') ?? doc.sections.find((s) => s.kind === 'profile' && s.name === 'default');
	}
	return doc.sections.find((s) => s.kind === kind && s.name === name);
}

export function sectionValues(section: IniSection | undefined): Record<string, string> {
	return Object.fromEntries((section?.entries ?? []).map((e) => [e.key, e.value]));
}

export function headerFor(kind: 'profile' | 'sso-session' | 'services', name: string): string {
	if (kind === 'profile' && name === 'default') return 'default';
	return `${kind} ${name}`;
}

function checkValue(key: string, value: string): void {
	if (/[\r\n]/.test(value)) throw new Error(`The value for ${key} may not contain a line break.`);
	if (!/^[A-Za-z0-9_.-]+$/.test(key)) throw new Error(`"${key}" is not a valid config key.`);
}

/**
 * Set keys in a section, creating the section at the end of the file if needed. Only the lines of the
 * keys that change are touched: an existing key keeps its indentation, its `key = ` spelling and its line
 * ending; a missing key goes after the section's last key; a new section is appended after a blank line.
 * An inline comment on a replaced line (`region = x  # note`) is kept on its own line just above.
 * Returns the new text (equal to the input when nothing changes).
 */
export function setSectionValues(
	text: string,
	kind: 'profile' | 'sso-session' | 'services',
	name: string,
	values: Array<[key: string, value: string]>,
): string {
	if (!SECTION_NAME.test(name)) throw new Error(`"${name}" cannot be used as a ${kind} name: use letters, digits and - _ . @ + % : / only.`);
	for (const [key, value] of values) checkValue(key, value);
	const doc = parseIni(text);
	const lines = doc.lines.map((line) => ({...line}));
	const section = findSection(doc, kind, name);

	if (!section) {
		const last = lines.at(-1);
		if (last && last.eol === '') last.eol = doc.eol;
		if (last && last.text.trim() !== '') lines.push({text: '', eol: doc.eol});
		lines.push({text: `[${headerFor(kind, name)}]`, eol: doc.eol});
		for (const [key, value] of values) lines.push({text: `${key} = ${value}`, eol: doc.eol});
		return joinLines(lines);
	}

	const inserts: IniLine[] = [];
	const above = new Map<number, IniLine>();
	for (const [key, value] of values) {
		// botocore (the AWS CLI) lowercases option names, so `Region = x` is its `region`: adding a second
		// `region` line would make the AWS CLI refuse the file (a duplicate option). The SDKs read the
		// lowercase name only, so a key spelled otherwise is rewritten in lowercase on its own line.
		const entry = section.entries.find((e) => e.key === key) ?? section.entries.find((e) => e.key.toLowerCase() === key.toLowerCase());
		if (!entry) {
			inserts.push({text: `${key} = ${value}`, eol: doc.eol});
			continue;
		}
		if (entry.key === key && entry.value === value && entry.children.length === 0) continue;
		const line = lines[entry.line]!;
		const spelled = /^(\s*[^=]*?\s*=\s?)/.exec(line.text)?.[1] ?? `${key} = `;
		const prefix = entry.key === key ? spelled : spelled.replace(entry.key, key);
		const comment = /\s(\s*[#;].*)$/.exec(line.text.slice(prefix.length));
		if (comment) above.set(entry.line, {text: `${/^\s*/.exec(line.text)![0]}${comment[1]!.trim()}`, eol: line.eol || doc.eol});
		line.text = `${prefix}${value}`;
	}
	if (inserts.length === 0 && above.size === 0) return joinLines(lines);

	const lastLine = section.entries.length ? Math.max(...section.entries.map((e) => e.lastLine)) : section.line;
	const result: IniLine[] = [];
	lines.forEach((line, index) => {
		const comment = above.get(index);
		if (comment) result.push(comment);
		if (index === lastLine && inserts.length && line.eol === '') line.eol = doc.eol;
		result.push(line);
		if (index === lastLine) result.push(...inserts);
	});
	return joinLines(result);
}
