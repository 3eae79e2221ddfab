"""``wenzheng classify`` (what would happen to a message) and ``wenzheng train`` (learn domains)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from monitor.cli import ConfigOption
from monitor.cli.common import err, fail, plain
from monitor.classify.risk import describe
from monitor.core.config import DEFAULT_CONFIG, Config

out = Console(highlight=False)
_fail = fail


def _result(clf: Any, router: Any, text: str) -> dict[str, Any]:
    c = clf.classify(text)
    d = router.route(c, ())
    data = c.to_dict()
    data["route"] = d.to_dict()
    data["evidence"] = {**data["evidence"], "route": d.evidence}
    if d.unroutable:
        data["route"]["unroutable"] = True
    return data


def _print_human(data: dict[str, Any], names: dict[str, str]) -> None:
    def who(aid: str) -> str:  # names, as operators know the accounts (--json has the ids)
        return names.get(aid, aid)

    risk = describe(data["risk"]) or "-"
    rows = [
        ("类型", data["type_label"]),
        ("领域", f"{data['domain']} / {data['subtopic'] or '-'}"),
        ("区域", f"{data['region'] or '-'} {data['street'] or ''}".strip()),
        ("风险", risk),
        ("关键词", "、".join(data["keywords"]) or "-"),
        ("主办", who(data["route"]["lead"])),
        ("协办", "、".join(who(a) for a in data["route"]["co"]) or "-"),
        ("规则", data["route"]["rule"]),
    ]
    for k, v in rows:
        out.print(plain(k, style="bold") + plain(f"  {v}"))


def _corrections(cfg: Config, text: str) -> list[dict[str, Any]]:
    """Operators' corrections of this very text, read without writing (no database: none)."""
    from sqlalchemy.exc import SQLAlchemyError

    from monitor.classify.training import corrections_for
    from monitor.core.timeutil import iso_local
    from monitor.store.db import open_database

    url = cfg.database_url
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        return []
    try:
        engine, sessions = open_database(url, migrate=False)
    except (SQLAlchemyError, OSError, ValueError):
        return []
    try:
        with sessions() as s:
            return [{"field": e.field, "label": e.label, "case_id": e.case_id, "by": e.created_by,
                     "at": iso_local(e.created_at)} for e in corrections_for(s, text)]
    except SQLAlchemyError:
        return []
    finally:
        engine.dispose()


# who decided a domain, in the operator's words (evidence ``by`` with an office's own model)
_DECIDED = {"model": "本单位模型", "rules": "规则", "model+rules": "本单位模型与规则一致", "shipped": "随附的领域模型"}


