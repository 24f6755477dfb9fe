// The live region's plan and the text field's line editing, as pure functions.
import {describe, expect, it} from 'vitest';
import {editLine, initialLine, type LineState} from '../../source/ui/ink/line-edit.js';
import {planLive, rowsOf, splitCopyable, supportsHyperlinks} from '../../source/ui/ink/layout.js';

function keys(state: LineState, ...presses: Array<[string, Record<string, boolean>?]>): LineState {
	for (const [input, key = {}] of presses) {
		const action = editLine(state, input, key);
		if (action.type === 'edit') state = action.state;
	}
	return state;
}

describe('line editing', () => {
	it('a prefilled default is replaced by the first printable key, kept by an editing key', () => {
		expect(keys(initialLine('codex-bedrock'), ['x'], ['y']).value).toBe('xy');
		expect(keys(initialLine('codex-bedrock'), ['', {backspace: true}], ['x']).value).toBe('codex-bedrocx');
		expect(keys(initialLine('codex-bedrock'), ['', {home: true}], ['x']).value).toBe('xcodex-bedrock');
		expect(keys(initialLine('codex-bedrock'), ['', {leftArrow: true}], ['-']).value).toBe('codex-bedroc-k');
	});

	it('Ctrl-U, Ctrl-K, Ctrl-W, Alt-Backspace, Ctrl-A/E, Home/End, Ctrl-B/F', () => {
		const typed = keys(initialLine(), ['aws sso login']);
		expect(typed).toMatchObject({value: 'aws sso login', cursor: 13});
		expect(keys(typed, ['w', {ctrl: true}]).value).toBe('aws sso ');
		expect(keys(typed, ['', {backspace: true, meta: true}]).value).toBe('aws sso ');
		expect(keys(typed, ['u', {ctrl: true}])).toMatchObject({value: '', cursor: 0});
		expect(keys(typed, ['a', {ctrl: true}], ['>'])).toMatchObject({value: '>aws sso login'});
		expect(keys(typed, ['', {home: true}], ['', {end: true}], ['!']).value).toBe('aws sso login!');
		expect(keys(typed, ['a', {ctrl: true}], ['f', {ctrl: true}], ['k', {ctrl: true}]).value).toBe('a');
		expect(keys(typed, ['b', {ctrl: true}], ['u', {ctrl: true}]).value).toBe('n');
		expect(keys(typed, ['e', {ctrl: true}], ['.']).value).toBe('aws sso login.');
	});

	it('Enter submits the value; control characters never go into it; a paste goes in whole', () => {
		expect(editLine(keys(initialLine(), ['abc']), '', {return: true})).toEqual({type: 'submit', value: 'abc'});
		expect(keys(initialLine(), ['a\u0001b']).value).toBe('ab');
		expect(keys(initialLine('x'), ['https://d-1234567890.awsapps.com/start']).value).toBe('https://d-1234567890.awsapps.com/start');
		expect(editLine(initialLine(), '', {escape: true})).toEqual({type: 'ignore'});
	});

	it('a chunk with a line break submits the text before it (the rest is dropped), shown in the field', () => {
		expect(editLine(initialLine('codex-bedrock'), 'dev\r', {})).toEqual({type: 'submit', value: 'dev', state: {value: 'dev', cursor: 3, pristine: false}});
		expect(editLine(keys(initialLine(), ['ab']), 'c\nsecond line', {})).toMatchObject({type: 'submit', value: 'abc'});
		// A line break alone (Ctrl-J, which Ink does not call return) is Enter too.
		expect(editLine(keys(initialLine(), ['ab']), '\n', {})).toEqual({type: 'submit', value: 'ab'});
	});
});

