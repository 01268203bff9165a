#!/usr/bin/env python3
"""Writes syntaxes/edict.tmLanguage.json from compiler/syntax/keywords.def and
runtime/bytecode/primitive_types.def (the tables the grammar is generated from), so the highlighting
knows exactly the keywords the parser knows, in both languages. Run from anywhere:
    python3 editors/vscode/gen_grammar.py [--check]
--check writes nothing and exits 1 when the checked-in grammar differs (used by the test suite)."""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
KEYWORDS = os.path.join(HERE, "..", "..", "compiler", "syntax", "keywords.def")
TYPES = os.path.join(HERE, "..", "..", "runtime", "bytecode", "primitive_types.def")
OUT = os.path.join(HERE, "syntaxes", "edict.tmLanguage.json")


def alt(words):
    # Names may contain CJK letters, so a keyword must not touch another name character.
    return "(?<![\\w])(" + "|".join(sorted(set(words), key=lambda w: (-len(w), w))) + ")(?![\\w])"


def grammar():
    src = open(KEYWORDS, encoding="utf-8").read()
    rows = re.findall(r'^EDICT_KEYWORD2?\(\w+, "(\w+)", "([^"]+)"(?:, "([^"]+)")?, (\w+)\)', src, re.M)
    tpairs = re.findall(r'^EDICT_PRIMITIVE\(\w+, "(\w+)", "([^"]+)"', open(TYPES, encoding="utf-8").read(), re.M)
    consts = {"true", "false", "null"}
    decl = [w for en, zh, zh2, k in rows if k == "Declaration" for w in (en, zh)]
    ops = [w for en, zh, zh2, k in rows if k == "Reserved" and en not in consts for w in (en, zh, zh2) if w]
    ctx = [w for en, zh, zh2, k in rows if k == "Contextual" for w in (en, zh)]
    const = [w for en, zh, zh2, k in rows if en in consts for w in (en, zh)]
    types = [w for en, zh in tpairs for w in (en, zh)]
    return {
        "$schema": "https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json",
        "name": "Edict",
        "scopeName": "source.edict",
        "fileTypes": ["edict"],
        "patterns": [
            {"name": "comment.line.number-sign.edict", "match": "#.*$"},
            {"name": "string.quoted.double.edict", "begin": "\"", "end": "\"|$",
             "patterns": [{"name": "constant.character.escape.edict", "match": "\\\\[\"\\\\nt]"}]},
            {"name": "markup.underline.link.clause.edict", "match": "§[^\\s\"\u3000]+"},
            {"name": "constant.numeric.date.edict", "match": "\\b\\d{4}-\\d{2}(-\\d{2})?\\b"},
            {"name": "constant.numeric.money.edict", "match": "(¥|￥)\\d+(\\.\\d+)?|\\d+(\\.\\d+)? *(元|yuan|CNY)"},
            {"name": "constant.numeric.duration.edict",
             "match": "\\d+ *(days|day|months|month|years|year|天|日|个月|年)(?![\\w])"},
            {"name": "constant.numeric.edict", "match": "\\b\\d+(\\.\\d+)?"},
            {"name": "keyword.declaration.edict", "match": alt(decl)},
            {"name": "keyword.control.edict", "match": alt(ops)},
            {"name": "keyword.other.contextual.edict", "match": alt(ctx)},
            {"name": "constant.language.edict", "match": alt(const)},
            {"name": "support.type.edict", "match": alt(types)},
            {"name": "keyword.operator.edict", "match": "=>|->|==|!=|<=|>=|\\?\\?|[+\\-*/<>=|?]"},
            {"name": "entity.name.function.call.edict", "match": "[\\w]+(?=\\s*\\()"},
        ],
    }


def main():
    text = json.dumps(grammar(), ensure_ascii=False, indent=2) + "\n"
    if "--check" in sys.argv:
        current = open(OUT, encoding="utf-8").read() if os.path.exists(OUT) else ""
        if current != text:
            print(f"{OUT} is out of date: run python3 editors/vscode/gen_grammar.py")
            return 1
        print("grammar up to date")
        return 0
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
