import threading

from . import agent

threading.Thread(target=agent.poll, daemon=True).start()
