#include "ui/report/html/report_html_parts.h"

namespace sightline::report_html {

const char* styleSheet() {
  return R"css(
:root { --ink: #1d2330; --muted: #5b6475; --line: #d8dde6; --paper: #ffffff;
  --critical: #8b0000; --high: #c62828; --medium: #e08a00; --low: #5b6475;
  --better: #1b7f3b; --worse: #c62828; }
* { box-sizing: border-box; }
body { margin: 0; background: #f3f5f8; color: var(--ink);
  font: 14px/1.45 "Noto Sans", "Noto Sans CJK SC", "DejaVu Sans", sans-serif; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 32px 48px; background: var(--paper); }
h1 { font-size: 26px; margin: 8px 0 4px; }
h2 { font-size: 19px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--ink); }
h3 { font-size: 15px; margin: 6px 0; }
p.meta, .muted { color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 13px; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #eef1f6; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.name { word-break: break-word; }
.nb { white-space: nowrap; }
td .note { color: var(--muted); font-size: 11px; }
.better { color: var(--better); font-weight: 600; }
.worse { color: var(--worse); font-weight: 600; }
.verdict { font-size: 15px; background: #f6f8fb; border-left: 4px solid var(--ink); padding: 10px 14px; }
.verdict li { margin: 2px 0; }
article.finding { border: 1px solid var(--line); border-left: 6px solid var(--low);
  border-radius: 4px; padding: 10px 14px; margin: 12px 0; break-inside: avoid; }
article.sev-critical { border-left-color: var(--critical); }
article.sev-high { border-left-color: var(--high); }
article.sev-medium { border-left-color: var(--medium); }
.badge { display: inline-block; font-size: 11px; font-weight: 700; letter-spacing: .04em;
  text-transform: uppercase; padding: 1px 7px; border-radius: 9px; color: #fff; background: var(--low); }
.badge.sev-critical { background: var(--critical); }
.badge.sev-high { background: var(--high); }
.badge.sev-medium { background: var(--medium); }
.badge.fixed { background: var(--better); }
.badge.new { background: var(--worse); }
.badge.both, .badge.outside { background: #8a93a3; }
ul.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 18px; }
.path-group p { margin: 14px 0 4px; }
.rule { font-family: "DejaVu Sans Mono", monospace; font-size: 12px; color: var(--muted); }
dl.numbers { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 8px 0; }
dl.numbers dt { color: var(--muted); }
dl.numbers dd { margin: 0; }
code, pre, .id { font-family: "DejaVu Sans Mono", "Noto Sans Mono CJK SC", monospace; font-size: 12px; }
pre { white-space: pre-wrap; word-break: break-all; background: #f6f8fb; padding: 10px;
  border: 1px solid var(--line); max-height: 480px; overflow: auto; }
details > summary { cursor: pointer; color: var(--muted); }
@media print {
  body { background: #fff; }
  main { max-width: none; padding: 0; }
  details { display: block; }
  details > summary { display: none; }
  pre { max-height: none; overflow: visible; }
  h2 { break-after: avoid; }
}
)css";
}

}  // namespace sightline::report_html
