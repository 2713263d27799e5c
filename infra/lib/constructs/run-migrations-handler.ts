/**
 * Source of the RunMigrations Lambda (inline, so synth copies no asset). Node.js runtimes on
 * Lambda ship the AWS SDK v3; `ecs` can be swapped for a fake in tests (see run-migrations.test).
 *
 * It starts the migrate task, waits for it to stop and fails unless its container exited 0.
 * A deadline shorter than Lambda's 15-minute cap turns "still running" into a clear failure:
 * the task goes on (resumable, under the advisory lock), the deploy stops before the services.
 */
export const RUN_MIGRATIONS_HANDLER = `
const { ECSClient, RunTaskCommand, DescribeTasksCommand } = require('@aws-sdk/client-ecs');
exports.ecs = new ECSClient({});
exports.sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

exports.handler = async () => {
  const env = process.env;
  const started = await exports.ecs.send(new RunTaskCommand({
    cluster: env.CLUSTER_ARN,
    taskDefinition: env.TASK_DEFINITION_ARN,
    launchType: 'FARGATE',
    count: 1,
    startedBy: 'healthsync-deploy',
    networkConfiguration: { awsvpcConfiguration: {
      subnets: env.SUBNET_IDS.split(','), securityGroups: env.SECURITY_GROUP_IDS.split(','), assignPublicIp: 'DISABLED',
    } },
  }));
  const taskArn = started.tasks && started.tasks[0] && started.tasks[0].taskArn;
  if (!taskArn) throw new Error('migrate task did not start: ' + JSON.stringify(started.failures || []));
  console.log('migrate task started: ' + taskArn);
  const deadline = Date.now() + Number(env.WAIT_SECONDS) * 1000;
  for (;;) {
    await exports.sleep(Number(env.POLL_SECONDS) * 1000);
    const described = await exports.ecs.send(new DescribeTasksCommand({ cluster: env.CLUSTER_ARN, tasks: [taskArn] }));
    const task = described.tasks && described.tasks[0];
    if (task && task.lastStatus === 'STOPPED') {
      const container = (task.containers || []).find((c) => c.name === env.CONTAINER_NAME) || {};
      if (container.exitCode === 0) return { taskArn };
      throw new Error('migrate task ' + taskArn + ' failed: exit ' + container.exitCode + ' ' +
        (container.reason || task.stoppedReason || '') + '; the services were not updated, see its log group');
    }
    if (Date.now() >= deadline) {
      throw new Error('migrate task ' + taskArn + ' still running after ' + env.WAIT_SECONDS + ' s; it goes on, the ' +
        'services were not updated: deploy again once it has stopped (docs/operations.md#migrations)');
    }
  }
};
`;
