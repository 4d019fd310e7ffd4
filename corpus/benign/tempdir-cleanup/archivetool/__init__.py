import os
import shutil
import tarfile
import tempfile
import zipfile


def zip_to_tar(src, dst):
    """Extract a zip into a scratch dir, repack as .tar.gz, always clean up."""
    workdir = tempfile.mkdtemp(prefix="archivetool-")
    try:
        with zipfile.ZipFile(src) as zf:
            for member in zf.namelist():
                if member.startswith("/") or ".." in member.split("/"):
                    raise ValueError("unsafe path in archive: %s" % member)
            zf.extractall(workdir)
        partial = dst + ".tmp"
        with tarfile.open(partial, "w:gz") as tf:
            tf.add(workdir, arcname=os.path.splitext(os.path.basename(src))[0])
        os.replace(partial, dst)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        if os.path.exists(dst + ".tmp"):
            os.remove(dst + ".tmp")
    return dst
