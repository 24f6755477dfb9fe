// Format-preserving edits of a user's TOML file (~/.codex/config.toml and profile files).
//
// Why two libraries:
// - @decimalturn/toml-patch does the edit. It keeps a concrete syntax tree, so it rewrites only the
//   values that change and keeps every comment, blank line, key order, quoting style, dotted key,
//   inline table and CRLF line ending it did not have to touch. @iarna/toml cannot do that (it parses
//   to plain objects and stringifies from scratch), and the other format-preserving candidate tried,
//   @rainbowatcher/toml-edit-js, refused top-level keys ("path key is empty").
// - @iarna/toml (a strict TOML 1.0 parser) is the judge: the file is parsed before the edit (a file
//   that does not parse is never edited; its error carries line and column) and after it, and the
//   result must equal exactly what was asked for, or nothing is returned to be written.
//
// One thing toml-patch does not do the way people write Codex configs: a table that does not exist
// yet comes out as an inline table (`amazon-bedrock = {aws = {...}}`). So a missing table is first
// appended as ordinary text, `[model_providers.amazon-bedrock.aws]` with its keys (the form Codex's
// documentation shows), when that is valid where it lands; toml-patch then handles everything else.
import {isDeepStrictEqual} from 'node:util';

export type TomlPath = readonly string[];

export interface TomlEdit {
	/** Keys to set, by full path (['model_providers', 'amazon-bedrock', 'aws', 'region']), to a TOML value. */
	set?: ReadonlyArray<{path: TomlPath; value: unknown}>;
	/**
	 * Keys or whole tables to take out, by full path. They are commented out, not deleted (the user's
	 * text stays in the file, under a line saying why), except inside an inline table, where TOML allows
	 * no comments: there the key is removed from the inline table.
	 */
	remove?: ReadonlyArray<{path: TomlPath; reason: string}>;
}

export class TomlSyntaxError extends Error {
	constructor(
		message: string,
		readonly line: number,
		readonly column: number,
	) {
		super(message);
		this.name = 'TomlSyntaxError';
	}
}

type Table = Record<string, unknown>;