describe('the live region plan', () => {
	const failure = {full: 14, compact: 11, minimal: 8};
	const whatNow = {rowsWithoutChoices: 5, helpRows: 0, choices: 5, footerRows: 2};

	it('fits in rows - 1, giving way in order: pending line, failure detail, list length, help, key line', () => {
		const roomy = planLive({rows: 40, columns: 100, tasks: 0, failureRows: failure, question: whatNow});
		expect(roomy).toMatchObject({showPending: true, compactFailure: false, selectRows: 5, showFooter: true, showTitle: true});
		for (const rows of [30, 24, 22, 20, 18, 16]) {
			const plan = planLive({rows, columns: 80, tasks: 1, failureRows: failure, question: whatNow});
			expect(plan.used).toBeLessThanOrEqual(rows - 1);
			expect(plan.clip).toBe(false);
		}
		// Smaller than anything can fit: the view is told to cut the region to the budget.
		expect(planLive({rows: 8, columns: 80, tasks: 1, failureRows: failure, question: whatNow})).toMatchObject({clip: true, budget: 7});
		const tight = planLive({rows: 24, columns: 80, tasks: 0, failureRows: failure, question: whatNow});
		// At 80x24 the "What now?" list stays whole: the pending line and the rule's source give way first.
		expect(tight).toMatchObject({showPending: false, compactFailure: true, selectRows: 5, showTitle: true});
	});

	it('shortens a long list only where that saves rows (a partial list costs two "more" lines)', () => {
		const regions = {rowsWithoutChoices: 6, helpRows: 1, choices: 24, footerRows: 2};
		const plan = planLive({rows: 16, columns: 80, tasks: 0, question: regions});
		expect(plan.used).toBeLessThanOrEqual(15);
		expect(plan.selectRows).toBeGreaterThanOrEqual(3);
		// Five choices shown as three plus two "more" lines save nothing: all five stay, or fall to one or two.
		const five = planLive({rows: 14, columns: 80, tasks: 0, failureRows: {full: 6, compact: 5, minimal: 4}, question: whatNow});
		expect([5, 2, 1]).toContain(five.selectRows);
	});
});

describe('copyable text', () => {
	it('a note too long for the terminal puts its URL or ARN on a line of its own, without the full stop', () => {
		const arn = 'arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_BedrockDeveloper_0123456789abcdef/dev@example.com';
		expect(splitCopyable(`Signed in as ${arn} (account 111122223333).`, 80)).toEqual([
			{text: 'Signed in as', copy: false},
			{text: arn, copy: true},
			{text: '(account 111122223333).', copy: false},
		]);
		expect(splitCopyable('Open https://example.com/start.', 80)).toEqual([{text: 'Open https://example.com/start.', copy: false}]);
		expect(splitCopyable(`Open ${'https://example.com/' + 'x'.repeat(80)}.`, 80)).toEqual([
			{text: 'Open', copy: false},
			{text: `https://example.com/${'x'.repeat(80)}`, copy: true},
			{text: '.', copy: false},
		]);
		// Nothing is lost: the closing parenthesis and full stop go to the words after the ARN.
		const fix = 'Ask your administrator (or allow bedrock-mantle:CreateInference on arn:aws:bedrock-mantle:us-east-1:*:project/*). Then retry.';
		expect(splitCopyable(fix, 60)).toEqual([
			{text: 'Ask your administrator (or allow bedrock-mantle:CreateInference on', copy: false},
			{text: 'arn:aws:bedrock-mantle:us-east-1:*:project/*', copy: true},
			{text: '). Then retry.', copy: false},
		]);
	});

	it('rows are counted as Ink wraps; hyperlinks only where the terminal is known to show them', () => {
		expect(rowsOf('x'.repeat(160), 80)).toBe(2);
		expect(rowsOf('a\nb', 80)).toBe(2);
		expect(supportsHyperlinks({TERM_PROGRAM: 'iTerm.app'})).toBe(true);
		expect(supportsHyperlinks({TERM_PROGRAM: 'iTerm.app', TMUX: '/tmp/x'})).toBe(false);
		expect(supportsHyperlinks({TERM: 'xterm-256color'})).toBe(false);
		expect(supportsHyperlinks({FORCE_HYPERLINK: '1', CI: 'true'})).toBe(true);
	});
});
