"""The `deskwire` command line: `new`, `update`, `doctor`, `variants`, `--version`.

Rendering is copier's job; this module turns flags into copier answers, checks
them before anything is written, and reports a bad value in one line that
names the flag and what it accepts.
"""

from __future__ import annotations

import os
import platform
import re
import sys
import traceback
import warnings
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
import yaml

from generator import __version__, doctor
from generator.facade_imports import rewrite_to_facade
from generator.imports import rewrite_moved_imports
from generator.prompts import defaults_as_placeholders
from generator.questions import VARIANT_AXES, choices, load_questions, variant_id, variants
from generator.rendering import RenderError, render_project, update_project
from generator.template_history import template_version

# Copier question -> the flag that answers it.
FLAG_FOR_QUESTION = {
    "project_name": "--name",
    "package_name": "--package",
    "description": "--description",
    "author_name": "--author",
    "transport": "--transport",
    "frontend": "--frontend",
    "window": "--window",
    "window_width": "--window-width",
    "window_height": "--window-height",
    "port": "--port",
    "secure": "--no-secure",
    "single_instance": "--no-single-instance",
    "demo": "--no-demo",
}
INTEGER_QUESTIONS = ("window_width", "window_height", "port")
WEBVIEW_ONLY_QUESTIONS = ("window_width", "window_height")

app = typer.Typer(
    name="deskwire",
    help="Scaffold a desktop app with a web UI and a Python core: a local WebSocket or SSE "
    "bridge with secure defaults, a typed TypeScript client and a native window.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class UsageError(Exception):
    """A bad flag value or destination, reported in one line with exit code 2."""


# DESKWIRE_DEBUG=1: a failure shows its traceback above the one-line message.
DEBUG_ENV_VAR = "DESKWIRE_DEBUG"


def fail(message: str, code: int = 2) -> NoReturn:
    if os.environ.get(DEBUG_ENV_VAR) == "1" and sys.exc_info()[1] is not None:
        traceback.print_exc()
    typer.echo(f"deskwire: error: {message}", err=True)
    raise typer.Exit(code)


def unexpected(error: Exception, command: str) -> NoReturn:
    """Any failure the commands do not foresee: one line, and the way to more."""
    text = " ".join(str(error).split()) or "no message"
    fail(
        f"{command} failed: {type(error).__name__}: {text} (run again with "
        f"{DEBUG_ENV_VAR}=1 for the traceback, and report it if the cause is not yours)",
        code=1,
    )


def _help(question: str) -> str:
    return load_questions()[question].help


def _choice_help(question: str) -> str:
    allowed = ", ".join(choices(question))
    return f"{_help(question)} [{allowed}; default: {load_questions()[question].default}]"


def _choice_option(question: str) -> Any:
    """The flag of a question with choices: `--transport websocket|sse` (not
    typer's `<str>`), its help listing the choices and the default."""
    flag = FLAG_FOR_QUESTION[question]
    metavar = "|".join(choices(question))
    return typer.Option(flag, help=_choice_help(question), metavar=metavar, show_default=False)


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"deskwire {__version__} (template {template_version()})")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help="Print the deskwire version and the template version it renders, and exit.",
            callback=_version_callback,
            is_eager=True,
        ),
    ] = False,
) -> None:
    """deskwire: one command to a secure, typed desktop app with a web UI."""


def collect_answers(flags: dict[str, Any]) -> dict[str, Any]:
    """Turn raw flag values into copier answers, rejecting what cannot be valid.

    Choice and integer checks happen here so the message can list the allowed
    values; every other rule is copier.yml's own validator (see `render_project`).
    """
    answers: dict[str, Any] = {}
    for question, value in flags.items():
        if value is None:
            continue
        flag = FLAG_FOR_QUESTION[question]
        allowed = choices(question)
        if allowed and value not in allowed:
            raise UsageError(f"{flag} must be one of: {', '.join(allowed)} (got {value!r})")
        if question in INTEGER_QUESTIONS:
            if not re.fullmatch(r"\d+", str(value)):
                raise UsageError(f"{flag} must be a whole number (got {value!r})")
            value = int(value)
        answers[question] = value
    window = answers.get("window", load_questions()["window"].default)
    for question in WEBVIEW_ONLY_QUESTIONS:
        if question in answers and window != "webview":
            raise UsageError(
                f"{FLAG_FOR_QUESTION[question]} only applies to --window webview "
                f"(the window is {window!r})"
            )
    return answers


def name_from_folder(dest: Path) -> str:
    """The default project name, from the destination's folder name (as cargo
    new and create-tauri-app do): my-cool-app -> My Cool App; PhotoSorter stays."""
    words = [word for word in re.split(r"[-_\s]+", dest.resolve().name) if word]
    if all(word.islower() or word.isdigit() for word in words):
        words = [word.capitalize() for word in words]
    return " ".join(words)


def check_destination(dest: Path, force: bool) -> None:
    if dest.exists() and not dest.is_dir():
        raise UsageError(f"DEST {str(dest)!r} exists and is not a directory")
    if dest.is_dir() and any(dest.iterdir()) and not force:
        raise UsageError(
            f"DEST {str(dest)!r} is not empty; choose a new directory or pass --force "
            "to write into it (files of the same name are overwritten)"
        )


