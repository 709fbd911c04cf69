// The Job Timeline on its own (Open Job Timeline): the view, fed by the host.
import '@vscode/codicons/dist/codicon.css';
import { HostMessage, WebviewMessage } from '../../shared/jobLogProtocol';
import { TimelineView } from './timelineView';

declare function acquireVsCodeApi(): { postMessage(m: WebviewMessage): void };

const vscode = acquireVsCodeApi();
const view = new TimelineView(document.getElementById('timeline')!, (m) => vscode.postMessage(m), true);

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const m = event.data;
  if (m.type === 'timeline') view.setData(m.data);
  else if (m.type === 'timelineLanes') view.updateLanes(m.frame, m.lanes);
  else if (m.type === 'timelineRecord') view.showRecord(m.rank, m.time, m.text);
});
vscode.postMessage({ type: 'ready' });
