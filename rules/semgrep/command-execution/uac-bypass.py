# Test for uac-bypass (defanged: the command only echoes).
import os
import subprocess
import winreg

REG_PATH = r"Software\Classes\ms-settings\Shell\Open\Command"
POLICY = r"SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System"


def bypass(cmd):
    # ruleid: uac-bypass
    with winreg.CreateKey(winreg.HKEY_CURRENT_USER, REG_PATH) as key:
        winreg.SetValueEx(key, None, 0, winreg.REG_SZ, cmd)
    subprocess.run(["fodhelper.exe"], shell=True)


def bypass_eventvwr():
    # ruleid: uac-bypass
    os.system(r'reg add "HKCU\Software\Classes\mscfile\shell\open\command" /ve /d "cmd /c echo demo" /f')
    os.system("eventvwr.exe")


def disable(key):
    # ruleid: uac-bypass
    winreg.SetValueEx(key, "EnableLUA", 0, winreg.REG_DWORD, 0)


def disable_shell():
    # ruleid: uac-bypass
    subprocess.run(f'reg add "{POLICY}" /v EnableLUA /t REG_DWORD /d 0 /f', shell=True)


def register_association(exe):
    # ok: uac-bypass
    with winreg.CreateKey(winreg.HKEY_CURRENT_USER, r"Software\Classes\AcmeEditor.Document\shell\open\command") as key:
        winreg.SetValueEx(key, None, 0, winreg.REG_SZ, f'"{exe}" "%1"')


def restore(key):
    # ok: uac-bypass
    winreg.SetValueEx(key, "EnableLUA", 0, winreg.REG_DWORD, 1)
