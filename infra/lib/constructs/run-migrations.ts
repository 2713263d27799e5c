import { type CfnElement, Duration, Fn, Stack, Validations } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as triggers from 'aws-cdk-lib/triggers';
import { Construct } from 'constructs';
import type { MigrateTask } from './migrate-task';
import { RUN_MIGRATIONS_HANDLER } from './run-migrations-handler';

export interface RunMigrationsProps {
  readonly cluster: ecs.ICluster;
  readonly task: MigrateTask;
  /** Where the task runs and which security group lets it reach PostgreSQL (the service's). */
  readonly subnets: ec2.SubnetSelection;
  readonly vpc: ec2.IVpc;
  readonly securityGroups: ec2.ISecurityGroup[];
  /** Constructs that must not update before the migrations are applied (the service). */
  readonly before: Construct[];
  readonly logRetention: logs.RetentionDays;
}

/** Lambda stops an invocation at 15 minutes; the handler gives up a minute earlier with a clear message. */
const WAIT = Duration.minutes(14);
const POLL = Duration.seconds(15);

/**
 * Runs the migrate task once per deploy, before the service updates, and fails the deploy
 * (the service keeps its previous task definition) if the task does not exit 0.
 *
 * Why a CDK Trigger: it is an ordering CloudFormation itself enforces (the service DependsOn
 * the trigger), so no pipeline step can be forgotten or run out of order, and the trigger runs
 * again whenever its function changes, which it does each deploy because the function's
 * environment names the new task definition revision. A Trigger invokes a Lambda synchronously,
 * so "run this Fargate task and wait" holds for up to Lambda's 15 minutes: enough for schema
 * changes and batched conversions of today's tables. A conversion that runs longer keeps going
 * in its task (resumable batches, advisory lock) while this deploy fails safely; the operator
 * deploys again once it has stopped (docs/operations.md#migrations). A Provider-framework custom
 * resource would stretch the wait to one hour at the cost of a Step Functions machine and three
 * more functions, and still not cover a multi-hour conversion, so it buys little.
 */
export class RunMigrations extends Construct {
  readonly function: lambda.Function;
  readonly trigger: triggers.Trigger;

  constructor(scope: Construct, id: string, props: RunMigrationsProps) {
    super(scope, id);
    const { taskDefinition } = props.task;
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: props.logRetention });
    // Its own role, writing only to its own log group (no AWS-managed basic execution policy).
    const role = new iam.Role(this, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(role);

    this.function = new lambda.Function(this, 'Function', {
      description: 'Runs the migrate task before the service updates (deploy step)',
      runtime: lambda.Runtime.NODEJS_24_X,
      role,
      handler: 'index.handler',
      code: lambda.Code.fromInline(RUN_MIGRATIONS_HANDLER),
      timeout: Duration.minutes(15),
      memorySize: 256,
      logGroup,
      environment: {
        CLUSTER_ARN: props.cluster.clusterArn,
        TASK_DEFINITION_ARN: taskDefinition.taskDefinitionArn,
        CONTAINER_NAME: props.task.container.containerName,
        SUBNET_IDS: Fn.join(',', props.vpc.selectSubnets(props.subnets).subnetIds),
        SECURITY_GROUP_IDS: Fn.join(
          ',',
          props.securityGroups.map((g) => g.securityGroupId),
        ),
        WAIT_SECONDS: String(WAIT.toSeconds()),
        POLL_SECONDS: String(POLL.toSeconds()),
      },
    });
    this.trigger = new triggers.Trigger(this, 'Trigger', {
      handler: this.function,
      // Wait for the answer, as long as the function may run: the service must not update
      // while a migration is still running.
      invocationType: triggers.InvocationType.REQUEST_RESPONSE,
      timeout: Duration.minutes(15),
      executeOnHandlerChange: true,
      executeBefore: props.before,
    });

    this.function.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['ecs:RunTask'], resources: [taskDefinition.taskDefinitionArn] }),
    );
    const stack = Stack.of(this);
    const taskArns = stack.formatArn({ service: 'ecs', resource: 'task', resourceName: `${props.cluster.clusterName}/*` });
    this.function.addToRolePolicy(new iam.PolicyStatement({ actions: ['ecs:DescribeTasks'], resources: [taskArns] }));
    const clusterId = stack.getLogicalId(props.cluster.node.defaultChild as CfnElement);
    Validations.of(role.node.findChild('DefaultPolicy')).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:aws:ecs:${stack.region}:${stack.account}:task/<${clusterId}>/*]`,
      reason:
        'A task ARN exists only once RunTask has started it, so DescribeTasks is granted on the tasks of this one cluster; it reads status, nothing else.',
    });
    this.function.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [taskDefinition.obtainExecutionRole().roleArn, taskDefinition.taskRole.roleArn],
      }),
    );
  }
}