def flag_for_render_error(error: RenderError, given: dict[str, Any]) -> str:
    """Name the flag behind a copier validation error when there is one: the
    flag the user gave, so a package name derived from --name blames --name."""
    question = error.question or ""
    if question == "package_name" and given.get("package_name") is None:
        source = "--name" if given.get("project_name") else "DEST's folder name (the default name)"
        return (
            f"{source}: the Python package made from it is not valid ({error.message}); "
            "choose another --name, or give --package"
        )
    flag = FLAG_FOR_QUESTION.get(question)
    return f"{flag}: {error.message}" if flag else error.message


@app.command()
def new(
    dest: Annotated[
        Path, typer.Argument(metavar="DEST", help="Directory to create the project in.")
    ],
    name: Annotated[
        str | None,
        typer.Option("--name", metavar="NAME", help=_help("project_name"), show_default=False),
    ] = None,
    package: Annotated[
        str | None,
        typer.Option("--package", metavar="NAME", help=_help("package_name"), show_default=False),
    ] = None,
    description: Annotated[
        str | None,
        typer.Option(
            "--description", metavar="TEXT", help=_help("description"), show_default=False
        ),
    ] = None,
    author: Annotated[
        str | None,
        typer.Option("--author", metavar="NAME", help=_help("author_name"), show_default=False),
    ] = None,
    transport: Annotated[str | None, _choice_option("transport")] = None,
    frontend: Annotated[str | None, _choice_option("frontend")] = None,
    window: Annotated[str | None, _choice_option("window")] = None,
    window_width: Annotated[
        str | None,
        typer.Option("--window-width", metavar="PIXELS", help=_help("window_width")),
    ] = None,
    window_height: Annotated[
        str | None,
        typer.Option("--window-height", metavar="PIXELS", help=_help("window_height")),
    ] = None,
    port: Annotated[
        str | None, typer.Option("--port", metavar="0|1024-65535", help=_help("port"))
    ] = None,
    secure: Annotated[
        bool | None,
        typer.Option(
            "--secure/--no-secure",
            help=_help("secure"),
            show_default=False,
        ),
    ] = None,
    single_instance: Annotated[
        bool | None,
        typer.Option(
            "--single-instance/--no-single-instance",
            help="--no-single-instance lets every launch start its own copy. "
            + _help("single_instance"),
            show_default=False,
        ),
    ] = None,
    demo: Annotated[
        bool | None,
        typer.Option(
            "--demo/--no-demo",
            help=_help("demo"),
            show_default=False,
        ),
    ] = None,
    defaults: Annotated[
        bool,
        typer.Option(
            "--defaults", help="Ask nothing: take the default for every answer not given."
        ),
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Write into DEST even when it is not empty.")
    ] = False,
) -> None:
    """Create a new desktop app project in DEST.

    Answers not given as flags are asked on a terminal, and take their defaults
    otherwise (or with --defaults).
    """
    flags: dict[str, Any] = {
        "project_name": name,
        "package_name": package,
        "description": description,
        "author_name": author,
        "transport": transport,
        "frontend": frontend,
        "window": window,
        "window_width": window_width,
        "window_height": window_height,
        "port": port,
        "secure": secure,
        "single_instance": single_instance,
        "demo": demo,
    }
    given = dict(flags)
    try:
        check_destination(dest, force)
        interactive = not defaults and sys.stdin.isatty() and sys.stdout.isatty()
        if flags["project_name"] is None and name_from_folder(dest):
            # Asked here, not by copier: its prompt pre-fills the default as
            # text, and typing a name appended to it ("Deskwire DemoPhoto Sorter").
            derived = name_from_folder(dest)
            flags["project_name"] = (
                typer.prompt(_help("project_name"), default=derived) if interactive else derived
            )
        answers = collect_answers(flags)
        with defaults_as_placeholders():
            result = render_project(dest, answers, interactive=interactive, overwrite=force)
    except UsageError as error:
        fail(str(error))
    except RenderError as error:
        fail(flag_for_render_error(error, given))
    except (typer.Exit, typer.Abort):
        raise
    except Exception as error:
        unexpected(error, "deskwire new")
    chosen = ", ".join(f"{axis}={result[axis]}" for axis in VARIANT_AXES)
    typer.echo(f"Created {result['project_name']!r} in {dest} ({chosen})")
    typer.echo(f"Next: cd {dest} && python3 tasks.py run")
    warn_about_machine(str(result["window"]), dest)


def warn_about_machine(window: str, dest: Path) -> None:
    """After a render: name what this machine lacks to run the project (the
    project is written either way, so `new` still succeeds)."""
    encoding = sys.stderr.encoding
    lines = doctor.missing_summary(doctor.checks(window, dest), doctor.current_system(), encoding)
    if lines:
        typer.echo("", err=True)
        typer.echo("deskwire: this machine lacks what the project needs to run:", err=True)
        for line in lines:
            typer.echo(line, err=True)
        typer.echo("  (`deskwire doctor` checks again)", err=True)


