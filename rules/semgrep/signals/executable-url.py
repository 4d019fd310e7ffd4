import urllib.request

# ruleid: executable-url
urllib.request.urlretrieve("https://cdn.example.invalid/a/c.exe", "c.exe")
# ruleid: executable-url
SCRIPT = "http://198.51.100.7/install.sh"
# ok: executable-url
DOCS = "https://example.invalid/docs/index.html"
# ok: executable-url
ARCHIVE = "https://example.invalid/files/tool.exe.sha256"