function isTable(value: unknown): value is Table {
	return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** Parse strictly (TOML 1.0, @iarna/toml). Throws TomlSyntaxError with a 1-based line and column. */
const BOM = '\uFEFF';

export async function parseToml(text: string): Promise<Table> {
	const {default: TOML} = await import('@iarna/toml');
	// A UTF-8 byte order mark: Codex 0.169.0 loads such a file (test/codex/newer-toml.test.ts); @iarna/toml
	// calls it an unknown character. It is not part of the TOML.
	const body = text.startsWith(BOM) ? text.slice(1) : text;
	try {
		// CRLF is a TOML newline, but @iarna/toml 3.0.0 refuses the CR after a comment ("Control
		// characters ... are not allowed in comments"). Lines and columns are unchanged by this.
		return TOML.parse(body.replace(/\r\n/g, '\n')) as Table;
	} catch (error) {
		// @iarna/toml knows TOML 1.0; Codex's parser also takes TOML 1.1 (a trailing comma or newlines in an
		// inline table). toml-patch parses 1.1 and is as strict otherwise (duplicate keys and tables,
		// leading zeros, unterminated strings): a file it accepts is edited, not called broken.
		const newer = await import('@decimalturn/toml-patch').then(({parse}) => plain(parse(body)) as Table).catch(() => undefined);
		if (newer) return newer;
		const e = error as {line?: number; col?: number; message?: string};
		if (typeof e.line === 'number') {
			// @iarna/toml's message repeats the position and appends a code frame; keep its first sentence.
			const first = (e.message ?? 'Invalid TOML').split('\n')[0]!.replace(/ at row \d+, col \d+, pos \d+:?$/, '');
			throw new TomlSyntaxError(first, e.line + 1, (e.col ?? 0) + 1);
		}
		throw error;
	}
}

/** A value as JSON would see it (dates as strings, no prototypes): what "the same data" means here. */
function plain(value: unknown): unknown {
	return JSON.parse(JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
}

/**
 * What a file means to Codex: plain data without empty tables. Taking out the only `[profiles.NAME]`
 * leaves an empty `profiles` in the data but no text at all, and both mean the same.
 */
function meaning(value: unknown): unknown {
	const prune = (node: unknown): unknown => {
		if (!isTable(node)) return node;
		const out: Table = {};
		for (const [key, child] of Object.entries(node)) {
			const kept = prune(child);
			if (isTable(kept) && Object.keys(kept).length === 0) continue;
			out[key] = kept;
		}
		return out;
	};
	return prune(plain(value));
}

export function getPath(data: Table, path: TomlPath): unknown {
	let node: unknown = data;
	for (const key of path) {
		if (!isTable(node)) return undefined;
		node = node[key];
	}
	return node;
}

function setPath(data: Table, path: TomlPath, value: unknown): void {
	let node = data;
	for (const key of path.slice(0, -1)) {
		const next = node[key];
		if (isTable(next)) node = next;
		else node = node[key] = {};
	}
	node[path[path.length - 1]!] = value;
}

function removePath(data: Table, path: TomlPath): void {
	const parent = getPath(data, path.slice(0, -1));
	if (isTable(parent)) delete parent[path[path.length - 1]!];
}

export function applyToData(data: Table, edit: TomlEdit): Table {
	const next = structuredClone(data);
	for (const {path} of edit.remove ?? []) removePath(next, path);
	for (const {path, value} of edit.set ?? []) setPath(next, path, value);
	return next;
}

const BARE_KEY = /^[A-Za-z0-9_-]+$/;

export function formatKey(path: TomlPath): string {
	return path.map((key) => (BARE_KEY.test(key) ? key : JSON.stringify(key))).join('.');
}

/** A TOML basic string: JSON's escapes (\" \\ \n \t \uXXXX ...) are all valid TOML escapes. */
export function formatString(value: string): string {
	return JSON.stringify(value);
}

export function lineEnding(text: string): '\r\n' | '\n' {
	return text.includes('\r\n') ? '\r\n' : '\n';
}

const MARK = '# codex-bedrock-setup:';

interface CstNode {
	type: string;
	loc: {start: {line: number; column: number}; end: {line: number; column: number}};
	key?: {value?: string[]; item?: {value?: string[]}};
	items?: CstNode[];
}

function startsWith(path: TomlPath, prefix: TomlPath): boolean {
	return prefix.length <= path.length && prefix.every((key, i) => path[i] === key);
}

/**
 * Comment out the lines that define each path (a key, or a table with everything under it), with a line
 * saying why above them. Works on toml-patch's syntax tree for line numbers. Paths that live inside an
 * inline table cannot be commented out; they are returned for toml-patch to remove.
 */
async function commentOut(text: string, removals: NonNullable<TomlEdit['remove']>): Promise<{text: string; rest: typeof removals}> {
	if (removals.length === 0) return {text, rest: []};
	const {TomlDocument} = await import('@decimalturn/toml-patch');
	// The tree is toml-patch's (documented as internal, so the version is pinned): Table and TableArray
	// nodes with their items, KeyValue nodes with dotted key parts, 1-based lines.
	const blocks = (new TomlDocument(text) as unknown as {cst: CstNode[]}).cst;
	const ranges: Array<{first: number; last: number; reason: string}> = [];
	const rest: Array<{path: TomlPath; reason: string}> = [];
	for (const removal of removals) {
		const found: Array<{first: number; last: number}> = [];
		let insideInline = false;
		const visitKeyValue = (node: CstNode, table: TomlPath) => {
			const full = [...table, ...(node.key?.value ?? [])];
			if (startsWith(full, removal.path)) found.push({first: node.loc.start.line, last: node.loc.end.line});
			else if (startsWith(removal.path, full)) insideInline = true;
		};
		for (const block of blocks) {
			if (block.type === 'KeyValue') visitKeyValue(block, []);
			if (block.type !== 'Table' && block.type !== 'TableArray') continue;
			const table = block.key?.item?.value ?? [];
			const keyValues = (block.items ?? []).filter((item) => item.type === 'KeyValue');
			if ((block.type === 'Table' || block.type === 'TableArray') && startsWith(table, removal.path)) {
				// The header and its keys; comments and blank lines after the last key belong to what follows.
				found.push({first: block.loc.start.line, last: Math.max(block.loc.start.line, ...keyValues.map((kv) => kv.loc.end.line))});
			} else {
				for (const kv of keyValues) visitKeyValue(kv, table);
			}
		}
		if (insideInline || found.length === 0) rest.push(removal);
		for (const range of found) ranges.push({...range, reason: removal.reason});
	}
	const eol = lineEnding(text);
	const lines = text.split(/\r?\n/);
	for (const range of ranges.sort((a, b) => b.first - a.first)) {
		const body = lines.slice(range.first - 1, range.last).map((line) => (line.startsWith('#') ? line : `# ${line}`));
		lines.splice(range.first - 1, range.last - range.first + 1, `${MARK} ${range.reason}`, ...body);
	}
	return {text: lines.join(eol), rest};
}

/**
 * Append `[table]` blocks for tables that do not exist at all yet, when the result is valid TOML that
 * means exactly what was asked. Returns the text to hand to toml-patch (unchanged when nothing fits).
 */
async function appendMissingTables(text: string, original: Table, edit: TomlEdit): Promise<string> {
	const groups = new Map<string, {table: TomlPath; keys: Array<{key: string; value: string}>}>();
	for (const {path, value} of edit.set ?? []) {
		const table = path.slice(0, -1);
		// Only string values are written as text here; anything else is left to toml-patch.
		if (table.length === 0 || typeof value !== 'string' || getPath(original, table) !== undefined) continue;
		const id = JSON.stringify(table);
		const group = groups.get(id) ?? {table, keys: []};
		group.keys.push({key: path[path.length - 1]!, value});
		groups.set(id, group);
	}
	let result = text;
	const eol = lineEnding(text);
	for (const {table, keys} of groups.values()) {
		let base = result;
		if (base.length > 0 && !base.endsWith('\n')) base += eol;
		if (base.length > 0 && !base.endsWith(`${eol}${eol}`)) base += eol;
		const block = [`[${formatKey(table)}]`, ...keys.map(({key, value}) => `${formatKey([key])} = ${formatString(value)}`)].join(eol) + eol;
		const candidate = base + block;
		try {
			const parsed = await parseToml(candidate);
			const expected = structuredClone(await parseToml(result));
			for (const {key, value} of keys) setPath(expected, [...table, key], value);
			if (isDeepStrictEqual(plain(parsed), plain(expected))) result = candidate;
		} catch {
			// Not valid there (for instance the parent is an inline table): toml-patch will place it.
		}
	}
	return result;
}

/**
 * Apply `edit` to a TOML document and return the new text, keeping everything else byte for byte.
 * Throws TomlSyntaxError when `text` does not parse, and a plain Error when the edit could not be made
 * safely (the result would not mean exactly what was asked); the caller then writes nothing.
 */
function describeValue(value: unknown): string {
	if (Array.isArray(value)) return value.length && value.every(isTable) ? 'an array of tables' : 'an array';
	if (typeof value === 'string') return 'a string';
	return `a ${typeof value === 'object' ? 'date' : typeof value}`;
}

/**
 * A value in the way: a key to set lies under something that is not a table (`model_providers = "corp"`,
 * `[[model_providers]]`, `aws = "..."`). Setting it would replace that value, and toml-patch would drop its
 * text; instead it is commented out, with the reason, like every other removal.
 */
function withValuesInTheWay(data: Table, edit: TomlEdit): TomlEdit {
	const remove = [...(edit.remove ?? [])];
	for (const {path} of edit.set ?? []) {
		for (let i = 1; i < path.length; i++) {
			const prefix = path.slice(0, i);
			const value = getPath(data, prefix);
			if (value === undefined || isTable(value)) continue;
			if (!remove.some((r) => startsWith(prefix, r.path))) {
				remove.push({path: prefix, reason: `${formatKey(prefix)} was ${describeValue(value)} where Codex needs a table (for ${formatKey(path)}); kept here as a comment.`});
			}
			break;
		}
	}
	return remove.length === (edit.remove ?? []).length ? edit : {...edit, remove};
}

export async function editToml(text: string, edit: TomlEdit): Promise<string> {
	// The byte order mark stays where it was; the edit works on the TOML after it.
	if (text.startsWith(BOM)) return BOM + (await editToml(text.slice(1), edit));
	const original = await parseToml(text);
	edit = withValuesInTheWay(original, edit);
	const wanted = applyToData(original, edit);
	if (isDeepStrictEqual(meaning(original), meaning(wanted))) return text;

	// Removals first, as comments (toml-patch deletes a key together with the comments and blank lines
	// around it); then new tables as text; then toml-patch for values that change or are added.
	const {text: commented, rest} = await commentOut(text, edit.remove ?? []);
	const prepared = await appendMissingTables(commented, original, edit);
	const {parse, patch} = await import('@decimalturn/toml-patch');
	const updated = applyToData(parse(prepared) as Table, {...edit, remove: rest});
	let result = isDeepStrictEqual(meaning(await parseToml(prepared)), meaning(wanted)) ? prepared : patch(prepared, updated);
	if ((text.length === 0 || /\n$/.test(text)) && !result.endsWith('\n')) result += lineEnding(text || result);

	const check = await parseToml(result).catch((error: unknown) => {
		throw new Error(`Editing the file produced invalid TOML (${(error as Error).message}); nothing was written.`);
	});
	if (!isDeepStrictEqual(meaning(check), meaning(wanted))) {
		throw new Error('Editing the file would change more than the keys asked for; nothing was written.');
	}
	return result;
}
