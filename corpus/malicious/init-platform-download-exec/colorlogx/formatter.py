import logging

COLORS = {"DEBUG": 36, "INFO": 32, "WARNING": 33, "ERROR": 31, "CRITICAL": 35}


class ColorFormatter(logging.Formatter):
    def format(self, record):
        text = super().format(record)
        code = COLORS.get(record.levelname)
        return "\033[%dm%s\033[0m" % (code, text) if code else text
