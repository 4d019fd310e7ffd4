import re


def minify(source):
    lines = (re.sub(r"\s+#.*$", "", line).rstrip() for line in source.splitlines())
    return "\n".join(line for line in lines if line)
