// How long the wizard waits for one AWS answer, and saying so. An endpoint that accepts the connection and
// never answers (a proxy that swallows requests, a half-open VPN) otherwise holds the run for the SDK's
// request time-out times its retries (3 x 30 s = 90 s measured for ListAccounts), with a spinner that does
// not say what it waits for or until when. Here: one deadline for the whole call, retries included, stated
// in the spinner's label, and a failure in our words when it passes.
import type {Context} from '../context.js';
import {StepError} from '../errors.js';

export const AWS_WAIT_MS = 30_000;

export function awsWaitMs(ctx: Pick<Context, 'awsWaitMs'>): number {
	return ctx.awsWaitMs ?? AWS_WAIT_MS;
}

function seconds(ms: number): string {
	return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
}

/** "Listing your AWS accounts (waiting up to 30 s)". */
export function waitLabel(ctx: Pick<Context, 'awsWaitMs'>, label: string): string {
	return `${label} (waiting up to ${seconds(awsWaitMs(ctx))})`;
}

/** Run `work` with a signal that also fires at the deadline; past it, a network.no-answer failure. */
export async function withDeadline<T>(ctx: Pick<Context, 'awsWaitMs' | 'signal'>, what: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
	const ms = awsWaitMs(ctx);
	// One controller for both ends (AbortSignal.any would leave a listener on ctx.signal per call).
	const controller = new AbortController();
	let timedOut = false;
	const timer = setTimeout(() => {
		timedOut = true;
		controller.abort();
	}, ms);
	const cancel = () => controller.abort(ctx.signal.reason);
	if (ctx.signal.aborted) cancel();
	ctx.signal.addEventListener('abort', cancel, {once: true});
	try {
		return await new Promise<T>((resolve, reject) => {
			controller.signal.addEventListener('abort', () => reject(controller.signal.reason), {once: true});
			work(controller.signal).then(resolve, reject);
		});
	} catch (error) {
		if (timedOut && !ctx.signal.aborted) {
			throw new StepError({code: 'network.no-answer', message: `No answer from ${what} within ${seconds(ms)}: the connection was accepted, but nothing came back, so the wizard stopped waiting.`});
		}
		throw error;
	} finally {
		clearTimeout(timer);
		ctx.signal.removeEventListener('abort', cancel);
	}
}
