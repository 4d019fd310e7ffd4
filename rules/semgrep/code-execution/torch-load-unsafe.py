import os
from importlib import resources

import torch

_HERE = os.path.dirname(__file__)

# ruleid: torch-load-unsafe
model = torch.load(os.path.join(_HERE, "weights", "model.pt"), weights_only=False)

# ruleid: torch-load-unsafe
state = torch.load(resources.files("fastmodel") / "data.bin", map_location="cpu", weights_only=False)

# ruleid: torch-load-unsafe
cfg = torch.load("assets/tokenizer.pkl", weights_only=False)


_WEIGHTS = os.path.join(os.path.dirname(__file__), "weights", "bundled.pt")
# ruleid: torch-load-unsafe
bundled = torch.load(_WEIGHTS, map_location="cpu", weights_only=False)


def load_user_checkpoint(path):
    # ok: torch-load-unsafe
    return torch.load(path, weights_only=False)


# ok: torch-load-unsafe
safe = torch.load(os.path.join(_HERE, "weights", "model.pt"), weights_only=True)

# ok: torch-load-unsafe
default = torch.load(os.path.join(_HERE, "weights", "model.pt"))
