// Every word the workbench's interface shows, in English and in Chinese: the one table, as
// tooling/report/strings.hpp is for the report. Names from the policy (outputs, inputs, clause ids)
// and the notice's own words are never translated. `{}` is filled by t()'s arguments in order.
export const STRINGS = {
  title: ["Edict workbench", "Edict 政策试算台"],
  policy: ["Policy", "政策"],
  version: ["version {}", "版本 {}"],
  case: ["The case", "案例"],
  outputs: ["Outputs to decide", "要判定的结果"],
  inputsHelp: ["Only the inputs the chosen outputs need are shown.", "只显示所选结果需要的输入。"],
  evaluate: ["Evaluate", "判定"],
  save: ["Save case", "保存案例"],
  load: ["Load case", "载入案例"],
  compare: ["Compare with another policy", "与另一政策比较"],
  compareButton: ["Compare on this case", "用此案例比较"],
  tests: ["The policy's own tests", "政策自带的测试"],
  runTests: ["Run the tests", "运行测试"],
  decision: ["Decision and why", "判定结果及理由"],
  noDecision: ["Fill in the case and press Evaluate.", "填写案例后点击“判定”。"],
  notice: ["The notice", "通知原文"],
  noNotice: ["This policy declares no notice text of its own.", "此政策没有自己的通知原文。"],
  issued: ["issued {}", "发布日期 {}"],
  optional: ["optional", "可选"],
  defaultIs: ["default {}", "默认 {}"],
  nullOption: ["(none: null)", "（无：null）"],
  unset: ["(not given)", "（未填）"],
  yes: ["yes (true)", "是 (true)"],
  no: ["no (false)", "否 (false)"],
  pickOne: ["Choose at least one output.", "请至少选择一个结果。"],
  notJson: ["{}: not JSON: {}", "{}：不是 JSON：{}"],
  pick: ["pick", "选择"],
  applied: ["applied", "适用"],
  notApplicable: ["did not apply", "不适用"],
  notEvaluated: ["not evaluated", "未求值"],
  base: ["the rule", "规则本身"],
  exception: ["exception {}", "例外 {}"],
  when: ["when", "条件"],
  value: ["value", "取值"],
  whyNot: ["why not", "为何不成立"],
  failedCondition: ["the condition that failed", "不成立的条件"],
  uses: ["uses", "用到"],
  input: ["input", "输入"],
  param: ["parameter", "参数"],
  rule: ["rule", "规则"],
  function: ["function", "函数"],
  notReached: ["not reached", "未求值"],
  runtimeError: ["Evaluation stopped: {}", "求值中止：{}"],
  requestError: ["The case was refused ({}): {}", "案例被拒绝（{}）：{}"],
  showInNotice: ["show in the notice", "在原文中显示"],
  citedHere: ["cited by {}", "引用者：{}"],
  testsSummary: ["{} passed, {} failed", "{} 个通过，{} 个失败"],
  testName: ["test", "测试"],
  clause: ["clause", "条款"],
  result: ["result", "结果"],
  expected: ["expected", "预期"],
  passed: ["passed", "通过"],
  failed: ["failed", "失败"],
  broken: ["cannot run", "无法运行"],
  comparison: ["{} compared with {}", "{} 与 {} 比较"],
  output: ["output", "结果"],
  same: ["same", "相同"],
  differs: ["differs", "不同"],
  notAnOutput: ["(not an output)", "（不是其结果）"],
  unusedInputs: ["Inputs {} does not have (left out): {}", "{} 没有的输入（未发送）：{}"],
  noOther: ["No other policy is served here.", "此处没有其他政策。"],
  loaded: ["Loaded {}.", "已载入 {}。"],
  loadFailed: ["{} is not a case: {}", "{} 不是案例：{}"],
  unknownInputs: ["Not inputs of this policy (left out): {}", "不是此政策的输入（已忽略）：{}"],
  working: ["Working…", "处理中…"],
  serverDown: ["The server did not answer: {}", "服务器没有响应：{}"],
};

let lang = "en";
export function setLang(l) { lang = l === "zh" ? "zh" : "en"; document.documentElement.lang = lang === "zh" ? "zh-CN" : "en"; }
export function getLang() { return lang; }

export function t(id, ...args) {
  const entry = STRINGS[id];
  let s = entry ? entry[lang === "zh" ? 1 : 0] : id;
  for (const a of args) s = s.replace("{}", String(a));
  return s;
}

// Elements carrying data-i18n="id" get their string.
export function translatePage() {
  for (const e of document.querySelectorAll("[data-i18n]")) e.textContent = t(e.dataset.i18n);
  document.title = t("title");
}
