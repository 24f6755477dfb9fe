// Reading Codex's TOML files, shared by the Codex config step and doctor: a file that does not parse is
// returned with its error (each caller decides what to do about it), never thrown away.
import {readdir} from 'node:fs/promises';
import path from 'node:path';
import {readIfExists} from '../files.js';
import {type Table} from './config.js';
import {routeOfProvider} from '../bedrock/models.js';
import {TomlSyntaxError, parseToml} from './toml-edit.js';

export interface TomlFile {
	/** The text, or undefined when the file does not exist. */
	text?: string;
	data?: Table;
	error?: TomlSyntaxError;
}

export async function readToml(file: string): Promise<TomlFile> {
	const text = await readIfExists(file);
	if (text === undefined) return {};
	try {
		return {text, data: await parseToml(text)};
	} catch (error) {
		if (error instanceof TomlSyntaxError) return {text, error};
		throw error;
	}
}

/** Codex profile files (<name>.config.toml) that select the Bedrock provider, by name, sorted. */
export async function bedrockProfileNames(codexHome: string): Promise<string[]> {
	const files = (await readdir(codexHome).catch(() => [] as string[])).filter((f) => f.endsWith('.config.toml') && f !== 'config.toml').sort();
	const found: string[] = [];
	for (const file of files) {
		const {data} = await readToml(path.join(codexHome, file)).catch(() => ({}) as TomlFile);
		if (routeOfProvider(data?.['model_provider'] as string | undefined)) found.push(file.slice(0, -'.config.toml'.length));
	}
	return found;
}