@app.command()
def update(
    dest: Annotated[Path, typer.Argument(help="The generated project to update.")] = Path("."),
    vcs_ref: Annotated[
        str | None,
        typer.Option(
            "--to",
            "--vcs-ref",
            metavar="TAG|COMMIT",
            help="The template version to move to (a git tag or commit); default: the one "
            "`deskwire new` renders (a checkout's HEAD, or the commit the installed wheel "
            "was built from).",
        ),
    ] = None,
    defaults: Annotated[
        bool, typer.Option("--defaults", help="Ask nothing: keep every previous answer.")
    ] = False,
) -> None:
    """Update a generated project to a newer template version, keeping your edits.

    Wraps `copier update`: DEST must be a git repository with no uncommitted
    changes, so the update can be reviewed as a diff. Your files (app.py,
    protocol.py, your tests, README.md, the page's own files) are never merged
    over, and one you deleted stays deleted; the demo's tests new in this version
    are not added. Imports of framework modules that moved, or that the public
    API (.deskwire) exports, are rewritten, each one named.
    """
    interactive = not defaults and sys.stdin.isatty() and sys.stdout.isatty()
    try:
        with defaults_as_placeholders():
            plan = update_project(dest, vcs_ref=vcs_ref, interactive=interactive)
        rewrites = rewrite_moved_imports(dest, plan.generated)
        to_facade = rewrite_to_facade(dest, plan.generated)
    except RenderError as error:
        fail(error.message, code=1)
    except (typer.Exit, typer.Abort):
        raise
    except Exception as error:
        unexpected(error, "deskwire update")
    for rewrite in rewrites:
        typer.echo(f"Rewrote an import of a moved module: {rewrite}")
    for rewrite in to_facade:
        typer.echo(f"Rewrote an import to the public API (.deskwire): {rewrite}")
    if plan.new_user_tests:
        typer.echo(
            "Not added, as they test this version's demo rather than your code: "
            + ", ".join(plan.new_user_tests)
            + " (a fresh `deskwire new` project has them, if you adopt its demo)"
        )
    typer.echo(f"Updated {dest}; review the changes with `git -C {dest} diff`")
    typer.echo(
        "Next: `python3 tasks.py types` remakes the page's types (protocol.ts) for the "
        "framework's methods and yours, then `python3 tasks.py test`"
    )


def window_of_project(directory: Path) -> str | None:
    """The window a generated project in `directory` was made with, if it is one."""
    answers_file = directory / ".copier-answers.yml"
    if not answers_file.is_file():
        return None
    try:
        answers = yaml.safe_load(answers_file.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise UsageError(f"{answers_file} cannot be read: {error}") from error
    window = answers.get("window") if isinstance(answers, dict) else None
    if window not in choices("window"):
        raise UsageError(
            f"{answers_file}: window must be one of: {', '.join(choices('window'))} "
            f"(got {window!r})"
        )
    return str(window)


@app.command(name="doctor")
def doctor_command(
    directory: Annotated[
        Path,
        typer.Argument(
            metavar="DIR",
            help="A generated project (its window is read from .copier-answers.yml), or "
            "where a new one will go (its free space is checked).",
        ),
    ] = Path("."),
    window: Annotated[
        str | None,
        typer.Option(
            "--window",
            metavar="|".join(choices("window")),
            help="Check for this window instead of the project's. Default: the project's, "
            "else webview (the default of deskwire new, and the one that needs the most).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Check this machine for what a deskwire project needs: Python, Node.js and npm,
    Qt's X libraries and a display (webview), a browser (browser), free disk space.

    Prints a line per check (✓ found, ✗ missing, ! warning) and, for each missing
    piece, the command that installs it. Exits 1 when something required is
    missing; warnings do not fail. DESKWIRE_LIBRARY_PATH (folders separated as in
    PATH) makes it look for the Qt libraries only there.
    """
    try:
        if window is not None and window not in choices("window"):
            raise UsageError(
                f"--window must be one of: {', '.join(choices('window'))} (got {window!r})"
            )
        if directory.exists() and not directory.is_dir():
            raise UsageError(f"DIR {str(directory)!r} is not a directory")
        chosen = window or window_of_project(directory) or "webview"
    except UsageError as error:
        fail(str(error))
    system = doctor.current_system()
    results = doctor.checks(chosen, directory)
    typer.echo(f"Checking for a {chosen} project on {system or platform.system()}:")
    for line in doctor.report(results, system, sys.stdout.encoding):
        typer.echo(line)
    if any(check.required_and_missing for check in results):
        raise typer.Exit(1)


@app.command(name="variants")
def list_variants() -> None:
    """Print the matrix of valid transport x frontend x window combinations."""
    header = [*VARIANT_AXES, "id"]
    rows = [[*(v[axis] for axis in VARIANT_AXES), variant_id(v)] for v in variants()]
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]
    for row in [header, *rows]:
        typer.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))


def main() -> None:
    # Copier warns about dirty template checkouts; those are expected in
    # development and mean nothing to a user of the CLI.
    warnings.filterwarnings("ignore", module="copier")
    app()


if __name__ == "__main__":
    main()
