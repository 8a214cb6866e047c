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


class Progress(BaseModel):
    """Pushed while `count_to` runs."""

    current: int
    total: int
