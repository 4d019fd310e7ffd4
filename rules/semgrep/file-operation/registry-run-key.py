# Test for registry-run-key (defanged: values point at nothing).
import os
import winreg

# ruleid: registry-run-key
key = winreg.OpenKey(winreg.HKEY_CURRENT_USER, r"Software\Microsoft\Windows\CurrentVersion\Run", 0, winreg.KEY_SET_VALUE)
winreg.SetValueEx(key, "Updater", 0, winreg.REG_SZ, r"C:\nothing.exe")
# ruleid: registry-run-key
os.system('reg add "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\RunOnce" /v x /d y /f')
# ruleid: registry-run-key
os.system('schtasks /create /sc onlogon /tn Upd /tr "C:\\nothing.exe"')

# ok: registry-run-key
k = winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, r"SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall")
# ok: registry-run-key
v = winreg.OpenKey(winreg.HKEY_CURRENT_USER, r"Software\Microsoft\Windows\CurrentVersion\Explorer\Shell Folders")
# ok: registry-run-key
os.system("schtasks /query")
