import * as fs from 'node:fs';
import * as path from 'node:path';
import { DOCKERFILE, REPO_ROOT, hostCommand, parseDockerfile, resolveTarget } from './support/dockerfile';
import { lintDockerfile } from './support/lint';

/**
 * Static checks of docker/Dockerfile (Docker cannot run on our machines, so
 * the file itself is what we can test). The rules live in support/lint.ts;
 * the second block proves each rule actually fires.
 */
describe('docker/Dockerfile', () => {
  const dockerfile = parseDockerfile();

  test('passes every lint rule', () => {
    expect(lintDockerfile(dockerfile)).toEqual([]);
  });

  test.each(['api', 'worker'])('target %s runs its compiled entry point with node as PID 1', (name) => {
    const target = resolveTarget(dockerfile, name);
    expect(target.cmd).toEqual(['node', `dist/apps/${name}/src/main.js`]);
    expect(target.env.NODE_ENV).toBe('production');
    expect(target.user).toBe('node');
    // The command maps onto this checkout (used by entrypoints.e2e-spec.ts).
    expect(hostCommand(target)).toEqual(['node', `dist/apps/${name}/src/main.js`]);
  });

  test('runs Node 22 LTS (20 is out of security support), the version package.json engines asks for', () => {
    const image = dockerfile.getFROMs()[0].getImage() ?? '';
    const match = /^node:(\d+)\.(\d+)\.(\d+)/.exec(image);
    expect(match).not.toBeNull();
    expect(Number(match![1])).toBe(22);
    const engines: string = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).engines.node;
    expect(engines).toBe('>=22.12.0');
    expect(Number(match![2])).toBeGreaterThanOrEqual(12);
  });

  test('the probe URLs are the ones ECS uses (readiness on 3000 / 3001)', () => {
    expect(resolveTarget(dockerfile, 'api').healthcheck).toEqual([
      'node',
      '/app/docker/healthcheck.js',
      'http://127.0.0.1:3000/health/ready',
    ]);
    expect(resolveTarget(dockerfile, 'worker').healthcheck).toEqual([
      'node',
      '/app/docker/healthcheck.js',
      'http://127.0.0.1:3001/health/ready',
    ]);
  });

  test('the api target is the default (last) stage and only it exposes a port', () => {
    const froms = dockerfile.getFROMs();
    expect(froms[froms.length - 1].getBuildStage()).toBe('api');
    const exposeStages = dockerfile
      .getInstructions()
      .filter((i) => i.getKeyword() === 'EXPOSE')
      .map((i) =>
        dockerfile
          .getFROMs()
          .filter((f) => f.getRange().start.line < i.getRange().start.line)
          .pop()!
          .getBuildStage(),
      );
    expect(exposeStages).toEqual(['api']);
  });

  test('the build context is trimmed by Dockerfile.dockerignore', () => {
    const ignore = fs
      .readFileSync(`${DOCKERFILE}.dockerignore`, 'utf8')
      .split('\n')
      .map((l) => l.trim());
    for (const pattern of ['**/node_modules', '**/dist', '.git', 'infra']) expect(ignore).toContain(pattern);
    // ...but keeps what the Dockerfile copies.
    expect(ignore).toContain('!docker/healthcheck.js');
    expect(ignore).not.toContain('apps');
    expect(ignore).not.toContain('libs');
  });

  test('every file the build COPYs from the context exists in the repository', () => {
    const copied = dockerfile
      .getCOPYs()
      .filter((c) => !c.getFlags().some((f) => f.getName() === 'from'))
      .flatMap((c) =>
        c
          .getArguments()
          .slice(0, -1)
          .map((a) => a.getValue()),
      );
    // apps/ and libs/ are checked by the build itself; the rest must be here.
    for (const source of copied.filter((s) => !['apps', 'libs'].includes(s))) {
      expect(fs.existsSync(path.join(REPO_ROOT, source))).toBe(true);
    }
  });
});

describe('lint rules fire on a bad Dockerfile', () => {
  const bad = `
FROM node:latest AS base
WORKDIR /app
ARG NPM_TOKEN
ENV DATABASE_PASSWORD=hunter2
ENV DATABASE_URL=postgres://app:hunter2@db:5432/app

FROM base AS build
COPY . .
RUN npm install
RUN npm ci

FROM node:20 AS worker
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
ADD docker/healthcheck.js /srv/healthcheck.js
HEALTHCHECK CMD curl -f http://localhost:3001/health/ready || exit 1
CMD npm run start:worker

FROM base AS api
USER root
ENV PORT=3000
HEALTHCHECK CMD ["node", "/app/docker/healthcheck.js", "http://127.0.0.1:9999/health/ready"]
CMD ["npm", "run", "start:api"]
`;
  const violations = lintDockerfile(parseDockerfile(bad));
  const expectViolation = (pattern: RegExp) =>
    expect(violations).toEqual(expect.arrayContaining([expect.stringMatching(pattern)]));

  test('floating or latest base images', () => {
    expectViolation(/FROM node:latest: pin/);
    expectViolation(/FROM node:20: pin/);
  });
  test('secrets in ENV/ARG', () => {
    expectViolation(/ARG NPM_TOKEN: secrets/);
    expectViolation(/ENV DATABASE_PASSWORD: secrets/);
    expectViolation(/ENV DATABASE_URL: value carries credentials/);
  });
  test('root or missing USER', () => {
    expectViolation(/target worker: no USER/);
    expectViolation(/target api: USER root is root/);
  });
  test('health checks that need curl or hit the wrong port', () => {
    expectViolation(/HEALTHCHECK line \d+: uses curl/);
    expectViolation(/target worker: HEALTHCHECK missing|target worker: HEALTHCHECK must run/);
    expectViolation(/target api: HEALTHCHECK URL .*9999/);
  });
  test('npm in front of node, shell-form CMD, npm install, source before install, dev node_modules', () => {
    expectViolation(/target api: runs "npm run start:api"/);
    expectViolation(/target worker: CMD must be exec form/);
    expectViolation(/stage build: use "npm ci"/);
    expectViolation(/stage build: copy package-lock.json before npm ci/);
    expectViolation(/stage build: \. copied before npm ci/);
    expectViolation(/target worker: node_modules come from stage "build", which does not run "npm ci --omit=dev"/);
    expectViolation(/ADD line \d+: use COPY/);
    expectViolation(/target worker: ENV NODE_ENV=production missing/);
    expectViolation(/target worker: docker\/healthcheck.js is not copied/);
  });
});
