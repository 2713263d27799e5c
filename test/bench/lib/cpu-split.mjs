// Where the machine's CPU went during a bench phase, from /proc (Linux): the whole machine's busy
// time, and the part each group of processes used: the API and worker processes the bench started,
// every `postgres` and `redis-server` process, and the bench itself (the load generator). CPU time,
// unlike wall time, does not count waiting, so per sample it is the service's cost, whatever the delay.
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux

function machineBusyMs() {
  const [, ...f] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = f;
  return {
    busy: (user + nice + system + irq + softirq + steal) * TICK_MS,
    all: (user + nice + system + idle + iowait + irq + softirq + steal) * TICK_MS,
  };
}

/** [user, system] CPU ms of a process ([0, 0] once it has exited). */
export function procCpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return [Number(fields[11]) * TICK_MS, Number(fields[12]) * TICK_MS];
  } catch {
    return [0, 0]; // exited
  }
}
const add = (a, b) => [a[0] + b[0], a[1] + b[1]];

function pidsNamed(name) {
  const pids = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readFileSync(`/proc/${d}/comm`, 'utf8').trim() === name) pids.push(Number(d));
    } catch {
      // gone
    }
  }
  return pids;
}

/**
 * Starts counting; `stop()` returns CPU ms per group. `procs`: [{ name, child }] the bench started
 * (grouped by the name before '-': api, worker). PostgreSQL backends that end during the phase take
 * their CPU with them: the apps keep their pools open, so that is only short-lived connections.
 */
export function cpuSplit(procs) {
  const groups = () => {
    const g = {};
    for (const { name, child } of procs) {
      const group = name.split('-')[0];
      g[group] = add(g[group] ?? [0, 0], procCpuMs(child.pid));
    }
    g.postgres = pidsNamed('postgres').reduce((a, p) => add(a, procCpuMs(p)), [0, 0]);
    g.redis = pidsNamed('redis-server').reduce((a, p) => add(a, procCpuMs(p)), [0, 0]);
    const u = process.cpuUsage();
    g.loadGenerator = [u.user / 1000, u.system / 1000];
    return g;
  };
  const m0 = machineBusyMs();
  const g0 = groups();
  return {
    stop() {
      const m1 = machineBusyMs();
      const g1 = groups();
      const used = Object.entries(g1).map(([k, [user, system]]) => [k, user - (g0[k]?.[0] ?? 0), system - (g0[k]?.[1] ?? 0)]);
      const byGroup = Object.fromEntries(used.map(([k, user, system]) => [k, Math.round(user + system)]));
      // The kernel's part (system time): for the apps mostly sockets to PostgreSQL, Redis and clients.
      const kernelShare = Object.fromEntries(
        used.map(([k, user, system]) => [k, Math.round((100 * system) / Math.max(1, user + system)) / 100]),
      );
      return { machineBusyMs: m1.busy - m0.busy, machineTotalMs: m1.all - m0.all, byGroup, kernelShare };
    },
  };
}
