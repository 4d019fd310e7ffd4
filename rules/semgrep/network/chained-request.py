import urllib.request

import requests


def stage_one():
    link = requests.get("https://example.invalid/raw/link").text.strip()
    # ruleid: chained-request
    payload = requests.get(link).content
    return payload


def stage_two():
    resp = urllib.request.urlopen("https://example.invalid/next")
    nxt = resp.read().decode()
    # ruleid: chained-request
    urllib.request.urlretrieve(nxt, "out.bin")


def paginate(url):
    items = []
    while url:
        page = requests.get(url).json()
        items.extend(page["items"])
        url = page.get("next")
        # ok: chained-request
        requests.get(url) if url else None
    return items


def follow(resp):
    # ok: chained-request
    return requests.get(resp.url)


def stage_three():
    import httpx
    first = httpx.get("https://example.invalid/a")
    where = first.text.strip()
    # ruleid: chained-request
    return httpx.get(where).content


def stage_four():
    from urllib.request import urlopen
    # ruleid: chained-request
    return urlopen(urlopen("https://example.invalid/b").read().decode().strip()).read()


def api_client(session, base):
    token = session.get(base + "/token").json()["token"]
    # ok: chained-request
    return requests.get(base + "/items", headers={"Authorization": token})


def mirror_list(path):
    import io
    handle = io.open(path)
    where = handle.read().strip()
    # ok: chained-request
    return requests.get(where)
