def check(lines):
    return [n for n, line in enumerate(lines, 1) if line != line.rstrip()]
