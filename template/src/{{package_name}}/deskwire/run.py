# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""The composition root: read the app's settings, parse the command line, keep
to one running copy, then serve the app and open its window until it closes.

`run(app)` serves a module shaped like app.py (__main__.py passes app.py; the
tests pass their own app). The first line on stdout is the URL of the page,
so scripts and tests can find the port; everything else goes to stderr.

Every setting is optional in the module: one it leaves out takes the value
this project was generated with (choices.py), so an app.py written for an
earlier version of the framework still runs. A setting that cannot be used
ends the launch with exit code 2 and one line naming it.
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import os
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from .. import __version__
from ..bridge.core import Bridge
from ..bridge.launcher import AppWindow, WindowUrl, launch
from ..bridge.limits import Limits
from ..bridge.openrpc import serve_discovery
from ..bridge.security import csp_source_problem
from ..desktop import Desktop
from ..desktop.menu import AppMenu, Submenu
from . import choices

if TYPE_CHECKING:
    from ..desktop.single_instance import SecondLaunch, SingleInstance

logger = logging.getLogger(choices.PACKAGE)

# The package folder: what dev mode watches for changes to restart the app.
PACKAGE_DIR = Path(__file__).resolve().parent.parent
# An app id names folders and a lock: letters, digits and . _ -
_APP_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


class SettingError(Exception):
    """A setting of the app that cannot be used; the message says which and why."""


# Makes the SettingError for a setting's name and what is wrong with it.
_ProblemMaker = Callable[[str, str], SettingError]


@dataclasses.dataclass(frozen=True)
class AppSettings:
    """The app's settings, read from its module and checked (`read_settings`)."""

    title: str
    app_id: str
    window_width: int
    window_height: int
    port: int
    secure: bool
    single_instance: bool
    limits: Limits
    extra_csp_sources: Mapping[str, tuple[str, ...]]
    bridge: Bridge
    desktop: Desktop


def read_settings(app: ModuleType) -> AppSettings:
    """The settings `app` defines, with this project's defaults for the ones it
    leaves out; SettingError for a value that cannot be used."""
    where = Path(getattr(app, "__file__", None) or "app.py").name

    def problem(name: str, what: str) -> SettingError:
        return SettingError(f"{name} in {where} {what}")

    def text(name: str, default: str) -> str:
        value = getattr(app, name, default)
        if not isinstance(value, str) or not value.strip():
            raise problem(name, f"must be a non-empty string, not {value!r}")
        return value

    def flag(name: str, default: bool) -> bool:
        value = getattr(app, name, default)
        if not isinstance(value, bool):
            raise problem(name, f"must be True or False, not {value!r}")
        return value

    def whole(name: str, default: int, low: int, high: int, zero_too: bool = False) -> int:
        value = getattr(app, name, default)
        valid = isinstance(value, int) and not isinstance(value, bool)
        if not valid or not (low <= value <= high or (zero_too and value == 0)):
            span = f"{'0 or ' if zero_too else ''}{low}-{high}"
            raise problem(name, f"must be a whole number {span}, not {value!r}")
        return int(value)

    bridge = getattr(app, "bridge", None)
    if not isinstance(bridge, Bridge):
        raise problem(
            "bridge", f"must be a Bridge (bridge = Bridge(limits=LIMITS)), not {bridge!r}"
        )
    title = text("TITLE", choices.DEFAULT_TITLE)
    app_id = text("APP_ID", choices.DEFAULT_APP_ID)
    if not _APP_ID.fullmatch(app_id):
        raise problem("APP_ID", f"must be letters, digits and . _ - only, not {app_id!r}")
    limits = getattr(app, "LIMITS", bridge.limits)
    if not isinstance(limits, Limits):
        raise problem("LIMITS", f"must be a Limits, not {limits!r}")
    if limits != bridge.limits:
        raise problem("LIMITS", "is not the bridge's: pass it as Bridge(limits=LIMITS)")
    desktop = getattr(app, "desktop", None)
    if desktop is None:
        desktop = Desktop(bridge, app_name=title, icon=choices.ICON, menu=_menu(app, problem))
    elif not isinstance(desktop, Desktop):
        raise problem("desktop", f"must be a Desktop, not {desktop!r}")
    else:
        _menu(app, problem)  # checked even when the app made its own desktop
    return AppSettings(
        title=title,
        app_id=app_id,
        window_width=whole("WINDOW_WIDTH", choices.DEFAULT_WINDOW_WIDTH, 200, 10000),
        window_height=whole("WINDOW_HEIGHT", choices.DEFAULT_WINDOW_HEIGHT, 200, 10000),
        port=whole("PORT", choices.DEFAULT_PORT, 1024, 65535, zero_too=True),
        secure=flag("SECURE", choices.DEFAULT_SECURE),
        single_instance=flag("SINGLE_INSTANCE", choices.DEFAULT_SINGLE_INSTANCE),
        limits=limits,
        extra_csp_sources=_csp_sources(getattr(app, "EXTRA_CSP_SOURCES", {}), problem),
        bridge=bridge,
        desktop=desktop,
    )


