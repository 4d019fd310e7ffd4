# ruleid: escaped-string-exec
_____ = eval("\145\166\141\154")

# ruleid: escaped-string-exec
mod = __import__("\x62\x61\x73\x65\x36\x34")

# ruleid: escaped-string-exec
exec("\x70\x61\x73\x73")

# ok: escaped-string-exec
eval("1 + 1")

# ok: escaped-string-exec
SEP = "\x1f\x1e\x1d\x1c"

# ok: escaped-string-exec
value = compile("\n", "<blank>", "exec")
