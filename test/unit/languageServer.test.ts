import * as assert from 'node:assert';
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { LogText, T0 } from '../support/logWriter';
import { tempDir } from '../support/tempFiles';
import { waitFor } from '../support/waitFor';

const SERVER = path.resolve(__dirname, '..', '..', '..', 'dist', 'server.js');
const FIXTURE = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'workspace', 'jobs', 'resumed', 'worker_2.log');

interface Diag {
  range: { start: { line: number } };
  severity: number;
  message: string;
  source: string;
}

describe('language server over JSON-RPC (node dist/server.js --stdio)', function () {
  let child: ChildProcess;
  let conn: MessageConnection;
  const diagnostics = new Map<string, Diag[]>();
  let minLevel = 'error';
  let maxPerFile = 1000;
  const dir = tempDir();
  const symbolsDir = path.join(dir, 'many-symbols');

  before(async () => {
    // Rank 0: 2,500 error records that match "xqz" only by their letters in order; rank 1:
    // one that contains it. The one substring match must survive the cap of 2,000.
    fs.mkdirSync(symbolsDir);
    const many = new LogText(0);
    for (let s = 0; s < 25; s++) {
      if (s > 0) many.resume(T0 + s * 60_000);
      for (let i = 0; i < 100; i++) many.record(T0 + s * 60_000 + i, 'ERROR', `x-q-z failure ${s}.${i}`);
    }
    fs.writeFileSync(path.join(symbolsDir, 'worker_0.log'), many.text());
    fs.writeFileSync(path.join(symbolsDir, 'worker_1.log'), new LogText(1).record(T0, 'ERROR', 'the xqz failure').text());
    child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    conn = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: Diag[] }) => {
      diagnostics.set(p.uri, p.diagnostics);
    });
    conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({ diagnostics: { minLevel, maxPerFile } })));
    conn.onNotification('window/logMessage', () => undefined);
    conn.listen();
    const init = await conn.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(dir).href,
      workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'ws' }],
      capabilities: { workspace: { configuration: true } },
      initializationOptions: { folders: [path.dirname(FIXTURE), symbolsDir] },
    });
    assert.ok(init.capabilities.documentSymbolProvider);
    assert.ok(init.capabilities.foldingRangeProvider);
    assert.ok(init.capabilities.hoverProvider);
    assert.ok(init.capabilities.workspaceSymbolProvider);
    await conn.sendNotification('initialized', {});
  });

  after(async () => {
    await conn.sendRequest('shutdown').catch(() => undefined);
    await conn.sendNotification('exit').catch(() => undefined);
    conn.dispose();
    child.kill();
  });

  function open(uri: string, text: string, version = 1): Promise<void> {
    return conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'worker-log', version, text } });
  }

  const uri = pathToFileURL(FIXTURE).href;
  const text = fs.readFileSync(FIXTURE, 'utf8');

  it('gives one document symbol per session, with the error records as children', async () => {
    await open(uri, text);
    const symbols = await conn.sendRequest<{ name: string; range: { start: { line: number }; end: { line: number } }; children: { name: string; range: { start: { line: number } } }[] }[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.deepStrictEqual(symbols.map((s) => s.name), ['Session 1 · started 10:00:00', 'Session 2 · resumed 10:15:00']);
    assert.deepStrictEqual(symbols.map((s) => [s.range.start.line, s.range.end.line]), [[0, 15], [16, 24]]);
    assert.strictEqual(symbols[0].children.length, 1);
    assert.match(symbols[0].children[0].name, /^torch\.cuda\.OutOfMemoryError/);
    assert.strictEqual(symbols[0].children[0].range.start.line, 8);
  });

  it('folds sessions and tracebacks', async () => {
    const ranges = await conn.sendRequest<{ startLine: number; endLine: number }[]>('textDocument/foldingRange', { textDocument: { uri } });
    assert.deepStrictEqual(ranges.map((r) => [r.startLine, r.endLine]), [[0, 15], [16, 24], [8, 15]]);
  });

  it('publishes one diagnostic per ERROR/CRITICAL record, with the exception line', async () => {
    await waitFor(() => diagnostics.get(uri), 'diagnostics for the fixture');
    const d = diagnostics.get(uri)!;
    assert.strictEqual(d.length, 1);
    assert.strictEqual(d[0].range.start.line, 8);
    assert.strictEqual(d[0].severity, 1);
    assert.strictEqual(d[0].source, 'worker-log');
    assert.match(d[0].message, /^Batch 512 failed on cuda:2\ntorch\.cuda\.OutOfMemoryError: CUDA out of memory/);
  });

  it('updates diagnostics from the appended tail when the log grows', async () => {
    const lines = text.split('\n').length - 1;
    const added = new LogText(2).record(T0, 'CRITICAL', 'late failure').text();
    await conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: lines, character: 0 }, end: { line: lines, character: 0 } }, text: added }],
    });
    await waitFor(() => diagnostics.get(uri)?.length === 2, 'a second diagnostic');
    assert.strictEqual(diagnostics.get(uri)![1].range.start.line, lines);
  });

  it('reports WARNING records too when workerLogs.diagnostics.minLevel is "warning"', async () => {
    minLevel = 'warning';
    await conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await waitFor(() => diagnostics.get(uri)?.some((d) => d.severity === 2), 'a warning diagnostic');
    minLevel = 'error';
    await conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await waitFor(() => !diagnostics.get(uri)?.some((d) => d.severity === 2), 'warnings to go again');
  });

  it('hovers a timestamp with its offset in the session, and a separator with the previous session', async () => {
    const h1 = await conn.sendRequest<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: { line: 8, character: 5 } });
    assert.match(h1!.contents.value, /\+2m 10s\*\* since session 1 started/);
    const h2 = await conn.sendRequest<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: { line: 16, character: 80 } });
    assert.match(h2!.contents.value, /Previous: Session 1 · started 10:00:00/);
    assert.match(h2!.contents.value, /1 error · 1 warning/);
    assert.match(h2!.contents.value, /Ran 2m 10s/);
    const none = await conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 10, character: 3 } });
    assert.strictEqual(none, null);
  });

  it('links traceback frames to files that exist, at their line', async () => {
    const script = path.join(dir, 'train.py');
    fs.writeFileSync(script, 'x = 1\n');
    const doc = pathToFileURL(path.join(dir, 'worker_0.log')).href;
    const body = new LogText(0)
      .record(T0, 'ERROR', 'boom')
      .raw(['Traceback (most recent call last):', `  File "${script}", line 1, in <module>`, '  File "train.py", line 1, in <module>', '  File "/nonexistent/x.py", line 3, in f', 'ValueError: x'].join('\n'))
      .text();
    await open(doc, body);
    const links = await conn.sendRequest<{ target: string; range: { start: { line: number; character: number } } }[]>('textDocument/documentLink', { textDocument: { uri: doc } });
    assert.deepStrictEqual(links.map((l) => l.target), [`${pathToFileURL(script).href}#L1`, `${pathToFileURL(script).href}#L1`]);
    assert.deepStrictEqual(links[0].range.start, { line: 2, character: 8 });
    // rich's panel: its frames' paths, also indented under a record of rich's logging handler; a source line names none.
    const richDoc = pathToFileURL(path.join(dir, 'worker_1.log')).href;
    const rich = new LogText(1)
      .record(T0, 'ERROR', 'Uncaught exception')
      .raw([`╭──── Traceback (most recent call last) ────╮`, `│ ${script}:1 in <module>   │`, '│ ❱ 1 │ x = {}["a.py:3 in b"]   │', '│ /nonexistent/x.py:3 in f │', '╰──────╯', "KeyError: 'a'"].join('\n'))
      .record(T0, 'ERROR', 'could not load the batch')
      .raw([`       ╭─ Traceback (most recent call last)─╮`, `       | ${script}:1 in main |`].join('\n'))
      .text();
    await open(richDoc, rich);
    const richLinks = await conn.sendRequest<{ target: string; range: { start: { line: number; character: number } } }[]>('textDocument/documentLink', { textDocument: { uri: richDoc } });
    assert.deepStrictEqual(richLinks.map((l) => [l.target, l.range.start]), [[`${pathToFileURL(script).href}#L1`, { line: 2, character: 2 }], [`${pathToFileURL(script).href}#L1`, { line: 9, character: 9 }]]);
  });

  it('answers workspace symbols from the rank logs of the announced folders', async () => {
    const all = await conn.sendRequest<{ name: string }[]>('workspace/symbol', { query: 'OutOfMemory' });
    assert.deepStrictEqual(all.map((s) => s.name), ['Rank 2: torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB (GPU 2; 79.15 GiB total capacity; 76.80 GiB already allocated)']);
    const sessions = await conn.sendRequest<{ name: string }[]>('workspace/symbol', { query: 'Rank 3 Session 2' });
    assert.strictEqual(sessions[0].name, 'Rank 3 Session 2 · resumed 10:15:00');
  });

  it('ranks substring matches of workspace symbols before the cap, not after', async () => {
    const hits = await conn.sendRequest<{ name: string }[]>('workspace/symbol', { query: 'xqz' });
    assert.strictEqual(hits.length, 2000);
    assert.strictEqual(hits[0].name, 'Rank 1: the xqz failure');
  });

  it('applies a changed diagnostics.maxPerFile to an open log without reopening it', async () => {
    maxPerFile = 2;
    await conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const doc = pathToFileURL(path.join(dir, 'worker_5.log')).href;
    const body = new LogText(5);
    for (let i = 0; i < 6; i++) body.record(T0 + i, 'ERROR', `failure ${i}`);
    await open(doc, body.text());
    await waitFor(() => diagnostics.get(doc)?.length === 3, 'two diagnostics and the "more" note');
    assert.match(diagnostics.get(doc)![2].message, /^4 more records are not listed/);
    // Raised again: the index kept only two records per session, so it must be rebuilt.
    maxPerFile = 1000;
    await conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await waitFor(() => diagnostics.get(doc)?.length === 6, 'all six diagnostics');
  });

  it('caps the outline as a whole, with "N more" entries where it is cut', async () => {
    const doc = pathToFileURL(path.join(dir, 'worker_6.log')).href;
    const body = new LogText(6);
    for (let k = 0; k < 3; k++) {
      if (k > 0) body.resume(T0 + k * 3_600_000);
      for (let i = 0; i < 1000; i++) body.record(T0 + k * 3_600_000 + i, 'ERROR', `failure ${k}.${i}`);
    }
    await open(doc, body.text());
    const symbols = await conn.sendRequest<{ name: string; children: { name: string }[] }[]>('textDocument/documentSymbol', { textDocument: { uri: doc } });
    assert.deepStrictEqual(symbols.map((s) => s.children.length), [1000, 1000, 1]);
    assert.match(symbols[2].children[0].name, /^1000 more errors \(the outline lists 2,000 at most\)$/);
  });

  it('links frames of existing files among thousands of frames naming missing ones', async () => {
    const script = path.join(dir, 'real.py');
    fs.writeFileSync(script, 'x = 1\n');
    const doc = pathToFileURL(path.join(dir, 'worker_8.log')).href;
    const frames = [`  File "${script}", line 1, in <module>`];
    for (let i = 0; i < 20_000; i++) frames.push(`  File "/nonexistent/m${i}.py", line ${i}, in f`);
    frames.push(`  File "${script}", line 1, in <module>`);
    await open(doc, new LogText(8).record(T0, 'ERROR', 'boom').raw(['Traceback (most recent call last):', ...frames, 'ValueError: x'].join('\n')).text());
    const links = await conn.sendRequest<{ target: string; range: { start: { line: number } } }[]>('textDocument/documentLink', { textDocument: { uri: doc } });
    assert.deepStrictEqual(links.map((l) => l.range.start.line), [2, 20_003]);
  });

  it('counts warnings past the cap in the "more records" note', async () => {
    maxPerFile = 3;
    minLevel = 'warning';
    await conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const doc = pathToFileURL(path.join(dir, 'worker_11.log')).href;
    const body = new LogText(11);
    for (let i = 0; i < 10; i++) body.record(T0 + i, 'WARNING', `slow step ${i}`);
    await open(doc, body.text());
    try {
      await waitFor(() => diagnostics.get(doc)?.length === 4, 'three warnings and the note');
      assert.match(diagnostics.get(doc)![3].message, /^7 more records are not listed/);
    } finally {
      maxPerFile = 1000;
      minLevel = 'error';
      await conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    }
  });
});
