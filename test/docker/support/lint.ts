import type { Add, Copy, Dockerfile, From, Run } from 'dockerfile-ast';
import * as path from 'node:path';
import { isStageReference, resolveTarget, stagesOf, type Stage, type Target } from './dockerfile';

/**
 * The rules that matter for these images, as code. Each returns readable
 * violations; an empty list means the Dockerfile passes. Kept apart from the
 * spec so the spec can prove every rule fires on a bad Dockerfile.
 */

export const TARGETS = ['api', 'worker'] as const;
export const HEALTHCHECK_IN_IMAGE = '/app/docker/healthcheck.js';
/** Port env var each target's probe must hit. */
const PORT_VAR: Record<(typeof TARGETS)[number], string> = { api: 'PORT', worker: 'WORKER_HEALTH_PORT' };

const SECRET_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|PRIVATE_KEY|API_KEY|ACCESS_KEY|CREDENTIAL)/i;
const CREDENTIALS_IN_URL = /:\/\/[^/\s:@]+:[^/\s@]+@/;
/** A tag carrying a full x.y.z version (variants such as -bookworm-slim allowed). */
const EXACT_TAG = /^v?\d+\.\d+\.\d+([-.][\w.-]+)?$/;

export function lintDockerfile(dockerfile: Dockerfile): string[] {
  const stages = stagesOf(dockerfile);
  const violations: string[] = [];
  const names = stages.map((s) => s.name);

  for (const target of TARGETS) {
    if (!names.includes(target)) violations.push(`target "${target}" is missing`);
  }
  violations.push(...pinnedBaseImages(stages));
  violations.push(...noSecretsInEnvOrArg(dockerfile));
  violations.push(...noCurlOrWget(dockerfile));
  violations.push(...cacheFriendlyInstalls(stages));
  violations.push(...addOnlyForHttpsUrls(dockerfile));

  for (const name of TARGETS) {
    if (!names.includes(name)) continue;
    const target = resolveTarget(dockerfile, name);
    violations.push(...nonRootUser(target));
    violations.push(...productionEnv(target));
    violations.push(...signalSafeCommand(target));
    violations.push(...nodeHealthcheck(target, PORT_VAR[name]));
    violations.push(...productionNodeModules(target, stages));
    violations.push(...shipsHealthcheckScript(target));
  }
  return violations;
}

/** Every external FROM has an exact version tag or a digest: no latest, no floating major. */
function pinnedBaseImages(stages: Stage[]): string[] {
  const out: string[] = [];
  for (const stage of stages) {
    const from = stage.from;
    if (isStageReference(stages, from)) continue;
    const image = from.getImage() ?? '';
    if (image.includes('$')) {
      out.push(`FROM ${image}: base image comes from a build argument, so what is built is not pinned in the file`);
      continue;
    }
    const tag = from.getImageTag();
    const digest = from.getImageDigest();
    if (digest) continue;
    if (!tag || tag === 'latest' || !EXACT_TAG.test(tag)) {
      out.push(`FROM ${image}: pin an exact version tag (x.y.z) or a digest`);
    }
  }
  return out;
}

function noSecretsInEnvOrArg(dockerfile: Dockerfile): string[] {
  const out: string[] = [];
  const check = (kind: string, name: string, value: string | null) => {
    if (SECRET_NAME.test(name)) out.push(`${kind} ${name}: secrets must not be baked into the image (use runtime secrets)`);
    if (value && CREDENTIALS_IN_URL.test(value)) out.push(`${kind} ${name}: value carries credentials in a URL`);
  };
  for (const env of dockerfile.getENVs()) {
    for (const p of env.getProperties()) check('ENV', p.getName(), p.getValue());
  }
  for (const arg of dockerfile.getARGs()) {
    const p = arg.getProperty();
    if (p) check('ARG', p.getName(), p.getValue());
  }
  return out;
}

function noCurlOrWget(dockerfile: Dockerfile): string[] {
  return dockerfile
    .getInstructions()
    .filter((i) => ['RUN', 'HEALTHCHECK', 'CMD', 'ENTRYPOINT'].includes(i.getKeyword()))
    .filter((i) => /\b(curl|wget)\b/.test(i.getArgumentsContent() ?? ''))
    .map((i) => `${i.getKeyword()} line ${i.getRange().start.line + 1}: uses curl/wget (not in the slim image; use node)`);
}

/**
 * `npm ci` (never `npm install`), after copying only the manifest + lockfile,
 * before any source: the dependency layer is rebuilt only when the lockfile changes.
 */
function cacheFriendlyInstalls(stages: Stage[]): string[] {
  const out: string[] = [];
  for (const stage of stages) {
    const copiedBefore: string[] = [];
    for (const instruction of stage.instructions) {
      const keyword = instruction.getKeyword();
      if (keyword === 'COPY' && !flag(instruction as Copy, 'from')) {
        copiedBefore.push(...sources(instruction as Copy));
      }
      if (keyword !== 'RUN') continue;
      const command = (instruction as Run).getArgumentsContent() ?? '';
      if (/\bnpm\s+(install|i)\b/.test(command))
        out.push(`stage ${stage.name}: use "npm ci" (lockfile-exact), not "npm install"`);
      if (!/\bnpm\s+ci\b/.test(command)) continue;
      if (!copiedBefore.includes('package-lock.json')) out.push(`stage ${stage.name}: copy package-lock.json before npm ci`);
      const extra = copiedBefore.filter((s) => !['package.json', 'package-lock.json', '.npmrc'].includes(s));
      if (extra.length > 0)
        out.push(`stage ${stage.name}: ${extra.join(', ')} copied before npm ci (busts the dependency layer on every change)`);
    }
  }
  return out;
}

