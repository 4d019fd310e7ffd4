"""Icons embedded as base64 PNG so the package needs no data files."""

import base64

OK_PNG = (
    "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAa0lEQVR42g3JQQEAMAgDMcQgBjP1cBYw"
    "UzE1w5ZvqoouplCxhYsUV1Q13UyjZhs3aa5/DD3MoGEHDxlufogWIyRWWEScfiy9zKJlFy9Zbn+YNmNk"
    "1tjEnH+EDhMUNjgkXH4cfcyhYw8fOe54G4BfkSabVjIAAAAASUVORK5CYII="
)


def icon_bytes(name="ok"):
    return base64.b64decode({"ok": OK_PNG}[name])
