// What a team lead sets up in the account, as the simulated AWS holds it: AWS Budgets, CloudTrail trails,
// Bedrock model-invocation logging per region, and IAM Identity Center's instance and permission sets.
// The services (services/budgets.ts, cloudtrail.ts, sso-admin.ts, the logging route in bedrock.ts) read
// and change these; iam.ts evaluates a caller's calls against its permission set's provisioned policy.

export interface BudgetNotificationFixture {
	NotificationType: 'ACTUAL' | 'FORECASTED';
	ComparisonOperator: 'GREATER_THAN' | 'LESS_THAN' | 'EQUAL_TO';
	Threshold: number;
	ThresholdType?: 'PERCENTAGE' | 'ABSOLUTE_VALUE';
	NotificationState?: 'OK' | 'ALARM';
	subscribers: Array<{SubscriptionType: 'EMAIL' | 'SNS'; Address: string}>;
}

export interface BudgetFixture {
	BudgetName: string;
	BudgetType: 'COST' | 'USAGE' | 'RI_UTILIZATION' | 'RI_COVERAGE' | 'SAVINGS_PLANS_UTILIZATION' | 'SAVINGS_PLANS_COVERAGE';
	TimeUnit: 'DAILY' | 'MONTHLY' | 'QUARTERLY' | 'ANNUALLY' | 'CUSTOM';
	BudgetLimit: {Amount: string; Unit: string};
	/** The legacy filter map ({Service: ["Amazon Bedrock"]}); absent: all costs of the account. */
	CostFilters?: Record<string, string[]>;
	notifications: BudgetNotificationFixture[];
}

export interface TrailFixture {
	Name: string;
	HomeRegion: string;
	IsMultiRegionTrail: boolean;
	S3BucketName: string;
	IsLogging: boolean;
	IsOrganizationTrail?: boolean;
	/** Basic event selector: whether management events (every Bedrock control-plane call) are recorded; default true. */
	IncludeManagementEvents?: boolean;
}

export interface InvocationLoggingFixture {
	textDataDeliveryEnabled: boolean;
	s3Config?: {bucketName: string; keyPrefix?: string};
	cloudWatchConfig?: {logGroupName: string; roleArn: string};
}

export interface PermissionSetFixture {
	Name: string;
	/** arn:aws:sso:::permissionSet/ssoins-.../ps-... */
	PermissionSetArn: string;
	Description?: string;
	CreatedDate: number;
	SessionDuration?: string;
	/** The inline policy as IAM Identity Center shows it (a JSON string), if any. */
	inlinePolicy?: string;
	/** AWS managed policies attached (ARNs); AdministratorAccess allows everything. */
	managedPolicies?: string[];
	/**
	 * What the role in the account has: the policies as of the last ProvisionPermissionSet. A change to the
	 * permission set reaches the developers' role only when it is provisioned again, as in IAM Identity Center.
	 */
	provisioned: {inlinePolicy?: string; managedPolicies?: string[]};
	/** The accounts it is provisioned to. */
	accounts: string[];
}

export interface TeamFixture {
	budgets: BudgetFixture[];
	trails: TrailFixture[];
	/** Model-invocation logging per region; absent: not configured there. */
	invocationLogging: Record<string, InvocationLoggingFixture>;
	identityCenter: {InstanceArn: string; IdentityStoreId: string; permissionSets: PermissionSetFixture[]};
	provisioningRequests?: Map<string, {RequestId: string; Status: 'SUCCEEDED'; PermissionSetArn: string; CreatedDate: number}>;
}

export const INSTANCE_ARN = 'arn:aws:sso:::instance/ssoins-72230000fakefake';
export const ADMINISTRATOR_ACCESS = 'arn:aws:iam::aws:policy/AdministratorAccess';

export function permissionSetArn(id: string): string {
	return `arn:aws:sso:::permissionSet/${INSTANCE_ARN.split('/')[1]}/ps-${id}`;
}

/** The four alerts the seed's readiness checklist asks for. */
export function seedNotifications(address: string): BudgetNotificationFixture[] {
	const subscribers = [{SubscriptionType: 'EMAIL' as const, Address: address}];
	return [
		...[50, 80, 100].map((Threshold) => ({NotificationType: 'ACTUAL' as const, ComparisonOperator: 'GREATER_THAN' as const, Threshold, ThresholdType: 'PERCENTAGE' as const, NotificationState: 'OK' as const, subscribers})),
		{NotificationType: 'FORECASTED', ComparisonOperator: 'GREATER_THAN', Threshold: 100, ThresholdType: 'PERCENTAGE', NotificationState: 'OK', subscribers},
	];
}
