from Crypto.Cipher import AES
from cryptography.fernet import Fernet

KEY = b"ZGVmYW5nZWQtdGVzdC1rZXktbm90LXJlYWwtMDAwMDA="
TOKEN = b"gAAAAA-defanged-token"

# ruleid: exec-fernet-decrypted
exec(Fernet(KEY).decrypt(TOKEN))

f = Fernet(KEY)
# ruleid: exec-fernet-decrypted
exec(f.decrypt(TOKEN).decode())

cipher = AES.new(KEY, AES.MODE_ECB)
plain = cipher.decrypt(TOKEN)
# ruleid: exec-fernet-decrypted
__import__("builtins").exec(plain)

# ok: exec-fernet-decrypted
secret = Fernet(KEY).decrypt(TOKEN)

token = Fernet(KEY).decrypt(TOKEN)
# ok: exec-fernet-decrypted
print(eval("1 + 1"), token)

# ok: exec-fernet-decrypted
exec("x = 1")
