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