function addOnlyForHttpsUrls(dockerfile: Dockerfile): string[] {
  return dockerfile
    .getInstructions()
    .filter((i) => i.getKeyword() === 'ADD')
    .filter((i) => !(i as Add).getArguments()[0]?.getValue().startsWith('https://'))
    .map((i) => `ADD line ${i.getRange().start.line + 1}: use COPY for local files (ADD only for https downloads)`);
}

function nonRootUser(target: Target): string[] {
  const user = target.user?.trim() ?? null;
  if (!user) return [`target ${target.name}: no USER, the process would run as root`];
  const name = user.split(':')[0];
  if (name === 'root' || name === '0') return [`target ${target.name}: USER ${user} is root`];
  return [];
}

function productionEnv(target: Target): string[] {
  return target.env.NODE_ENV === 'production' ? [] : [`target ${target.name}: ENV NODE_ENV=production missing`];
}

/** Exec form and node itself as the process: no shell/npm between the signal and Node. */
function signalSafeCommand(target: Target): string[] {
  const argv = [...(target.entrypoint ?? []), ...(target.cmd ?? [])];
  if (argv.length === 0) return [`target ${target.name}: CMD must be exec form (JSON array) so node is PID 1 and gets SIGTERM`];
  const program = /(^|\/)(tini|docker-init)$/.test(argv[0]) ? argv.find((a, i) => i > 0 && a !== '--') : argv[0];
  if (program !== 'node') return [`target ${target.name}: runs "${argv.join(' ')}"; run node directly (npm/sh swallow SIGTERM)`];
  return [];
}

function nodeHealthcheck(target: Target, portVar: string): string[] {
  const argv = target.healthcheck;
  if (!argv) return [`target ${target.name}: HEALTHCHECK missing (exec form)`];
  const out: string[] = [];
  if (argv[0] !== 'node' || argv[1] !== HEALTHCHECK_IN_IMAGE) {
    out.push(`target ${target.name}: HEALTHCHECK must run "node ${HEALTHCHECK_IN_IMAGE} <url>", got ${argv.join(' ')}`);
  }
  const port = target.env[portVar];
  const expected = new RegExp(`^http://127\\.0\\.0\\.1:${port}/health/(ready|live)$`);
  if (!port || !expected.test(argv[2] ?? '')) {
    out.push(
      `target ${target.name}: HEALTHCHECK URL ${argv[2]} must be http://127.0.0.1:$${portVar}(=${port})/health/ready|live`,
    );
  }
  return out;
}

/** node_modules in the image come from a stage that ran `npm ci --omit=dev`. */
function productionNodeModules(target: Target, stages: Stage[]): string[] {
  const copies = target.chain
    .flatMap((s) => s.instructions)
    .filter((i): i is Copy => i.getKeyword() === 'COPY')
    .filter((c) => sources(c).some((src) => /(^|\/)node_modules\/?$/.test(src)));
  if (copies.length === 0) return [`target ${target.name}: no node_modules copied in`];
  const out: string[] = [];
  for (const copy of copies) {
    const fromStage = flag(copy, 'from');
    const stage = stages.find((s) => s.name === fromStage);
    const runs = (stage?.instructions ?? []).filter((i) => i.getKeyword() === 'RUN').map((i) => i.getArgumentsContent() ?? '');
    if (!runs.some((r) => /\bnpm\s+ci\b/.test(r) && /--omit=dev\b/.test(r))) {
      out.push(`target ${target.name}: node_modules come from stage "${fromStage}", which does not run "npm ci --omit=dev"`);
    }
  }
  return out;
}

function shipsHealthcheckScript(target: Target): string[] {
  let workdir = '/';
  for (const instruction of target.chain.flatMap((s) => s.instructions)) {
    if (instruction.getKeyword() === 'WORKDIR') workdir = path.posix.resolve(workdir, instruction.getArgumentsContent() ?? '/');
    if (instruction.getKeyword() !== 'COPY' || flag(instruction as Copy, 'from')) continue;
    const args = (instruction as Copy).getArguments().map((a) => a.getValue());
    const destination = path.posix.resolve(workdir, args[args.length - 1]);
    if (args.slice(0, -1).includes('docker/healthcheck.js') && destination === HEALTHCHECK_IN_IMAGE) return [];
  }
  return [`target ${target.name}: docker/healthcheck.js is not copied to ${HEALTHCHECK_IN_IMAGE}`];
}

function flag(instruction: Copy | Add | Run | From, name: string): string | null {
  return (
    instruction
      .getFlags()
      .find((f) => f.getName() === name)
      ?.getValue() ?? null
  );
}

function sources(copy: Copy): string[] {
  const args = copy.getArguments().map((a) => a.getValue());
  return args.slice(0, -1).map((a) => a.replace(/^\.\//, ''));
}
