// AWS Budgets (budgets.amazonaws.com, global; awsJson1_1, X-Amz-Target AWSBudgetServiceGateway.*, SigV4
// "budgets" in us-east-1). DescribeBudgets, DescribeNotificationsForBudget, DescribeSubscribersForNotification
// and CreateBudget over the scenario's team fixture. An account with no budget answers NotFoundException
// (the operation declares it; the wording is INFERRED).
import type {BudgetFixture, BudgetNotificationFixture} from '../team-fixtures.js';
import {json11, Json11Error, required, teamOf, type OperationContext} from './json11.js';

function account(input: Record<string, unknown>, {caller}: OperationContext): void {
	required(input, 'AccountId');
	if (input['AccountId'] !== caller.accountId) throw new Json11Error(400, 'AccessDeniedException', `User: ${caller.arn} is not authorized to perform: budgets:ViewBudget on resource: arn:aws:budgets::${String(input['AccountId'])}:budget/*`);
}

function budgetNamed(context: OperationContext, name: unknown): BudgetFixture {
	const budget = teamOf(context.world).budgets.find((b) => b.BudgetName === name);
	if (!budget) throw new Json11Error(400, 'NotFoundException', `Unable to get budget: ${String(name)} - the budget doesn't exist.`);
	return budget;
}

function publicBudget({notifications: _n, ...budget}: BudgetFixture) {
	return {...budget, CostTypes: {IncludeTax: true, IncludeSubscription: true, UseBlended: false}, TimePeriod: {Start: 1_764_547_200, End: 3_706_473_600}};
}

const sameNotification = (a: Omit<BudgetNotificationFixture, 'subscribers'>, b: Record<string, unknown>) =>
	a.NotificationType === b['NotificationType'] && a.ComparisonOperator === b['ComparisonOperator'] && a.Threshold === b['Threshold'] && (a.ThresholdType ?? 'PERCENTAGE') === (b['ThresholdType'] ?? 'PERCENTAGE');

export const budgets = json11({
	targetPrefixes: ['AWSBudgetServiceGateway'],
	signingName: 'budgets',
	fixedRegion: 'us-east-1',
	operations: {
		DescribeBudgets(input, context) {
			account(input, context);
			const list = teamOf(context.world).budgets;
			if (list.length === 0) throw new Json11Error(400, 'NotFoundException', `Unable to get budgets for account ${context.caller.accountId} - no budgets found.`);
			return {Budgets: list.map(publicBudget)};
		},
		DescribeNotificationsForBudget(input, context) {
			account(input, context);
			required(input, 'BudgetName');
			const budget = budgetNamed(context, input['BudgetName']);
			return {Notifications: budget.notifications.map(({subscribers: _s, ...n}) => n)};
		},
		DescribeSubscribersForNotification(input, context) {
			account(input, context);
			required(input, 'BudgetName', 'Notification');
			const notification = budgetNamed(context, input['BudgetName']).notifications.find((n) => sameNotification(n, input['Notification'] as Record<string, unknown>));
			if (!notification) throw new Json11Error(400, 'NotFoundException', 'Unable to get subscribers: the notification does not exist.');
			return {Subscribers: notification.subscribers};
		},
		CreateNotification(input, context) {
			account(input, context);
			required(input, 'BudgetName', 'Notification', 'Subscribers');
			const budget = budgetNamed(context, input['BudgetName']);
			const notification = input['Notification'] as Omit<BudgetNotificationFixture, 'subscribers'>;
			required(notification as unknown as Record<string, unknown>, 'NotificationType', 'ComparisonOperator', 'Threshold');
			if (budget.notifications.some((n) => sameNotification(n, notification as unknown as Record<string, unknown>))) throw new Json11Error(400, 'DuplicateRecordException', 'The notification already exists.');
			budget.notifications.push({...notification, NotificationState: 'OK', subscribers: input['Subscribers'] as BudgetNotificationFixture['subscribers']});
			return {};
		},
		CreateBudget(input, context) {
			account(input, context);
			required(input, 'Budget');
			const budget = input['Budget'] as Record<string, unknown>;
			required(budget, 'BudgetName', 'BudgetType', 'TimeUnit');
			const team = teamOf(context.world);
			if (team.budgets.some((b) => b.BudgetName === budget['BudgetName'])) throw new Json11Error(400, 'DuplicateRecordException', `Error creating budget: ${String(budget['BudgetName'])} - the budget already exists.`);
			const limit = budget['BudgetLimit'] as {Amount?: string; Unit?: string} | undefined;
			if (budget['BudgetType'] === 'COST' && (!limit?.Amount || !(Number(limit.Amount) > 0))) throw new Json11Error(400, 'InvalidParameterException', 'The budget limit must be a positive amount.');
			const withSubscribers = (input['NotificationsWithSubscribers'] ?? []) as Array<{Notification: Omit<BudgetNotificationFixture, 'subscribers'>; Subscribers: BudgetNotificationFixture['subscribers']}>;
			for (const entry of withSubscribers) {
				required(entry as unknown as Record<string, unknown>, 'Notification', 'Subscribers');
				if (!entry.Subscribers.length || entry.Subscribers.some((s) => s.SubscriptionType === 'EMAIL' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(s.Address))) throw new Json11Error(400, 'InvalidParameterException', 'A notification needs at least one subscriber with a valid email address.');
			}
			team.budgets.push({
				BudgetName: String(budget['BudgetName']),
				BudgetType: budget['BudgetType'] as BudgetFixture['BudgetType'],
				TimeUnit: budget['TimeUnit'] as BudgetFixture['TimeUnit'],
				BudgetLimit: {Amount: String(limit?.Amount ?? '0'), Unit: String(limit?.Unit ?? 'USD')},
				...(budget['CostFilters'] ? {CostFilters: budget['CostFilters'] as Record<string, string[]>} : {}),
				notifications: withSubscribers.map((entry) => ({...entry.Notification, NotificationState: 'OK' as const, subscribers: entry.Subscribers})),
			});
			return {};
		},
	},
});
