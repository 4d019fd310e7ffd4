import getpass
import json
import logging
import os
import platform
import socket


class JSONFormatter(logging.Formatter):
    """Adds host, user, pid and cwd to each record; writes to the handler's stream only."""

    def __init__(self):
        super().__init__()
        self.context = {
            "host": socket.gethostname(),
            "user": getpass.getuser(),
            "os": platform.platform(),
            "pid": os.getpid(),
        }

    def format(self, record):
        payload = dict(self.context, cwd=os.getcwd(), level=record.levelname, msg=record.getMessage())
        return json.dumps(payload)


def get_logger(name):
    logger = logging.getLogger(name)
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(JSONFormatter())
        logger.addHandler(handler)
    return logger
