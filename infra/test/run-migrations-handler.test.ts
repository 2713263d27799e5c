import { RUN_MIGRATIONS_HANDLER } from '../lib/constructs/run-migrations-handler';

/** The RunMigrations Lambda's code, run here with a fake ECS client (the real SDK is Lambda's). */
interface Command {
  kind: string;
  input: any;
}

function load(replies: Array<(c: Command) => unknown>) {
  const sent: Command[] = [];
  const command = (kind: string) =>
    class {
      readonly kind = kind;
      constructor(readonly input: unknown) {}
    };
  const fakeRequire = (name: string) => {
    expect(name).toBe('@aws-sdk/client-ecs');
    return {
      ECSClient: class {},
      RunTaskCommand: command('RunTask'),
      DescribeTasksCommand: command('DescribeTasks'),
    };
  };
  const mod: { exports: any } = { exports: {} };
  new Function('require', 'exports', 'module', RUN_MIGRATIONS_HANDLER)(fakeRequire, mod.exports, mod);
  mod.exports.ecs = {
    send: async (c: Command) => {
      sent.push(c);
      const reply = replies.shift();
      if (!reply) throw new Error(`unexpected ${c.kind}`);
      return reply(c);
    },
  };
  mod.exports.sleep = async () => undefined;
  return { handler: mod.exports.handler as () => Promise<unknown>, sent };
}

const TASK = 'arn:aws:ecs:eu-west-1:123456789012:task/c/abc';
const started = () => ({ tasks: [{ taskArn: TASK }], failures: [] });
const status = (lastStatus: string, exitCode?: number, reason?: string) => () => ({
  tasks: [{ lastStatus, containers: [{ name: 'migrate', exitCode, reason }], stoppedReason: 'Essential container exited' }],
});

describe('RunMigrations handler', () => {
  const saved = { ...process.env };
  beforeEach(() => {
    Object.assign(process.env, {
      CLUSTER_ARN: 'cluster-arn',
      TASK_DEFINITION_ARN: 'migrate-td:7',
      CONTAINER_NAME: 'migrate',
      SUBNET_IDS: 'subnet-a,subnet-b',
      SECURITY_GROUP_IDS: 'sg-1',
      WAIT_SECONDS: '840',
      POLL_SECONDS: '0',
    });
  });
  afterEach(() => {
    process.env = { ...saved };
  });

  test('starts the migrate task in the given subnets and returns once its container exited 0', async () => {
    const { handler, sent } = load([started, status('PENDING'), status('RUNNING'), status('STOPPED', 0)]);
    await expect(handler()).resolves.toEqual({ taskArn: TASK });
    expect(sent[0]).toMatchObject({
      kind: 'RunTask',
      input: {
        cluster: 'cluster-arn',
        taskDefinition: 'migrate-td:7',
        launchType: 'FARGATE',
        networkConfiguration: {
          awsvpcConfiguration: { subnets: ['subnet-a', 'subnet-b'], securityGroups: ['sg-1'], assignPublicIp: 'DISABLED' },
        },
      },
    });
    expect(sent.slice(1).every((c) => c.kind === 'DescribeTasks' && c.input.tasks[0] === TASK)).toBe(true);
  });

  test('fails the deploy when the migration fails, naming the exit code', async () => {
    const { handler } = load([started, status('STOPPED', 1)]);
    await expect(handler()).rejects.toThrow(
      /migrate task .*abc failed: exit 1 Essential container exited; the services were not updated/,
    );
  });

  test('fails the deploy when the task cannot start', async () => {
    const { handler } = load([() => ({ tasks: [], failures: [{ reason: 'RESOURCE:ENI' }] })]);
    await expect(handler()).rejects.toThrow(/did not start: .*RESOURCE:ENI/);
  });

  test('gives up before Lambda does, saying the task goes on', async () => {
    process.env.WAIT_SECONDS = '0';
    const { handler } = load([started, status('RUNNING')]);
    await expect(handler()).rejects.toThrow(/still running after 0 s; it goes on, the services were not updated/);
  });
});
