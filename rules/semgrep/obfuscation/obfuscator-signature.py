# ruleid: obfuscator-signature
# Obfuscated with BlankOBF

# ruleid: obfuscator-signature
import random, base64; pyobfuscate = ""

def run():
    # ruleid: obfuscator-signature
    馬女水女口目人馬鳥月水馬山 = 1
    return 馬女水女口目人馬鳥月水馬山

# ok: obfuscator-signature
价格 = 10

# ok: obfuscator-signature
NOTE = "we do not ship obfuscated code"
