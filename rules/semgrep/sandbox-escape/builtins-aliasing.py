# ruleid: builtins-aliasing
lllll, llllI, lllIl, lllII, llIll = globals, chr, locals, __import__, getattr

# ruleid: builtins-aliasing
_a, _b, _c = eval, compile, ord

# ok: builtins-aliasing
a, b, c = 1, 2, 3

# ok: builtins-aliasing
text_type, binary_type, integer_types = str, bytes, int
