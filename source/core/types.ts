// The step engine's vocabulary. Nothing in source/core imports Ink or React: a step is plain
// TypeScript that detects, asks (through StepIO), calls and writes, and returns an outcome.

export type StepId = 'preflight' | 'sso-profile' | 'region' | 'model-access' | 'codex-config' | 'test-prompt' | 'summary';

export type Tone = 'info' | 'success' | 'warning' | 'error';

export interface Choice {
	value: string;
	label: string;
	/** A short second column: "valid, 47 min left", "in-region", ... */
	hint?: string;
}

interface QuestionBase {
	/** Stable id (also the key under which the answer is recorded). */
	id: string;
	message: string;
	/**
	 * The command-line flag that answers this question without asking (e.g. "--region"). Questions
	 * without a flag (a confirmation) are answered by --yes.
	 */
	flag?: string;
	/** One line of help shown under the question. */
	help?: string;
}

export interface SelectQuestion extends QuestionBase {
	kind: 'select';
	choices: Choice[];
	default?: string;
}

export interface TextQuestion extends QuestionBase {
	kind: 'text';
	default?: string;
	placeholder?: string;
	/** Returns an error message for a bad value, undefined when it is fine. */
	validate?: (value: string) => string | undefined;
}

export interface ConfirmQuestion extends QuestionBase {
	kind: 'confirm';
	default: boolean;
	/** --yes does not answer it: only its own flag (or a person) can, e.g. accepting a Marketplace agreement. */
	explicit?: boolean;
	/** What --yes (or no terminal) answers; true unless set. Installing software, for one, is false. */
	unattended?: boolean;
}

export type Question = SelectQuestion | TextQuestion | ConfirmQuestion;
export type AnswerOf<Q extends Question> = Q extends ConfirmQuestion ? boolean : string;

/** What the user has chosen so far; each step reads what it needs and adds what it decided. */
export interface Answers {
	profile?: string;
	ssoSession?: string;
	startUrl?: string;
	ssoRegion?: string;
	scopes?: string;
	accountId?: string;
	roleName?: string;
	region?: string;
	model?: string;
	/** Which of Codex's Bedrock providers: mantle (amazon-bedrock) or runtime (amazon-bedrock-runtime). */
	route?: 'mantle' | 'runtime';
	/** Where the model's inference profile may process prompts: in-region, geo (us., eu., ...) or global. */
	inferenceScope?: 'in-region' | 'geo' | 'global';
	codexProfile?: string;
	identityArn?: string;
	/** Where the profile's credentials come from, when it is not an SSO profile the wizard manages. */
	credentialSource?: import('./aws-config/credential-sources.js').SourceKind;
	/** The re-sign-in command Codex runs by itself (auth_refresh), when the Codex config step wrote one. */
	authRefresh?: string;
}

export interface WrittenFile {
	path: string;
	/** would-create / would-update: a --dry-run showed the change and wrote nothing. */
	action: 'created' | 'updated' | 'unchanged' | 'would-create' | 'would-update';
	backup?: string;
}

/**
 * A typed failure: what the troubleshooting rules match on. Messages are one line and already
 * redacted; nothing secret may be put in here.
 */
export interface StepFailure {
	/** Machine-readable: "aws.AccessDeniedException", "node.ENOTFOUND", "oidc.access_denied", "usage.missing-answer", ... */
	code: string;
	/** One line, for humans. */
	message: string;
	/** SDK error name, when the failure came from an AWS call. */
	errorName?: string;
	httpStatus?: number;
	requestId?: string;
	/** Node's error code (ENOTFOUND, ECONNREFUSED, SELF_SIGNED_CERT_IN_CHAIN, ...). */
	nodeCode?: string;
	/** OAuth error from SSO OIDC (authorization_pending, access_denied, ...). */
	oidcError?: string;
	/** A hint the step itself knows (the rule table adds its own cause and fix). */
	hint?: string;
	/** The step that can fix this, when it is another one (an expired token goes back to login). */
	fixStep?: StepId;
	/** Values the step had chosen when it failed (the model it was checking), for the rule's fix text. */
	context?: Partial<Answers>;
	/** The troubleshooting rule that matched (added by the driver): likely cause, fix, source. */
	diagnosis?: import('./troubleshoot/explain.js').Diagnosis;
}

export type StepOutcome =
	| {
			status: 'done';
			summary: string;
			answers?: Partial<Answers>;
			files?: WrittenFile[];
			/** Later steps found already set up (a re-run): shown done with these summaries, and passed over. */
			resume?: Array<{id: StepId; summary: string}>;
	  }
	| {status: 'skipped'; summary: string}
	| {status: 'failed'; failure: StepFailure};

/** What a step finds on disk and in the account before asking anything (re-runs, doctor). */
export interface Detection {
	status: 'ok' | 'missing' | 'broken';
	summary: string;
	/** Current values, used to prefill the step's questions. */
	values?: Partial<Answers>;
}

/** How a step talks to the user: the same interface behind the Ink UI, the plain UI and --yes. */
export interface StepIO {
	/** Ask one question. Throws BackSignal (Esc) or CancelledError (Ctrl-C). */
	ask(question: SelectQuestion | TextQuestion): Promise<string>;
	ask(question: ConfirmQuestion): Promise<boolean>;
	/** Run something slow under a spinner with elapsed time; `setLabel` changes its text (a countdown). */
	task<T>(label: string, work: (signal: AbortSignal, setLabel: (label: string) => void) => Promise<T>): Promise<T>;
	/** A status line under the current step. */
	note(message: string, tone?: Tone): void;
	/** A block of preformatted lines (a diff, a table, a file list). */
	block(title: string, lines: string[]): void;
}

/** What a step may read of the wizard as a whole. */
export interface WizardView {
	/** Files written so far by earlier steps. */
	files: readonly WrittenFile[];
	/** Every step's status and one-line summary so far (the summary step's readiness record lists them). */
	steps?: ReadonlyArray<{id: StepId; title: string; status: string; summary?: string}>;
	/** The user went back to this step (Esc): ask again, with what was chosen as the default. */
	revisit?: boolean;
	/**
	 * The running step has what later steps need (the SSO step: working role credentials): their
	 * prefetch starts now, with these answers, as if this step were done. Absent outside the driver.
	 */
	prefetch?(answers: Partial<Answers>): void;
}

export interface FlagSpec {
	name: string;
	type: 'string' | 'boolean';
	description: string;
	/** Shown in --help, e.g. "NAME" for --profile NAME. */
	valueName?: string;
}

export interface Step {
	id: StepId;
	title: string;
	/** Flags that answer this step's questions, for --help and the parser. */
	flags: FlagSpec[];
	/** Read-only look at the current state (for re-runs and doctor). */
	detect?(ctx: import('./context.js').Context, answers: Answers): Promise<Detection>;
	/** Ask, call, write. Returns an outcome; may also throw (the driver turns errors into failures). */
	run(ctx: import('./context.js').Context, io: StepIO, answers: Answers, wizard: WizardView): Promise<StepOutcome>;
	/**
	 * Start, in the background, work this step will need that waits for no answer still to come (the
	 * region probe once the profile is proven, the Codex and AWS CLI versions), so it is done or under way
	 * when the step runs. The driver calls it for every later step after each step finishes. It must not
	 * ask, show or throw anything; results go through run-state.ts's once(), which the step reads.
	 */
	prefetch?(ctx: import('./context.js').Context, answers: Answers, wizard: WizardView): void;
}
