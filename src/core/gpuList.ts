// `nvidia-smi --query-gpu=index,name,memory.total,uuid --format=csv,noheader` -> GPUs.
import { plural } from './wording';

export const NVIDIA_SMI_ARGS = ['--query-gpu=index,name,memory.total,uuid', '--format=csv,noheader'];

export interface GpuInfo {
  index: number;
  name: string;
  /** Total memory in MiB, when given. */
  memoryMiB?: number;
  uuid?: string;
}

export interface GpuParse {
  gpus: GpuInfo[];
  /** Lines that did not read as a GPU (nvidia-smi warnings, garbage). */
  skipped: string[];
}

export function parseNvidiaSmi(output: string): GpuParse {
  const gpus: GpuInfo[] = [];
  const skipped: string[] = [];
  for (const raw of output.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    const cells = line.split(',').map((c) => c.trim());
    const index = Number(cells[0]);
    if (cells.length < 2 || !/^\d+$/.test(cells[0]) || !Number.isInteger(index)) {
      skipped.push(line);
      continue;
    }
    const mem = /^(\d+(?:\.\d+)?)\s*MiB$/i.exec(cells[2] ?? '');
    gpus.push({ index, name: cells[1], memoryMiB: mem ? Number(mem[1]) : undefined, uuid: cells[3] || undefined });
  }
  return { gpus: gpus.sort((a, b) => a.index - b.index), skipped };
}

export function describeGpus(gpus: readonly GpuInfo[]): string {
  if (gpus.length === 0) return 'no GPUs';
  const names = [...new Set(gpus.map((g) => g.name))];
  return `${plural(gpus.length, 'GPU')} (${names.join(', ')})`;
}
