// The doctor report for people: one line per check in the style of `codex doctor`, the problem's
// details and the rule's fix under it, and a count at the end. No Ink: it is printed once.
import type {CheckStatus, DoctorReport} from '../core/doctor.js';

const ICON: Record<CheckStatus, string> = {pass: '✔', fail: '✖', warn: '⚠', skip: '–', info: 'ℹ'};
const COLOR: Record<CheckStatus, number> = {pass: 32, fail: 31, warn: 33, skip: 90, info: 36};

export function formatDoctorReport(report: DoctorReport, options: {color: boolean}): string[] {
	const paint = (status: CheckStatus, text: string) => (options.color ? `\u001B[${COLOR[status]}m${text}\u001B[39m` : text);
	const dim = (text: string) => (options.color ? `\u001B[2m${text}\u001B[22m` : text);
	const width = Math.max(...report.checks.map((c) => c.title.length));
	const lines = [`codex-bedrock-setup doctor ${report.tool.version}`, ''];
	for (const check of report.checks) {
		lines.push(`${paint(check.status, ICON[check.status])} ${check.title.padEnd(width)}  ${check.summary}`);
		for (const detail of check.details ?? []) lines.push(`    ${detail}`);
		if (check.diagnosis && check.status !== 'pass') {
			lines.push(`    Likely cause: ${check.diagnosis.cause}`);
			for (const fix of check.diagnosis.fix) lines.push(`    Fix: ${fix}`);
			lines.push(dim(`    Rule ${check.diagnosis.ruleId} · ${check.diagnosis.source}`));
		}
	}
	const {pass, fail, warn, skip, info} = report.counts;
	const parts = [`${pass} passed`, `${fail} failed`, ...(warn ? [`${warn} warning${warn === 1 ? '' : 's'}`] : []), ...(skip ? [`${skip} not checked`] : []), ...(info ? [`${info} for you to check`] : [])];
	lines.push('', `${report.checks.length - info} checks: ${parts.join(', ')}.`);
	lines.push(report.ok ? 'Codex is set up for Amazon Bedrock.' : 'Run codex-bedrock-setup to repair the setup, or codex-bedrock-setup doctor --fix for the safe local fixes.');
	return lines;
}
