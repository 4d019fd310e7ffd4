"""Post a build summary to a webhook URL the user configures."""

import argparse
import os

import requests


def send(webhook_url, text):
    # Discord expects "content", Slack-compatible hooks expect "text".
    is_discord = "discord.com/api/webhooks/" in webhook_url
    payload = {"content": text[:2000]} if is_discord else {"text": text}
    resp = requests.post(webhook_url, json=payload, timeout=10)
    resp.raise_for_status()
    return resp.status_code


def main(argv=None):
    parser = argparse.ArgumentParser(prog="ci-notify")
    parser.add_argument("message")
    parser.add_argument("--webhook", default=os.environ.get("CI_NOTIFY_WEBHOOK"))
    args = parser.parse_args(argv)
    if not args.webhook:
        parser.error("--webhook or CI_NOTIFY_WEBHOOK is required")
    status = os.environ.get("CI_JOB_STATUS", "unknown")
    return 0 if send(args.webhook, "[%s] %s" % (status, args.message)) < 300 else 1
