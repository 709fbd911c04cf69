// The Job Timeline in a panel of its own (Open Job Timeline): the same view as at the top of the
// Job Log, filling the panel. A mark opens its record in the Job Log; a rank or a time range
// becomes the Job Log's filter (the Job Log opens beside it when it is not open).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { inBackground } from '../background';
import type { JobLogApi } from '../jobLog/registerJobLog';
import { JobOverview } from '../jobs/jobOverview';
import { JobStore } from '../jobs/jobStore';
import { log } from '../log';
import { HostMessage, parseWebviewMessage } from '../shared/jobLogProtocol';
import { ProgressSource, TimelineFeed } from './timelineFeed';
import { timelineSection } from './timelineHtml';
import { webviewOptions, webviewPage } from '../webviewPage';

export class TimelinePanel implements vscode.Disposable {
  readonly feed: TimelineFeed;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    readonly dir: string,
    readonly panel: vscode.WebviewPanel,
    private readonly context: vscode.ExtensionContext,
    store: JobStore,
    overview: JobOverview,
    progress: ProgressSource | undefined,
    private readonly jobLog: JobLogApi,
  ) {
    this.feed = new TimelineFeed(dir, store, overview, (m) => this.post(m));
    this.feed.useProgress(progress);
    panel.webview.options = webviewOptions(context.extensionUri);
    panel.webview.html = this.html();
    panel.webview.onDidReceiveMessage((m) => inBackground(this.receive(m), 'Answering the Job Timeline'), undefined, this.disposables);
  }

  private post(m: HostMessage): void {
    inBackground(this.panel.webview.postMessage(m), 'Sending the Job Timeline');
  }

  private async receive(raw: unknown): Promise<void> {
    const m = parseWebviewMessage(raw);
    if (!m) {
      log.warn(`Job Timeline: ignored a malformed message from the webview: ${JSON.stringify(raw)?.slice(0, 200)}`);
      return;
    }
    switch (m.type) {
      case 'ready':
        this.feed.send();
        break;
      case 'timelineOpen':
      case 'timelineMoment': {
        const problem = await this.jobLog.open(this.dir, true).showFromTimeline(m);
        if (problem) void vscode.window.showInformationMessage(problem);
        break;
      }
      case 'timelineFilter':
        await this.jobLog.open(this.dir, true).applyTimelineFilter(m);
        break;
      case 'timelineRecordAt':
        await this.feed.recordAt(m.rank, m.time);
        break;
      default:
        break;
    }
  }

  private html(): string {
    return webviewPage(this.panel.webview, this.context.extensionUri, {
      title: 'Job Timeline',
      styles: [
        ['dist', 'webview', 'timeline.css'],
        ['media', 'jobLog.css'],
        ['media', 'timeline.css'],
      ],
      script: ['dist', 'webview', 'timeline.js'],
      body: `<div id="job-timeline" data-gwl-webview="timeline" aria-label="Job Timeline of ${path.basename(this.dir).replace(/[<>&"]/g, '')}">
${timelineSection(true)}
</div>`,
    });
  }

  dispose(): void {
    this.feed.dispose();
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
