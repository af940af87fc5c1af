import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * What the launcher needs to know about other processes, read from Linux's /proc: whether a pid is
 * alive and what it runs, and who listens on a TCP port. Elsewhere these answer "unknown" (undefined), and
 * the launcher falls back to the port-free check alone.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The command line of a process, its arguments split, or undefined when it cannot be read. */
export function commandLineOf(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return undefined;
  }
}

/** True when nothing listens on host:port (we could bind it ourselves). */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((done) => {
    const probe = createServer();
    probe.once('error', () => done(false));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => done(true)));
  });
}

/** The socket inodes of TCP sockets listening on `port` (any address), from /proc/net/tcp{,6}. */
function listeningInodes(port: number): Set<string> | undefined {
  const inodes = new Set<string>();
  let readAny = false;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(table)) continue;
    readAny = true;
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const local = fields[1];
      // st 0A is LISTEN; field 9 is the inode.
      if (!local || fields[3] !== '0A') continue;
      if (Number.parseInt(local.split(':')[1] ?? '', 16) === port && fields[9]) inodes.add(fields[9]);
    }
  }
  return readAny ? inodes : undefined;
}

function holdsSocket(pid: number, inodes: Set<string>): boolean {
  try {
    return readdirSync(`/proc/${pid}/fd`).some((fd) => {
      try {
        const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
        return inodes.has(target.slice('socket:['.length, -1)) && target.startsWith('socket:[');
      } catch {
        return false;
      }
    });
  } catch {
    return false;
  }
}

/** Whether process `pid` is the one listening on `port`; undefined where /proc cannot tell. */
export function listensOn(pid: number, port: number): boolean | undefined {
  const inodes = listeningInodes(port);
  if (!inodes) return undefined;
  return inodes.size > 0 && holdsSocket(pid, inodes);
}

/** Who listens on `port`, for the message that refuses it: a pid and its command, when /proc tells. */
export function describeListener(port: number): string {
  const inodes = listeningInodes(port);
  if (!inodes || inodes.size === 0) return 'an unknown process';
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || !holdsSocket(pid, inodes)) continue;
    return `pid ${pid} (${(commandLineOf(pid) ?? ['?']).join(' ').slice(0, 200)})`;
  }
  return 'a process this user cannot inspect';
}

/** The parent pid of a process (1 or a subreaper once it is orphaned); undefined where /proc cannot tell. */
export function parentPidOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // pid (comm) state ppid …: comm may hold spaces and parentheses, so read after the last ')'.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}
