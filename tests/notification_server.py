"""A stand-in notification daemon: it owns org.freedesktop.Notifications on the
session bus it is given and writes down every notification it is sent (one
JSON line each), so a test can check what reached the desktop.

Run: python notification_server.py RECORD_FILE (with DBUS_SESSION_BUS_ADDRESS
set); it prints "ready" once the name is taken. It answers the messages
itself (no ServiceInterface), as a daemon sees them on the wire.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import sys
from collections.abc import Callable
from pathlib import Path

from dbus_fast import BusType, Message, NameFlag, RequestNameReply
from dbus_fast.aio import MessageBus

NAME = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
INTROSPECTION = f"""<node>
  <interface name="{NAME}">
    <method name="Notify">
      <arg type="s" direction="in"/><arg type="u" direction="in"/>
      <arg type="s" direction="in"/><arg type="s" direction="in"/>
      <arg type="s" direction="in"/><arg type="as" direction="in"/>
      <arg type="a{{sv}}" direction="in"/><arg type="i" direction="in"/>
      <arg type="u" direction="out"/>
    </method>
    <method name="GetCapabilities"><arg type="as" direction="out"/></method>
    <method name="GetServerInformation">
      <arg type="s" direction="out"/><arg type="s" direction="out"/>
      <arg type="s" direction="out"/><arg type="s" direction="out"/>
    </method>
    <method name="CloseNotification"><arg type="u" direction="in"/></method>
  </interface>
</node>"""


def answerer(record: Path) -> Callable[[Message], Message | None]:
    ids = itertools.count(1)

    def answer(message: Message) -> Message | None:
        if message.path != PATH:
            return None
        if message.member == "Introspect":
            return Message.new_method_return(message, "s", [INTROSPECTION])
        if message.interface != NAME:
            return None
        if message.member == "Notify":
            app_name, _, app_icon, summary, body = message.body[:5]
            entry = {"app_name": app_name, "summary": summary, "body": body, "app_icon": app_icon}
            with record.open("a") as file:
                file.write(json.dumps(entry) + "\n")
            return Message.new_method_return(message, "u", [next(ids)])
        if message.member == "GetCapabilities":
            return Message.new_method_return(message, "as", [["body"]])
        if message.member == "GetServerInformation":
            return Message.new_method_return(message, "ssss", ["recorder", "tests", "1", "1.2"])
        if message.member == "CloseNotification":
            return Message.new_method_return(message)
        return None

    return answer


async def serve(record: Path) -> None:
    bus = await MessageBus(bus_type=BusType.SESSION).connect()
    bus.add_message_handler(answerer(record))
    reply = await bus.request_name(NAME, NameFlag.DO_NOT_QUEUE)
    if reply != RequestNameReply.PRIMARY_OWNER:
        raise SystemExit(f"could not own {NAME}: {reply}")
    print("ready", flush=True)
    await bus.wait_for_disconnect()


if __name__ == "__main__":
    asyncio.run(serve(Path(sys.argv[1])))
