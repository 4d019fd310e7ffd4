# Test for crypto-wallet-theft (defanged: builds paths, reads nothing).
import os

roaming = os.getenv("APPDATA", "")
# ruleid: crypto-wallet-theft
exodus = f"{roaming}/Exodus/exodus.wallet"
# ruleid: crypto-wallet-theft
ext = os.path.join("Local Extension Settings", "nkbihfbeogaeaoehlefnkodbefgpgknn")
# ruleid: crypto-wallet-theft
targets = ["Exodus.exe", "Atomic Wallet.exe"]

# ok: crypto-wallet-theft
msg = "Write a file to the disk in an atomic fashion"
# ok: crypto-wallet-theft
chain = "ethereum"
# ok: crypto-wallet-theft
plugin = "plugins/wallets/hardware.py"
# ok: crypto-wallet-theft
# Exodus keeps its data in %APPDATA%/Exodus/exodus.wallet on Windows
# ruleid: crypto-wallet-theft
ELECTRUM_DIR = "Electrum/wallets"
# ruleid: crypto-wallet-theft
found = os.path.isdir(ELECTRUM_DIR)
