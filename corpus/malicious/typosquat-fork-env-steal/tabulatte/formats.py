FORMATS = {
    "plain": {"sep": "  ", "rule": None},
    "simple": {"sep": "  ", "rule": "-"},
    "pipe": {"sep": " | ", "rule": "-"},
}
