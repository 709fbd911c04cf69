// Builds realistic worker-log text for tests: records, resumes, tracebacks.

export function stamp(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)},${iso.slice(20, 23)}`;
}

export class LogText {
  private parts: string[] = [];
  constructor(
    readonly rank: number,
    private timed = true,
  ) {}

  record(time: number, level: string, message: string, logger = 'virnucpro.pipeline.gpu_worker'): this {
    const head = this.timed ? `${stamp(time)} - ` : '';
    this.parts.push(`${head}Worker ${this.rank} - ${logger} - ${level} - ${message}`);
    return this;
  }

  resume(time: number): this {
    const iso = new Date(time).toISOString().replace('Z', '').replace(/\.(\d{3})$/, '.$1000');
    return this.record(time, 'INFO', `=== Resume at ${iso} ===`, 'worker_logging');
  }

  raw(text: string): this {
    this.parts.push(...text.split('\n'));
    return this;
  }

  traceback(exception: string): this {
    return this.raw(
      [
        'Traceback (most recent call last):',
        '  File "/home/alice/train.py", line 42, in step',
        '    loss = model(batch)',
        '           ^^^^^^^^^^^^',
        exception,
      ].join('\n'),
    );
  }

  text(eol = '\n'): string {
    return this.parts.map((p) => p + eol).join('');
  }
}

export const T0 = Date.UTC(2026, 1, 4, 10, 0, 0, 0);
