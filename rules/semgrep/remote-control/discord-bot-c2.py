import os
import subprocess

import discord
from discord.ext import commands

bot = commands.Bot(command_prefix="!", intents=discord.Intents.default())
client = discord.Client(intents=discord.Intents.default())


@bot.command()
async def shell(ctx, *args):
    command = " ".join(args)
    # ruleid: discord-bot-c2
    output = subprocess.check_output(command, shell=True)
    await ctx.send(output.decode())


@client.event
async def on_message(message):
    if message.content.startswith("!run "):
        # ruleid: discord-bot-c2
        os.system(message.content[5:])


@bot.command()
async def ping(ctx):
    # ok: discord-bot-c2
    await ctx.send("pong")


@bot.command()
async def uptime(ctx):
    # ok: discord-bot-c2
    out = subprocess.check_output(["uptime"])
    await ctx.send(out.decode())


# Telegram (pyTelegramBotAPI): the library imported with others on one line, or after a try.
import telebot  # noqa: E402

tbot = telebot.TeleBot("0:example")


@tbot.message_handler(func=lambda m: True)
def telegram_shell(m):
    cmd = m.text
    # ruleid: discord-bot-c2
    out = subprocess.check_output(cmd, shell=True, text=True)
    tbot.reply_to(m, out)


def start(token):
    inner = telebot.TeleBot(token)

    @inner.message_handler(commands=["ssh"])
    def ssh_command(message):
        # ruleid: discord-bot-c2
        subprocess.run(message.text[5:], shell=True)

    @inner.message_handler(commands=["uptime"])
    def uptime_command(message):
        # ok: discord-bot-c2
        inner.reply_to(message, subprocess.check_output(["uptime"], text=True))


# aiogram / pyrogram style async handlers
from aiogram import Dispatcher  # noqa: E402

dp = Dispatcher()


@dp.message_handler()
async def aiogram_shell(message):
    # ruleid: discord-bot-c2
    os.system(message.text)
