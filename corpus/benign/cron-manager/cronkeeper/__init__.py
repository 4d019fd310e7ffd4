"""Manage the user's crontab entries: list, add and remove jobs by tag."""
import subprocess

SYSTEM_CRON_DIR = "/etc/cron.d"
USER_SPOOL = "/var/spool/cron/crontabs"


def read_crontab():
    done = subprocess.run(["crontab", "-l"], capture_output=True, text=True, check=False)
    return done.stdout.splitlines() if done.returncode == 0 else []


def write_crontab(lines):
    subprocess.run(["crontab", "-"], input="\n".join(lines) + "\n", text=True, check=True)


def add_job(schedule, command, tag):
    lines = [line for line in read_crontab() if not line.endswith(f"# {tag}")]
    lines.append(f"{schedule} {command} # {tag}")
    write_crontab(lines)
