/**
 * A process and its descendants, from /proc (Linux): how a directly launched Chromium's CPU is read — the
 * browser process forks its renderer, GPU and utility processes, and the renderer is the one that runs the
 * page (`--type=renderer` on its command line).
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface TreeProcess {
  pid: number;
  /** Chromium's `--type=` (renderer, gpu-process, utility, zygote ...); "browser" for the root. */
  role: string;
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined; // gone meanwhile
  }
}

function roleOf(pid: number): string {
  try {
    // Zygote-forked processes rewrite their command line as one space-separated string, not NUL-separated.
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
    return /--type=(\S+)/.exec(cmdline)?.[1] ?? 'browser';
  } catch {
    return 'gone';
  }
}

/** `root` and every process below it, each with its role. */
export function processTree(root: number): TreeProcess[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const parent = parentOf(pid);
    if (parent === undefined) continue;
    const list = children.get(parent) ?? [];
    list.push(pid);
    children.set(parent, list);
  }
  const out: TreeProcess[] = [];
  const walk = (pid: number): void => {
    out.push({ pid, role: roleOf(pid) });
    for (const child of children.get(pid) ?? []) walk(child);
  };
  walk(root);
  return out;
}
