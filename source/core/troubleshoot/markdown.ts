// docs/troubleshooting.md is generated from the rule table (a test keeps it in sync), so the page a
// facilitator reads says exactly what the wizard says.
import {RULES, type Rule, type RuleMatch} from './rules.js';

function describeMatch(match: RuleMatch): string {
	const parts: string[] = [];
	if (match.code) parts.push(`code ${match.code.map((c) => `\`${c}\``).join(' or ')}`);
	if (match.errorName) parts.push(`error ${match.errorName.map((c) => `\`${c}\``).join(' or ')}`);
	if (match.httpStatus) parts.push(`HTTP ${match.httpStatus.join(' or ')}`);
	if (match.oidcError) parts.push(`OAuth error ${match.oidcError.map((c) => `\`${c}\``).join(' or ')}`);
	if (match.nodeCode) parts.push(`network error ${match.nodeCode.map((c) => `\`${c}\``).join(' or ')}`);
	if (match.message) parts.push(`message matching \`/${match.message.replace(/\|/g, '\\|')}/i\``);
	return parts.length ? parts.join(', ') : 'anything not matched above';
}

function matchText(rule: Rule): string {
	const alternatives: readonly RuleMatch[] = Array.isArray(rule.match) ? rule.match : [rule.match as RuleMatch];
	return alternatives.map(describeMatch).join('; or ');
}

export function rulesMarkdown(rules: readonly Rule[] = RULES): string {
	const lines = [
		'# Troubleshooting',
		'',
		'<!-- Generated from source/core/troubleshoot/rules.ts by test/troubleshoot/markdown.test.ts; edit the rules, not this page. -->',
		'',
		'When a step fails, the wizard (and `codex-bedrock-setup doctor`) shows the first rule below that matches the',
		'failure, with your own profile, region and model in the fix. Placeholders here: `{profile}`, `{region}`,',
		'`{model}`, `{codexProfile}`, `{codex}` (the command that starts Codex on Bedrock).',
		'',
	];
	for (const rule of rules) {
		lines.push(`## \`${rule.id}\``, '');
		lines.push(`- **When**: ${matchText(rule)}${rule.steps ? ` (steps: ${rule.steps.join(', ')})` : ''}.`);
		lines.push(`- **Likely cause**: ${rule.cause}`);
		lines.push('- **Fix**:');
		for (const fix of rule.fix) lines.push(`  - ${fix.includes('  ') || /^[a-z]+ /.test(fix) ? `\`${fix.replace(/\{requestIdNote\}/g, '')}\`` : fix.replace(/\{requestIdNote\}/g, '')}`);
		if (rule.fixStep) lines.push(`- **Step that fixes it**: ${rule.fixStep}`);
		lines.push(`- **Source**: ${rule.source.startsWith('http') ? `<${rule.source}>` : rule.source}`, '');
	}
	return `${lines.join('\n').trimEnd()}\n`;
}
