# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""`SettingsStore`: the app's settings, one pydantic model kept in the user's config folder.

Why not the page's `localStorage`: web storage belongs to an origin, and the
page's origin is `http://127.0.0.1:PORT` with a new port at every launch
(port 0), in a native window that keeps no web storage between runs anyway.
So settings live with Python, in `platformdirs.user_config_path(app)/settings.json`,
read and written by your handlers and by the page through typed calls
(`settings.get`, `settings.update`); every change is pushed to every open
page as a typed event (`settings_changed`), whoever made it.

Writes are atomic (bridge/atomic_file.py). A file that cannot be read
(truncated, not JSON, or no longer valid for the model) is moved aside as
`settings.json.unreadable-<time>`, with a warning in the log, and the
defaults apply: what the user had is never overwritten silently.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from pathlib import Path
from typing import Any, Generic, TypeVar

import platformdirs
from pydantic import BaseModel, ValidationError, create_model

from ..bridge.atomic_file import write_atomically
from ..bridge.core import Bridge
from ..bridge.errors import INVALID_PARAMS, RpcError

logger = logging.getLogger(__name__)

S = TypeVar("S", bound=BaseModel)
FILE_NAME = "settings.json"
# The models made here are built (validator, serializer) on their first use,
# not at start-up.
BUILT_ON_FIRST_USE: dict[str, Any] = {"defer_build": True}


def settings_file(app_id: str) -> Path:
    """Where an app's settings live for this user (XDG_CONFIG_HOME on Linux)."""
    return platformdirs.user_config_path(app_id, appauthor=False) / FILE_NAME


class SettingsStore(Generic[S]):
    def __init__(self, model: type[S], *, path: Path, bridge: Bridge | None = None) -> None:
        """`model` gives every field a default (the settings of a first launch).
        With `bridge`, the page may read and change them and hears each change."""
        # Checked on the fields, not with an instance: that would build the
        # model's validator now, at start-up, instead of at its first use.
        if any(field.is_required() for field in model.model_fields.values()):
            raise TypeError(f"every field of {model.__name__} needs a default")
        self.model = model
        self.path = path
        self._current: S | None = None
        self._loading = threading.Lock()
        self._writing: asyncio.Lock | None = None
        # The event carries the whole settings: a page that missed one still
        # converges. Fixed names (the `settings_changed` event, `SettingsPatch`),
        # whatever the model is called: the page's code relies on them.
        self.changed: type[BaseModel] = create_model(
            "SettingsChanged", __base__=model, __cls_kwargs__=BUILT_ON_FIRST_USE
        )
        self.patch: type[BaseModel] = _patch_model(model)
        self._bridge = bridge
        if bridge is not None:
            bridge.event(self.changed)
            self._expose(bridge)

    def get(self) -> S:
        """The settings now (read from the file at the first call)."""
        with self._loading:
            if self._current is None:
                self._current = self._load()
            return self._current

    async def update(self, **changes: Any) -> S:
        """Change some fields, save, and tell every page; return the new settings."""
        if self._writing is None:
            self._writing = asyncio.Lock()
        async with self._writing:
            merged = {**self.get().model_dump(), **changes}
            try:
                settings = self.model.model_validate(merged)
            except ValidationError as error:
                fields = [
                    {"loc": list(item["loc"]), "msg": item["msg"], "type": item["type"]}
                    for item in error.errors(include_url=False, include_input=False)
                ]
                raise RpcError(INVALID_PARAMS, "invalid settings", fields) from None
            data = settings.model_dump_json(indent=2).encode()
            await asyncio.to_thread(write_atomically, self.path, data)
            with self._loading:
                self._current = settings
            if self._bridge is not None:
                await self._bridge.emit(self.changed.model_validate(settings.model_dump()))
            return settings

    def _load(self) -> S:
        try:
            text = self.path.read_bytes()
        except FileNotFoundError:
            return self.model()
        except OSError as error:
            logger.warning("cannot read the settings (%r); using the defaults", error)
            return self.model()
        try:
            return self.model.model_validate_json(text)
        except ValidationError as error:
            aside = self.path.with_name(f"{FILE_NAME}.unreadable-{time.strftime('%Y%m%d-%H%M%S')}")
            try:
                self.path.replace(aside)
            except OSError:
                aside = self.path
            logger.warning(
                "the settings file is unreadable (%d problems); kept as %s, using the defaults",
                error.error_count(),
                aside,
            )
            return self.model()

    def _expose(self, bridge: Bridge) -> None:
        async def get(params: SettingsQuery) -> BaseModel:
            return self.get()

        async def update(params: BaseModel) -> BaseModel:
            return await self.update(**params.model_dump(exclude_unset=True))

        # The models are only known now: annotate the handlers with them, so
        # the calls are validated and typed (protocol.ts) like any other.
        get.__annotations__ = {"params": SettingsQuery, "return": self.model}
        update.__annotations__ = {"params": self.patch, "return": self.model}
        bridge.method_named("settings.get", get)
        bridge.method_named("settings.update", update)


class SettingsQuery(BaseModel, defer_build=True):
    pass


def _patch_model(model: type[BaseModel]) -> type[BaseModel]:
    """`<Model>Patch`: every field optional, none defaulted: what the page sends
    names only the fields it changes."""
    fields: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        annotation: Any = field.annotation
        fields[name] = (annotation | None, None)
    return create_model("SettingsPatch", __cls_kwargs__=BUILT_ON_FIRST_USE, **fields)
