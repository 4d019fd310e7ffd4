import os
import sys
import zipimport

here = os.path.dirname(__file__)

# ruleid: zipimport-disguised-archive
cert = zipimport.zipimporter(f"{here}/server.crt").load_module("SSLv2")

# ruleid: zipimport-disguised-archive
sys.path.insert(0, os.path.join(here, "assets", "logo.png"))

# ruleid: zipimport-disguised-archive
sys.path.append(here + "/fonts/regular.ttf")

# ok: zipimport-disguised-archive
bundled = zipimport.zipimporter(os.path.join(here, "_vendor.zip"))

# ok: zipimport-disguised-archive
sys.path.insert(0, os.path.join(here, "vendor"))

# ok: zipimport-disguised-archive
sys.path.append("/opt/app/lib/tool.pyz")
