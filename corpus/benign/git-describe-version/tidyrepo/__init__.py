from pathlib import Path

LARGE = 5 * 1024 * 1024


def large_files(root="."):
    files = (p for p in Path(root).rglob("*") if p.is_file() and ".git" not in p.parts)
    return [p for p in files if p.stat().st_size > LARGE]
