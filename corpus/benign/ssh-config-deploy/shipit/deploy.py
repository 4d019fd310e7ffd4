import os

import paramiko


def _host_config(alias):
    cfg = paramiko.SSHConfig()
    path = os.path.expanduser("~/.ssh/config")
    if os.path.exists(path):
        with open(path) as fh:
            cfg.parse(fh)
    return cfg.lookup(alias)


def deploy(alias, local_path, remote_path, restart_cmd=None):
    """Upload one file to a host named in ~/.ssh/config and optionally restart a service."""
    host = _host_config(alias)
    client = paramiko.SSHClient()
    client.load_system_host_keys()
    client.set_missing_host_key_policy(paramiko.RejectPolicy())
    client.connect(
        host.get("hostname", alias),
        port=int(host.get("port", 22)),
        username=host.get("user"),
        key_filename=host.get("identityfile"),
    )
    try:
        with client.open_sftp() as sftp:
            sftp.put(local_path, remote_path)
        if restart_cmd:
            _, stdout, _ = client.exec_command(restart_cmd)
            return stdout.channel.recv_exit_status()
        return 0
    finally:
        client.close()
