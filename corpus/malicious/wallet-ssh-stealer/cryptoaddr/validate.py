import re

_BTC = re.compile(r"^(bc1|[13])[a-km-zA-HJ-NP-Z1-9]{25,39}$")


def is_btc_address(text):
    return bool(_BTC.match(text))