def _menu(app: ModuleType, problem: _ProblemMaker) -> AppMenu:
    menu = getattr(app, "MENU", ())
    if not isinstance(menu, tuple) or not all(isinstance(item, Submenu) for item in menu):
        raise problem("MENU", f"must be a tuple of Submenu, not {menu!r}")
    return menu


def _csp_sources(value: object, problem: _ProblemMaker) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, Mapping):
        raise problem("EXTRA_CSP_SOURCES", f"must be a dict of directive: sources, not {value!r}")
    sources: dict[str, tuple[str, ...]] = {}
    for directive, listed in value.items():
        if isinstance(listed, str) or not isinstance(listed, (tuple, list)):
            raise problem(
                "EXTRA_CSP_SOURCES", f"must list {directive!r}'s sources in a tuple, not {listed!r}"
            )
        for source in listed:
            wrong = csp_source_problem(str(directive), source)
            if wrong is not None:
                raise problem("EXTRA_CSP_SOURCES", wrong)
        sources[str(directive)] = tuple(listed)
    return sources


def port_number(text: str) -> int:
    port = int(text) if text.isdigit() else -1
    if port != 0 and not 1024 <= port <= 65535:
        raise argparse.ArgumentTypeError(
            f"must be 0 (chosen by the OS) or 1024-65535, not {text!r}"
        )
    return port


def heartbeat_seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number of seconds, not {text!r}") from None
    if not 0.5 <= seconds <= 300:
        raise argparse.ArgumentTypeError(f"must be 0.5-300 seconds, not {text!r}")
    return seconds


def parse_args(argv: Sequence[str] | None, settings: AppSettings) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog=settings.app_id, description=f"Start {settings.title}.")
    handed = "; with the app already running, they go to it" if settings.single_instance else ""
    parser.add_argument(
        "args", nargs="*", metavar="FILE", help=f"files or URLs for the app{handed}"
    )
    parser.add_argument(
        "--port",
        type=port_number,
        default=settings.port,
        help="local port; 0 = a free port chosen by the OS (default: %(default)s)",
    )
    if choices.HAS_WINDOW:
        parser.add_argument(
            "--headless",
            action="store_true",
            help=f"open no {choices.WINDOW_NOUN}; print the URL and serve until stopped",
        )
    parser.add_argument(
        "--dev",
        action="store_true",
        help="serve the page from the frontend's dev server (hot reload) instead of the"
        " built one; needs the project's source tree and its npm packages",
    )
    parser.add_argument(
        "--heartbeat",
        type=heartbeat_seconds,
        default=settings.limits.heartbeat_seconds,
        help="seconds between the server's heartbeats; a page that misses two"
        " reconnects (default: %(default)s)",
    )
    parser.add_argument(
        "--log-level",
        choices=["debug", "info", "warning", "error"],
        default="warning",
        help="stderr log level (default: %(default)s)",
    )
    return parser.parse_args(argv)


