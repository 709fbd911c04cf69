// The Job Timeline's markup, the same in the Job Log panel (collapsible, above the rows) and in
// a panel of its own. No log text here: the webview fills it, as text, from the host's data.

/** `open`: the timeline unfolded (the user's last choice in the Job Log; always in its own panel). */
export function timelineSection(standalone: boolean, open = true): string {
  const help = 'Wheel: zoom · drag: pan · drag on the histogram: time filter · click a mark: its record · click a rank: only that rank · arrows, Enter, + - 0';
  return `<section id="timeline" class="timeline${standalone ? ' standalone' : ''}" aria-label="Job Timeline" data-open="${open}">
<div class="timeline-bar">
<button id="timeline-toggle" class="timeline-button" aria-expanded="true" aria-controls="timeline-body" title="Show or hide the timeline"><span class="codicon codicon-chevron-down" aria-hidden="true"></span> Timeline</button>
<span id="timeline-summary" aria-live="polite"></span>
<span class="timeline-help" title="${help}"><span class="codicon codicon-info" aria-hidden="true"></span></span>
<button id="timeline-reset" class="timeline-button" title="The whole job (0)" aria-label="Show the whole job"><span class="codicon codicon-screen-full" aria-hidden="true"></span></button>
</div>
<div id="timeline-body">
<div id="timeline-lanes" role="tree" tabindex="0" aria-label="Ranks of the job on one time axis. Up and Down move between ranks, Right and Left between a rank's errors, Enter shows one in the Job Log, plus and minus zoom, 0 shows the whole job.">
<canvas id="timeline-canvas" aria-hidden="true"></canvas>
<div id="timeline-items" role="presentation" class="sr-only"></div>
</div>
<div id="timeline-tip" role="tooltip" hidden></div>
</div>
</section>`;
}