def _print_explain(data: dict[str, Any], type_labels: dict[str, str]) -> None:
    """Why each field came out as it did, in the words of the evidence."""
    ev = data["evidence"]
    lines: list[str] = []
    t = ev.get("type", {})
    if t.get("by") == "model":  # the type model overruled the cues: say so, then what the cues said
        lines.append(f"类型：{t.get('why', '由类型模型决定')}")
        t = t.get("rules", {})
    if t.get("by") == "rules":
        lines.append(f"类型：词 {'、'.join(t.get('words', [])) or '-'}；得分 "
                     + "，".join(f"{type_labels.get(k, k)} {v}" for k, v in t.get("scores", {}).items()))
    elif t.get("matter"):
        lines.append(f"类型：没有类型词，写明了事项（{t['matter']}），按{type_labels.get(t.get('label', data['type']), data['type'])}")
    else:
        lines.append(f"类型：没有类型词，也没写明事项：{type_labels.get(t.get('label', data['type']), data['type'])}")
    if "model" in t:
        lines.append(f"类型模型：{type_labels.get(t['model']['label'], t['model']['label'])} 差距 {t['model']['margin']}")
    d = ev.get("domain", {})
    shipped = d.get("shipped")  # the shipped domain model's reading, deciding or not
    if d.get("by") == "shipped" and "model" not in d:  # it overruled the rules: say so, then the rules
        lines.append(f"领域：{d.get('why', '由随附的领域模型决定')}")
        d = d.get("rules", {})
    by = d.get("by", "-")
    if "model" in d:  # an office's own model
        m, r = d["model"], d.get("rules", {})
        lines.append(f"领域：由{_DECIDED.get(by, by)}决定"
                     f"（{d.get('why', '')}）；本单位模型 {m['label']} 差距 {m['margin']}；规则 {r.get('label')} "
                     f"得分 {r.get('score')}，词 {'、'.join(d.get('words') or r.get('words') or d.get('rule_words') or []) or '-'}")
    elif d.get("fallback"):
        lines.append(f"领域：没有领域词，按字面线索（{'、'.join(d.get('words', []))}）定为{d.get('label', data['domain'])}，把握最小")
    elif by == "type":
        lines.append(f"领域：{d.get('rule', '')}（{'、'.join(d.get('words', []))}），归入{data['domain']}"
                     + (f"；提到 {'、'.join(d['mentioned'])}" if d.get("mentioned") else ""))
    elif by == "rules":
        lines.append(f"领域：由规则决定；词 {'、'.join(d.get('words', []))}；得分 "
                     + "，".join(f"{k} {v}" for k, v in d.get("scores", {}).items()))
    else:
        lines.append("领域：没有领域词，归入其他")
    if shipped:
        lines.append(f"领域模型（随附）：{shipped['label']} 差距 {shipped['margin']}")
    if ev.get("region"):
        lines.append(f"区域：词 {'、'.join(ev['region'].get('words', []))}")
    rt = ev.get("route", {})
    if rt.get("addressed"):
        lines.append(f"分派：按文中地点，而非群众所@账号 {'、'.join(rt['addressed'])}")
    fixes = data.get("corrections") or []
    if fixes:
        from monitor.web.console.display import local
        from monitor.web.console.labels import label

        for f in fixes:  # as the case's timeline says it: 类型 → 投诉 (auditor，2026-12-03 14:42)
            value = type_labels.get(f["label"], f["label"]) if f["field"] == "type" else f["label"]
            lines.append(f"人工更正：案件#{f['case_id']} {label(f['field'], 'field')} → {value}"
                         f"（{f['by']}，{local(f['at'])}）")
    else:
        lines.append("人工更正：无（此文本没有被更正过）")
    for line in lines:
        out.print(line, markup=False)


