// What a launch needs from the machine: GPUs (nvidia-smi) and a Python interpreter.
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { GpuInfo, NVIDIA_SMI_ARGS, parseNvidiaSmi } from '../core/gpuList';
import { log } from '../log';

export type GpuDetection = { gpus: GpuInfo[] } | { problem: string };

export function detectGpus(): Promise<GpuDetection> {
  return new Promise((resolve) => {
    execFile('nvidia-smi', NVIDIA_SMI_ARGS, { timeout: 10_000 }, (error, stdout, stderr) => {
      if (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const problem = code === 'ENOENT' ? 'nvidia-smi was not found on PATH' : `nvidia-smi failed: ${(stderr || error.message).trim().split('\n')[0]}`;
        log.info(`GPU detection: ${problem}`);
        resolve({ problem });
        return;
      }
      const parsed = parseNvidiaSmi(stdout);
      if (parsed.skipped.length) log.warn(`nvidia-smi lines not understood: ${parsed.skipped.join(' | ')}`);
      if (parsed.gpus.length === 0) resolve({ problem: 'nvidia-smi lists no GPUs' });
      else resolve({ gpus: parsed.gpus });
    });
  });
}

interface PythonExtensionApi {
  environments?: { getActiveEnvironmentPath?(resource?: vscode.Uri): { path: string } | undefined };
}

/** The Python extension's selected interpreter when it is installed, else `python3`. */
export async function defaultPython(resource?: vscode.Uri): Promise<string> {
  const ext = vscode.extensions.getExtension<PythonExtensionApi>('ms-python.python');
  if (ext) {
    try {
      const api = ext.isActive ? ext.exports : await ext.activate();
      const selected = api?.environments?.getActiveEnvironmentPath?.(resource)?.path;
      if (selected) return selected;
    } catch (e) {
      log.warn(`The Python extension did not give an interpreter: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return 'python3';
}

const realInterpreters = new Map<string, Promise<string>>();

/**
 * The interpreter a bare command (`python3`) runs, as a path, found once per command and
 * folder. A version manager's shim (pyenv: a shell script) costs ~0.4 s per start; a job of
 * eight ranks would pay it eight times on every launch. A path is used as given.
 */
export function realInterpreter(command: string, cwd: string): Promise<string> {
  if (/[\\/]/.test(command)) return Promise.resolve(command);
  const key = `${command}\0${cwd}`;
  let found = realInterpreters.get(key);
  if (!found) {
    found = new Promise((resolve) => {
      execFile(command, ['-c', 'import sys; print(sys.executable)'], { cwd, timeout: 10_000 }, (error, stdout) => {
        const exe = String(stdout ?? '').trim();
        // Not found, or an odd answer: the command as it was, and the launch says what failed.
        resolve(!error && path.isAbsolute(exe) ? exe : command);
      });
    });
    realInterpreters.set(key, found);
  }
  return found;
}
