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
from monitor.cli.common import err, fail
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
    def who(aid: str) -> str:
        return f"{names.get(aid, aid)} ({aid})"

    risk = "；".join(f"{r['label']}({'、'.join(r['words'])})" for r in data["risk"]) or "-"
    rows = [
        ("类型", f"{data['type_label']} ({data['type']})"),
        ("领域", f"{data['domain']} / {data['subtopic'] or '-'}"),
        ("区域", f"{data['region'] or '-'} {data['street'] or ''}".strip()),
        ("风险", risk),
        ("关键词", "、".join(data["keywords"]) or "-"),
        ("主办", who(data["route"]["lead"])),
        ("协办", "、".join(who(a) for a in data["route"]["co"]) or "-"),
        ("规则", data["route"]["rule"]),
    ]
    for k, v in rows:
        out.print(f"[bold]{k}[/bold]  {v}", markup=True)


def register(app: typer.Typer) -> None:
    @app.command("classify")
    def classify(
        text: Annotated[str | None, typer.Argument(help="the message to classify")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
        file: Annotated[Path | None, typer.Option("--file", "-f", help="CSV (text column), JSON Lines "
                                                  "(text key) or plain text, one message a line")] = None,
        model: Annotated[Path | None, typer.Option("--model", help="learned model (default: var/model.pkl "
                                                   "when present)")] = None,
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
            if as_json:
                sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
            else:
                _print_human(data, names)
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
                        err.print(f"{file}:{line}: skipped: {problem}")
                    else:
                        data = _result(clf, router, msg)
                    if as_json:
                        sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
                    elif "error" not in data:
                        r = data["route"]
                        sys.stdout.write("\t".join([str(line), data["type_label"], data["domain"],
                                                    data["subtopic"] or "-", data["region"] or "-",
                                                    ",".join(x["flag"] for x in data["risk"]) or "-",
                                                    r["lead"], ",".join(r["co"]) or "-"]) + "\n")
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
        from_db: Annotated[bool, typer.Option("--from-db", help="also learn from operators' corrections "
                                              "stored in the database")] = False,
        config: ConfigOption = DEFAULT_CONFIG,
    ) -> None:
        """Fit the learned domain model from labelled messages (and corrections)."""
        from monitor.classify import Classifier
        from monitor.classify.training import DataError, examples_from_db, read_labelled, train

        if file is None and not from_db:
            _fail("give a FILE of labelled messages, --from-db, or both")
        cfg = Config.load(config)
        clf = Classifier.from_config(cfg)  # registers our words in jieba: training tokens = classify tokens
        examples: list[tuple[str, str]] = []
        sources: list[str] = []
        if file is not None:
            try:
                got = read_labelled(file, text_column=text_column, label_column=label_column)
            except DataError as e:
                _fail(str(e))
            for s in got.skipped[:20]:
                err.print(f"skipped {s}")
            if len(got.skipped) > 20:
                err.print(f"… and {len(got.skipped) - 20} more rows without text or label")
            examples += got.examples
            sources.append(str(file))
        if from_db:
            from monitor.store.context import open_app

            app_ = open_app(config)
            with app_.sessions() as s:
                db_examples = examples_from_db(s, "domain")
            app_.close()
            err.print(f"{len(db_examples)} labelled examples from the database")
            examples += db_examples
            sources.append("database")
        try:
            model = train(examples, source=" + ".join(sources))
        except ValueError as e:
            _fail(str(e))
        target = out_path or cfg.file("classify").parent / clf.settings.model.path
        model.save(target)
        per = ", ".join(f"{k} {v}" for k, v in sorted(model.meta["per_label"].items(), key=lambda kv: -kv[1]))
        out.print(f"trained on {model.meta['n']} messages ({per})")
        out.print(f"model written to {target}")
