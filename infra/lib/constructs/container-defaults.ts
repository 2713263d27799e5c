import { Size, Validations } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

/** awslogs to the given group, for every container this app runs (service and migrate task). */
export function awsLogDriver(logGroup: logs.ILogGroup, streamPrefix: string): ecs.LogDriver {
  return ecs.LogDrivers.awsLogs({
    logGroup,
    streamPrefix,
    // A CloudWatch Logs hiccup must not block stdout and freeze the event loop
    // (health checks would fail, ECS would kill the task); losing log lines
    // from a full 25 MiB buffer is the lesser evil.
    mode: ecs.AwsLogDriverMode.NON_BLOCKING,
    maxBufferSize: Size.mebibytes(25),
  });
}

/**
 * The image runs `node` as PID 1 (exec-form CMD, no shell), which receives
 * SIGTERM because Nest registers handlers for it. ECS's init process (tini)
 * additionally reaps zombies and forwards signals, like `init: true` in compose.
 */
export function initProcess(scope: Construct, id: string): ecs.LinuxParameters {
  return new ecs.LinuxParameters(scope, id, { initProcessEnabled: true });
}

/** Every task definition's execution role holds this one wildcard; the reason is the same for all. */
export function acknowledgeEcrAuthWildcard(taskDefinition: ecs.TaskDefinition): void {
  Validations.of(taskDefinition.obtainExecutionRole()).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'The only wildcard is ecr:GetAuthorizationToken, which has no resource-level permissions (it must be "*"); image pulls, logs and secret reads are scoped to their ARNs.',
  });
}
