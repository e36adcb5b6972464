"""The command line: ``triangulate analyze|articles|export|eval``."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from typing import Any

import click

from triangulate import __version__, config
from triangulate.errors import InputError, TriangulateError


class _Group(click.Group):
    """A group that presents TriangulateErrors as one line with their exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TriangulateError as exc:
            click.echo(f"error: {exc.format_message()}", err=True)
            ctx.exit(exc.exit_code)


class _LazyEval(click.Group):
    """``triangulate eval TASK``: each task's module is imported only when used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        from triangulate.eval import EVAL_TASKS

        return sorted(EVAL_TASKS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        from triangulate.eval import EVAL_TASKS

        module = EVAL_TASKS.get(cmd_name)
        if module is None:
            return None
        try:
            command = importlib.import_module(module).command
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
            return None
        assert isinstance(command, click.Command)
        return command


_DB = click.option(
    "--db",
    default=lambda: config.get("db"),
    show_default="triangulate.db",
    help="SQLite file or SQLAlchemy URL (e.g. postgresql+psycopg://user@host/db).",
)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="triangulate")
def main() -> None:
    """Triangulate: a sourced picture of a developing news story."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@_DB
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write DIR/analysis.json for everything in the store.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=lambda: config.get("workers"),
    show_default="1",
    help="Processes for the per-article pipeline.",
)
@click.option("--allow-private", is_flag=True, help="Allow URLs on loopback/private addresses.")
@click.option("--follow-links", is_flag=True, help="For feed items, fetch the linked page.")
@click.option("--lang", help="Force this language code instead of detecting it.")
def analyze(
    paths: tuple[str, ...],
    db: str,
    out_dir: Path | None,
    workers: int,
    allow_private: bool,
    follow_links: bool,
    lang: str | None,
) -> None:
    """Read reports from PATHS (files, directories, globs, URLs, - for stdin) and analyse them.

    Every readable report is analysed and stored; each unreadable one is reported
    on one line and skipped. Exit status: 0 all read, 1 some rejected, 2 usage.
    """
    from triangulate.analysis import build_analysis
    from triangulate.ingest import read_inputs
    from triangulate.model import Article
    from triangulate.run.local import run
    from triangulate.store import open_store

    store = open_store(db)
    inputs = read_inputs(
        paths, allow_private=allow_private or None, follow_links=follow_links or None
    )
    if lang:
        inputs = (_force_lang(item, lang) for item in inputs)

    def on_error(error: InputError) -> None:
        click.echo(f"error: {error.format_message()}", err=True)

    progress = _Progress()

    def on_article(article: Article) -> None:
        progress.advance(article.source)

    with progress:
        report = run(inputs, store, workers=workers, on_error=on_error, on_article=on_article)
    click.echo(
        f"{report.analysed} analysed, {report.unchanged} unchanged, {len(report.errors)} rejected "
        f"in {report.seconds:.1f}s (store: {db})",
        err=True,
    )
    if out_dir is not None:
        analysis = build_analysis(list(store.results()))
        out_dir.mkdir(parents=True, exist_ok=True)
        target = out_dir / "analysis.json"
        target.write_text(
            json.dumps(analysis, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        click.echo(f"wrote {target} ({len(analysis['articles'])} articles)", err=True)
    store.close()
    if report.errors:
        click.echo(f"{len(report.errors)} input(s) rejected; see the lines above.", err=True)
        sys.exit(1)


def _force_lang(item: Any, lang: str) -> Any:
    from triangulate.model import Article

    if isinstance(item, Article):
        item.language = lang
    return item


class _Progress:
    """A rich progress line when stderr is a terminal; silence otherwise."""

    def __init__(self) -> None:
        self._progress: Any = None
        if sys.stderr.isatty():
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self._progress = Progress(
                SpinnerColumn(),
                TextColumn("{task.completed} articles"),
                TextColumn("[dim]{task.description}"),
                TimeElapsedColumn(),
                transient=True,
            )
            self._task = self._progress.add_task("", total=None)

    def __enter__(self) -> _Progress:
        if self._progress:
            self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress:
            self._progress.stop()

    def advance(self, source: str) -> None:
        if self._progress:
            self._progress.update(self._task, advance=1, description=source[-60:])


@main.command()
@_DB
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def articles(db: str, as_json: bool) -> None:
    """List the articles in the store."""
    from triangulate.store import open_store

    store = open_store(db)
    rows = store.articles()
    store.close()
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        click.echo(
            f"{row['id']}  {row['language'] or '??':3} {row['published'] or '----------'}  "
            f"{(row['title'] or row['source'])[:70]}"
        )
    click.echo(f"{len(rows)} article(s)", err=True)


@main.command()
@_DB
@click.option(
    "--format", "fmt", default="json", show_default=True, help="Export format (see --list-formats)."
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to FILE instead of standard output.",
)
@click.option("--list-formats", is_flag=True, help="List the export formats and exit.")
def export(db: str, fmt: str, output: Path | None, list_formats: bool) -> None:
    """Export the analysis of everything in the store."""
    from triangulate.analysis import build_analysis
    from triangulate.exports import load_exporters
    from triangulate.store import open_store

    formats = load_exporters()
    if list_formats:
        for name, func in sorted(formats.items()):
            click.echo(f"{name:12} {(func.__doc__ or '').strip().splitlines()[0]}")
        return
    if fmt not in formats:
        raise click.BadParameter(
            f"unknown format {fmt!r}; choose from {', '.join(sorted(formats))}",
            param_hint="--format",
        )
    store = open_store(db)
    analysis = build_analysis(list(store.results()))
    store.close()
    if output is None:
        formats[fmt](analysis, sys.stdout)
    else:
        with output.open("w", encoding="utf-8", newline="") as handle:
            formats[fmt](analysis, handle)
        click.echo(f"wrote {output}", err=True)


@main.group(cls=_LazyEval, name="eval")
def eval_group() -> None:
    """Score Triangulate against gold data (prints one JSON object)."""
