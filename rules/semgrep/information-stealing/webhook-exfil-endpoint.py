# Test for webhook-exfil-endpoint (defanged: ids/tokens are made up).
import requests
import telebot

# ruleid: webhook-exfil-endpoint
HOOK = "https://discord.com/api/webhooks/123456789012345678/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcd"
# ruleid: webhook-exfil-endpoint
requests.post(HOOK, json={"content": "x"})
# ruleid: webhook-exfil-endpoint
requests.get("https://api.telegram.org/bot1234567890:AAFakeTokenFakeTokenFakeTokenFake12/sendMessage")
# ruleid: webhook-exfil-endpoint
bot = telebot.TeleBot("1234567890:AAFakeTokenFakeTokenFakeTokenFake12")

# ok: webhook-exfil-endpoint
API_BASE = "https://discord.com/api/webhooks/"
# ok: webhook-exfil-endpoint
url = f"https://api.telegram.org/bot{token}/getMe"
# ok: webhook-exfil-endpoint
docs = "https://discord.com/developers/docs/resources/webhook"
# ok: webhook-exfil-endpoint
# e.g. https://discord.com/api/webhooks/123456789012345678/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcd
