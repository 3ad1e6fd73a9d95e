/** Whether a local process exists (EPERM: it does, owned by someone else): how both stores tell a dead writer. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
