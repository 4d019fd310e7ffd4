from setuptools import setup

setup(name="chat-notify-kit", version="1.2.0", packages=["chat_notify_kit"], install_requires=["pyTelegramBotAPI"])
