// A directory tree as data (type, mode, content), to prove a run left it byte for byte unchanged.
import {lstatSync, readdirSync, readFileSync, readlinkSync} from 'node:fs';
import path from 'node:path';

export function snapshot(root: string): Record<string, string> {
	const out: Record<string, string> = {};
	const walk = (dir: string) => {
		for (const name of readdirSync(dir).sort()) {
			const file = path.join(dir, name);
			const info = lstatSync(file);
			const key = path.relative(root, file);
			const mode = (info.mode & 0o7777).toString(8);
			if (info.isSymbolicLink()) out[key] = `link ${mode} -> ${readlinkSync(file)}`;
			else if (info.isDirectory()) {
				out[key] = `dir ${mode}`;
				walk(file);
			} else out[key] = `file ${mode} ${readFileSync(file).toString('base64')}`;
		}
	};
	walk(root);
	return out;
}
