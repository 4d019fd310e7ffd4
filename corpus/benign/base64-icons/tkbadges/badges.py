import base64
import tkinter as tk

from .icons import OK_PNG


class Badge(tk.Label):
    def __init__(self, master, text, **kwargs):
        # PhotoImage accepts base64 text directly; decode only to validate it.
        base64.b64decode(OK_PNG, validate=True)
        self._img = tk.PhotoImage(data=OK_PNG)
        super().__init__(master, text=text, image=self._img, compound="left", **kwargs)
