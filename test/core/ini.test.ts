import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {diffArrays} from 'diff';
import {describe, expect, it} from 'vitest';
import {IniParseError, findSection, parseIni, sectionValues, setSectionValues, splitLines} from '../../source/core/aws-config/ini.js';

const fixtures = path.resolve(import.meta.dirname, '../fixtures/aws-config');
const read = (name: string) => readFileSync(path.join(fixtures, name), 'utf8');
const good = readdirSync(fixtures).filter((f) => !['broken.ini', 'duplicate-section.ini'].includes(f));

const profile: Array<[string, string]> = [
	['sso_session', 'codex-bedrock'],
	['sso_account_id', '111122223333'],
	['sso_role_name', 'BedrockDeveloper'],
	['region', 'us-east-1'],
];
const session: Array<[string, string]> = [
	['sso_start_url', 'https://d-9067example.awsapps.com/start'],
	['sso_region', 'us-east-1'],
	['sso_registration_scopes', 'sso:account:access'],
];

function edit(text: string): string {
	return setSectionValues(setSectionValues(text, 'profile', 'codex-bedrock', profile), 'sso-session', 'codex-bedrock', session);
}

/** Lines (with their endings) removed by an edit: must be only lines of the sections we edit. */
function removedLines(before: string, after: string): string[] {
	const raw = (text: string) => splitLines(text).map((l) => l.text + l.eol);
	return diffArrays(raw(before), raw(after)).filter((part) => part.removed).flatMap((part) => part.value);
}

describe('AWS config editor', () => {
	it.each(good)('%s: adds or updates our sections and keeps every other byte', (name) => {
		const before = read(name);
		const after = edit(before);
		const doc = parseIni(after);
		expect(sectionValues(findSection(doc, 'profile', 'codex-bedrock'))).toMatchObject(Object.fromEntries(profile));
		expect(sectionValues(findSection(doc, 'sso-session', 'codex-bedrock'))).toMatchObject(Object.fromEntries(session));
		// Everything outside the edited sections is unchanged and in the same order.
		const removed = removedLines(before, after);
		const editable = new Set(['sso_session', 'sso_account_id', 'sso_role_name', 'region']);
		for (const line of removed) {
			const key = /^\s*([^=\s]+)\s*=/.exec(line)?.[1];
			const lastLine = splitLines(before).at(-1);
			const isUnterminatedLast = lastLine !== undefined && line === lastLine.text && lastLine.eol === '';
			expect(isUnterminatedLast || (key !== undefined && editable.has(key)), `removed: ${JSON.stringify(line)}`).toBe(true);
		}
		// The other sections read back with the same values.
		const original = parseIni(before);
		for (const section of original.sections) {
			if (section.name === 'codex-bedrock') continue;
			expect(sectionValues(doc.sections.find((s) => s.header === section.header))).toEqual(sectionValues(section));
		}
		// Idempotent: a second run with the same answers changes nothing.
		expect(edit(after)).toBe(after);
	});

	it('keeps CRLF line endings, and writes new lines with them', () => {
		const after = edit(read('crlf.ini'));
		expect(after).not.toMatch(/[^\r]\n/);
		expect(after).toContain('\r\n[profile codex-bedrock]\r\nsso_session = codex-bedrock\r\n');
	});

	it('updates a stale profile in place: changed keys only, unknown keys kept, inline comment kept above', () => {
		const after = edit(read('stale-codex-bedrock.ini'));
		expect(after).toBe(
			[
				'[profile codex-bedrock]',
				'sso_session = codex-bedrock',
				'sso_account_id = 111122223333',
				'# the role we had last year',
				'sso_role_name = BedrockDeveloper',
				'region = us-east-1',
				'custom_key = keep me',
				'',
				'[sso-session old-session]',
				'sso_start_url = https://d-0000000000.awsapps.com/start',
				'sso_region = ca-central-1',
				'',
				'[sso-session codex-bedrock]',
				'sso_start_url = https://d-9067example.awsapps.com/start',
				'sso_region = us-east-1',
				'sso_registration_scopes = sso:account:access',
				'',
			].join('\n'),
		);
	});

	it('adds missing keys after the last key of the section, nested blocks included', () => {
		const after = setSectionValues(read('nested-s3.ini'), 'profile', 'data', [['sso_session', 'x']]);
		expect(after).toContain('[profile data]\nregion = us-west-2\ns3 =\n  addressing_style = path\nsso_session = x\n');
		expect(parseIni(after).sections[1]?.entries.find((e) => e.key === 's3')?.children).toEqual([{key: 'addressing_style', value: 'path', line: 10}]);
	});

	it('writes [default] for the default profile', () => {
		expect(setSectionValues('', 'profile', 'default', [['region', 'us-east-1']])).toBe('[default]\nregion = us-east-1\n');
		expect(setSectionValues(read('no-trailing-newline.ini'), 'profile', 'default', [['output', 'json']])).toBe('[default]\nregion = us-east-1\noutput = json\n');
	});

	it('reports a malformed file with its line number', () => {
		expect(() => parseIni(read('broken.ini'))).toThrow(new IniParseError(4, 'a section header needs a closing "]": [profile half'));
		expect(() => parseIni(read('duplicate-section.ini'))).toThrow('line 4: section [profile a] appears twice (first on line 1); the AWS CLI refuses such a file');
		expect(() => parseIni('region = us-east-1\n')).toThrow('line 1: "region" is outside any [section]');
		expect(() => parseIni('[a]\nx = 1\nx = 2\n')).toThrow('line 3: "x" appears twice in [a] (first on line 2)');
		expect(() => parseIni('[a]\njust words\n')).toThrow('line 2: expected "key = value"');
	});

	it('refuses names the SDKs cannot read and values with line breaks', () => {
		expect(() => setSectionValues('', 'profile', 'my profile', [])).toThrow('cannot be used as a profile name');
		expect(() => setSectionValues('', 'profile', 'p', [['region', 'us-east-1\n[evil]']])).toThrow('may not contain a line break');
	});
});