def choose_window(options: argparse.Namespace, settings: AppSettings) -> AppWindow:
    """The window for this launch, with the desktop host that answers for it."""
    return choices.open_window(
        bool(getattr(options, "headless", False)),
        settings.desktop,
        title=settings.title,
        app_id=settings.app_id,
        width=settings.window_width,
        height=settings.window_height,
    )


def run(app: ModuleType, argv: Sequence[str] | None = None) -> int:
    """Parse the command line (`argv`, default sys.argv), serve `app` and open
    its window; return the exit code (2 for a setting or option that cannot
    be used)."""
    try:
        settings = read_settings(app)
    except SettingError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return serve(settings, parse_args(argv, settings))


def serve(settings: AppSettings, options: argparse.Namespace) -> int:
    """Serve the app as `options` say until its window closes; the exit code."""
    logging.basicConfig(
        level=options.log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    if options.dev:
        # Imported here: a launch without --dev never needs dev mode's modules.
        from ..bridge.dev_restart import in_dev_worker

        if not in_dev_worker():
            return supervise_dev(options, settings)
    instance = claim_single_instance(options, settings) if settings.single_instance else None
    if isinstance(instance, int):
        return instance
    bridge, desktop = settings.bridge, settings.desktop
    bridge.limits = dataclasses.replace(bridge.limits, heartbeat_seconds=options.heartbeat)
    # rpc.discover: the app's OpenRPC document, for its authenticated clients.
    serve_discovery(bridge, settings.title, __version__)

    def on_second_launch(second: SecondLaunch) -> None:
        """The app was launched again: show the window and tell every page."""
        desktop.host.bring_to_front()
        bridge.emit_threadsafe(second)

    def on_serving(window_url: WindowUrl) -> None:
        desktop.window_url = window_url  # more windows of the page
        if instance is not None:
            instance.serve(on_second_launch)

    try:
        exit_code = launch(
            choose_window(options, settings),
            port=options.port,
            bridge=bridge,
            transport_routes=choices.transport_routes(bridge),
            websockets=choices.WEBSOCKETS,
            secure=settings.secure,
            dev=options.dev,
            on_serving=on_serving,
            extra_csp_sources=settings.extra_csp_sources,
        )
    finally:
        if instance is not None:
            instance.release()
    choices.after_exit(exit_code)
    return exit_code


def claim_single_instance(
    options: argparse.Namespace, settings: AppSettings
) -> SingleInstance | int | None:
    """The lock of the one running copy; or the exit code of a launch handed to
    it; or None when the lock cannot be kept (the app runs anyway). Dev mode
    runs beside an installed copy."""
    if options.dev:
        return None
    # Imported here: an app that allows several copies never loads it.
    from ..desktop.single_instance import HandOverFailed, SingleInstance, instance_folder

    instance = SingleInstance(instance_folder(settings.app_id))
    try:
        if instance.claim():
            return instance
    except OSError as error:
        logger.warning("cannot keep to one running copy (%r): starting anyway", error)
        return None
    try:
        instance.hand_over(options.args, os.getcwd())
    except HandOverFailed as error:
        message = f"error: {settings.app_id} is already running but did not answer ({error})"
        print(message, file=sys.stderr)
        return 1
    logger.info("%s is already running: handed it this launch", settings.app_id)
    return 0


def supervise_dev(options: argparse.Namespace, settings: AppSettings) -> int:
    """Dev mode: run the app in a worker process that restarts on each change
    to the package's Python code, while the page stays open
    (bridge/dev_restart.py). The worker is this very command line again."""
    # Imported here: only dev mode needs the supervisor.
    from ..bridge.dev_restart import DevSupervisor

    return DevSupervisor(
        [sys.executable, *sys.orig_argv[1:]],
        package_dir=PACKAGE_DIR,
        port=options.port,
        secure=settings.secure,
        restart_args=choices.DEV_RESTART_ARGS,
    ).run()
