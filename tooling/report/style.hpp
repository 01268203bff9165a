// The report's stylesheet, written to style.css beside the pages. Coverage colours: green covered,
// amber untested, red uncovered, grey not computable (white: a cited id no notice text has); chosen to stay readable when
// printed in black and white (each class also changes the underline style).
#pragma once

namespace edict::report {

inline constexpr const char* kStyle = R"css(:root {
  --covered: #cdeccf; --covered-edge: #2e7d32;
  --untested: #ffecb3; --untested-edge: #b28704;
  --unknown: #ffffff; --unknown-edge: #9e9e9e;
  --uncovered: #f9d0d0; --uncovered-edge: #c62828;
  --nc: #e4e4e4; --nc-edge: #757575;
  --ink: #1f2328; --muted: #59636e; --line: #d0d7de;
}
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 15px/1.7 "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif; }
header { padding: 1.2rem 2rem .6rem; border-bottom: 1px solid var(--line); background: #f6f8fa; }
h1 { font-size: 1.45rem; margin: 0 0 .3rem; }
h2 { font-size: 1.15rem; margin: 1.6rem 0 .6rem; border-bottom: 1px solid var(--line); padding-bottom: .2rem; }
main { padding: 0 2rem 3rem; max-width: 72rem; }
code, pre { font-family: "Noto Sans Mono CJK SC", "DejaVu Sans Mono", monospace; font-size: .88em; }
pre { background: #f6f8fa; padding: .5rem .8rem; border-radius: 6px; white-space: pre-wrap; margin: .3rem 0 .8rem; }
a { color: #0b57d0; text-decoration: none; }
a:hover { text-decoration: underline; }
.policy, .issued, .doc, .none, .all-inputs { color: var(--muted); }
.legend .chip { display: inline-block; padding: .05rem .55rem; margin: .15rem .3rem .15rem 0; border-radius: 1rem; font-size: .85rem; }
.cov-covered { --bg: var(--covered); --edge: var(--covered-edge); }
.cov-untested { --bg: var(--untested); --edge: var(--untested-edge); }
.cov-unknown { --bg: var(--unknown); --edge: var(--unknown-edge); }
.cov-uncovered { --bg: var(--uncovered); --edge: var(--uncovered-edge); }
.cov-not_computable { --bg: var(--nc); --edge: var(--nc-edge); }
.chip, mark.cite, .clause-table tr td.status, blockquote.citation { background: var(--bg); }
.notice { max-width: 48rem; }
.para { margin: .5rem 0; text-indent: 2em; border-left: 4px solid transparent; padding-left: .6rem; }
.para.heading { text-indent: 0; font-weight: 600; margin-top: 1.2rem; border-left-color: var(--edge); }
.para.numbered { border-left-color: var(--edge); }
.clause-id { font-size: .8rem; color: var(--muted); font-weight: 400; margin-right: .2rem; }
mark.cite { color: inherit; border-bottom: 2px solid var(--edge); padding: 0 1px; border-radius: 2px; }
.cov-untested mark.cite, mark.cite.cov-untested { border-bottom-style: dashed; }
mark.cite.cov-uncovered { border-bottom-style: dotted; }
sup.refs { font-size: .72rem; line-height: 0; margin-left: 1px; }
sup.refs a, sup.refs span { margin-right: .3rem; }
sup.refs .clause-tag { color: var(--muted); }
.rule-link { font-family: "DejaVu Sans Mono", monospace; }
.param-ref { color: var(--muted); font-size: .85em; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; vertical-align: top; text-align: left; }
th { background: #f6f8fa; }
table.tests { table-layout: fixed; }
table.tests td code { overflow-wrap: anywhere; }
table.tests th:first-child { width: 12rem; } table.tests th:nth-child(2) { width: 4.5rem; }
td.status { white-space: nowrap; border-left: 4px solid var(--edge); }
details summary { cursor: pointer; color: #0b57d0; }
details ul { margin: .3rem 0; padding-left: 1.2rem; }
.warning { color: var(--uncovered-edge); font-size: .85rem; }
.tag { font-size: .75rem; background: #eef1f4; border-radius: .6rem; padding: 0 .45rem; color: var(--muted); }
nav { padding: .8rem 2rem; border-bottom: 1px solid var(--line); background: #f6f8fa; }
.rule-page h1 { margin-top: 1rem; font-family: "DejaVu Sans Mono", "Noto Sans CJK SC", monospace; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
blockquote.citation { margin: .4rem 0; padding: .4rem .8rem; border-left: 4px solid var(--edge); border-radius: 0 6px 6px 0; }
ol.definitions { padding-left: 1.4rem; }
.definition .who { font-weight: 600; }
.definition .loc { color: var(--muted); }
.what { display: inline-block; min-width: 5.5rem; color: var(--muted); }
.graph { overflow-x: auto; border: 1px solid var(--line); border-radius: 6px; padding: .4rem; }
svg.depgraph text { font: 13px "DejaVu Sans Mono", "Noto Sans CJK SC", monospace; fill: var(--ink); }
svg.depgraph .node { stroke-width: 1.2; }
svg.depgraph .node.input { fill: #eef6ff; stroke: #5a8fd6; }
svg.depgraph .node.param { fill: #f3eefc; stroke: #8e6fd1; }
svg.depgraph .node.rule { fill: #f6f8fa; stroke: #6e7781; }
svg.depgraph .node.self { fill: #fff4cf; stroke: #b28704; stroke-width: 2; }
svg.depgraph a:hover .node { stroke-width: 2.2; }
svg.depgraph .edge { fill: none; stroke: #8c959f; stroke-width: 1.3; }
svg.depgraph .arrowhead { fill: #8c959f; }
)css";

}  // namespace edict::report
