COLORS = {"grey": 30, "red": 31, "green": 32, "yellow": 33, "blue": 34, "magenta": 35, "cyan": 36}
RESET = "\033[0m"


def colored(text, color=None):
    if color in COLORS:
        return "\033[%dm%s%s" % (COLORS[color], text, RESET)
    return text


def cprint(text, color=None, **kwargs):
    print(colored(text, color), **kwargs)
