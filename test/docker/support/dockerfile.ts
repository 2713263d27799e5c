import { type Dockerfile, DockerfileParser, type Env, type From, type Instruction, type JSONInstruction } from 'dockerfile-ast';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../../..');
export const DOCKERFILE = path.join(REPO_ROOT, 'docker', 'Dockerfile');
/** WORKDIR of the runtime image; paths under it map to the repository root when run outside Docker. */
export const IMAGE_APP_DIR = '/app';

export interface Stage {
  readonly name: string | null;
  readonly from: From;
  /** Instructions after FROM, in order. */
  readonly instructions: Instruction[];
}

export interface Target {
  readonly name: string;
  /** Stages from the external base image down to the target, in build order. */
  readonly chain: Stage[];
  /** Effective CMD/ENTRYPOINT (exec form only; null if absent or shell form). */
  readonly cmd: string[] | null;
  readonly entrypoint: string[] | null;
  /** Effective HEALTHCHECK CMD argv (exec form), null if none or NONE. */
  readonly healthcheck: string[] | null;
  /** Effective USER (null = root by default). */
  readonly user: string | null;
  /** Effective ENV. */
  readonly env: Record<string, string>;
}

export function parseDockerfile(content = fs.readFileSync(DOCKERFILE, 'utf8')): Dockerfile {
  return DockerfileParser.parse(content);
}

/** Splits the instruction list into build stages (a stage starts at each FROM). */
export function stagesOf(dockerfile: Dockerfile): Stage[] {
  const stages: Array<{ name: string | null; from: From; instructions: Instruction[] }> = [];
  for (const instruction of dockerfile.getInstructions()) {
    if (instruction.getKeyword() === 'FROM') {
      const from = instruction as From;
      stages.push({ name: from.getBuildStage(), from, instructions: [] });
    } else if (stages.length > 0) {
      stages[stages.length - 1].instructions.push(instruction);
    }
  }
  return stages;
}

/** True when FROM names an earlier stage rather than an external image. */
export function isStageReference(stages: Stage[], from: From): boolean {
  const image = from.getImage();
  return stages.some((s) => s.name !== null && s.name === image && s.from !== from);
}

/** Resolves what `docker build --target <name>` produces: inherited CMD, HEALTHCHECK, USER and ENV. */
export function resolveTarget(dockerfile: Dockerfile, name: string): Target {
  const stages = stagesOf(dockerfile);
  const chain: Stage[] = [];
  let current = stages.find((s) => s.name === name);
  if (!current) throw new Error(`Dockerfile has no stage "${name}"`);
  while (current) {
    chain.unshift(current);
    const parentName = current.from.getImage();
    current = stages.find((s) => s.name !== null && s.name === parentName && s !== current);
  }

  let cmd: string[] | null = null;
  let entrypoint: string[] | null = null;
  let healthcheck: string[] | null = null;
  let user: string | null = null;
  const env: Record<string, string> = {};
  for (const stage of chain) {
    for (const instruction of stage.instructions) {
      switch (instruction.getKeyword()) {
        case 'CMD':
          cmd = execForm(instruction as JSONInstruction);
          break;
        case 'ENTRYPOINT':
          entrypoint = execForm(instruction as JSONInstruction);
          // Docker resets an inherited CMD when ENTRYPOINT is set.
          cmd = null;
          break;
        case 'HEALTHCHECK':
          healthcheck = healthcheckArgv(instruction);
          break;
        case 'USER':
          user = instruction.getArgumentsContent();
          break;
        case 'ENV':
          for (const property of (instruction as Env).getProperties()) {
            env[property.getName()] = property.getValue() ?? '';
          }
          break;
      }
    }
  }
  return { name, chain, cmd, entrypoint, healthcheck, user, env };
}

function execForm(instruction: JSONInstruction): string[] | null {
  const strings = instruction.getJSONStrings();
  return strings.length > 0 ? strings.map((s) => s.getJSONValue()) : null;
}

function healthcheckArgv(instruction: Instruction): string[] | null {
  // getArgumentsContent() has the --flags stripped: "CMD [...]" or "NONE".
  const content = (instruction.getArgumentsContent() ?? '').trim();
  const match = /^CMD\s+(\[.*\])$/s.exec(content);
  if (!match) return null;
  try {
    return JSON.parse(match[1]) as string[];
  } catch {
    return null;
  }
}

/**
 * The argv the container runs (ENTRYPOINT + CMD), translated to run from a
 * checkout: paths under /app → repository root, and a leading tini (or
 * docker-init) wrapper dropped, since here the test harness is the parent.
 */
export function hostCommand(target: Target): string[] {
  let argv = [...(target.entrypoint ?? []), ...(target.cmd ?? [])];
  if (argv.length === 0) throw new Error(`target ${target.name} has no exec-form CMD/ENTRYPOINT`);
  if (/(^|\/)(tini|docker-init)$/.test(argv[0])) {
    argv = argv.slice(1);
    if (argv[0] === '--') argv = argv.slice(1);
  }
  return argv.map(toHostPath);
}

export function toHostPath(arg: string): string {
  if (arg === IMAGE_APP_DIR) return REPO_ROOT;
  if (arg.startsWith(`${IMAGE_APP_DIR}/`)) return path.join(REPO_ROOT, arg.slice(IMAGE_APP_DIR.length + 1));
  return arg;
}
