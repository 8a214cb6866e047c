# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""JSON-RPC 2.0 batch requests (section 6 of the specification): an array of
requests in one message, answered with one array of their responses.

Each member is submitted as if it came alone, so it gets the same checks, runs
concurrently with the others, and a resumable client's call still runs once
per id (ledger.py). The answer lists the members' responses in the order of
the requests; notifications have none, and a batch of notifications only is
answered with nothing at all. An empty array, or one with more members than
`Limits.max_batch_requests`, is answered with one error object: it holds no
request that can be answered. Bytes never travel in a batch: a method that
takes or returns bytes is refused there, as it is in any text message.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from . import jsontext
from .errors import INVALID_REQUEST, RpcError, error_response
from .replies import Deliver, Reply, Running

# Starts answering one member; None when it is a notification that gets no answer.
SubmitOne = Callable[[Any, Deliver], Reply | Running | None]


def submit_batch(
    members: list[Any], submit_one: SubmitOne, deliver: Deliver, max_requests: int
) -> Reply | Running | None:
    """Start answering a batch: its reply at once when no member runs a
    handler (None: only notifications), else the running members, and
    `deliver` gets the batch's reply when the last one has answered."""
    if not members:
        return Reply.of(error_response(None, RpcError(INVALID_REQUEST, "the batch is empty")))
    if len(members) > max_requests:
        error = RpcError(
            INVALID_REQUEST,
            f"a batch holds at most {max_requests} requests, not {len(members)}",
            {"max_batch_requests": max_requests},
        )
        return Reply.of(error_response(None, error))
    answers = _Answers(len(members), deliver)
    running: list[Running] = []
    for index, member in enumerate(members):
        outcome = submit_one(member, answers.slot(index))
        if isinstance(outcome, Running):
            running.append(outcome)
        else:
            answers.fill(index, outcome)
    if not running:
        return answers.reply()
    answers.deliver_when_full()
    attached = [outcome.run for outcome in running if not outcome.detached]
    if not attached:
        return Running(running[0].run, detached=True)
    # Cancelling the batch (its connection ended) cancels its attached runs.
    return Running(asyncio.gather(*attached), detached=False)


class _Answers:
    """The members' answers, in request order, until every member has one."""

    def __init__(self, count: int, deliver: Deliver) -> None:
        self._replies: list[Reply | None] = [None] * count
        self._missing = count
        self._deliver = deliver
        self._waiting = False  # the batch returned Running: deliver when full

    def slot(self, index: int) -> Deliver:
        return lambda reply: self.fill(index, reply)

    def fill(self, index: int, reply: Reply | None) -> None:
        self._replies[index] = reply
        self._missing -= 1
        if self._missing == 0 and self._waiting:
            self._deliver(self.reply())

    def deliver_when_full(self) -> None:
        self._waiting = True

    def reply(self) -> Reply | None:
        texts = [reply.text for reply in self._replies if reply is not None]
        return Reply(jsontext.batch(texts)) if texts else None
