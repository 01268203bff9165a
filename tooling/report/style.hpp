// The report's stylesheet, written to style.css beside the pages. Coverage colours: green covered,
// amber untested, red uncovered, grey not computable (white: a cited id no notice text has); chosen to stay readable when
// printed in black and white (each class also changes the underline style). Fonts are the
// system's (CJK first, so Chinese text never falls back to a Japanese face); nothing is fetched.
// The notice and its rules stand side by side above 60rem of width, one above the other below.
#pragma once

namespace edict::report {

inline constexpr const char* kStyle = R"css(:root {
  --covered: #cdeccf; --covered-edge: #2e7d32;
  --untested: #ffecb3; --untested-edge: #b28704;
  --unknown: #ffffff; --unknown-edge: #9e9e9e;
  --uncovered: #f9d0d0; --uncovered-edge: #c62828;
  --nc: #e4e4e4; --nc-edge: #757575;
  --preamble: transparent; --preamble-edge: transparent;
  --ink: #1f2328; --muted: #59636e; --line: #d0d7de; --soft: #f6f8fa;
  --sans: "Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC", "PingFang SC", "Hiragino Sans GB",
          "Microsoft YaHei", "WenQuanYi Micro Hei", system-ui, sans-serif;
  --mono: "Noto Sans Mono CJK SC", "DejaVu Sans Mono", "Consolas", monospace;
}
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff; font: 16px/1.7 var(--sans); }
header { padding: 1.2rem 2rem .8rem; border-bottom: 1px solid var(--line); background: var(--soft); }
h1 { font-size: 1.6rem; margin: 0 0 .3rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .7rem; border-bottom: 1px solid var(--line); padding-bottom: .2rem; }
main { padding: 0 2rem 3rem; max-width: 140rem; }
code, pre { font-family: var(--mono); font-size: .9em; }
pre code { font-size: 1em; }
pre { background: var(--soft); padding: .4rem .7rem; border-radius: 6px; white-space: pre-wrap; overflow-wrap: anywhere; margin: .3rem 0 .5rem; }
a { color: #0b57d0; text-decoration: none; }
a:hover { text-decoration: underline; }
.policy, .issued, .doc, .none, .all-inputs { color: var(--muted); }
.legend { margin: .5rem 0; }
.legend .what { color: var(--muted); margin-right: .3rem; }
.chip { display: inline-block; padding: .05rem .6rem; margin: .15rem .3rem .15rem 0; border-radius: 1rem; font-size: .9rem;
  white-space: nowrap; border: 1px solid var(--edge, var(--line)); }
.tests-chip { --bg: #eef6ff; --edge: #5a8fd6; color: var(--ink); }
.tests-chip.failing { --bg: var(--uncovered); --edge: var(--uncovered-edge); }
nav.toc a { margin-right: 1.2rem; }
.cov-covered { --bg: var(--covered); --edge: var(--covered-edge); }
.cov-untested { --bg: var(--untested); --edge: var(--untested-edge); }
.cov-unknown { --bg: var(--unknown); --edge: var(--unknown-edge); }
.cov-uncovered { --bg: var(--uncovered); --edge: var(--uncovered-edge); }
.cov-not_computable { --bg: var(--nc); --edge: var(--nc-edge); }
.cov-preamble { --bg: transparent; --edge: transparent; }
.chip, mark.cite, .clause-table tr td.status, blockquote.citation { background: var(--bg); }
/* The notice beside its rules: one row per clause, the text on the left, what encodes it on the
   right; on a narrow screen the two stack. */
.synopsis-head, .clause-row { display: grid; grid-template-columns: minmax(0, 1.15fr) minmax(0, 1fr); column-gap: 2rem; }
.synopsis-head { position: sticky; top: 0; background: #fff; z-index: 1; border-bottom: 1px solid var(--line);
  color: var(--muted); font-size: .9rem; padding: .3rem 0; }
.clause-row { border-top: 1px solid #eaeef2; padding: .4rem 0; }
.clause-row .text { border-left: 4px solid var(--edge); padding-left: .8rem; }
.clause-row.cov-preamble .text { border-left-color: transparent; }
.clause-row .encoding { font-size: .92rem; min-width: 0; }
.para { margin: .45rem 0; text-indent: 2em; font-size: 1.05rem; line-height: 1.9; }
.para.heading { text-indent: 0; font-weight: 700; }
.para.numbered { text-indent: 0; }
.clause-id { display: inline-block; white-space: nowrap; text-indent: 0; font-size: .8rem; color: var(--muted); font-weight: 400;
  margin-right: .5rem; min-width: 3.2em; }
.clause-ref, .clause-tag, .param-ref, .rule-link, .param-name, .test-count, .pass, .fail { white-space: nowrap; }
mark.cite { color: inherit; border-bottom: 2px solid var(--edge); padding: 0 1px; border-radius: 2px; }
.cov-untested mark.cite, mark.cite.cov-untested { border-bottom-style: dashed; }
mark.cite.cov-uncovered { border-bottom-style: dotted; }
.clause-head { margin: .35rem 0 .3rem; }
.clause-head .chip { font-size: .8rem; margin: 0 .3rem; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: .35rem .6rem; margin: .35rem 0; background: #fff; }
.card .doc { font-size: .88rem; }
.card .tag { display: inline-block; margin-top: .2rem; }
.card.nc { background: var(--soft); }
.card .what { color: var(--muted); margin-right: .4rem; }
.param-value { margin-right: .8rem; }
.param-value.replaced .value { color: var(--muted); text-decoration: line-through; }
td .param-value { margin: 0 0 .35rem; }
td .param-value .quote { margin-left: 1.2rem; }
.notice-name { color: var(--muted); font-size: .85em; }
.pass { color: #1a7f37; }
.fail, .problem { color: var(--uncovered-edge); }
.problem { font-size: .85rem; }
.rule-link { font-family: var(--mono); font-size: .92em; }
.type { color: var(--muted); }
.quote { margin: .15rem 0; }
q { quotes: "“" "”"; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; vertical-align: top; text-align: left; }
th { background: var(--soft); white-space: nowrap; }
table.tests td code { overflow-wrap: anywhere; }
table.tests td code.where { overflow-wrap: normal; }  /* a file name breaks only at its spaces */
section.clauses, section.params, section.all-tests, section.rules { overflow-x: auto; }
table.tests tr.failed { background: #fff5f5; }
ul.kv { list-style: none; margin: 0; padding: 0; }
ul.kv li { display: inline-block; margin: 0 1.2em 0 0; white-space: nowrap; }
td.status { white-space: nowrap; border-left: 4px solid var(--edge); }
.warning { color: var(--uncovered-edge); font-size: .85rem; }
.tag { font-size: .78rem; background: #eef1f4; border-radius: .6rem; padding: 0 .45rem; color: var(--muted); white-space: nowrap; }
nav { padding: .8rem 2rem; border-bottom: 1px solid var(--line); background: var(--soft); }
header nav.toc { padding: .2rem 0 0; border: 0; background: none; }
.rule-page main { max-width: 90rem; }
.rule-page h1 { margin-top: 1rem; font-family: var(--mono); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
blockquote.citation { margin: .4rem 0; padding: .4rem .8rem; border-left: 4px solid var(--edge); border-radius: 0 6px 6px 0; }
ol.definitions { padding-left: 1.4rem; }
.definition .who { font-weight: 600; }
.definition .loc { color: var(--muted); }
.what { display: inline-block; min-width: 5.5rem; color: var(--muted); }
.card .what { min-width: 0; }
.graph { overflow-x: auto; border: 1px solid var(--line); border-radius: 6px; padding: .4rem; }
svg.depgraph text { font: 13px var(--mono); fill: var(--ink); }
svg.depgraph .node { stroke-width: 1.2; }
svg.depgraph .node.input { fill: #eef6ff; stroke: #5a8fd6; }
svg.depgraph .node.param { fill: #f3eefc; stroke: #8e6fd1; }
svg.depgraph .node.rule { fill: #f6f8fa; stroke: #6e7781; }
svg.depgraph .node.self { fill: #fff4cf; stroke: #b28704; stroke-width: 2; }
svg.depgraph a:hover .node { stroke-width: 2.2; }
svg.depgraph .edge { fill: none; stroke: #8c959f; stroke-width: 1.3; }
svg.depgraph .arrowhead { fill: #8c959f; }
@media (max-width: 60rem) {
  header, main, nav { padding-left: 1rem; padding-right: 1rem; }
  .synopsis-head { display: none; }
  .clause-row { grid-template-columns: minmax(0, 1fr); }
  .clause-row .encoding { border-left: 4px solid var(--edge); padding-left: .8rem; margin-top: .3rem; }
  .clause-row.cov-preamble .encoding { display: none; }
  table { font-size: .85rem; }
}
)css";

}  // namespace edict::report
