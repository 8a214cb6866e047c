"""Message types, written once: pydantic models for call params, results and
events. The server validates every call against them and shapes every result
and event with them; app.py wires them to handlers.
"""

from __future__ import annotations

from pydantic import BaseModel, Field


class AddParams(BaseModel):
    a: float
    b: float


class AddResult(BaseModel):
    sum: float


class DivideParams(BaseModel):
    a: float
    b: float


class DivideResult(BaseModel):
    quotient: float


class CountParams(BaseModel):
    total: int = Field(ge=1, le=100_000, description="how many Progress events to emit")
    interval_ms: int = Field(default=0, ge=0, le=10_000, description="pause between events")


class CountResult(BaseModel):
    emitted: int
    last_seq: int


class IncrementParams(BaseModel):
    by: int = Field(default=1, ge=1, le=1000, description="how much to add")


class Tally(BaseModel):
    count: int


class Progress(BaseModel):
    """Pushed while `count_to` runs."""

    current: int
    total: int


class FileName(BaseModel):
    name: str = Field(max_length=255)


class ChosenFile(BaseModel):
    path: str = Field(max_length=4096, description="a path from desktop.open_files")


class FileDigest(BaseModel):
    name: str
    size: int
    sha256: str


class MakeFileParams(BaseModel):
    size: int = Field(ge=0, le=64 * 1024 * 1024, description="bytes to generate")
    seed: int = Field(default=0, description="the same seed gives the same bytes")


class Settings(BaseModel):
    """The app's settings: kept between launches in the user's config folder
    (desktop/settings.py); every field needs a default."""

    greeting: str = Field(default="Hello", max_length=100, description="shown on the page")