def register(app: typer.Typer) -> None:
    @app.command("classify")
    def classify(
        text: Annotated[str | None, typer.Argument(help="the message to classify")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
        file: Annotated[Path | None, typer.Option("--file", "-f", help="CSV (text column), JSON Lines "
                                                  "(text key) or plain text, one message a line")] = None,
        model: Annotated[Path | None, typer.Option("--model", help="learned model (default: var/model.pkl "
                                                   "when present)")] = None,
        explain: Annotated[bool, typer.Option("--explain", help="say why: the words, the model, which "
                                              "decided, and operators' corrections of this text")] = False,
        config: ConfigOption = DEFAULT_CONFIG,
    ) -> None:
        """Classify and route a message (or a file of them) without storing anything."""
        from monitor.classify import Classifier
        from monitor.classify.training import DataError, iter_texts
        from monitor.route import Router

        if (text is None) == (file is None):
            _fail("give either TEXT or --file FILE")
        if model is not None and not model.is_file():
            _fail(f"{model}: model file not found (run `wenzheng train`)")
        cfg = Config.load(config)
        try:
            clf = Classifier.from_config(cfg, model_path=model)
        except ValueError as e:
            _fail(str(e))
        router = Router.from_config(cfg)
        names = {a.id: a.name for a in cfg.matrix.accounts}
        if text is not None:
            data = _result(clf, router, text)
            if explain:
                data["corrections"] = _corrections(cfg, text)
            if as_json:
                sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
            else:
                _print_human(data, names)
                if explain:
                    _print_explain(data, clf.settings.types.labels)
            return
        assert file is not None
        try:
            total = sum(1 for _ in iter_texts(file))
            errors = 0
            with Progress(TextColumn("classify"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                          console=err, transient=True) as bar:
                task = bar.add_task("classify", total=total)
                for line, msg, problem in iter_texts(file):
                    if msg is None:
                        errors += 1
                        data: dict[str, Any] = {"line": line, "error": problem}
                        err.print(plain(f"{file}:{line}: skipped: {problem}"))
                    else:
                        data = _result(clf, router, msg)
                    if as_json:
                        sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
                    elif "error" not in data:
                        r = data["route"]
                        sys.stdout.write("\t".join([str(line), data["type_label"], data["domain"],
                                                    data["subtopic"] or "-", data["region"] or "-",
                                                    describe(data["risk"]) or "-",
                                                    names.get(r["lead"], r["lead"]),
                                                    ",".join(names.get(a, a) for a in r["co"]) or "-"]) + "\n")
                    bar.advance(task)
        except DataError as e:
            _fail(str(e))
        if errors:
            err.print(f"{errors} of {total} lines could not be classified (see above)")

    @app.command("train")
    def train_cmd(
        file: Annotated[Path | None, typer.Argument(help="labelled messages: CSV, XLSX or JSON Lines")] = None,
        text_column: Annotated[str, typer.Option(help="column holding the message")] = "text",
        label_column: Annotated[str, typer.Option(help="column holding the domain label")] = "label",
        out_path: Annotated[Path | None, typer.Option("--out", help="where to write the model "
                                                      "(default: [model].path of classify.toml, var/model.pkl)")] = None,
        from_db: Annotated[bool, typer.Option("--with-corrections", "--from-db",
                                              help="also learn from operators' corrections (wenzheng case "
                                                   "reclassify, the console's 改分类)")] = False,
        seed: Annotated[bool, typer.Option("--seed/--no-seed",
                                           help="also learn from the shipped examples in the office's domains "
                                                "([model].seed of classify.toml)")] = True,
        config: ConfigOption = DEFAULT_CONFIG,
    ) -> None:
        """Fit the learned domain model from labelled messages (and corrections)."""
        from monitor.classify import Classifier
        from monitor.classify.training import (DataError, examples_from_db, map_labels, read_labelled,
                                               seed_examples, train)

        if file is None and not from_db:
            _fail("give a FILE of labelled messages, --with-corrections, or both")
        cfg = Config.load(config)
        # registers our words in jieba (training tokens = classify tokens); any old model is ignored
        clf = Classifier.from_config(cfg, use_model=False)
        examples: list[tuple[str, str]] = []
        sources: list[str] = []
        covers: dict[str, list[str]] = {}
        if file is not None:
            try:
                got = read_labelled(file, text_column=text_column, label_column=label_column)
            except DataError as e:
                _fail(str(e))
            for s in got.skipped[:20]:
                err.print(f"skipped {s}")
            if len(got.skipped) > 20:
                err.print(f"… and {len(got.skipped) - 20} more rows without text or label")
            try:
                examples += map_labels(got.examples, clf.settings.taxonomy, source=str(file))
            except DataError as e:
                _fail(str(e))
            covers = clf.settings.taxonomy.covers({label for _, label in got.examples})
            sources.append(str(file))
        if from_db:
            from monitor.store.context import open_app

            app_ = open_app(config, sync=False)
            with app_.sessions() as s:
                db_examples = examples_from_db(s, "domain")
            app_.close()
            try:
                db_examples = map_labels(db_examples, clf.settings.taxonomy, source="corrections in the database")
            except DataError as e:
                _fail(str(e))
            err.print(f"{len(db_examples)} operators' corrections from the database")
            examples += db_examples
            sources.append(f"corrections ({len(db_examples)})")
        if seed:
            seed_path = cfg.file("classify").parent / clf.settings.model.seed
            try:
                seeded = map_labels(seed_examples(seed_path), clf.settings.taxonomy, source=str(seed_path))
            except DataError as e:
                _fail(str(e))
            if seeded:
                err.print(f"{len(seeded)} seed examples from {seed_path}")
                examples += seeded
                sources.append(f"seed ({len(seeded)})")
        try:
            model = train(examples, source=" + ".join(sources), covers=covers)
        except ValueError as e:
            _fail(str(e))
        target = out_path or cfg.file("classify").parent / clf.settings.model.path
        model.save(target)
        per = ", ".join(f"{k} {v}" for k, v in sorted(model.meta["per_label"].items(), key=lambda kv: -kv[1]))
        out.print(f"trained on {model.meta['n']} messages ({per})")
        other = clf.settings.domains.default
        texts = [t for t, _ in examples]
        rules_other = sum(clf.classify(t).domain == other for t in texts)
        clf.model, clf.model_path = model, target
        both_other = sum(clf.classify(t).domain == other for t in texts)
        out.print(f"{other} (no domain) on these messages: rules alone {rules_other / len(texts):.1%}, "
                  f"rules with the model {both_other / len(texts):.1%}")
        out.print(f"model written to {target}")
