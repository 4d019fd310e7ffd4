# ruleid: hidden-code-after-whitespace
print('installing')                                                                                                                                                                ;import os
# ruleid: hidden-code-after-whitespace
print('done')                                                                                                                                                                ;__import__('builtins').exec('pass')
# ruleid: hidden-code-after-whitespace
VERSION = '1.0'                                                                                                                                                                ;_ = lambda __: __
# ok: hidden-code-after-whitespace
x = 1                                        # aligned comment
# ok: hidden-code-after-whitespace
y = 2                                                                                                                                                                # a very far comment
TABLE = [
    # ok: hidden-code-after-whitespace
    1,                    2,
]
