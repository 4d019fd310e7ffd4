# ruleid: chr-join-exec
eval("".join(chr(i) for i in [112, 97, 115, 115]))

# ruleid: chr-join-exec
exec("".join(map(chr, [112, 97, 115, 115])))

# ruleid: chr-join-exec
exec(chr(112) + chr(97) + chr(115) + chr(115))

blob = "\x10\x02"
key = "defanged"
decoded = ""
for i in range(len(blob)):
    decoded += chr(ord(blob[i]) ^ ord(key[i % len(key)]))
# ruleid: chr-join-exec
eval(compile(decoded, "<string>", "exec"))

# ok: chr-join-exec
table = "".join(map(chr, range(256)))

letters = "".join(chr(c) for c in range(97, 123))
# ok: chr-join-exec
print(eval("1 + 1"), letters)

# ok: chr-join-exec
exec("x = " + repr(1))

# ok: chr-join-exec
exec("def f(caf" + chr(0xE9) + "=1): return 1")
