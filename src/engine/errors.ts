/** An error raised by the event kernel; names the device (source) that caused it. */
export class KernelError extends Error {
  constructor(
    message: string,
    readonly source: string,
    readonly timeFs: number,
  ) {
    super(`${source}: ${message} (at t = ${timeFs} fs)`);
    this.name = 'KernelError';
  }
}
