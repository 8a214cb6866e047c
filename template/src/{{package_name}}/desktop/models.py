# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""What the page sends to the desktop's methods and what it gets back.

These models are part of the protocol: frontend/src/bridge/protocol.ts has
them as TypeScript types, like your own models in protocol.py.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

# Every model here is built (its validator and serializer) on its first use,
# not at import: most apps never call most of them, and start-up builds none.

# "*.png", or "*" for any file: what every platform's dialog understands
# (letters, digits and spaces in names, as pywebview accepts them).
Pattern = Annotated[str, Field(pattern=r"^\*(\.\w{1,32})?$")]


class FileFilter(BaseModel, defer_build=True):
    """A choice in the dialog's file type list: "Images" for ["*.png", "*.jpg"]."""

    name: str = Field(min_length=1, max_length=100, pattern=r"^[\w ]+$")
    patterns: list[Pattern] = Field(min_length=1, max_length=32)


class OpenFilesParams(BaseModel, defer_build=True):
    multiple: bool = Field(default=False, description="let the user pick more than one file")
    filters: list[FileFilter] = Field(default_factory=list, max_length=32)


class SaveFileParams(BaseModel, defer_build=True):
    suggested_name: str = Field(
        default="", max_length=255, pattern=r"^[^/\\\x00]*$", description="a file name, no folder"
    )


class ChooseFolderParams(BaseModel, defer_build=True):
    pass


class ChosenFiles(BaseModel, defer_build=True):
    """What the user picked; `cancelled` with no paths when they closed the dialog."""

    cancelled: bool
    paths: list[str]


class ChosenPath(BaseModel, defer_build=True):
    """The path the user picked, or `cancelled` and null."""

    cancelled: bool
    path: str | None


class ConfirmParams(BaseModel, defer_build=True):
    title: str = Field(max_length=200)
    message: str = Field(max_length=10_000)


class Confirmation(BaseModel, defer_build=True):
    confirmed: bool


class MessageParams(BaseModel, defer_build=True):
    title: str = Field(max_length=200)
    message: str = Field(max_length=10_000)


class ExternalUrl(BaseModel, defer_build=True):
    url: str = Field(max_length=8192, pattern=r"^(https?|mailto):", description="http(s) or mailto")


class NotifyParams(BaseModel, defer_build=True):
    title: str = Field(min_length=1, max_length=200)
    message: str = Field(default="", max_length=2000)


class OpenWindowParams(BaseModel, defer_build=True):
    view: str = Field(
        pattern=r"^[a-z0-9-]{1,40}$", description="what the page shows there (its ?view=)"
    )
    title: str = Field(default="", max_length=200, description="the window's title")
