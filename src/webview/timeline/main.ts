// The Job Timeline on its own (Open Job Timeline): the view, fed by the host.
import '@vscode/codicons/dist/codicon.css';
import { HostMessage, WebviewMessage } from '../../shared/jobLogProtocol';
import { TimelineView } from './timelineView';

declare function acquireVsCodeApi(): { postMessage(m: WebviewMessage): void };

const vscode = acquireVsCodeApi();
const view = new TimelineView(document.getElementById('timeline')!, (m) => vscode.postMessage(m), true);

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  if (event.data.type === 'timeline') view.setData(event.data.data);
});
vscode.postMessage({ type: 'ready' });
