import { ContainerEngineError } from '../../core/container/errors';

/**
 * Reads the engine's build stream (JSON objects, one per line: `{"stream": "..."}`, `{"aux": {"ID": ...}}`,
 * `{"error": ...}`) and turns it into whole output lines for the user, step counts (to tell a cache no-op from a real
 * build) and, on failure, an error that ends with the failing step's output.
 */
export class BuildProgress {
  private pending = '';
  private textPending = '';
  private readonly tail: string[] = [];
  private currentStep = '';
  steps = 0;
  cachedSteps = 0;
  /** Steps that started a container, i.e. were not answered from the cache. Zero for a no-op rebuild. */
  executedSteps = 0;
  imageId: string | undefined;
  error: string | undefined;

  constructor(private readonly onLine: (line: string) => void) {}

  /** Feeds raw bytes from the engine. */
  push(chunk: Buffer | string): void {
    this.pending += chunk.toString();
    let nl: number;
    while ((nl = this.pending.indexOf('\n')) >= 0) {
      const raw = this.pending.slice(0, nl).trim();
      this.pending = this.pending.slice(nl + 1);
      if (raw !== '') this.message(raw);
    }
  }

  /** Flushes what is left; call when the stream ends. */
  end(): void {
    if (this.pending.trim() !== '') this.message(this.pending.trim());
    this.pending = '';
    if (this.textPending !== '') this.line(this.textPending);
    this.textPending = '';
  }

  /** The failure as an error for the user, or undefined when the build succeeded. */
  failure(tag: string): ContainerEngineError | undefined {
    if (this.error === undefined && this.imageId !== undefined) return undefined;
    const why = this.error ?? 'the engine ended the build without an image id';
    const step = this.currentStep === '' ? '' : ` at "${this.currentStep}"`;
    const output = this.tail.length === 0 ? '' : `\nLast output:\n${this.tail.join('\n')}`;
    return new ContainerEngineError('build-failed', `Building ${tag} failed${step}: ${why}${output}`, why);
  }

  private message(raw: string): void {
    let msg: { stream?: string; status?: string; error?: string; errorDetail?: { message?: string }; aux?: { ID?: string } };
    try {
      msg = JSON.parse(raw) as typeof msg;
    } catch {
      this.text(`${raw}\n`);
      return;
    }
    if (msg.aux?.ID) this.imageId = msg.aux.ID;
    if (msg.stream !== undefined) this.text(msg.stream);
    if (msg.status !== undefined) this.text(`${msg.status}\n`);
    if (msg.error !== undefined) {
      this.error = (msg.errorDetail?.message ?? msg.error).trim();
      this.text(`${this.error}\n`);
    }
  }

  private text(s: string): void {
    this.textPending += s;
    let nl: number;
    while ((nl = this.textPending.indexOf('\n')) >= 0) {
      this.line(this.textPending.slice(0, nl).replace(/\r$/, ''));
      this.textPending = this.textPending.slice(nl + 1);
    }
  }

  private line(line: string): void {
    const step = /^Step \d+\/\d+ : (.*)$/.exec(line);
    if (step) {
      this.steps++;
      this.currentStep = step[1] ?? '';
      this.tail.length = 0;
    } else if (/^ ---> Using cache$/.test(line)) {
      this.cachedSteps++;
    } else if (/^ ---> Running in [0-9a-f]+$/.test(line)) {
      this.executedSteps++;
    }
    const built = /^Successfully built ([0-9a-f]+)$/.exec(line);
    if (built && this.imageId === undefined) this.imageId = built[1];
    this.tail.push(line);
    if (this.tail.length > 30) this.tail.shift();
    this.onLine(line);
  }
}
