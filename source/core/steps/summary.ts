// Last step: what was set up, which files changed, and what to run next. Writes nothing.
import {tildify} from '../context.js';
import {titleOf} from './titles.js';
import type {Answers, Step, WrittenFile} from '../types.js';

const LABELS: Array<[keyof Answers, string]> = [
	['profile', 'AWS profile'],
	['ssoSession', 'SSO session'],
	['accountId', 'Account'],
	['roleName', 'Role'],
	['identityArn', 'Signed in as'],
	['region', 'Region'],
	['model', 'Model'],
	['codexProfile', 'Codex profile'],
];

export function summaryLines(answers: Answers, files: WrittenFile[], home: string): string[] {
	const lines = LABELS.filter(([key]) => answers[key]).map(([key, label]) => `${label}: ${answers[key]}`);
	if (files.length === 0) lines.push('Files: nothing was written.');
	for (const file of files) {
		const backup = file.backup ? ` (backup: ${tildify(file.backup, home)})` : '';
		lines.push(`${file.action === 'unchanged' ? 'Unchanged' : file.action === 'created' ? 'Created' : 'Updated'}: ${tildify(file.path, home)}${backup}`);
	}
	return lines;
}

export function nextCommand(answers: Answers, files: readonly WrittenFile[]): string | undefined {
	if (!answers.model || !files.some((file) => file.path.endsWith('config.toml'))) return undefined;
	return answers.codexProfile ? `codex --profile ${answers.codexProfile}` : 'codex';
}

/** Until Codex's config is written by the wizard: the lines that point Codex at this setup. */
export function codexConfigLines(answers: Answers): string[] | undefined {
	if (!answers.model || !answers.profile || !answers.region) return undefined;
	return [
		'model_provider = "amazon-bedrock"',
		`model = "${answers.model}"`,
		'',
		'[model_providers.amazon-bedrock.aws]',
		`profile = "${answers.profile}"`,
		`region = "${answers.region}"`,
	];
}

export const summary: Step = {
	id: 'summary',
	title: titleOf('summary'),
	flags: [],
	async run(ctx, io, answers, wizard) {
		io.block('What is set up', summaryLines(answers, [...wizard.files], ctx.paths.home));
		const next = nextCommand(answers, wizard.files);
		const lines = codexConfigLines(answers);
		if (next) io.note(`Start Codex on Bedrock with: ${next}`, 'success');
		else if (lines) io.block(`Codex is not configured yet: add these lines to ${tildify(ctx.paths.codexConfig, ctx.paths.home)}`, lines);
		const written = wizard.files.filter((file) => file.action !== 'unchanged').length;
		return {status: 'done', summary: written ? `${written} file${written === 1 ? '' : 's'} written` : 'nothing written'};
	},
};
