import {chmodSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {applyWrite, backupName, diffLines, planWrite, readIfExists} from '../../source/core/files.js';

const now = Date.UTC(2026, 10, 23, 9, 30, 15);

function dir() {
	return mkdtempSync(path.join(tmpdir(), 'cbs-files-'));
}

describe('user files', () => {
	it('creates a new file (and its directory) with mode 0600, no backup', async () => {
		const file = path.join(dir(), '.aws', 'config');
		const plan = planWrite(file, await readIfExists(file), '[profile a]\nregion = us-east-1\n');
		expect(await diffLines(plan, '~/.aws/config')).toEqual(['--- /dev/null', '+++ ~/.aws/config\tnew', '@@ -0,0 +1,2 @@', '+[profile a]', '+region = us-east-1']);
		const written = await applyWrite(plan, {now});
		expect(written).toEqual({path: file, action: 'created'});
		expect(readFileSync(file, 'utf8')).toBe('[profile a]\nregion = us-east-1\n');
		expect(statSync(file).mode & 0o777).toBe(0o600);
		expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
	});

	it('backs up before changing, keeps the mode, writes the new bytes', async () => {
		const home = dir();
		const file = path.join(home, 'config');
		writeFileSync(file, '# mine\r\n[default]\r\nregion = eu-west-1\r\n');
		chmodSync(file, 0o640);
		const before = await readIfExists(file);
		const plan = planWrite(file, before, '# mine\r\n[default]\r\nregion = us-east-1\r\n');
		const written = await applyWrite(plan, {now});
		expect(written.action).toBe('updated');
		expect(written.backup).toBe(path.join(home, 'config.bak-20261123T093015Z'));
		expect(readFileSync(written.backup!, 'utf8')).toBe(before);
		expect(readFileSync(file, 'utf8')).toBe('# mine\r\n[default]\r\nregion = us-east-1\r\n');
		expect(statSync(file).mode & 0o777).toBe(0o640);
		// A second backup in the same second does not overwrite the first.
		const again = await applyWrite(planWrite(file, readFileSync(file, 'utf8'), 'x\n'), {now});
		expect(again.backup).toBe(path.join(home, 'config.bak-20261123T093015Z-2'));
	});

	it('writes nothing and makes no backup when nothing changes', async () => {
		const home = dir();
		const file = path.join(home, 'config');
		writeFileSync(file, 'same\n');
		const plan = planWrite(file, 'same\n', 'same\n');
		expect(await diffLines(plan, 'config')).toEqual([]);
		expect(await applyWrite(plan, {now})).toEqual({path: file, action: 'unchanged'});
		expect(readdirSync(home)).toEqual(['config']);
	});

	it('refuses to clobber a file changed since it was read', async () => {
		const home = dir();
		const file = path.join(home, 'config');
		writeFileSync(file, 'one\n');
		const plan = planWrite(file, 'one\n', 'two\n');
		writeFileSync(file, 'edited elsewhere\n');
		await expect(applyWrite(plan, {now})).rejects.toThrow(/changed while the wizard was running; nothing was written/);
		expect(readFileSync(file, 'utf8')).toBe('edited elsewhere\n');
		expect(readdirSync(home)).toEqual(['config']);
	});

	it('does nothing once cancelled', async () => {
		const home = dir();
		const file = path.join(home, 'config');
		const controller = new AbortController();
		controller.abort();
		await expect(applyWrite(planWrite(file, undefined, 'x\n'), {now, signal: controller.signal})).rejects.toThrow();
		expect(readdirSync(home)).toEqual([]);
	});

	it('shows a readable diff for CRLF files and names backups sortably', async () => {
		const lines = await diffLines(planWrite('/x', 'a\r\nb\r\n', 'a\r\nc\r\n'), 'config');
		expect(lines).toEqual(['--- config\tcurrent', '+++ config\tnew', '@@ -1,2 +1,2 @@', ' a', '-b', '+c']);
		expect(backupName('/h/.codex/config.toml', now)).toBe('/h/.codex/config.toml.bak-20261123T093015Z');
	});
});
